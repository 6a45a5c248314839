import * as assert from 'node:assert/strict';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { AnalysisEvent } from '../../src/vscode/api';
import { api, closeAllEditors, fixture, waitFor, waitForAnalysis, waitForDiagnostics } from './helpers';

/** interval-zero.yaml (one HUP-INTERVAL-INVALID) with comments after it: the same findings, over the worker threshold. */
async function largeTemplate(): Promise<vscode.TextEditor> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixture('templates/interval-zero.yaml')));
  const padding = '# padding: this document is long enough to be analysed in the worker thread\n'.repeat(2000);
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: text + padding });
  assert.ok(doc.getText().length > 100_000);
  return vscode.window.showTextDocument(doc);
}

suite('Large documents: analysed in a worker thread, results tied to the version, a time budget', () => {
  teardown(async () => {
    await vscode.workspace
      .getConfiguration('cfnHup')
      .update('validate.timeBudgetMs', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  test('a template over 100,000 characters gets its findings from the worker, and hovers from its parse', async () => {
    const { document } = await largeTemplate();
    const event = await waitForAnalysis(document);
    assert.equal(event.ranIn, 'worker');
    assert.equal(event.isTemplate, true);
    const [d, ...rest] = await waitForDiagnostics(document.uri, 'HUP-INTERVAL-INVALID', (ds) => ds.length > 0);
    assert.equal(rest.length, 0);
    assert.equal(d!.code, 'HUP-INTERVAL-INVALID');
    assert.equal(document.getText(d!.range), '0');
    const line = document
      .getText()
      .split('\n')
      .findIndex((l) => l.trim() === 'interval=0');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(line, document.lineAt(line).text.indexOf('interval') + 2),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Minutes between polls/);
  });

  test('edits in quick succession: only the current version is ever published, and it is right', async () => {
    const editor = await largeTemplate();
    const { document } = editor;
    const [d] = await waitForDiagnostics(document.uri, 'HUP-INTERVAL-INVALID', (ds) => ds.length > 0);
    const cfnHup = await api();
    const published: { event: AnalysisEvent; current: number }[] = [];
    const listener = cfnHup.onDidAnalyze((event) => {
      if (event.uri.toString() === document.uri.toString()) published.push({ event, current: document.version });
    });
    try {
      // Fix, break, fix, without waiting: older analyses are superseded or dropped.
      for (const value of ['5', '0', '7']) assert.ok(await editor.edit((b) => b.replace(d!.range, value)));
      const final = await waitForAnalysis(document);
      assert.equal(final.findingCount, 0);
      await waitForDiagnostics(document.uri, 'no diagnostics for the final version', (ds) => ds.length === 0);
      for (const { event, current } of published) assert.equal(event.version, current, 'a stale result was published');
    } finally {
      listener.dispose();
    }
  });

  test('over cfnHup.validate.timeBudgetMs the analysis is stopped and the document says so', async () => {
    const editor = await largeTemplate();
    const { document } = editor;
    await waitForAnalysis(document);
    const cfnHup = await api();
    await vscode.workspace
      .getConfiguration('cfnHup')
      .update('validate.timeBudgetMs', 1, vscode.ConfigurationTarget.Global);
    // An edit starts a fresh analysis under the new budget, whatever the settings change already did.
    assert.ok(await editor.edit((b) => b.insert(document.lineAt(document.lineCount - 1).range.end, '\n')));
    // Parsing 100,000 characters cannot take under 1 ms: the budget stops it.
    await waitFor('the timed-out analysis', cfnHup.onDidAnalyze, () =>
      cfnHup.lastAnalysis(document.uri)?.timedOut ? true : undefined,
    );
    const [d, ...rest] = await waitForDiagnostics(document.uri, 'the time-budget diagnostic', (ds) =>
      ds.some((x) => x.code === 'ANALYSIS-TIME-BUDGET'),
    );
    assert.equal(rest.length, 0);
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(d!.message, /took too long/);
    assert.equal(d!.range.start.line, 0);

    // With the default budget again, a new worker checks the document as before.
    await vscode.workspace
      .getConfiguration('cfnHup')
      .update('validate.timeBudgetMs', undefined, vscode.ConfigurationTarget.Global);
    await waitForDiagnostics(document.uri, 'HUP-INTERVAL-INVALID again', (ds) =>
      ds.some((x) => x.code === 'HUP-INTERVAL-INVALID'),
    );
  });
});

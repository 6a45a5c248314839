import * as assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { api, cfnHupDiagnostics, closeAllEditors, extension, fixture, waitForDiagnostics } from './helpers';

interface WorkspaceLintSummary {
  files: number;
  templates: number;
  findings: number;
}

suite('Commands and settings', () => {
  suiteTeardown(closeAllEditors);

  test('every command in package.json is registered, with the cfn-hup category', async () => {
    await api();
    const declared: { command: string; category?: string }[] = extension().packageJSON.contributes.commands;
    const release = [
      'cfnHup.release.newBuild',
      'cfnHup.release.replaceInstances',
      'cfnHup.release.showLog',
      'cfnHup.release.updateFromTemplate',
    ];
    // The explorer's commands (aws, explorer, metadata, template) are checked in 5-explorer.test.ts.
    const explorer = /^cfnHup\.(aws|explorer|metadata|template)\./;
    assert.deepEqual(
      declared
        .map((c) => c.command)
        .filter((c) => !c.startsWith('cfnHup.release.') && !explorer.test(c))
        .sort(),
      ['cfnHup.instances.applyNow', 'cfnHup.instances.check', 'cfnHup.lint.workspace', 'cfnHup.showRuleDocs'],
    );
    assert.deepEqual(
      declared
        .map((c) => c.command)
        .filter((c) => c.startsWith('cfnHup.release.'))
        .sort(),
      release,
    );
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of declared) {
      assert.ok(registered.has(c.command), `${c.command} is registered`);
      assert.equal(c.category, 'cfn-hup');
    }
  });

  test('settings are declared with their defaults', () => {
    const config = vscode.workspace.getConfiguration('cfnHup');
    assert.equal(config.get('validate.enable'), true);
    assert.equal(config.get('validate.delayMs'), 250);
    assert.equal(config.get('validate.timeBudgetMs'), 5000);
    assert.equal(config.get('buildParameter'), 'BuildNumber');
    assert.deepEqual(config.get('rules'), {});
  });

  test('cfnHup.showRuleDocs opens the documentation of a rule', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>(
      'cfnHup.showRuleDocs',
      'HUP-INTERVAL-INVALID',
    );
    assert.ok(doc, 'a document');
    assert.equal(doc.languageId, 'markdown');
    assert.match(doc.getText(), /^## HUP-INTERVAL-INVALID\n/);
    assert.match(doc.getText(), /default severity: `error`/);
    assert.match(doc.getText(), /Bad:\n\n```\ninterval=0\n```/);
    assert.equal(vscode.window.activeTextEditor?.document, doc);
  });

  test('cfnHup.lint.workspace reports the findings of templates that are not open', async () => {
    // No test opens templates/nested/verbose.json: only the workspace lint can report on it.
    const uri = fixture('templates/nested/verbose.json');
    assert.equal(
      vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()),
      false,
    );
    const summary = await vscode.commands.executeCommand<WorkspaceLintSummary>('cfnHup.lint.workspace');
    assert.deepEqual({ templates: summary.templates, findings: summary.findings }, { templates: 6, findings: 7 });
    assert.ok(summary.files >= 6, `${summary.files} JSON/YAML files checked`);
    const [d] = await waitForDiagnostics(uri, 'HUP-VERBOSE-INVALID from the workspace lint', (ds) => ds.length === 1);
    assert.equal(d!.code, 'HUP-VERBOSE-INVALID');
    // Offsets become positions through the core's LineIndex for files that are not open.
    assert.deepEqual(
      [d!.range.start.line, d!.range.start.character, d!.range.end.line, d!.range.end.character],
      [11, 115, 11, 125],
    );
    assert.deepEqual(cfnHupDiagnostics(fixture('other/package.json')), []);
  });
});

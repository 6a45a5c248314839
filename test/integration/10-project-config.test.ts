import * as assert from 'node:assert/strict';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { closeAllEditors, fixture, waitForAnalysis, waitForDiagnostics, workspaceRoot } from './helpers';

const encoder = new TextEncoder();

async function write(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
}

async function fixtureText(path: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(fixture(path)));
}

/** Applies the code action titled like `title` for the first cfn-hup diagnostic of `doc`. */
async function applyAction(doc: vscode.TextDocument, title: RegExp): Promise<string> {
  const [d] = await waitForDiagnostics(doc.uri, 'a finding', (ds) => ds.length > 0);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    d!.range,
  );
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action?.edit, `an action like ${title} among ${actions.map((a) => a.title).join(' | ')}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
  return action.title;
}

suite('Project config (.cfn-hup-tools.yaml) and inline suppression in the editor', () => {
  const folder = vscode.Uri.joinPath(workspaceRoot(), 'config-test');

  teardown(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false }).then(
      () => undefined,
      () => undefined,
    );
  });

  test('the config file applies live, and its parse error is a diagnostic on it', async () => {
    const template = vscode.Uri.joinPath(folder, 'web.yaml');
    const config = vscode.Uri.joinPath(folder, '.cfn-hup-tools.yaml');
    await write(template, await fixtureText('templates/interval-zero.yaml'));
    const doc = await vscode.workspace.openTextDocument(template);
    await vscode.window.showTextDocument(doc);
    await waitForDiagnostics(template, 'HUP-INTERVAL-INVALID', (ds) =>
      ds.some((d) => d.code === 'HUP-INTERVAL-INVALID'),
    );

    await write(config, 'rules:\n  HUP-INTERVAL-INVALID: off\n');
    await waitForDiagnostics(template, 'no finding once the config turns the rule off', (ds) => ds.length === 0);

    await write(config, 'rules: [HUP-INTERVAL-INVALID\n');
    const [problem] = await waitForDiagnostics(config, 'the config parse error', (ds) => ds.length > 0);
    assert.equal(problem!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(problem!.message, /cfn-hup-tools config/);
    // A config that does not parse turns nothing off.
    await waitForDiagnostics(template, 'the finding back', (ds) => ds.some((d) => d.code === 'HUP-INTERVAL-INVALID'));

    await vscode.workspace.fs.delete(config);
    await waitForDiagnostics(config, 'no problem once the file is gone', (ds) => ds.length === 0);
  });

  test('"Ignore RULE-ID for resource" writes the Metadata entry in YAML and in JSON, and the finding goes', async () => {
    const yaml = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: await fixtureText('templates/interval-zero.yaml'),
    });
    await vscode.window.showTextDocument(yaml);
    await waitForAnalysis(yaml);
    assert.match(await applyAction(yaml, /^Ignore HUP-INTERVAL-INVALID for resource /), /Ignore HUP-INTERVAL-INVALID/);
    await waitForDiagnostics(yaml.uri, 'no finding after the YAML suppression', (ds) => ds.length === 0);
    assert.match(yaml.getText(), /cfn-hup-tools:\s*\n\s+ignore:\s*\n?\s*-?\s*\[?\s*HUP-INTERVAL-INVALID/);

    const json = await vscode.workspace.openTextDocument({
      language: 'json',
      content: await fixtureText('templates/web-server.json'),
    });
    await vscode.window.showTextDocument(json);
    await waitForAnalysis(json);
    await applyAction(json, /^Ignore HOOK-UNKNOWN-TRIGGER for resource /);
    await waitForDiagnostics(json.uri, 'no finding after the JSON suppression', (ds) => ds.length === 0);
    const parsed = JSON.parse(json.getText()) as { Resources: Record<string, { Metadata?: Record<string, unknown> }> };
    assert.ok(
      Object.values(parsed.Resources).some((r) =>
        JSON.stringify(r.Metadata?.['cfn-hup-tools'] ?? {}).includes('HOOK-UNKNOWN-TRIGGER'),
      ),
    );
  });
});

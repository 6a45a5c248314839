import * as assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import {
  cfnHupDiagnostics,
  closeAllEditors,
  extension,
  fixture,
  open,
  waitForAnalysis,
  waitForDiagnostics,
} from './helpers';

suite('Activation', () => {
  suiteTeardown(closeAllEditors);

  test('runs in the fixture workspace, activating on JSON and YAML only', () => {
    assert.ok(
      vscode.workspace.workspaceFolders?.[0]?.uri.path.endsWith('/test/fixtures/workspace'),
      'fixture workspace',
    );
    // Whether it is already active here depends on the workbench: built-in extensions (npm) may
    // open the workspace's package.json. The tests below prove activation without calling activate().
    assert.deepEqual(extension().packageJSON.activationEvents, [
      'onLanguage:json',
      'onLanguage:yaml',
      'onLanguage:cfn-hup-conf',
    ]);
  });

  test('activates on a YAML CloudFormation template and validates it', async () => {
    const editor = await open('templates/interval-zero.yaml');
    assert.equal(editor.document.languageId, 'yaml');
    // No explicit activate(): the diagnostics prove that onLanguage:yaml activated the extension.
    const ds = await waitForDiagnostics(editor.document.uri, 'a cfn-hup diagnostic', (d) => d.length > 0);
    assert.equal(extension().isActive, true);
    assert.deepEqual(
      ds.map((d) => d.code),
      ['HUP-INTERVAL-INVALID'],
    );
    const analysis = await waitForAnalysis(editor.document);
    assert.equal(analysis.isTemplate, true);
  });

  test('validates a JSON CloudFormation template', async () => {
    const editor = await open('templates/web-server.json');
    assert.equal(editor.document.languageId, 'json');
    const ds = await waitForDiagnostics(editor.document.uri, 'a cfn-hup diagnostic', (d) => d.length > 0);
    assert.deepEqual(
      ds.map((d) => d.code),
      ['HOOK-UNKNOWN-TRIGGER'],
    );
  });

  test('treats a clean template as a template with no findings', async () => {
    const editor = await open('templates/clean.yaml');
    const analysis = await waitForAnalysis(editor.document);
    assert.deepEqual(
      { isTemplate: analysis.isTemplate, findings: analysis.findingCount },
      { isTemplate: true, findings: 0 },
    );
    assert.deepEqual(cfnHupDiagnostics(editor.document.uri), []);
  });

  for (const file of ['other/package.json', 'other/settings.yaml']) {
    test(`leaves other JSON and YAML alone (${file})`, async () => {
      const editor = await open(file);
      const analysis = await waitForAnalysis(editor.document);
      assert.equal(analysis.isTemplate, false, `${file} is not a template`);
      assert.deepEqual(
        vscode.languages.getDiagnostics(fixture(file)).filter((d) => d.source === 'cfn-hup'),
        [],
      );
    });
  }
});

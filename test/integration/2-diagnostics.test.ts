import * as assert from 'node:assert/strict';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { closeAllEditors, open, waitForAnalysis, waitForDiagnostics } from './helpers';

function rangeOf(d: vscode.Diagnostic): [number, number, number, number] {
  return [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
}

suite('Diagnostics from the core engine', () => {
  teardown(closeAllEditors);

  test('YAML: interval=0 in cfn-hup.conf is an error on the "0"', async () => {
    const { document } = await open('templates/interval-zero.yaml');
    const [d, ...rest] = await waitForDiagnostics(document.uri, 'HUP-INTERVAL-INVALID', (ds) => ds.length > 0);
    assert.equal(rest.length, 0);
    assert.equal(d!.code, 'HUP-INTERVAL-INVALID');
    assert.equal(d!.source, 'cfn-hup');
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(rangeOf(d!), [23, 25, 23, 26]);
    assert.equal(document.getText(d!.range), '0');
    assert.match(d!.message, /interval=0 is below 1 minute/);
  });

  test('JSON: an unknown hook trigger inside Fn::Join is an error on the trigger', async () => {
    const { document } = await open('templates/web-server.json');
    const [d, ...rest] = await waitForDiagnostics(document.uri, 'HOOK-UNKNOWN-TRIGGER', (ds) => ds.length > 0);
    assert.equal(rest.length, 0);
    assert.equal(d!.code, 'HOOK-UNKNOWN-TRIGGER');
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(rangeOf(d!), [33, 28, 33, 40]);
    assert.equal(document.getText(d!.range), 'post.updated');
  });

  test('follows edits: fixing the defect clears the diagnostic, reintroducing it brings it back', async () => {
    const editor = await open('templates/interval-zero.yaml');
    const { document } = editor;
    const [d] = await waitForDiagnostics(document.uri, 'HUP-INTERVAL-INVALID', (ds) => ds.length > 0);
    const range = d!.range;

    assert.ok(await editor.edit((b) => b.replace(range, '5')));
    await waitForDiagnostics(document.uri, 'no diagnostics after the fix', (ds) => ds.length === 0);
    assert.equal((await waitForAnalysis(document)).findingCount, 0);

    assert.ok(await editor.edit((b) => b.replace(range, '0')));
    const [again] = await waitForDiagnostics(document.uri, 'the diagnostic again', (ds) => ds.length === 1);
    assert.deepEqual(rangeOf(again!), [23, 25, 23, 26]);
  });
});

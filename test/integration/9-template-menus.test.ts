import * as assert from 'node:assert/strict';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { closeAllEditors, extension, fixture, open, testingApi, waitFor, waitForAnalysis } from './helpers';

const MENUS = ['editor/context', 'editor/title', 'explorer/context'] as const;
const COMMANDS = ['cfnHup.release.newBuild', 'cfnHup.release.updateFromTemplate'];

/** `resourcePath` as VS Code sets it for a `when` clause. */
function resourcePath(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.path;
}

/**
 * The one form of `when` the release menus use, evaluated against the context key the extension
 * set (a test cannot read VS Code's context keys, but it can read what the extension sent).
 */
function shown(when: string, uri: vscode.Uri, templates: string[]): boolean {
  const m = /^resourcePath in cfnHup\.templates$/.exec(when);
  assert.ok(m, `an unexpected when clause: ${when}`);
  return templates.includes(resourcePath(uri));
}

suite('Release menus on templates (editor, editor title, Explorer)', () => {
  teardown(closeAllEditors);

  test('a template gets "Release New Build…" and "Update Stack from Template…"; a plain JSON does not', async () => {
    const { templates } = await testingApi();
    const menus = extension().packageJSON.contributes.menus as Record<string, { command: string; when: string }[]>;
    const template = fixture('templates/clean.yaml');
    const plain = fixture('other/package.json');
    // Open both: the context key follows each document's analysis too.
    const { document } = await open('templates/clean.yaml');
    await waitForAnalysis(document);
    const other = await vscode.workspace.openTextDocument(plain);
    await vscode.window.showTextDocument(other, { preview: false });
    await waitForAnalysis(other);
    const paths = await waitFor('the template in cfnHup.templates', templates.onDidChange, () =>
      templates.paths.includes(resourcePath(template)) ? templates.paths : undefined,
    );
    // Files found by the workspace scan count too: a template nobody opened.
    assert.ok(paths.includes(resourcePath(fixture('templates/nested/verbose.json'))), JSON.stringify(paths));
    for (const menu of MENUS) {
      for (const command of COMMANDS) {
        const item = menus[menu]?.find((i) => i.command === command);
        assert.ok(item, `${command} in ${menu}`);
        assert.equal(shown(item.when, template, paths), true, `${command} shown for a template in ${menu}`);
        assert.equal(shown(item.when, plain, paths), false, `${command} hidden for package.json in ${menu}`);
      }
    }
  });
});

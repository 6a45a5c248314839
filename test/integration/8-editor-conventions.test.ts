import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { PickItem } from '../../src/vscode/prompter';
import { closeAllEditors, fixture, testingApi, waitFor, waitForDiagnostics } from './helpers';

suite('Editor conventions: .template files, the region picker, profile switches, the view title', () => {
  teardown(async () => {
    const { session } = await testingApi();
    session.usePrompter(undefined);
    await session.setProfile(undefined);
    await session.setRegion(undefined);
    await closeAllEditors();
  });

  test('.template files are checked as you type, JSON or YAML by their content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfn-hup-template-'));
    const json = join(dir, 'web.template');
    const yaml = join(dir, 'fleet.template');
    writeFileSync(json, readFileSync(fixture('templates/web-server.json').fsPath));
    writeFileSync(yaml, readFileSync(fixture('templates/interval-zero.yaml').fsPath));

    const jsonDoc = await vscode.workspace.openTextDocument(vscode.Uri.file(json));
    await vscode.window.showTextDocument(jsonDoc);
    await waitFor('web.template in JSON mode', vscode.workspace.onDidOpenTextDocument, () =>
      vscode.workspace.textDocuments.some((d) => d.uri.fsPath === json && d.languageId === 'json') ? true : undefined,
    );
    const [j] = await waitForDiagnostics(vscode.Uri.file(json), 'HOOK-UNKNOWN-TRIGGER', (ds) => ds.length > 0);
    assert.equal(j!.code, 'HOOK-UNKNOWN-TRIGGER');

    const yamlDoc = await vscode.workspace.openTextDocument(vscode.Uri.file(yaml));
    assert.equal(yamlDoc.languageId, 'yaml');
    await vscode.window.showTextDocument(yamlDoc);
    const [y] = await waitForDiagnostics(yamlDoc.uri, 'HUP-INTERVAL-INVALID', (ds) => ds.length > 0);
    assert.equal(y!.code, 'HUP-INTERVAL-INVALID');
  });

  test('the region picker lists every region of the partition from the SDK, and takes a typed one', async () => {
    const { session } = await testingApi();
    let offered: PickItem[] = [];
    session.usePrompter({
      showQuickPick: async (items) => {
        const all = await items;
        offered = [...all];
        return all.find((i) => i.label === 'ap-northeast-3');
      },
    });
    await vscode.commands.executeCommand('cfnHup.aws.chooseRegion');
    const names = offered.map((i) => i.label);
    for (const region of ['ap-northeast-3', 'eu-central-2', 'us-east-1', 'il-central-1'])
      assert.ok(names.includes(region), `${region} is offered`);
    assert.match(offered.find((i) => i.label === 'ap-northeast-3')!.description ?? '', /Osaka/);
    assert.equal(session.connection.region, 'ap-northeast-3');

    session.usePrompter({
      showQuickPick: async (items) => (await items).find((i) => i.label.includes('Another region')),
      showInputBox: async (options) => {
        assert.equal(await options.validateInput?.('not a region'), 'A region name such as eu-central-2');
        return 'xx-newplace-1';
      },
    });
    await vscode.commands.executeCommand('cfnHup.aws.chooseRegion');
    assert.equal(session.connection.region, 'xx-newplace-1');
  });

  test('"Use the profile\'s region" clears a picked region; another profile does not keep it', async () => {
    const { session } = await testingApi();
    const answer = (label: string) =>
      session.usePrompter({ showQuickPick: async (items) => (await items).find((i) => i.label.includes(label)) });

    answer('dev'); // the fixture profile with region eu-west-1
    await vscode.commands.executeCommand('cfnHup.aws.chooseProfile');
    assert.equal(session.connection.region, 'eu-west-1');
    answer('sa-east-1');
    await vscode.commands.executeCommand('cfnHup.aws.chooseRegion');
    assert.equal(session.connection.region, 'sa-east-1');
    answer("Use the profile's region");
    await vscode.commands.executeCommand('cfnHup.aws.chooseRegion');
    assert.equal(session.connection.region, 'eu-west-1');

    answer('sa-east-1');
    await vscode.commands.executeCommand('cfnHup.aws.chooseRegion');
    answer('ops'); // region us-east-1
    await vscode.commands.executeCommand('cfnHup.aws.chooseProfile');
    assert.deepEqual(
      { profile: session.connection.profile, region: session.connection.region },
      { profile: 'ops', region: 'us-east-1' },
    );
    assert.equal(vscode.workspace.getConfiguration('cfnHup.aws').inspect('region')?.globalValue, undefined);
  });

  test('the view container and its view say "cfn-hup" as the tool writes it', () => {
    const pkg = vscode.extensions.getExtension('cfn-hup-tools.cfn-hup-tools')!.packageJSON;
    const container = pkg.contributes.viewsContainers.activitybar.find((c: { id: string }) => c.id === 'cfnHup');
    assert.equal(container.title, 'cfn-hup');
    const view = pkg.contributes.views.cfnHup[0];
    assert.equal(view.contextualTitle, 'cfn-hup');
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'cfn-hup');
  });
});

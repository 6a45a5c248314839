import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { closeAllEditors, extension, open, waitForAnalysis, waitForDiagnostics } from './helpers';

/** The position just after the first occurrence of `text` (plus `delta`). */
function after(doc: vscode.TextDocument, text: string, delta = 0): vscode.Position {
  const at = doc.getText().indexOf(text);
  assert.ok(at >= 0, `"${text}" is in the document`);
  return doc.positionAt(at + text.length + delta);
}

suite('Authoring: quick fixes, completions, snippets, hovers, cfn-hup files', () => {
  teardown(closeAllEditors);

  test('quick fix: "Watch Instance" corrects the hook path and the finding goes away', async () => {
    const { document } = await open('templates/typo-path.yaml');
    const ds = await waitForDiagnostics(document.uri, 'HOOK-PATH-UNKNOWN-RESOURCE', (all) =>
      all.some((x) => x.code === 'HOOK-PATH-UNKNOWN-RESOURCE'),
    );
    const target = ds.find((x) => x.code === 'HOOK-PATH-UNKNOWN-RESOURCE')!;
    assert.equal(document.getText(target.range), 'Instanse');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      target.range,
    );
    const fix = actions.find((a) => a.title === 'Watch Instance');
    assert.ok(fix?.edit, `a "Watch Instance" fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(actions.some((a) => a.title === 'Show documentation for HOOK-PATH-UNKNOWN-RESOURCE'));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitForDiagnostics(document.uri, 'no finding after the fix', (ds) => ds.length === 0);
    assert.match(document.getText(), /path=Resources\.Instance\.Metadata\.AWS::CloudFormation::Init/);
  });

  test("completions at a hook's path= list the template's resources with Init", async () => {
    const editor = await open('templates/clean.yaml');
    const doc = editor.document;
    const value = 'Resources.Instance.Metadata.AWS::CloudFormation::Init';
    const start = doc.getText().indexOf('path=' + value) + 'path='.length;
    assert.ok(
      await editor.edit((b) => b.delete(new vscode.Range(doc.positionAt(start), doc.positionAt(start + value.length)))),
    );
    await waitForAnalysis(doc);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      doc.positionAt(start),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes(value), labels.join(', '));
    assert.ok(labels.includes(`${value}.config`));
  });

  test('completions at triggers= offer the three triggers', async () => {
    const editor = await open('templates/clean.yaml');
    const doc = editor.document;
    const at = doc.getText().indexOf('triggers=post.update') + 'triggers='.length;
    assert.ok(
      await editor.edit((b) =>
        b.delete(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'post.update'.length))),
      ),
    );
    await waitForAnalysis(doc);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      doc.positionAt(at),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const t of ['post.update', 'post.add', 'post.remove']) assert.ok(labels.includes(t), labels.join(', '));
  });

  test('the Linux auto-reloader snippet, inserted under Metadata, gives a template with no finding', async () => {
    const snippets = JSON.parse(readFileSync(path.join(extension().extensionPath, 'snippets', 'yaml.json'), 'utf8'));
    const body: string[] = snippets['cfn-hup: auto-reloading Init (Linux)'].body;
    const doc = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content:
        'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  WebServerLaunchConfig:\n    Type: AWS::AutoScaling::LaunchConfiguration\n    Metadata:\n      \n    Properties:\n      ImageId: ami-12345678\n      InstanceType: t3.micro\n      UserData: !Base64\n        Fn::Sub: "#!/bin/bash\\n/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource WebServerLaunchConfig --region ${AWS::Region}\\n"\n',
    });
    const editor = await vscode.window.showTextDocument(doc);
    assert.ok(await editor.insertSnippet(new vscode.SnippetString(body.join('\n')), new vscode.Position(5, 6)));
    await vscode.commands.executeCommand('leaveSnippet');
    const event = await waitForAnalysis(doc);
    assert.equal(event.isTemplate, true);
    assert.equal(event.findingCount, 0, doc.getText());
    assert.match(doc.getText(), /path=Resources\.WebServerLaunchConfig\.Metadata\.AWS::CloudFormation::Init/);
  });

  test('"Add cfn-hup auto-reloader" is offered inside a resource\'s Metadata and fills in its logical id', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content:
        'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Web:\n    Type: AWS::EC2::Instance\n    Metadata:\n      \n    Properties:\n      ImageId: ami-12345678\n',
    });
    await vscode.window.showTextDocument(doc);
    await waitForAnalysis(doc);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(5, 6),
    );
    const item = list.items.find((i) => i.label === 'Add cfn-hup auto-reloader');
    assert.ok(item, 'the auto-reloader completion');
    assert.match(String(item.insertText), /path=Resources\.Web\.Metadata\.AWS::CloudFormation::Init/);
  });

  test('hover on a cfn-hup.conf key and on a hook path explains them', async () => {
    const { document } = await open('templates/clean.yaml');
    await waitForAnalysis(document);
    const onKey = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      after(document, 'inter', 0),
    );
    const keyText = onKey.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(keyText, /Minutes between polls/);
    const onPath = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      after(document, 'path=Resources.Inst'),
    );
    const pathText = onPath.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(pathText, /Watches the Metadata of \*\*Instance\*\*/);
    assert.match(pathText, /BuildNumber` is used here/);
  });

  test('a standalone hooks.d file gets the cfn-hup language and its diagnostics', async () => {
    const { document } = await open('other/cfn/hooks.d/percent.conf');
    assert.equal(document.languageId, 'cfn-hup-conf');
    const [d] = await waitForDiagnostics(document.uri, 'HUP-PERCENT', (ds) => ds.length > 0);
    assert.equal(d!.code, 'HUP-PERCENT');
    assert.equal(document.getText(d!.range), '%');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      d!.range,
    );
    const fix = actions.find((a) => a.title === 'Escape % as %%');
    assert.ok(fix?.edit);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitForDiagnostics(document.uri, 'no finding after the fix', (ds) => ds.length === 0);
  });
});

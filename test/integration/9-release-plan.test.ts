import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import {
  CloudFormationClient,
  CreateStackCommand,
  ListChangeSetsCommand,
  waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation';
import type { ReleaseResult } from '../../src/vscode/release';
import type { ModalOptions } from '../../src/vscode/release/types';
import type { CfnHupTesting } from '../../src/vscode/testing';
import { closeAllEditors, extension, testingApi } from './helpers';
import {
  DUMMY_CREDENTIALS,
  KEEP,
  REGION,
  ScriptedPrompter,
  motoSkipReason,
  startMoto,
  type Moto,
} from './release-helpers';

/**
 * Release New Build opens the "Release plan" (what each hook that fires will
 * do on an instance) beside the editor before its modal confirmation asks,
 * in a real VS Code against moto on loopback.
 */
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const PARAMETERS = { BuildNumber: '41', DbPassword: 's3cret-db' };

/** Records which plan documents are visible when the modal asks. */
class WatchingPrompter extends ScriptedPrompter {
  visibleAtModal: vscode.TextDocument[] = [];
  override async showWarningMessage(message: string, options: ModalOptions, ...items: string[]) {
    this.visibleAtModal = vscode.window.visibleTextEditors
      .map((e) => e.document)
      .filter((d) => d.uri.scheme === 'cfn-hup-plan');
    return super.showWarningMessage(message, options, ...items);
  }
}

suite('Release plan (against moto on loopback)', function () {
  let moto: Moto | undefined;
  let cfn: CloudFormationClient;
  let hook: CfnHupTesting;

  suiteSetup(async function () {
    this.timeout(120_000);
    const skip = motoSkipReason();
    if (skip) {
      console.log(`release plan tests skipped: ${skip}`);
      this.skip();
    }
    hook = await testingApi();
    moto = await startMoto();
    cfn = new CloudFormationClient({ region: REGION, endpoint: moto.endpoint, credentials: DUMMY_CREDENTIALS });
    hook.session.useConnection({
      endpointUrl: moto.endpoint,
      region: REGION,
      credentials: DUMMY_CREDENTIALS,
      pollMs: 200,
    });
    const template = readFileSync(
      path.join(extension().extensionPath, 'test', 'fixtures', 'aws', 'plan-stack.yaml'),
      'utf8',
    );
    await cfn.send(
      new CreateStackCommand({
        StackName: 'shop',
        TemplateBody: template,
        Parameters: Object.entries(PARAMETERS).map(([ParameterKey, ParameterValue]) => ({
          ParameterKey,
          ParameterValue,
        })),
      }),
    );
    await waitUntilStackCreateComplete(
      { client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
      { StackName: 'shop' },
    );
  });

  suiteTeardown(async () => {
    if (hook) {
      hook.session.usePrompter(undefined);
      hook.session.useConnection(undefined);
    }
    cfn?.destroy();
    await moto?.stop();
    await closeAllEditors();
  });

  teardown(async () => {
    hook?.session.usePrompter(undefined);
    await closeAllEditors();
  });

  test('Release New Build opens the release plan beside the confirmation: file diff, every command in order, the service restarted', async () => {
    const prompter = new WatchingPrompter([KEEP, undefined]);
    hook.session.usePrompter(prompter);
    const result = await vscode.commands.executeCommand<ReleaseResult>('cfnHup.release.newBuild', {
      kind: 'stack',
      stackName: 'shop',
    });
    assert.equal(result?.kind, 'declined', result?.message);
    assert.equal(prompter.visibleAtModal.length, 1, 'the plan is open beside when the modal asks');
    const doc = prompter.visibleAtModal[0]!;
    assert.equal(doc.languageId, 'markdown');
    const text = doc.getText();
    assert.match(text, /^# Release plan: Release BuildNumber "41" → "42" to shop/);
    assert.match(text, /## hook "cfn-auto-reloader-hook" \(post\.update, in App, 1 instance\)/);
    assert.match(text, /- `\/opt\/app\/app\.conf` \(config config\): content changes/);
    assert.match(
      text,
      /```diff\n {2}@@ -1,3 \+1,3 @@\n {3}name=shop\n {2}-build=41\n {2}\+build=42\n {3}db_password=\$\{DbPassword\}\n {2}```/,
    );
    assert.match(
      text,
      /### Commands\n\nAll of them, in this order \(cfn-init runs every command on every run, changed or not\):\n\n1\. 01\\_stop .*\n1\. 02\\_migrate .*only if test passes.*\n1\. 03\\_start /,
    );
    assert.match(text, /### Services restarted\n\n- systemd app \\\[config\\\]: file \/opt\/app\/app\.conf changes/);
    assert.doesNotMatch(text, /s3cret-db/, 'a NoEcho value never appears');
    const modal = prompter.asked.find((a) => a.kind === 'modal')!;
    assert.match(
      modal.detail!,
      /On each instance: 1 file changes, 3 commands run, 1 service restarts\. The release plan is open beside\./,
    );
    // Declined: the change set is gone, nothing was changed.
    const sets = (await cfn.send(new ListChangeSetsCommand({ StackName: 'shop' }))).Summaries ?? [];
    assert.deepEqual(
      sets.filter((s) => s.StackName === 'shop'),
      [],
    );
  });
});

import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { AwsSession } from '../../src/vscode/aws/session';
import type { ExplorerTestingApi } from '../../src/vscode/explorer';
import type { ReleaseResult } from '../../src/vscode/release/types';
import { testingApi, waitFor } from './helpers';
import { DUMMY_CREDENTIALS, REGION } from './explorer/aws';
import { children, explorerApi, label, labels } from './explorer/tree';
import { startFaulty } from '../unit/aws/helpers/faulty';

// The extension host is this process: no real identity, no instance-metadata probe.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

/**
 * Where the editor's AWS calls go (issue 14): the CLI's endpoint rule, the
 * status bar item, and the request timeout setting. A refused endpoint is
 * never contacted (192.0.2.0/24 is a documentation range, and the refusal
 * comes before any request); the hung endpoint is on loopback. Settings are
 * written only to the test host's own user settings and restored.
 */
suite('AWS connection: endpoint safety, status bar, request timeout', function () {
  let session: AwsSession;
  let t: ExplorerTestingApi;
  const aws = () => vscode.workspace.getConfiguration('cfnHup.aws');
  const saved = { ...process.env };

  async function setting(key: string, value: unknown): Promise<void> {
    const changed = waitFor('the session to see the setting', session.onDidChange, () => true);
    await aws().update(key, value, vscode.ConfigurationTarget.Global);
    await changed;
  }

  suiteSetup(async () => {
    session = (await testingApi()).session;
    t = await explorerApi();
    for (const v of ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_EC2', 'AWS_PROFILE', 'AWS_REGION']) delete process.env[v];
  });

  teardown(async () => {
    for (const key of ['endpointUrl', 'allowInsecureEndpoint', 'requestTimeoutSeconds'])
      if (aws().inspect(key)?.globalValue !== undefined)
        await aws().update(key, undefined, vscode.ConfigurationTarget.Global);
    for (const v of ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_EC2']) {
      if (saved[v] === undefined) delete process.env[v];
      else process.env[v] = saved[v];
    }
    session.usePrompter(undefined);
    session.useConnection(undefined);
  });

  suiteTeardown(() => {
    session?.useConnection(undefined);
  });

  test('a plain-http endpoint on another host is refused before any request (explorer and release), the status bar warns; allowInsecureEndpoint lets it through', async () => {
    session.useConnection(undefined);
    await setting('endpointUrl', 'http://192.0.2.10:5000');
    const bar = session.statusBar;
    assert.equal(bar.visible, true, 'shown whenever an endpoint other than AWS is set');
    assert.equal(bar.warning, true);
    assert.match(bar.text, /192\.0\.2\.10:5000/);
    assert.match(bar.tooltip, /No call is made: cfnHup\.aws\.endpointUrl is http:\/\/192\.0\.2\.10:5000: plain http/);

    await vscode.commands.executeCommand('cfnHup.explorer.refresh');
    const nodes = await children(t);
    assert.match(
      labels(nodes).join('\n'),
      /plain http to a host other than this machine would send your access key id/,
    );
    assert.match(labels(nodes).join('\n'), /cfnHup\.aws\.allowInsecureEndpoint in your user settings/);
    assert.doesNotMatch(labels(nodes).join('\n'), /Could not reach|No answer/, 'refused, not tried');

    const result = await vscode.commands.executeCommand<ReleaseResult>('cfnHup.release.newBuild', {
      kind: 'stack',
      stackName: 'fleet',
    });
    assert.equal(result?.kind, 'failed');
    assert.match(result?.message ?? '', /plain http .*allowInsecureEndpoint/);
    assert.doesNotMatch(result?.message ?? '', /unexpectedly/);

    await setting('allowInsecureEndpoint', true);
    assert.equal(session.endpoints.problem, undefined, 'allowed explicitly (user settings)');
    assert.equal(session.statusBar.warning, false);
    assert.match(session.statusBar.text, /192\.0\.2\.10:5000/, 'still named');
  });

  test('AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> in the environment: named in the status bar; an insecure one is refused', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:4566';
    session.useConnection(undefined); // redraws
    assert.equal(session.statusBar.visible, true);
    assert.match(session.statusBar.text, /127\.0\.0\.1:4566/);
    assert.match(session.statusBar.tooltip, /http:\/\/127\.0\.0\.1:4566 \(AWS_ENDPOINT_URL\)/);
    assert.equal(session.endpoints.problem, undefined, 'loopback is fine');

    process.env.AWS_ENDPOINT_URL_EC2 = 'http://capture.example.com';
    session.useConnection(undefined);
    assert.equal(session.statusBar.warning, true);
    assert.match(session.statusBar.tooltip, /AWS_ENDPOINT_URL_EC2 is http:\/\/capture\.example\.com: plain http/);
    assert.throws(() => session.gateways(), /AWS_ENDPOINT_URL_EC2 is http:\/\/capture\.example\.com/);

    // The setting wins over the environment for every service, as in the SDK.
    await setting('endpointUrl', 'http://localhost:5000');
    assert.equal(session.endpoints.problem, undefined);
    assert.match(session.statusBar.text, /localhost:5000/);
  });

  test('the status bar click offers the pickers and opens the AWS settings; it writes no setting', async () => {
    const before = JSON.stringify(aws().inspect('endpointUrl'));
    let offered: string[] = [];
    session.usePrompter({
      showQuickPick: async (items) => {
        const list = await items;
        offered = list.map((i) => i.label);
        return list.find((i) => /Open AWS settings/.test(i.label));
      },
    });
    const opened = waitFor('the settings editor', vscode.window.tabGroups.onDidChangeTabs, () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((tab) => /settings/i.test(tab.label)),
    );
    await vscode.commands.executeCommand('_cfnHup.aws.connectionMenu');
    assert.deepEqual(
      offered.map((l) => l.replace(/^\$\([^)]+\) /, '')),
      ['Choose AWS profile…', 'Choose AWS region…', 'Open AWS settings'],
    );
    await opened;
    assert.equal(JSON.stringify(aws().inspect('endpointUrl')), before, 'nothing written');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('cfnHup.aws.requestTimeoutSeconds: a hung endpoint ends with "No answer from AWS" and the next step, not retried', async function () {
    this.timeout(30_000);
    const server = await startFaulty(() => 'hang');
    try {
      await setting('requestTimeoutSeconds', 1);
      session.useConnection({ endpointUrl: server.endpoint, region: REGION, credentials: DUMMY_CREDENTIALS });
      assert.deepEqual(session.timeouts, { requestMs: 1000, connectMs: 1000 });
      await vscode.commands.executeCommand('cfnHup.explorer.refresh');
      const nodes = await children(t);
      const text = nodes.map(label).join('\n');
      assert.match(text, /No answer from AWS for cloudformation:ListStacks within 1 s: the request timed out\./);
      assert.match(text, /raise `cfnHup\.aws\.requestTimeoutSeconds` only if calls are just slow/);
      assert.deepEqual(server.actions, ['ListStacks'], 'a timed-out request is not repeated');
    } finally {
      session.useConnection(undefined);
      await server.close();
    }
  });
});

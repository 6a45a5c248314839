import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, setup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { AwsSession, ConnectionOverride } from '../../src/vscode/aws/session';
import type { ExplorerTestingApi } from '../../src/vscode/explorer';
import type { Prompter } from '../../src/vscode/prompter';
import { closeAllEditors, extension, testingApi, waitFor } from './helpers';
import {
  accessDenied,
  awsFixture,
  createStacks,
  DUMMY_CREDENTIALS,
  motoSkipReason,
  recordedLaunchConfig,
  recordedLiveMetadata,
  REGION,
  startMoto,
  startProxy,
  THROTTLED,
  withOverrides,
  type Moto,
  type Proxy,
} from './explorer/aws';
import {
  children,
  description,
  explorerApi,
  find,
  icon,
  item,
  label,
  labels,
  path,
  tooltip,
  type ExplorerNode,
} from './explorer/tree';

// The extension host is this process: whatever the host was started with, the SDK must never
// probe the instance-metadata address nor use the machine's AWS identity (scripts/test-host/run.mjs
// sets the same; this also covers a host started another way).
process.env.AWS_EC2_METADATA_DISABLED = 'true';
for (const v of [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
])
  delete process.env[v];

const EXPLORER_COMMANDS = [
  'cfnHup.aws.chooseProfile',
  'cfnHup.aws.chooseRegion',
  'cfnHup.explorer.refresh',
  'cfnHup.explorer.filter',
  'cfnHup.explorer.clearFilter',
  'cfnHup.explorer.showLog',
  'cfnHup.metadata.showLive',
  'cfnHup.metadata.compareWithLocal',
  'cfnHup.template.openDeployed',
  'cfnHup.template.compareWithLocal',
];

suite('AWS explorer: contributions', () => {
  test('an activity-bar container with the stacks view, its welcome, commands, menus and settings', async () => {
    await explorerApi();
    const pkg = extension().packageJSON.contributes;
    assert.deepEqual(pkg.viewsContainers.activitybar, [{ id: 'cfnHup', title: 'cfn-hup', icon: 'media/cfn-hup.svg' }]);
    assert.ok(existsSync(join(extension().extensionPath, 'media', 'cfn-hup.svg')), 'the activity-bar icon ships');
    assert.equal(pkg.views.cfnHup[0].id, 'cfnHup.explorer');
    assert.match(pkg.viewsWelcome[0].contents, /command:cfnHup\.aws\.chooseRegion/);
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared = new Map<string, { category?: string; icon?: string }>(
      pkg.commands.map((c: { command: string }) => [c.command, c]),
    );
    for (const id of EXPLORER_COMMANDS) {
      assert.ok(registered.has(id), `${id} is registered`);
      assert.equal(declared.get(id)?.category, 'cfn-hup', `${id} is declared with the cfn-hup category`);
    }
    assert.ok(
      (await vscode.commands.getCommands(false)).includes('_cfnHup.explorer.loadMore'),
      'the internal load-more command',
    );
    const title = pkg.menus['view/title']
      .filter((m: { when: string }) => m.when.startsWith('view == cfnHup.explorer'))
      .map((m: { command: string }) => m.command);
    for (const id of [
      'cfnHup.explorer.filter',
      'cfnHup.explorer.refresh',
      'cfnHup.aws.chooseProfile',
      'cfnHup.aws.chooseRegion',
    ])
      assert.ok(title.includes(id), `${id} in the view's title bar`);
    const config = vscode.workspace.getConfiguration('cfnHup');
    assert.deepEqual(
      ['aws.profile', 'aws.region', 'aws.endpointUrl', 'explorer.autoRefresh', 'explorer.refreshIntervalSeconds'].map(
        (k) => config.get(k),
      ),
      ['', '', '', true, 10],
    );
    // A workspace cannot point the extension's signed requests elsewhere, nor allow them in clear.
    assert.equal(pkg.configuration.properties['cfnHup.aws.endpointUrl'].scope, 'machine');
    assert.equal(pkg.configuration.properties['cfnHup.aws.allowInsecureEndpoint'].scope, 'machine');
    assert.deepEqual([config.get('aws.allowInsecureEndpoint'), config.get('aws.requestTimeoutSeconds')], [false, 60]);
  });
});

const skip = motoSkipReason();

suite('AWS explorer against moto', function () {
  let moto: Moto;
  let proxy: Proxy;
  let t: ExplorerTestingApi;
  let session: AwsSession;
  let ids: { fleetId: string; webId: string };
  const errors: string[] = [];
  /** Error messages are recorded instead of shown; every other prompt is the window's unless a test answers it. */
  const captureErrors: Partial<Prompter> = {
    showErrorMessage: async (m) => {
      errors.push(m);
      return undefined;
    },
  };

  /** The extension talks to moto through the recording proxy, with dummy credentials; no setting is written. */
  function connect(extra: ConnectionOverride = {}): void {
    session.useConnection({ endpointUrl: proxy.endpoint, region: REGION, credentials: DUMMY_CREDENTIALS, ...extra });
  }

  suiteSetup(async function () {
    if (skip) {
      console.log(`  (skipped: ${skip})`);
      this.skip();
    }
    this.timeout(120_000);
    t = await explorerApi();
    session = (await testingApi()).session;
    moto = await startMoto();
    await moto.reset();
    ids = await createStacks(moto.endpoint);
    // moto keeps no resource Metadata: LaunchConfig's comes from a recorded DescribeStackResource.
    proxy = await startProxy(moto.endpoint, (c) =>
      c.action === 'DescribeStackResource' && c.params.get('LogicalResourceId') === 'LaunchConfig'
        ? recordedLaunchConfig(ids.fleetId)
        : undefined,
    );
    session.usePrompter(captureErrors);
    // Hidden until a test shows it: the view then loads only what the tests ask for.
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  setup(() => {
    proxy.intercept = undefined;
    errors.length = 0;
    connect();
  });

  teardown(async () => {
    connect();
    await vscode.commands.executeCommand('cfnHup.explorer.clearFilter');
  });

  suiteTeardown(async () => {
    if (!t) return;
    session.usePrompter(undefined);
    session.useConnection(undefined);
    await closeAllEditors();
    await vscode.commands.executeCommand('workbench.view.explorer');
    await proxy?.close();
    await moto?.stop();
  });

  test('stacks: one ListStacks call fills the list; status icons and context values', async () => {
    const before = proxy.calls.length;
    const stacks = await children(t);
    assert.deepEqual(labels(stacks).sort(), ['fleet', 'web']);
    const fleet = find(stacks, 'fleet');
    assert.equal(icon(fleet), 'pass');
    assert.equal(item(fleet).contextValue, 'cfnHup.stack.complete');
    assert.equal(description(fleet), 'create complete');
    assert.equal(item(fleet).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.match(tooltip(fleet), /Status: CREATE_COMPLETE/);
    // API calls grow with pages, not with stacks: no DescribeStacks per stack.
    assert.deepEqual(
      proxy.calls.slice(before).map((c) => c.action),
      ['ListStacks'],
    );
    // Nodes are what release commands receive: StackTarget.
    assert.deepEqual(
      {
        kind: (fleet as unknown as { kind: string }).kind,
        stackName: (fleet as unknown as { stackName: string }).stackName,
      },
      { kind: 'stack', stackName: 'fleet' },
    );
    assert.equal(t.view.description, `default · ${REGION} · endpoint`);
  });

  test('NoEcho: with it as the build parameter, no node of the expanded stack shows the value moto returns in clear', async function () {
    this.timeout(60_000);
    const config = vscode.workspace.getConfiguration('cfnHup');
    await config.update('buildParameter', 'DbPassword', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('cfnHup.explorer.refresh');
      const fleet = find(await children(t), 'fleet');
      const seen: string[] = [];
      const walk = async (node: ExplorerNode, depth: number): Promise<void> => {
        const i = item(node);
        seen.push(`${label(node)} ${description(node)} ${tooltip(node)}`);
        if (depth < 4 && i.collapsibleState !== vscode.TreeItemCollapsibleState.None)
          for (const child of await children(t, node)) await walk(child, depth + 1);
      };
      await walk(fleet, 0);
      seen.push(description(fleet), tooltip(fleet));
      assert.ok(
        seen.some((l) => l.startsWith('DbPassword ****')),
        'the build node is there, masked',
      );
      assert.match(description(fleet), /^DbPassword \*\*\*\* · /);
      assert.ok(seen.length > 15, `the tree was walked: ${seen.length} nodes`);
      for (const line of seen) assert.doesNotMatch(line, /s3cret/, line);
    } finally {
      await config.update('buildParameter', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('cfnHup.explorer.refresh');
    }
  });

  test('a stack: build parameter, parameters (NoEcho masked), outputs, resources with cfn-hup hooks marked', async () => {
    const fleet = find(await children(t), 'fleet');
    const before = proxy.calls.length;
    const sections = await children(t, fleet);
    assert.deepEqual(labels(sections), [
      'BuildNumber',
      'Parameters',
      'Outputs',
      'Resources',
      'Auto Scaling groups',
      'EC2 instances',
    ]);
    // Expanding one stack reads that stack only.
    assert.deepEqual(
      proxy.calls
        .slice(before)
        .map((c) => c.action)
        .sort(),
      ['DescribeStacks', 'GetTemplate', 'ListStackResources'],
    );
    assert.equal(description(find(sections, 'BuildNumber')), '41');
    assert.match(description(fleet), /^BuildNumber 41 · create complete$/);

    const parameters = await children(t, find(sections, 'Parameters'));
    assert.deepEqual(Object.fromEntries(parameters.map((p) => [label(p), description(p)])), {
      BuildNumber: '41',
      Environment: 'dev',
      DbPassword: '****',
      FleetSize: '2',
    });
    assert.equal(icon(find(parameters, 'DbPassword')), 'lock');
    assert.doesNotMatch(tooltip(find(parameters, 'DbPassword')), /s3cret/);
    assert.deepEqual(labels(await children(t, find(sections, 'Outputs'))), ['Build']);

    const resources = await children(t, find(sections, 'Resources'));
    assert.deepEqual(labels(resources).sort(), ['AppRole', 'Bastion', 'Group', 'LaunchConfig']);
    const lc = find(resources, 'LaunchConfig');
    assert.equal(icon(lc), 'bell');
    assert.equal(item(lc).contextValue, 'cfnHup.resource.metadata.hooks');
    assert.match(
      description(lc),
      /AWS::AutoScaling::LaunchConfiguration · create complete · cfn-hup: 1 hook · watched by cfn-hup/,
    );
    assert.match(
      tooltip(lc),
      /cfn-auto-reloader-hook: post\.update on LaunchConfig\.Metadata\.AWS::CloudFormation::Init, every 2 min/,
    );
    const [hook] = await children(t, lc);
    assert.equal(label(hook!), 'cfn-auto-reloader-hook');
    assert.equal(description(hook!), 'post.update on LaunchConfig.Metadata.AWS::CloudFormation::Init, every 2 min');
    assert.match(
      tooltip(hook!),
      /action=\/opt\/aws\/bin\/cfn-init -v --stack fleet --resource LaunchConfig --region us-east-1/,
    );
    const role = find(resources, 'AppRole');
    assert.equal(item(role).contextValue, 'cfnHup.resource');
    assert.equal(item(role).collapsibleState, vscode.TreeItemCollapsibleState.None);
    assert.deepEqual(
      { kind: (lc as unknown as { kind: string }).kind, logicalId: (lc as unknown as { logicalId: string }).logicalId },
      { kind: 'resource', logicalId: 'LaunchConfig' },
    );
  });

  test('the fleet: Auto Scaling group → instances (lifecycle, health, launch configuration, IP); stand-alone instances', async () => {
    const group = find(await children(t, await path(t, 'fleet', 'Auto Scaling groups')), 'Group');
    assert.equal(item(group).contextValue, 'cfnHup.group');
    assert.match(description(group), /^2 desired \(2–3\) · fleet-LaunchConfig-\w+ · fleet-Group-\w+$/);
    assert.equal((group as unknown as { groupName: string }).groupName.startsWith('fleet-Group-'), true);
    const instances = await children(t, group);
    assert.equal(instances.length, 2);
    for (const i of instances) {
      assert.match(label(i), /^i-[0-9a-f]+$/);
      assert.match(description(i), /^InService · Healthy · fleet-LaunchConfig-\w+ · \d+\.\d+\.\d+\.\d+$/);
      assert.equal(item(i).contextValue, 'cfnHup.instance');
      assert.equal(icon(i), 'vm-running');
    }
    const [bastion] = await children(t, await path(t, 'fleet', 'EC2 instances'));
    assert.equal(label(bastion!), 'Bastion');
    assert.match(description(bastion!), /^i-[0-9a-f]+ · running · \d+\.\d+\.\d+\.\d+$/);
  });

  test("instances launched from an older launch template version than the group's are marked", async () => {
    const web = await path(t, 'web');
    const sections = await children(t, web);
    assert.deepEqual(labels(sections), ['BuildNumber', 'Parameters', 'Outputs', 'Resources', 'Auto Scaling groups']);
    const group = find(await children(t, find(sections, 'Auto Scaling groups')), 'WebGroup');
    assert.match(description(group), /^2 outdated · 2 desired \(2–4\) · web-lt v\$Latest \(= 2\) · web-WebGroup-\w+$/);
    assert.equal(item(group).contextValue, 'cfnHup.group.outdated');
    for (const i of await children(t, group)) {
      assert.match(description(i), /^outdated · InService · Healthy · web-lt v1 · /);
      assert.equal(icon(i), 'warning');
      assert.equal(item(i).contextValue, 'cfnHup.instance.outdated');
      assert.match(tooltip(i), /Launched from web-lt v1; the group now launches from web-lt v\$Latest \(= 2\)/);
    }
  });

  test('filter by name from the title bar: shown in the view description; empty node when nothing matches', async () => {
    await children(t);
    assert.equal(await vscode.commands.executeCommand('cfnHup.explorer.filter', 'fle'), 'fle');
    assert.deepEqual(labels(await children(t)), ['fleet']);
    assert.equal(t.view.description, `default · ${REGION} · endpoint · filter: "fle"`);
    // Without an argument it asks (the title-bar action); matching ignores case.
    session.usePrompter({ ...captureErrors, showInputBox: async () => 'WEB' });
    await vscode.commands.executeCommand('cfnHup.explorer.filter');
    assert.deepEqual(labels(await children(t)), ['web']);
    await vscode.commands.executeCommand('cfnHup.explorer.filter', 'nothing-like-it');
    const [empty] = await children(t);
    assert.equal(label(empty!), 'No stack name contains "nothing-like-it"');
    assert.equal(item(empty!).contextValue, 'cfnHup.empty');
    await vscode.commands.executeCommand('cfnHup.explorer.clearFilter');
    assert.deepEqual(labels(await children(t)).sort(), ['fleet', 'web']);
    assert.equal(t.view.description, `default · ${REGION} · endpoint`);
  });

  test('"Load more" appears while ListStacks has more pages and loads the next one', async () => {
    let pages = 0;
    // One stack per page, as an account with many stacks gets from AWS (moto never paginates).
    connect({
      decorate: (g) =>
        withOverrides(g, {
          stacks: {
            listStacks: async function* (signal) {
              for await (const page of g.stacks.listStacks(signal))
                for (const s of page) {
                  pages++;
                  yield [s];
                }
            },
          },
        }),
    });
    const first = await children(t, undefined, (nodes) =>
      nodes.some((n) => item(n).contextValue === 'cfnHup.loadMore'),
    );
    assert.equal(first.length, 2);
    assert.equal(label(first[1]!), 'Load more stacks…');
    assert.deepEqual(item(first[1]!).command?.command, '_cfnHup.explorer.loadMore');
    assert.equal(pages, 2, 'the second page is fetched ahead, shown only on request');
    await vscode.commands.executeCommand('_cfnHup.explorer.loadMore');
    const all = await children(t);
    assert.deepEqual(labels(all).sort(), ['fleet', 'web']);
    assert.equal(pages, 2);
  });

  test('refresh per node reloads that subtree only', async () => {
    const fleet = find(await children(t), 'fleet');
    await children(t, fleet);
    const before = proxy.calls.length;
    await vscode.commands.executeCommand('cfnHup.explorer.refresh', fleet);
    assert.equal(label(t.provider.getChildren(fleet)[0]!), 'Loading…', 'a loading node while it reloads');
    await children(t, fleet);
    assert.deepEqual(
      proxy.calls
        .slice(before)
        .map((c) => c.action)
        .sort(),
      ['DescribeStacks', 'GetTemplate', 'ListStackResources'],
    );
    // A section reloads its own data: the fleet, not the stack.
    const groups = find(await children(t, fleet), 'Auto Scaling groups');
    await children(t, groups);
    const mark = proxy.calls.length;
    await vscode.commands.executeCommand('cfnHup.explorer.refresh', groups);
    await children(t, groups);
    assert.deepEqual(
      proxy.calls
        .slice(mark)
        .map((c) => c.action)
        .sort(),
      ['DescribeAutoScalingGroups', 'DescribeInstances'],
    );
  });

  test('a stack in progress spins and is polled only while the view is visible; polling stops when it completes', async function () {
    this.timeout(60_000);
    let inProgressReads = 2;
    connect({
      pollMs: 50,
      decorate: (g) =>
        withOverrides(g, {
          stacks: {
            listStacks: async function* (signal) {
              for await (const page of g.stacks.listStacks(signal))
                yield page.map((s) => (s.name === 'fleet' ? { ...s, status: 'UPDATE_IN_PROGRESS' } : s));
            },
            describeStack: async (name, signal) => {
              const d = await g.stacks.describeStack(name, signal);
              return name === 'fleet' && inProgressReads-- > 0 ? { ...d, status: 'UPDATE_IN_PROGRESS' } : d;
            },
          },
        }),
    });
    const fleet = find(await children(t), 'fleet');
    assert.equal(icon(fleet), 'sync~spin');
    assert.equal(item(fleet).contextValue, 'cfnHup.stack.inProgress');
    assert.equal(t.view.visible, false);
    assert.equal(t.provider.polling, false, 'no polling while the view is hidden');

    const started = waitFor('polling to start', t.provider.onDidChangePolling, () =>
      t.provider.polling ? true : undefined,
    );
    await vscode.commands.executeCommand('cfnHup.explorer.focus');
    await started;
    const before = proxy.calls.length;
    await waitFor(
      'fleet to complete',
      t.provider.onDidChangeTreeData,
      () => (icon(fleet) === 'pass' ? true : undefined),
      30_000,
      () => `${icon(fleet)} ${description(fleet)}`,
    );
    await waitFor('polling to stop', t.provider.onDidChangePolling, () => (t.provider.polling ? undefined : true));
    assert.equal(item(fleet).contextValue, 'cfnHup.stack.complete');
    assert.ok(proxy.count('DescribeStacks', before) >= 2, 'one DescribeStacks per tick');
    assert.equal(proxy.count('ListStacks', before), 0, 'polling reads the stack in progress, not the list');

    // In progress again, then the view is hidden: the timer stops.
    inProgressReads = 1000;
    await vscode.commands.executeCommand('cfnHup.explorer.refresh');
    await children(t);
    await waitFor('polling to start again', t.provider.onDidChangePolling, () =>
      t.provider.polling ? true : undefined,
    );
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('polling to stop when hidden', t.provider.onDidChangePolling, () =>
      t.provider.polling ? undefined : true,
    );
    const idle = proxy.calls.length;
    assert.equal(t.view.visible, false);
    assert.equal(proxy.calls.length, idle);
  });

  test('Show Live Metadata opens the DescribeStackResource Metadata as a read-only JSON document', async () => {
    const lc = find(await children(t, await path(t, 'fleet', 'Resources')), 'LaunchConfig');
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('cfnHup.metadata.showLive', lc);
    assert.ok(doc, errors.join('\n'));
    assert.equal(doc.uri.scheme, 'cfn-hup-live');
    assert.equal(doc.uri.path, '/fleet/LaunchConfig.live-metadata.json');
    assert.equal(doc.languageId, 'json');
    assert.deepEqual(JSON.parse(doc.getText()), recordedLiveMetadata(ids.fleetId));
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString());
    assert.notEqual(vscode.workspace.fs.isWritableFileSystem('cfn-hup-live'), true, 'read-only');
    // A resource without Metadata: null (moto answers DescribeStackResource without any).
    const role = find(await children(t, await path(t, 'fleet', 'Resources')), 'AppRole');
    const none = await vscode.commands.executeCommand<vscode.TextDocument>('cfnHup.metadata.showLive', role);
    assert.equal(none?.getText().trim(), 'null');
  });

  test("Compare with local template: the active editor's template rendered with the live parameters, in the diff editor", async () => {
    const lc = find(await children(t, await path(t, 'fleet', 'Resources')), 'LaunchConfig');
    const local = await vscode.workspace.openTextDocument(vscode.Uri.file(awsFixture('fleet-stack.yaml')));
    await vscode.window.showTextDocument(local);
    const same = await vscode.commands.executeCommand<{
      live: vscode.Uri;
      local: vscode.Uri;
      source: vscode.Uri;
      differences: unknown[];
    }>('cfnHup.metadata.compareWithLocal', lc);
    assert.ok(same, errors.join('\n'));
    assert.equal(same.source.toString(), local.uri.toString());
    assert.deepEqual(same.differences, []);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'a diff editor');
    assert.equal(tab.input.original.toString(), same.live.toString());
    assert.equal(tab.input.modified.toString(), same.local.toString());
    assert.match(tab.label, /LaunchConfig Metadata: live ↔ fleet-stack\.yaml/);
    // Rendered like the live Metadata ("true" as AWS stores it, same key order): the texts are equal.
    assert.equal(
      (await vscode.workspace.openTextDocument(same.local)).getText(),
      (await vscode.workspace.openTextDocument(same.live)).getText(),
    );

    // The active editor is now the diff: the template comes from the file picker.
    const dir = mkdtempSync(join(tmpdir(), 'cfn-hup-explorer-'));
    try {
      const edited = join(dir, 'fleet-next.yaml');
      writeFileSync(
        edited,
        readFileSync(awsFixture('fleet-stack.yaml'), 'utf8').replace(
          '!If [IsProd, production, development]',
          '!If [IsProd, production, staging]',
        ),
      );
      let asked = 0;
      session.usePrompter({ ...captureErrors, showOpenDialog: async () => (asked++, [vscode.Uri.file(edited)]) });
      const changed = await vscode.commands.executeCommand<{
        differences: { path: string[]; kind: string; live: unknown; template: unknown }[];
      }>('cfnHup.metadata.compareWithLocal', lc);
      assert.equal(asked, 1);
      assert.deepEqual(changed?.differences, [
        {
          path: ['AWS::CloudFormation::Init', 'config', 'files', '/opt/app/tier.txt', 'content'],
          kind: 'changed',
          live: 'development',
          template: 'staging',
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Open Deployed Template: GetTemplate in the format it was deployed (YAML, JSON); a stack picked when none is given', async () => {
    const yaml = await vscode.commands.executeCommand<vscode.TextDocument>(
      'cfnHup.template.openDeployed',
      find(await children(t), 'fleet'),
    );
    assert.ok(yaml, errors.join('\n'));
    assert.equal(yaml.uri.path, '/fleet/fleet.deployed.yaml');
    assert.equal(yaml.languageId, 'yaml');
    assert.equal(yaml.getText(), readFileSync(awsFixture('fleet-stack.yaml'), 'utf8'));
    // From the Command Palette: the stack is asked for.
    const offered: string[] = [];
    session.usePrompter({
      ...captureErrors,
      showQuickPick: async (items) => {
        const list = await items;
        offered.push(...list.map((i) => i.label));
        return list.find((i) => i.label === 'web');
      },
    });
    const json = await vscode.commands.executeCommand<vscode.TextDocument>('cfnHup.template.openDeployed');
    assert.deepEqual(offered.sort(), ['fleet', 'web']);
    assert.equal(json?.uri.path, '/web/web.deployed.json');
    assert.equal(json?.languageId, 'json');
    assert.deepEqual(
      JSON.parse(json!.getText()),
      JSON.parse(readFileSync(awsFixture('explorer', 'web-stack.json'), 'utf8')),
    );
  });

  test('Compare Deployed Template with Local File opens the diff editor', async () => {
    const local = await vscode.workspace.openTextDocument(vscode.Uri.file(awsFixture('fleet-stack.yaml')));
    await vscode.window.showTextDocument(local);
    const result = await vscode.commands.executeCommand<{ deployed: vscode.Uri; local: vscode.Uri }>(
      'cfnHup.template.compareWithLocal',
      find(await children(t), 'fleet'),
    );
    assert.ok(result, errors.join('\n'));
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff);
    assert.equal(tab.input.original.toString(), result.deployed.toString());
    assert.equal(tab.input.modified.toString(), local.uri.toString());
    assert.equal(tab.label, 'fleet: deployed ↔ fleet-stack.yaml');
  });

  test('profile and region from the title bar / status bar commands (kept in extension state, not settings)', async () => {
    // Credentials stay explicit (dummy); profile and region come from the user's picks.
    session.useConnection({ endpointUrl: proxy.endpoint, credentials: DUMMY_CREDENTIALS });
    const asked: string[] = [];
    session.usePrompter({
      ...captureErrors,
      showQuickPick: async (items, options) => {
        asked.push(options.title ?? '');
        return (await items).find((i) => i.label === (options.title?.includes('region') ? 'us-east-1' : 'dev'));
      },
    });
    try {
      await vscode.commands.executeCommand('cfnHup.aws.chooseProfile');
      // The profile's own region is taken when none was picked.
      assert.deepEqual(
        { profile: session.connection.profile, region: session.connection.region },
        { profile: 'dev', region: 'eu-west-1' },
      );
      await vscode.commands.executeCommand('cfnHup.aws.chooseRegion');
      assert.deepEqual(asked, ['AWS profile for cfn-hup Tools', 'AWS region for cfn-hup Tools']);
      assert.equal(session.connection.region, 'us-east-1');
      assert.deepEqual(labels(await children(t)).sort(), ['fleet', 'web']);
      assert.equal(t.view.description, 'dev · us-east-1 · endpoint');
      assert.equal(
        vscode.workspace.getConfiguration('cfnHup.aws').inspect('region')?.globalValue,
        undefined,
        'no setting was written',
      );
    } finally {
      session.usePrompter(captureErrors);
      await session.setProfile(undefined);
      await session.setRegion(undefined);
    }
  });

  test('no region anywhere: no AWS call, the welcome view offers to choose one', async () => {
    session.useConnection({ endpointUrl: proxy.endpoint, credentials: DUMMY_CREDENTIALS });
    const before = proxy.calls.length;
    await waitFor('the root to load', t.provider.onDidChangeTreeData, () =>
      t.provider.root.loaded ? true : (t.provider.getChildren(), undefined),
    );
    assert.deepEqual(t.provider.getChildren(), [], 'no nodes: viewsWelcome shows instead');
    assert.equal(proxy.calls.length, before);
    assert.match(t.view.description ?? '', /no region/);
  });

  test('no credentials: an error node with the next step and a profile picker, without any request', async () => {
    connect({ credentials: undefined, profile: 'ops' });
    const before = proxy.calls.length;
    const nodes = await children(t);
    assert.deepEqual(labels(nodes), [
      'No AWS credentials found for profile "ops".',
      'Check that profile "ops" exists in ~/.aws/config (or ~/.aws/credentials), or run `aws configure --profile ops`.',
      'Choose an AWS profile…',
      'Retry',
    ]);
    assert.equal(item(nodes[0]!).contextValue, 'cfnHup.error.NoCredentials');
    assert.equal(item(nodes[0]!).command?.command, 'cfnHup.explorer.showLog', 'clicking the error shows the log');
    assert.equal(item(nodes[2]!).command?.command, 'cfnHup.aws.chooseProfile');
    assert.equal(proxy.calls.length, before, 'nothing was sent');
    await vscode.commands.executeCommand(item(nodes[0]!).command!.command);
  });

  test('expired SSO session: the error node says to run aws sso login for that profile', async () => {
    connect({ credentials: undefined, profile: 'dev' });
    const nodes = await children(t);
    assert.deepEqual(labels(nodes).slice(0, 2), [
      'The SSO session of profile "dev" has expired.',
      'Run `aws sso login --profile dev`, then try again.',
    ]);
    assert.equal(item(nodes[0]!).contextValue, 'cfnHup.error.ExpiredToken');
  });

  test('access denied names the missing action', async () => {
    proxy.intercept = (c) => (c.action === 'ListStacks' ? accessDenied('cloudformation:ListStacks') : undefined);
    const nodes = await children(t);
    assert.deepEqual(labels(nodes).slice(0, 2), [
      'Access denied: the credentials in use may not call cloudformation:ListStacks.',
      'Ask for an IAM policy that allows cloudformation:ListStacks (see "AWS permissions" in the README for the full list).',
    ]);
    assert.equal(item(nodes[0]!).contextValue, 'cfnHup.error.AccessDenied');
  });

  test('throttling: retried, then an error node under the stack with Retry, which reloads that stack', async () => {
    connect({ retry: { attempts: 2, baseDelayMs: 1 } });
    proxy.intercept = (c) => (c.action === 'DescribeStacks' ? THROTTLED : undefined);
    const fleet = find(await children(t), 'fleet');
    const before = proxy.calls.length;
    const nodes = await children(t, fleet);
    assert.equal(
      label(nodes[0]!),
      'AWS is throttling cloudformation:DescribeStacks (Rate exceeded). Gave up after 2 attempts.',
    );
    assert.equal(proxy.count('DescribeStacks', before), 2);
    const retry = find(nodes, 'Retry');
    proxy.intercept = undefined;
    const command = item(retry).command!;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    assert.deepEqual(labels(await children(t, fleet)).slice(0, 2), ['BuildNumber', 'Parameters']);
  });

  test('a failure injected at the gateway boundary stays in its section; the rest of the stack shows', async () => {
    connect({
      decorate: (g) =>
        withOverrides(g, {
          scaling: {
            describeAutoScalingGroups: async () => {
              throw new t.AwsError(
                'AccessDenied',
                'Access denied: the credentials in use may not call autoscaling:DescribeAutoScalingGroups.',
                'Ask for an IAM policy that allows autoscaling:DescribeAutoScalingGroups.',
                'autoscaling:DescribeAutoScalingGroups',
              );
            },
          },
        }),
    });
    const sections = await children(t, await path(t, 'fleet'));
    const groups = await children(t, find(sections, 'Auto Scaling groups'));
    assert.equal(
      label(groups[0]!),
      'Access denied: the credentials in use may not call autoscaling:DescribeAutoScalingGroups.',
    );
    assert.deepEqual(labels(await children(t, find(sections, 'Resources'))).sort(), [
      'AppRole',
      'Bastion',
      'Group',
      'LaunchConfig',
    ]);
  });

  test('a command that meets an AWS error says so once, with the next step (no exception)', async () => {
    proxy.intercept = (c) =>
      c.action === 'DescribeStackResource' ? accessDenied('cloudformation:DescribeStackResource') : undefined;
    const lc = find(await children(t, await path(t, 'fleet', 'Resources')), 'LaunchConfig');
    const doc = await vscode.commands.executeCommand('cfnHup.metadata.showLive', lc);
    assert.equal(doc, undefined);
    assert.deepEqual(errors, [
      'cfn-hup: Access denied: the credentials in use may not call cloudformation:DescribeStackResource. Ask for an IAM policy that allows cloudformation:DescribeStackResource (see "AWS permissions" in the README for the full list).',
    ]);
    assert.equal((t.lastCommandError as { kind?: string }).kind, 'AccessDenied');
  });
});

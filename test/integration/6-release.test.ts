import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { suite, suiteSetup, suiteTeardown, setup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeStacksCommand,
  ListChangeSetsCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import type { AwsGateways } from '../../src/aws/gateways';
import { AwsError } from '../../src/core/aws/errors';
import type { ReleaseResult } from '../../src/vscode/release';
import type { CfnHupTesting } from '../../src/vscode/testing';
import { awsErrorReply, startProxy, withOverrides, type AwsCall, type Proxy } from './explorer/aws';
import { closeAllEditors, extension, testingApi, waitForAnalysis } from './helpers';
import {
  DUMMY_CREDENTIALS,
  KEEP,
  REGION,
  ScriptedPrompter,
  motoSkipReason,
  startMoto,
  type Answer,
  type Moto,
} from './release-helpers';

/**
 * The release commands in a real VS Code, their AWS layer pointed at moto on
 * loopback (dummy credentials, passed explicitly). Prompts are answered by a
 * scripted Prompter (modal dialogs cannot be clicked in a test); every wait is
 * the command's own completion or an event, never a sleep.
 */
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Every parameter is passed explicitly: moto answers UsePreviousValue with HTTP 500 for one left at its Default.
const PARAMETERS = { BuildNumber: '41', Environment: 'dev', DbPassword: 's3cret', FleetSize: '2' };
const TAGS = [
  { Key: 'team', Value: 'ops' },
  { Key: 'cost-center', Value: '42' },
];
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:releases';
const ROLE = 'arn:aws:iam::123456789012:role/cfn-deploy';

suite('Releases (against moto on loopback)', function () {
  let moto: Moto | undefined;
  let cfn: CloudFormationClient;
  let autoScaling: AutoScalingClient;
  let hook: CfnHupTesting;
  let template: string;
  const logged: string[] = [];
  let logSubscription: vscode.Disposable | undefined;

  async function createFleet(name = 'fleet'): Promise<void> {
    await cfn.send(
      new CreateStackCommand({
        StackName: name,
        TemplateBody: template,
        Capabilities: ['CAPABILITY_IAM'],
        Tags: TAGS,
        NotificationARNs: [TOPIC],
        RoleARN: ROLE,
        Parameters: Object.entries(PARAMETERS).map(([ParameterKey, ParameterValue]) => ({
          ParameterKey,
          ParameterValue,
        })),
      }),
    );
  }

  async function describe(name = 'fleet') {
    const s = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0]!;
    return {
      status: s.StackStatus,
      parameters: Object.fromEntries((s.Parameters ?? []).map((p) => [p.ParameterKey, p.ParameterValue])),
      tags: (s.Tags ?? []).map((t) => [t.Key, t.Value]),
      capabilities: s.Capabilities ?? [],
      notificationArns: s.NotificationARNs ?? [],
      roleArn: s.RoleARN,
    };
  }

  async function changeSets(name = 'fleet') {
    // moto lists every stack's change sets whatever StackName says: keep this stack's.
    const all = (await cfn.send(new ListChangeSetsCommand({ StackName: name }))).Summaries ?? [];
    return all
      .filter((s) => s.StackName === name)
      .map((s) => ({ name: s.ChangeSetName, execution: s.ExecutionStatus }));
  }

  /** Runs a command with scripted answers; every answer must have been used. */
  async function run(
    command: string,
    answers: Answer[],
    ...args: unknown[]
  ): Promise<{ result: ReleaseResult; prompter: ScriptedPrompter }> {
    const prompter = new ScriptedPrompter(answers, ['42-beta']);
    hook.session.usePrompter(prompter);
    const result = await vscode.commands.executeCommand<ReleaseResult>(command, ...args);
    assert.ok(result, `${command} returned its result`);
    assert.equal(prompter.unanswered, 0, `every scripted answer was asked for: ${JSON.stringify(prompter.asked)}`);
    return { result, prompter };
  }

  /** The extension's AWS connection: moto, with some calls replaced (faults at the port boundary) when asked. */
  function connect(decorate?: (g: AwsGateways) => AwsGateways): void {
    hook.session.useConnection({
      endpointUrl: moto!.endpoint,
      region: REGION,
      credentials: DUMMY_CREDENTIALS,
      pollMs: 200,
      ...(decorate ? { decorate } : {}),
    });
  }

  async function openTemplate(content: string): Promise<vscode.TextDocument> {
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content });
    await vscode.window.showTextDocument(doc, { preview: false });
    const analysis = await waitForAnalysis(doc);
    assert.equal(analysis.isTemplate, true);
    return doc;
  }

  const releaseSettings = () => vscode.workspace.getConfiguration('cfnHup.release');

  suiteSetup(async function () {
    this.timeout(90_000);
    const skip = motoSkipReason();
    if (skip) {
      console.log(`release tests skipped: ${skip}`);
      this.skip();
    }
    template = readFileSync(
      path.join(extension().extensionPath, 'test', 'fixtures', 'aws', 'fleet-stack.yaml'),
      'utf8',
    );
    hook = await testingApi();
    moto = await startMoto();
    const client = { region: REGION, endpoint: moto.endpoint, credentials: DUMMY_CREDENTIALS };
    cfn = new CloudFormationClient(client);
    autoScaling = new AutoScalingClient(client);
    connect();
    logSubscription = hook.release.onDidLog((line) => logged.push(line));
    // These tests do not test the live convergence view (7-instances does, with an SSM stand-in): against moto alone
    // (whose SSM answers HTML) it would only outlive its test, open its document over the next test's editor.
    await releaseSettings().update('watchInstances', false, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    logSubscription?.dispose();
    await releaseSettings().update('watchInstances', undefined, vscode.ConfigurationTarget.Global);
    if (hook) {
      hook.session.usePrompter(undefined);
      hook.session.useConnection(undefined);
    }
    cfn?.destroy();
    autoScaling?.destroy();
    await moto?.stop();
    await closeAllEditors();
  });

  /** The stack's notification topic (moto checks that it exists); SNS over its query API, no SNS client needed. */
  async function createTopic(): Promise<void> {
    const res = await fetch(`${moto!.endpoint}/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        // moto routes by the credential scope's service; it checks no signature.
        Authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${REGION}/sns/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: 'Action=CreateTopic&Name=releases&Version=2010-03-31',
    });
    assert.ok(res.ok && (await res.text()).includes(TOPIC), 'the SNS topic was made');
  }

  setup(async () => {
    logged.length = 0;
    await moto!.reset();
    await createTopic();
    await createFleet();
  });

  teardown(async () => {
    hook?.session.usePrompter(undefined);
    if (moto) connect();
    await closeAllEditors();
  });

  test('Release New Build on a stack node: change set, confirmation, UPDATE_COMPLETE; every parameter (NoEcho too), tag and capability survives', async () => {
    const before = await describe();
    const { result, prompter } = await run('cfnHup.release.newBuild', [KEEP, 'Execute'], {
      kind: 'stack',
      stackName: 'fleet',
    });
    assert.equal(result.kind, 'succeeded', result.message);

    const [input, modal] = prompter.asked;
    assert.equal(input!.value, '42', 'the next build is proposed');
    assert.equal(input!.validation![0], undefined);
    assert.match(input!.validation![1]!, /does not match AllowedPattern/, 'checked as the user types, before any call');
    assert.match(modal!.message!, /^Release BuildNumber "41" → "42" to fleet\?/);
    assert.match(modal!.detail!, /^Change set cfn-hup-tools-BuildNumber-\d+:/);
    assert.match(modal!.detail!, /cfn-auto-reloader-hook/);

    const after = await describe();
    assert.equal(after.status, 'UPDATE_COMPLETE');
    assert.deepEqual(after.parameters, { ...before.parameters, BuildNumber: '42' });
    assert.equal(after.parameters.DbPassword, 's3cret', 'the NoEcho value survived (moto shows it; AWS would mask it)');
    assert.deepEqual(
      after.tags,
      TAGS.map((t) => [t.Key, t.Value]),
    );
    assert.deepEqual(after.capabilities, before.capabilities);
    assert.deepEqual(after.notificationArns, [TOPIC], 'the notification topic survived');
    assert.equal(after.roleArn, ROLE, 'the service role survived');
    // The executed change set is the only one (moto keeps it listed as EXECUTE_COMPLETE).
    assert.deepEqual(
      (await changeSets()).map((c) => c.execution),
      ['EXECUTE_COMPLETE'],
    );

    assert.ok(result.kind === 'succeeded' && result.convergence);
    assert.equal(
      result.convergence.groups[0]!.configurations.reduce((n, c) => n + c.instances, 0),
      2,
      'instances per launch configuration',
    );
    assert.equal(result.convergence.maxIntervalMinutes, 2);
    assert.match(result.message, /should have polled by \d\d:\d\d UTC/);
    assert.ok(
      logged.some((l) => /^fleet .*UPDATE_COMPLETE +fleet \(AWS::CloudFormation::Stack\)/.test(l)),
      `the stack events are in the log: ${logged.join('\n')}`,
    );
  });

  test('from the palette the stack is asked for; declining the confirmation leaves no change set and the stack untouched', async () => {
    const before = await describe();
    const { result, prompter } = await run('cfnHup.release.newBuild', ['fleet', KEEP, undefined]);
    assert.equal(result.kind, 'declined', result.message);
    assert.deepEqual(prompter.asked[0]!.items, ['fleet']);
    assert.equal(prompter.asked[2]!.kind, 'modal');
    assert.deepEqual(await changeSets(), []);
    assert.deepEqual(await describe(), before);
  });

  test('refused, with no change set left: a stack in REVIEW_IN_PROGRESS, an invalid value, "No updates are to be performed"', async () => {
    const before = await describe();
    await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'pending',
        ChangeSetName: 'create',
        ChangeSetType: 'CREATE',
        TemplateBody: template,
        Capabilities: ['CAPABILITY_IAM'],
        Parameters: Object.entries(PARAMETERS).map(([ParameterKey, ParameterValue]) => ({
          ParameterKey,
          ParameterValue,
        })),
      }),
    );
    const busy = await run('cfnHup.release.newBuild', [], { kind: 'stack', stackName: 'pending' });
    assert.deepEqual([busy.result.kind, busy.result.kind === 'refused' && busy.result.reason], ['refused', 'busy']);
    assert.match(busy.result.message, /REVIEW_IN_PROGRESS/);
    assert.deepEqual(
      (await changeSets('pending')).map((c) => c.name),
      ['create'],
    );

    const invalid = await run('cfnHup.release.newBuild', ['42-beta'], { kind: 'stack', stackName: 'fleet' });
    assert.deepEqual(
      [invalid.result.kind, invalid.result.kind === 'refused' && invalid.result.reason],
      ['refused', 'invalid-value'],
    );
    assert.match(invalid.result.message, /AllowedPattern/);

    // The deployed template, unchanged, with every parameter kept: nothing to do.
    await openTemplate(template);
    const same = await run('cfnHup.release.updateFromTemplate', [], { kind: 'stack', stackName: 'fleet' });
    assert.deepEqual(
      [same.result.kind, same.result.kind === 'refused' && same.result.reason],
      ['refused', 'no-changes'],
    );
    assert.match(same.result.message, /No updates are to be performed/);

    assert.deepEqual(await changeSets(), []);
    assert.deepEqual(await describe(), before);
  });

  test('Cancel while the change set is being made deletes it', async () => {
    // Press Cancel the moment the change set exists (the log line is written synchronously, before the next poll).
    const cancelOnCreate = hook.release.onDidLog((line) => {
      if (line.startsWith('Creating change set')) assert.equal(hook.release.cancelActive(), 1);
    });
    try {
      const { result } = await run('cfnHup.release.newBuild', [KEEP], { kind: 'stack', stackName: 'fleet' });
      assert.equal(result.kind, 'cancelled', result.message);
      assert.match(result.message, /was deleted/);
    } finally {
      cancelOnCreate.dispose();
    }
    assert.deepEqual(await changeSets(), []);
    assert.equal((await describe()).parameters.BuildNumber, '41');
  });

  test('Cancel (the progress notification) while the instances are counted: the change set is deleted (ListChangeSets empty), nothing executed, said so', async () => {
    const before = await describe();
    let pressed = 0;
    connect((g) =>
      withOverrides(g, {
        stacks: {
          // The instance count starts with the stack's resources: press Cancel there, once.
          listStackResources: (name, signal) => {
            if (!pressed) pressed = hook.release.cancelActive();
            return g.stacks.listStackResources(name, signal);
          },
        },
      }),
    );
    const { result, prompter } = await run('cfnHup.release.newBuild', [KEEP], { kind: 'stack', stackName: 'fleet' });
    assert.equal(pressed, 1, 'one release progress was running');
    assert.equal(result.kind, 'cancelled', result.message);
    assert.match(
      result.message,
      /^fleet: Cancelled before executing; the stack was not changed\. The change set cfn-hup-tools-BuildNumber-\d+ was deleted\.$/,
    );
    assert.ok(!prompter.asked.some((a) => a.kind === 'modal'), 'never asked to execute');
    assert.deepEqual(await changeSets(), []);
    assert.deepEqual(await describe(), before);
  });

  test('a failure before execute (DescribeChangeSet throttled) deletes the change set; the stack is untouched', async () => {
    const before = await describe();
    let failed = false;
    connect((g) =>
      withOverrides(g, {
        release: {
          describeChangeSet: (stack, name, signal) => {
            if (failed) return g.release.describeChangeSet(stack, name, signal);
            failed = true;
            return Promise.reject(
              new AwsError(
                'Throttled',
                'Rate exceeded',
                'Wait a minute and try again.',
                'cloudformation:DescribeChangeSet',
              ),
            );
          },
        },
      }),
    );
    const { result } = await run('cfnHup.release.newBuild', [KEEP], { kind: 'stack', stackName: 'fleet' });
    assert.equal(result.kind, 'failed', result.message);
    assert.match(
      result.message,
      /^fleet: Rate exceeded.* The change set cfn-hup-tools-BuildNumber-\d+ was deleted\. The stack was not changed\.$/,
    );
    assert.deepEqual(await changeSets(), []);
    assert.deepEqual(await describe(), before);
  });

  test('the connection is lost after ExecuteChangeSet: the stack is read again and its real status and build value reported', async () => {
    connect((g) =>
      withOverrides(g, {
        release: {
          executeChangeSet: async (stack, name, signal, token) => {
            await g.release.executeChangeSet(stack, name, signal, token);
            throw new AwsError(
              'Network',
              'Could not reach AWS (ECONNRESET: socket hang up).',
              '',
              'cloudformation:ExecuteChangeSet',
            );
          },
        },
      }),
    );
    const { result } = await run('cfnHup.release.newBuild', [KEEP, 'Execute'], { kind: 'stack', stackName: 'fleet' });
    // moto finishes an update at once: the re-read finds it done.
    assert.equal(result.kind, 'succeeded', result.message);
    assert.match(
      result.message,
      /^The connection to AWS was lost while executing change set cfn-hup-tools-BuildNumber-\d+ \(Could not reach AWS .*\); the update may or may not have started\. Read again: fleet is UPDATE_COMPLETE; BuildNumber is "42"\. UPDATE_COMPLETE: fleet: BuildNumber is now "42"\./,
    );
    assert.equal((await describe()).parameters.BuildNumber, '42');
  });

  test('Cancel once the change set is executing: never "cancelled" — the update goes on, and where to watch it', async () => {
    connect((g) =>
      withOverrides(g, {
        release: {
          executeChangeSet: async (stack, name, signal, token) => {
            await g.release.executeChangeSet(stack, name, signal, token);
            assert.equal(hook.release.cancelActive(), 1);
          },
        },
      }),
    );
    const { result } = await run('cfnHup.release.newBuild', [KEEP, 'Execute'], { kind: 'stack', stackName: 'fleet' });
    assert.equal(result.kind, 'stopped', result.message);
    assert.doesNotMatch(result.message, /cancel/i);
    assert.match(
      result.message,
      /^fleet: Stopped following: the update of fleet goes on in CloudFormation\. Watch it in the cfn-hup AWS Stacks view\.$/,
    );
    assert.deepEqual(
      (await changeSets()).map((c) => c.execution),
      ['EXECUTE_COMPLETE'],
      'the executed change set was not deleted',
    );
    assert.equal((await describe()).parameters.BuildNumber, '42');
  });

  test('a CodeLens on the build parameter of an open template releases to the stack the user picks', async () => {
    const doc = await openTemplate(template);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const lens = lenses.find((l) => l.command?.command === 'cfnHup.release.newBuild');
    assert.ok(lens?.command, `a "Release new build" lens among ${lenses.map((l) => l.command?.title).join(', ')}`);
    assert.equal(doc.getText(lens.range), 'BuildNumber');
    assert.ok(lenses.some((l) => l.command?.command === 'cfnHup.release.updateFromTemplate'));
    const { result, prompter } = await run(
      lens.command.command,
      ['fleet', KEEP, 'Execute'],
      ...(lens.command.arguments ?? []),
    );
    assert.equal(result.kind, 'succeeded', result.message);
    assert.match(prompter.asked[0]!.title!, /Release a new BuildNumber to which stack\?/);
    assert.equal((await describe()).parameters.BuildNumber, '42');
  });

  test('the CodeLens offers only stacks whose deployed template declares the parameter, the last one released from this file first; says so when none does', async () => {
    await createFleet('fleet-b');
    // A stack whose template has no BuildNumber: never offered for a BuildNumber release.
    await cfn.send(
      new CreateStackCommand({
        StackName: 'no-build',
        TemplateBody: JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }),
      }),
    );
    const doc = await openTemplate(template);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const lens = lenses.find((l) => l.command?.command === 'cfnHup.release.newBuild')!;
    const first = await run(lens.command!.command, ['fleet-b', KEEP, 'Execute'], ...(lens.command!.arguments ?? []));
    assert.equal(first.result.kind, 'succeeded', first.result.message);
    const offered = first.prompter.asked[0]!.items!;
    assert.ok(offered.includes('fleet') && offered.includes('fleet-b'), JSON.stringify(offered));
    assert.ok(!offered.includes('no-build'), 'a stack without the parameter is not offered');

    // The stack last released from this file comes first.
    const second = await run(lens.command!.command, [undefined], ...(lens.command!.arguments ?? []));
    assert.equal(second.result.kind, 'cancelled');
    assert.equal(second.prompter.asked[0]!.items![0], 'fleet-b');

    // No stack declares the parameter: said plainly, nothing asked.
    const none = await run(lens.command!.command, [], {
      ...(lens.command!.arguments![0] as object),
      parameter: 'ReleaseTag',
    });
    assert.equal(none.result.kind, 'refused');
    assert.match(none.result.message, /No stack in us-east-1 declares ReleaseTag/);
  });

  test('Update Stack from Template: a new parameter without a Default is asked for, every other parameter, tag and capability kept', async () => {
    const before = await describe();
    const changed = template.replace(
      '\nConditions:',
      '\n  Owner:\n    Type: String\n    AllowedPattern: "[a-z]+"\nConditions:',
    );
    await openTemplate(changed);
    const { result, prompter } = await run('cfnHup.release.updateFromTemplate', ['ops', 'Execute'], {
      kind: 'stack',
      stackName: 'fleet',
    });
    assert.equal(result.kind, 'succeeded', result.message);
    assert.match(prompter.asked[0]!.title!, /adds parameter Owner with no Default/);
    assert.match(prompter.asked[1]!.message!, /^Update fleet from Untitled-\d+ ?\?|^Update fleet from .+\?/);
    const after = await describe();
    assert.equal(after.status, 'UPDATE_COMPLETE');
    assert.deepEqual(after.parameters, { ...before.parameters, Owner: 'ops' });
    assert.deepEqual(after.tags, before.tags);
    assert.deepEqual(after.capabilities, before.capabilities);
    assert.deepEqual(after.notificationArns, [TOPIC]);
    assert.equal(after.roleArn, ROLE);
  });

  /** The Capabilities.member.N of a recorded query call, in order. */
  const capabilitiesOf = (call: AwsCall) =>
    [...call.params.entries()]
      .filter(([k]) => /^Capabilities\.member\.\d+$/.test(k))
      .sort(([a], [b]) => Number(a.split('.')[2]) - Number(b.split('.')[2]))
      .map(([, v]) => v);

  /**
   * moto (5.2.1) neither enforces capabilities on CreateChangeSet nor keeps a stack's: a loopback
   * proxy in front of it answers a CreateChangeSet without CAPABILITY_NAMED_IAM as CloudFormation
   * does (InsufficientCapabilitiesException in its wire format, so the real SDK and the AWS
   * layer's error translation read it) and lets every other call through to moto; DescribeStacks
   * is given back the CAPABILITY_IAM the stack was created with (a port override: moto drops it).
   */
  async function requiringNamedIam(): Promise<Proxy> {
    const proxy = await startProxy(moto!.endpoint, () => undefined);
    proxy.intercept = (call) =>
      call.action === 'CreateChangeSet' && !capabilitiesOf(call).includes('CAPABILITY_NAMED_IAM')
        ? awsErrorReply('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_NAMED_IAM]')
        : undefined;
    hook.session.useConnection({
      endpointUrl: proxy.endpoint,
      region: REGION,
      credentials: DUMMY_CREDENTIALS,
      pollMs: 200,
      decorate: (g) =>
        withOverrides(g, {
          stacks: {
            describeStack: async (name, signal) => ({
              ...(await g.stacks.describeStack(name, signal)),
              capabilities: ['CAPABILITY_IAM'],
            }),
          },
        }),
    });
    return proxy;
  }

  /** The fleet template with a role that has a custom name: CloudFormation asks for CAPABILITY_NAMED_IAM. */
  const withNamedRole = () =>
    template.replace(
      '\nResources:\n',
      `\nResources:
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: fleet-deploy
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
`,
    );

  test('Update Stack from Template: refused for CAPABILITY_NAMED_IAM, "Acknowledge and Update" adds exactly it to the stack\'s own; confirmed, UPDATE_COMPLETE, every parameter, tag, topic and role kept', async () => {
    const before = await describe();
    const proxy = await requiringNamedIam();
    try {
      await openTemplate(withNamedRole());
      const { result, prompter } = await run(
        'cfnHup.release.updateFromTemplate',
        ['Acknowledge and Update', 'Execute'],
        {
          kind: 'stack',
          stackName: 'fleet',
        },
      );
      assert.equal(result.kind, 'succeeded', result.message);
      const [ack, confirm] = prompter.asked;
      assert.equal(ack!.kind, 'modal');
      assert.match(
        ack!.message!,
        /^CloudFormation will not update fleet from .+ until you acknowledge CAPABILITY_NAMED_IAM\.$/,
      );
      assert.deepEqual(ack!.items, ['Acknowledge and Update']);
      assert.match(
        ack!.detail!,
        /^CAPABILITY_NAMED_IAM: The template creates or changes IAM resources with custom names/,
      );
      assert.match(ack!.detail!, /the stack's own \(CAPABILITY_IAM\) and CAPABILITY_NAMED_IAM, no other capability/);
      assert.match(ack!.detail!, /Nothing was created; fleet was not changed\./);
      assert.match(confirm!.message!, /^Update fleet from .+\?/, 'the change set is still confirmed before execute');

      const creates = proxy.calls.filter((c) => c.action === 'CreateChangeSet');
      assert.deepEqual(creates.map(capabilitiesOf), [['CAPABILITY_IAM'], ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM']]);
      const kept = (c: AwsCall) =>
        [1, 2, 3, 4].map((i) => [
          c.params.get(`Parameters.member.${i}.ParameterKey`),
          c.params.get(`Parameters.member.${i}.UsePreviousValue`),
        ]);
      assert.deepEqual(kept(creates[1]!), [
        ['BuildNumber', 'true'],
        ['Environment', 'true'],
        ['DbPassword', 'true'],
        ['FleetSize', 'true'],
      ]);
      assert.equal(proxy.count('ExecuteChangeSet'), 1);

      const after = await describe();
      assert.equal(after.status, 'UPDATE_COMPLETE');
      assert.deepEqual(after.parameters, before.parameters);
      assert.deepEqual(after.tags, before.tags);
      assert.deepEqual(after.notificationArns, [TOPIC]);
      assert.equal(after.roleArn, ROLE);
      const resources =
        (await cfn.send(new ListStackResourcesCommand({ StackName: 'fleet' }))).StackResourceSummaries ?? [];
      assert.ok(
        resources.some((r) => r.LogicalResourceId === 'DeployRole'),
        'the named role was deployed',
      );
      assert.deepEqual(
        (await changeSets()).map((c) => c.execution),
        ['EXECUTE_COMPLETE'],
        'only the acknowledged change set exists: the refused one was never created',
      );
      assert.ok(
        !logged.some((l) => /--capability/.test(l)),
        `the editor never points to the CLI flag: ${logged.join('\n')}`,
      );
    } finally {
      await proxy.close();
    }
  });

  test('Update Stack from Template: Cancel on the capability modal creates and changes nothing, and says so', async () => {
    const before = await describe();
    const proxy = await requiringNamedIam();
    try {
      await openTemplate(withNamedRole());
      const { result, prompter } = await run('cfnHup.release.updateFromTemplate', [undefined], {
        kind: 'stack',
        stackName: 'fleet',
      });
      assert.equal(result.kind, 'declined', result.message);
      assert.equal(
        result.message,
        'Not updating fleet: CAPABILITY_NAMED_IAM not acknowledged. Nothing was created or changed.',
      );
      assert.equal(prompter.asked.length, 1);
      assert.equal(proxy.count('CreateChangeSet'), 1);
      assert.equal(proxy.count('ExecuteChangeSet'), 0);
      assert.deepEqual(await changeSets(), []);
      assert.deepEqual(await describe(), before);
    } finally {
      await proxy.close();
    }
  });

  test('Update Stack from Template: over 51,200 bytes without cfnHup.templateBucket says exactly why it cannot deploy', async () => {
    await openTemplate(`${template}\n${'# padding past the TemplateBody limit of CloudFormation\n'.repeat(1000)}`);
    const { result } = await run('cfnHup.release.updateFromTemplate', [], { kind: 'stack', stackName: 'fleet' });
    assert.deepEqual([result.kind, result.kind === 'refused' && result.reason], ['refused', 'too-large']);
    assert.match(result.message, /bytes, over the 51200-byte TemplateBody limit.*cfnHup\.templateBucket/);
    assert.deepEqual(await changeSets(), []);
  });

  test('Replace Instances on a group node, one at a time: each replacement InService before the next, capacity kept', async () => {
    const resources =
      (await cfn.send(new ListStackResourcesCommand({ StackName: 'fleet' }))).StackResourceSummaries ?? [];
    const groupName = resources.find(
      (r) => r.ResourceType === 'AWS::AutoScaling::AutoScalingGroup',
    )!.PhysicalResourceId!;
    const group = async () =>
      (await autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName] })))
        .AutoScalingGroups![0]!;
    const old = (await group()).Instances!.map((i) => i.InstanceId);
    assert.equal(old.length, 2);
    const { result, prompter } = await run('cfnHup.release.replaceInstances', ['One at a time', 'Replace Instances'], {
      kind: 'autoScalingGroup',
      stackName: 'fleet',
      groupName,
    });
    assert.equal(result.kind, 'succeeded', result.message);
    assert.match(prompter.asked[1]!.detail!, /without lowering the desired capacity \(2\).*Never all at once/s);
    const now = await group();
    assert.equal(now.DesiredCapacity, 2);
    const inService = now.Instances!.filter((i) => i.LifecycleState === 'InService').map((i) => i.InstanceId);
    assert.equal(inService.length, 2);
    assert.deepEqual(
      inService.filter((id) => old.includes(id)),
      [],
      'every old instance was replaced',
    );
    const terminations = logged.filter((l) => /Terminating i-/.test(l));
    assert.equal(terminations.length, 2);
    assert.match(terminations[0]!, /\(1\/2\)/);
    assert.match(terminations[1]!, /\(2\/2\)/);
  });

  test('Replace Instances: Cancel once an instance is terminated never says "cancelled": its replacement goes on in Auto Scaling; no second termination', async () => {
    const resources =
      (await cfn.send(new ListStackResourcesCommand({ StackName: 'fleet' }))).StackResourceSummaries ?? [];
    const groupName = resources.find(
      (r) => r.ResourceType === 'AWS::AutoScaling::AutoScalingGroup',
    )!.PhysicalResourceId!;
    const terminated: string[] = [];
    connect((g) =>
      withOverrides(g, {
        scaling: {
          terminateInstanceKeepingCapacity: async (id, signal) => {
            await g.scaling.terminateInstanceKeepingCapacity(id, signal);
            terminated.push(id);
            assert.equal(hook.release.cancelActive(), 1);
          },
        },
      }),
    );
    const { result } = await run('cfnHup.release.replaceInstances', ['One at a time', 'Replace Instances'], {
      kind: 'autoScalingGroup',
      stackName: 'fleet',
      groupName,
    });
    assert.equal(result.kind, 'stopped', result.message);
    assert.doesNotMatch(result.message, /cancel/i);
    assert.match(
      result.message,
      new RegExp(
        `^Stopped following: the replacement of ${terminated[0]} \\(terminated; the group launches another\\) goes on in Auto Scaling\\. Watch it in the cfn-hup AWS Stacks view`,
      ),
    );
    assert.equal(terminated.length, 1, 'the next instance is not touched');
  });
});

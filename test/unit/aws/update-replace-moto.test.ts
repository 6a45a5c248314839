import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListChangeSetsCommand,
  waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { main } from '../../../src/cli/main';
import { createGateways, type AwsGateways } from '../../../src/aws/gateways';
import type { CliAws } from '../../../src/cli/aws-options';
import { FakeClock } from '../helpers/fakeAws';
import { DUMMY_CREDENTIALS, REGION, motoSkipReason, startMoto, type Moto } from './helpers/moto';
import { FIXTURES } from './helpers/recorded';

/**
 * Issue 15: `update` and `replace` end to end against moto on loopback, through the real SDK
 * adapters: what reaches the stack, what survives it, and that every refusal leaves the stack
 * (its parameters, template and change sets) and the fleet as they were. Moto has no instance
 * refresh (StartInstanceRefresh / DescribeInstanceRefreshes) and reports every instance on the
 * group's current launch configuration, so a refresh and "only the outdated instances" are
 * tested on recorded responses (update-replace-recorded.test.ts).
 */
const skip = motoSkipReason();
const TEMPLATE = readFileSync(join(FIXTURES, 'fleet-stack.yaml'), 'utf8');
// Every parameter is passed explicitly: moto answers UsePreviousValue with HTTP 500 for one left at its Default.
const PARAMETERS = { BuildNumber: '41', Environment: 'dev', DbPassword: 's3cret', FleetSize: '2' };
const TAGS = [
  { Key: 'team', Value: 'ops' },
  { Key: 'cost-center', Value: '42' },
];
const TOPIC = `arn:aws:sns:${REGION}:123456789012:releases`;
const ROLE = 'arn:aws:iam::123456789012:role/cfn-deployer';

/** The template as edited locally: the build file's text changes (a hook fires) and AlarmEmail is new. */
function edited(alarm: 'default' | 'required'): string {
  return TEMPLATE.replace(
    "'build ${BuildNumber} (${Environment})'",
    "'release ${BuildNumber} (${Environment})'",
  ).replace(
    'Conditions:',
    `  AlarmEmail:\n    Type: String\n    AllowedPattern: '.+@.+'\n${alarm === 'default' ? '    Default: ops@example.com\n' : ''}Conditions:`,
  );
}

function folder(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'cfn-hup-update-moto-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

describe('update and replace against moto', { skip }, () => {
  let moto: Moto;
  let cfn: CloudFormationClient;
  let autoscaling: AutoScalingClient;
  let s3: S3Client;
  const env = {
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    AWS_REGION: REGION,
  };

  async function cli(
    args: string[],
    options: {
      cwd?: string;
      endpoint?: string;
      decorate?: (g: AwsGateways) => void;
      signal?: { aborted: boolean };
    } = {},
  ) {
    let stdout = '';
    let stderr = '';
    const aws: CliAws & { signal?: { aborted: boolean } } = {
      gateways: (o) => {
        const g = createGateways(o);
        options.decorate?.(g);
        return g;
      },
      clock: new FakeClock(Date.now()),
      pollMs: 1000,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    const code = await main(
      [...args, '--endpoint-url', options.endpoint ?? moto.endpoint],
      { cwd: options.cwd ?? process.cwd(), stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env },
      aws,
    );
    return { code, stdout, stderr };
  }

  /** Everything a refusal must leave as it was: status, parameters, tags, topics, role, template, change sets. */
  async function stackState() {
    const s = (await cfn.send(new DescribeStacksCommand({ StackName: 'fleet' }))).Stacks![0]!;
    const template = (await cfn.send(new GetTemplateCommand({ StackName: 'fleet' }))).TemplateBody;
    const changeSets = (await cfn.send(new ListChangeSetsCommand({ StackName: 'fleet' }))).Summaries ?? [];
    return {
      status: s.StackStatus,
      parameters: Object.fromEntries((s.Parameters ?? []).map((p) => [p.ParameterKey, p.ParameterValue])),
      tags: s.Tags?.map((t) => [t.Key, t.Value]),
      capabilities: s.Capabilities ?? [],
      notificationArns: s.NotificationARNs ?? [],
      roleArn: s.RoleARN,
      template,
      changeSets: changeSets.length,
    };
  }

  async function fleetGroup() {
    const g = (await autoscaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups![0]!;
    return {
      name: g.AutoScalingGroupName!,
      desired: g.DesiredCapacity,
      instances: (g.Instances ?? []).map((i) => ({
        id: i.InstanceId!,
        state: i.LifecycleState,
        health: i.HealthStatus,
      })),
    };
  }

  before(async () => {
    moto = await startMoto();
    const client = { region: REGION, endpoint: moto.endpoint, credentials: DUMMY_CREDENTIALS };
    cfn = new CloudFormationClient(client);
    autoscaling = new AutoScalingClient(client);
    s3 = new S3Client({ ...client, forcePathStyle: true });
  });
  after(async () => {
    cfn?.destroy();
    autoscaling?.destroy();
    s3?.destroy();
    await moto?.stop();
  });
  beforeEach(async () => {
    await moto.reset();
    // The stack's notification topic must exist: moto publishes the stack's events to it.
    // (No SNS client in the project: one query-protocol call, signed only as far as moto reads it.)
    const topic = await fetch(moto.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${REGION}/sns/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: 'Action=CreateTopic&Name=releases&Version=2010-03-31',
    });
    assert.ok(topic.ok, `CreateTopic: ${topic.status}`);
    await cfn.send(
      new CreateStackCommand({
        StackName: 'fleet',
        TemplateBody: TEMPLATE,
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
    await waitUntilStackCreateComplete(
      { client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
      { StackName: 'fleet' },
    );
  });

  test('update --yes deploys the local template; every parameter (NoEcho too), tag, topic, role and capability survives', async () => {
    const before = await stackState();
    assert.deepEqual(before.notificationArns, [TOPIC], 'the set-up has a topic to keep');
    assert.equal(before.roleArn, ROLE);
    const cwd = folder({ 'new.yaml': edited('default') });
    const out = await cli(['update', '--stack', 'fleet', '--template', 'new.yaml', '--yes'], { cwd });
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(
      out.stdout,
      /parameters BuildNumber \(kept\), Environment \(kept\), DbPassword \(kept\), FleetSize \(kept\); .*tags, topics and role kept/,
    );
    assert.match(out.stdout, /Executing the change set/);
    assert.match(out.stdout, /UPDATE_COMPLETE: fleet was updated from new\.yaml\./);
    const afterwards = await stackState();
    assert.equal(afterwards.status, 'UPDATE_COMPLETE');
    assert.deepEqual(afterwards.parameters, { ...before.parameters, AlarmEmail: 'ops@example.com' });
    assert.equal(afterwards.parameters.DbPassword, 's3cret', 'the NoEcho value survived (moto shows it; AWS masks it)');
    assert.deepEqual(
      afterwards.tags,
      TAGS.map((t) => [t.Key, t.Value]),
    );
    assert.deepEqual(afterwards.notificationArns, [TOPIC]);
    assert.equal(afterwards.roleArn, ROLE);
    assert.deepEqual(afterwards.capabilities, before.capabilities);
    assert.equal(afterwards.template, edited('default'), 'the stack now runs the local template');
  });

  test('update: a new parameter without Default is refused by name until --parameter gives it; the stack untouched, no change set left', async () => {
    const before = await stackState();
    const cwd = folder({ 'new.yaml': edited('required') });
    const refused = await cli(['update', '--stack', 'fleet', '--template', 'new.yaml', '--yes'], { cwd });
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(
      refused.stderr,
      /Not updating fleet: new\.yaml adds AlarmEmail with no Default: give --parameter AlarmEmail=VALUE/,
    );
    assert.match(refused.stderr, /The stack was not changed\./);
    assert.deepEqual(await stackState(), before);

    const invalid = await cli(
      ['update', '--stack', 'fleet', '--template', 'new.yaml', '--parameter', 'AlarmEmail=nobody', '--yes'],
      { cwd },
    );
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /AlarmEmail=nobody would be rejected: .*AllowedPattern/);
    assert.deepEqual(await stackState(), before);

    const unknown = await cli(
      ['update', '--stack', 'fleet', '--template', 'new.yaml', '--parameter', 'Alarm=x@example.com', '--yes'],
      { cwd },
    );
    assert.equal(unknown.code, 2, 'a parameter the template does not declare is a usage error');
    assert.match(unknown.stderr, /new\.yaml declares no parameter Alarm/);
    assert.deepEqual(await stackState(), before);

    const given = await cli(
      ['update', '--stack', 'fleet', '--template', 'new.yaml', '--parameter', 'AlarmEmail=ops@example.com', '--yes'],
      { cwd },
    );
    assert.equal(given.code, 0, given.stdout + given.stderr);
    assert.match(given.stdout, /AlarmEmail \(given\)/);
    const afterwards = await stackState();
    assert.deepEqual(afterwards.parameters, { ...before.parameters, AlarmEmail: 'ops@example.com' });
    assert.deepEqual(afterwards.tags, before.tags);
  });

  test('update: the cfn-hup checks refuse a template with an error before any call; without --yes the change set waits for review', async () => {
    const before = await stackState();
    const cwd = folder({ 'broken.yaml': TEMPLATE.replace('interval=2', 'interval=0'), 'new.yaml': edited('default') });
    const gated = await cli(['update', '--stack', 'fleet', '--template', 'broken.yaml', '--yes'], { cwd });
    assert.equal(gated.code, 1);
    assert.match(gated.stderr, /broken\.yaml has 1 error\(s\) from the cfn-hup checks/);
    assert.match(gated.stderr, /HUP-INTERVAL-INVALID/);
    assert.match(gated.stderr, /The stack was not changed\./);
    assert.deepEqual(await stackState(), before);

    const review = await cli(['update', '--stack', 'fleet', '--template', 'new.yaml'], { cwd });
    assert.equal(review.code, 0, review.stderr);
    assert.match(review.stdout, /Not executed\. Review it, then run again with --yes/);
    const afterwards = await stackState();
    assert.equal(afterwards.changeSets, 1, 'the change set is there to review');
    assert.deepEqual({ ...afterwards, changeSets: 0 }, { ...before, changeSets: 0 }, 'and nothing else changed');
  });

  test('update: a template over 51,200 bytes is refused without --bucket; with one it goes through S3 and the stack runs it', async () => {
    // Comments make it big as real templates are (a Description is limited to 1,024 bytes).
    const big = `${edited('default')}${'# a long template: notes that make it larger than TemplateBody allows\n'.repeat(800)}`;
    assert.ok(Buffer.byteLength(big) > 51_200);
    const cwd = folder({ 'big.yaml': big });
    await s3.send(new CreateBucketCommand({ Bucket: 'templates' }));
    const before = await stackState();

    const refused = await cli(['update', '--stack', 'fleet', '--template', 'big.yaml', '--yes'], { cwd });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /over the 51200-byte TemplateBody limit.*Give one with --bucket\./);
    assert.deepEqual(await stackState(), before);
    assert.equal((await s3.send(new ListObjectsV2Command({ Bucket: 'templates' }))).KeyCount, 0, 'nothing uploaded');

    // moto reads a TemplateURL from S3 only when its host is "localhost" (or an amazonaws.com name):
    // the same loopback server, named so (/etc/hosts maps it to 127.0.0.1).
    const local = moto.endpoint.replace('127.0.0.1', 'localhost');
    const out = await cli(['update', '--stack', 'fleet', '--template', 'big.yaml', '--bucket', 'templates', '--yes'], {
      cwd,
      endpoint: local,
    });
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const key =
      /Uploaded big\.yaml to http:\/\/localhost:\d+\/templates\/(cfn-hup-tools\/fleet\/[^\s]+\.template)\n/.exec(
        out.stdout,
      )?.[1];
    assert.ok(key, out.stdout);
    const stored = await s3.send(new GetObjectCommand({ Bucket: 'templates', Key: key }));
    assert.equal(await stored.Body!.transformToString(), big);
    const afterwards = await stackState();
    assert.equal(afterwards.status, 'UPDATE_COMPLETE');
    assert.equal(afterwards.template, big, 'CloudFormation (moto) read the template from the uploaded object');
    assert.deepEqual(afterwards.parameters, { ...before.parameters, AlarmEmail: 'ops@example.com' });
    assert.deepEqual(afterwards.tags, before.tags);
    assert.deepEqual(afterwards.notificationArns, before.notificationArns);
  });

  test('update: Ctrl-C once the change set is executing stops following only: the update goes on, exit 3', async () => {
    const cwd = folder({ 'new.yaml': edited('default') });
    const signal = { aborted: false };
    const out = await cli(['update', '--stack', 'fleet', '--template', 'new.yaml', '--yes'], {
      cwd,
      signal,
      decorate: (g) => {
        const execute = g.release.executeChangeSet.bind(g.release);
        g.release.executeChangeSet = async (...args) => {
          await execute(...args);
          signal.aborted = true; // the user presses Ctrl-C as the execution starts
        };
      },
    });
    assert.equal(out.code, 3, out.stdout + out.stderr);
    assert.match(out.stderr, /goes on/);
    assert.match(out.stderr, /cfn-hup-tools status --stack fleet/);
    assert.doesNotMatch(out.stderr, /Cancelled/);
    assert.equal((await stackState()).status, 'UPDATE_COMPLETE', 'CloudFormation carried on without the CLI');
  });

  test('replace --one-at-a-time --yes: every instance replaced in turn, the desired capacity kept; the stack untouched', async () => {
    const stackBefore = await stackState();
    const before = await fleetGroup();
    assert.equal(before.instances.length, 2);
    const out = await cli(['replace', '--stack', 'fleet', '--one-at-a-time', '--yes']);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /all 2 InService instances replaced one at a time \(desired capacity 2 kept\)/);
    const order = [...out.stdout.matchAll(/Terminating (i-[0-9a-f]+) \((\d)\/2\)/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(
      order,
      before.instances.map((i, n) => [i.id, String(n + 1)]),
      'one instance at a time, each after the group is whole again',
    );
    assert.match(out.stdout, new RegExp(`Replaced 2 instances of ${before.name} one at a time\\.`));
    const afterwards = await fleetGroup();
    assert.equal(afterwards.desired, 2);
    assert.equal(afterwards.instances.length, 2);
    assert.ok(afterwards.instances.every((i) => i.state === 'InService' && i.health === 'Healthy'));
    assert.deepEqual(
      afterwards.instances.filter((i) => before.instances.some((b) => b.id === i.id)),
      [],
      'no instance of before is left',
    );
    assert.deepEqual(await stackState(), stackBefore);
  });

  test('replace: refusals and a preview start nothing (exit 1 refused, 0 preview, 2 usage)', async () => {
    const before = await fleetGroup();
    const cases: [string[], number, RegExp][] = [
      [
        ['--only-outdated', '--one-at-a-time', '--yes'],
        1,
        /every instance of fleet-Group-\w+ runs its current launch configuration/,
      ],
      [['--group', 'Nope', '--yes'], 1, /fleet has no Auto Scaling group "Nope"; its groups: Group\./],
      [['--one-at-a-time'], 0, /Not started\. Run again with --yes/],
      [['--min-healthy', '0', '--yes'], 2, /--min-healthy must be a whole number from 1 to 100/],
      [['--one-at-a-time', '--min-healthy', '50', '--yes'], 2, /--min-healthy is for an instance refresh/],
    ];
    for (const [extra, code, message] of cases) {
      const out = await cli(['replace', '--stack', 'fleet', ...extra]);
      assert.equal(out.code, code, `${extra.join(' ')}: ${out.stdout}${out.stderr}`);
      assert.match(out.stdout + out.stderr, message, extra.join(' '));
      if (code === 1) assert.match(out.stderr, /Nothing was changed\./);
    }
    assert.deepEqual(await fleetGroup(), before);
  });
});

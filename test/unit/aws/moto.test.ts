import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  ListChangeSetsCommand,
  waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation';
import { main } from '../../../src/cli/main';
import { createGateways } from '../../../src/aws/gateways';
import type { CliAws } from '../../../src/cli/aws-options';
import { FakeClock } from '../helpers/fakeAws';
import { planRelease, updateDirect } from '../../../src/core/release/workflow';
import { DUMMY_CREDENTIALS, REGION, motoSkipReason, startMoto, type Moto } from './helpers/moto';
import { FIXTURES } from './helpers/recorded';

/**
 * End to end against moto on loopback: the SDK adapters and the CLI on a
 * real (emulated) CloudFormation, Auto Scaling and EC2. What moto does not
 * model is covered in recorded.test.ts.
 */
const skip = motoSkipReason();
const TEMPLATE = readFileSync(join(FIXTURES, 'fleet-stack.yaml'), 'utf8');
// Every parameter is passed explicitly: moto answers UsePreviousValue with HTTP 500 for one left at its Default.
const PARAMETERS = { BuildNumber: '41', Environment: 'dev', DbPassword: 's3cret', FleetSize: '2' };
const TAGS = [
  { Key: 'team', Value: 'ops' },
  { Key: 'cost-center', Value: '42' },
];

describe('against moto', { skip }, () => {
  let moto: Moto;
  let cfn: CloudFormationClient;
  // The CLI reads these from its environment; the machine's ~/.aws is never consulted.
  const env = () => ({
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    AWS_REGION: REGION,
  });
  const aws = (): CliAws => ({ gateways: createGateways, clock: new FakeClock(Date.now()), pollMs: 1000 });

  async function cli(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(
      [...args, '--endpoint-url', moto.endpoint],
      { cwd: process.cwd(), stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: env() },
      aws(),
    );
    return { code, stdout, stderr };
  }

  async function createFleet(name = 'fleet'): Promise<void> {
    await cfn.send(
      new CreateStackCommand({
        StackName: name,
        TemplateBody: TEMPLATE,
        Capabilities: ['CAPABILITY_IAM'],
        Tags: TAGS,
        Parameters: Object.entries(PARAMETERS).map(([ParameterKey, ParameterValue]) => ({
          ParameterKey,
          ParameterValue,
        })),
      }),
    );
    await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { StackName: name });
  }

  async function describe_(name = 'fleet') {
    const s = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0]!;
    return {
      status: s.StackStatus,
      parameters: Object.fromEntries((s.Parameters ?? []).map((p) => [p.ParameterKey, p.ParameterValue])),
      tags: s.Tags?.map((t) => [t.Key, t.Value]),
      capabilities: s.Capabilities ?? [],
      notificationArns: s.NotificationARNs ?? [],
      roleArn: s.RoleARN,
    };
  }

  before(async () => {
    moto = await startMoto();
    cfn = new CloudFormationClient({ region: REGION, endpoint: moto.endpoint, credentials: DUMMY_CREDENTIALS });
  });
  after(async () => {
    cfn?.destroy();
    await moto?.stop();
  });
  beforeEach(async () => {
    await moto.reset();
    await createFleet();
  });

  test('status: stack, build, the Auto Scaling group with its InService instances, the stand-alone instance', async () => {
    const out = await cli('status', '--stack', 'fleet');
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^Stack fleet: CREATE_COMPLETE/);
    assert.match(out.stdout, /BuildNumber: 41/);
    assert.match(
      out.stdout,
      /Auto Scaling group Group \(fleet-Group-[A-Z0-9]+\): desired 2, min 2, max 3; launch configuration fleet-LaunchConfig-/,
    );
    assert.equal(out.stdout.match(/i-[0-9a-f]+ {2}InService {2}Healthy {2}\d+\.\d+\.\d+\.\d+\n/g)?.length, 2);
    assert.match(out.stdout, /Bastion {2}i-[0-9a-f]+ {2}running {2}\d+\.\d+\.\d+\.\d+/);
    const json = JSON.parse((await cli('status', '--stack', 'fleet', '--format', 'json')).stdout);
    assert.equal(json.autoScalingGroups[0].instances.length, 2);
    assert.equal(
      json.autoScalingGroups[0].instances.every((i: { outdated: boolean }) => !i.outdated),
      true,
    );
  });

  test('release (change set, --yes): BuildNumber bumped; every other parameter (NoEcho too), tag, capability kept', async () => {
    const before = await describe_();
    const out = await cli('release', '--stack', 'fleet', '--yes');
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /BuildNumber "41" -> "42"/);
    assert.match(out.stdout, /UPDATE_COMPLETE: BuildNumber is now "42"/);
    const afterwards = await describe_();
    assert.equal(afterwards.status, 'UPDATE_COMPLETE');
    assert.deepEqual(afterwards.parameters, { ...before.parameters, BuildNumber: '42' });
    assert.equal(
      afterwards.parameters.DbPassword,
      's3cret',
      'the NoEcho value survived (moto shows it; AWS would mask it)',
    );
    assert.deepEqual(afterwards.tags, before.tags);
    assert.deepEqual(
      afterwards.tags,
      TAGS.map((t) => [t.Key, t.Value]),
    );
    assert.deepEqual(afterwards.capabilities, before.capabilities);
    assert.deepEqual(afterwards.notificationArns, before.notificationArns);
    assert.equal(afterwards.roleArn, before.roleArn);
  });

  test('release --direct --yes uses UpdateStack; a string build keeps its shape', async () => {
    const out = await cli('release', '--stack', 'fleet', '--direct', '--yes', '--value', '2024.11.3');
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal((await describe_()).parameters.BuildNumber, '2024.11.3');
    const next = await cli('release', '--stack', 'fleet', '--direct', '--yes');
    assert.equal(next.code, 0, next.stderr);
    assert.deepEqual((await describe_()).parameters, { ...PARAMETERS, BuildNumber: '2024.11.4' });
  });

  test('without --yes: the change set is left for review and the stack is untouched', async () => {
    const before = await describe_();
    const out = await cli('release', '--stack', 'fleet');
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /Not executed/);
    assert.deepEqual(await describe_(), before);
    const sets = await cfn.send(new ListChangeSetsCommand({ StackName: 'fleet' }));
    assert.equal(sets.Summaries?.length, 1);
  });

  test('refused before any write: unknown parameter, invalid value, same value; the stack untouched', async () => {
    const before = await describe_();
    const cases: [string[], RegExp][] = [
      [['--parameter', 'Version'], /no parameter "Version".*BuildNumber/],
      [['--value', '42-beta'], /does not match AllowedPattern/],
      [['--parameter', 'FleetSize', '--value', '7'], /above MaxValue 3/],
      [['--value', '41'], /already "41"/],
    ];
    for (const [extra, message] of cases) {
      const out = await cli('release', '--stack', 'fleet', '--yes', ...extra);
      assert.equal(out.code, 1, extra.join(' '));
      assert.match(out.stderr, message);
      assert.match(out.stderr, /The stack was not changed/);
    }
    assert.deepEqual(await describe_(), before);
    assert.equal((await cfn.send(new ListChangeSetsCommand({ StackName: 'fleet' }))).Summaries?.length ?? 0, 0);
  });

  test('"No updates are to be performed" from UpdateStack is a no-change result', async () => {
    const g = createGateways({
      region: REGION,
      endpointUrl: moto.endpoint,
      credentials: DUMMY_CREDENTIALS,
      clock: new FakeClock(Date.now()),
    });
    try {
      const services = { stacks: g.stacks, release: g.release, clock: g.clock };
      const plan = await planRelease(services, { stackName: 'fleet', value: '42' });
      assert.ok(plan.ok);
      assert.equal((await updateDirect(services, plan)).kind, 'succeeded');
      // The same plan again: the stack already has 42.
      const again = await updateDirect(services, plan);
      assert.equal(again.kind, 'no-changes');
    } finally {
      g.dispose();
    }
  });

  test('a missing stack: exit 1 with the message and the next step', async () => {
    const out = await cli('status', '--stack', 'nope');
    assert.equal(out.code, 1);
    assert.match(out.stderr, /Stack with id nope does not exist\nCheck the name and the region/);
  });

  test('metadata: moto keeps no resource Metadata (recorded.test.ts covers the real shape)', async () => {
    const out = await cli('metadata', '--stack', 'fleet', '--resource', 'LaunchConfig');
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout.trim(), 'null');
    assert.match(out.stderr, /LaunchConfig has no Metadata/);
  });

  test('listStacks: pages of live stacks', async () => {
    const g = createGateways({ region: REGION, endpointUrl: moto.endpoint, credentials: DUMMY_CREDENTIALS });
    try {
      const names: string[] = [];
      for await (const page of g.stacks.listStacks()) names.push(...page.map((s) => s.name));
      assert.deepEqual(names, ['fleet']);
    } finally {
      g.dispose();
    }
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeAws } from '../helpers/fakeAws';
import { AwsError } from '../../../src/core/aws/errors';
import {
  createChangeSet,
  executeChangeSetFor,
  outcome as judgeRelease,
  planRelease,
  summarizeRelease,
  updateDirect,
  type ReleasePlan,
} from '../../../src/core/release/workflow';
import { planRollingReplacement, replaceOneAtATime, runInstanceRefresh } from '../../../src/core/release/rolling';
import { loadFleet } from '../../../src/core/aws/fleet';
import { releaseJob } from '../../../src/core/release/jobs';
import { runChangeSet } from '../../../src/core/release/run';
import type { AutoScalingGroup, UpdateRequest } from '../../../src/core/aws/ports';

import { world } from '../helpers/fleet';

const WRITES = ['createChangeSet', 'executeChangeSet', 'updateStack', 'deleteChangeSet'];

const services = (aws: FakeAws) => ({ stacks: aws, release: aws, clock: aws.clock });

async function plan(aws: FakeAws, target: { parameter?: string; value?: string } = {}): Promise<ReleasePlan> {
  const p = await planRelease(services(aws), { stackName: 'fleet', ...target });
  assert.ok(p.ok, !p.ok ? p.message : '');
  return p;
}

test('a change-set release: every parameter listed, capabilities carried, tags/topics/role left alone; followed to UPDATE_COMPLETE', async () => {
  const aws = world();
  const p = await plan(aws);
  assert.equal(p.newValue, '42');
  const cs = await createChangeSet(services(aws), p);
  assert.ok(cs.kind === 'ready');
  const request = aws.callsOf('createChangeSet')[0]![0] as UpdateRequest;
  assert.deepEqual(request.parameters, [
    { key: 'BuildNumber', value: '42' },
    { key: 'Environment', usePreviousValue: true },
    { key: 'DbPassword', usePreviousValue: true },
    { key: 'FleetSize', usePreviousValue: true },
  ]);
  assert.deepEqual(request.capabilities, ['CAPABILITY_IAM']);
  assert.deepEqual(request.template, { usePrevious: true });
  assert.ok(!('tags' in request) && !('notificationArns' in request) && !('roleArn' in request));

  const fleet = await loadFleet({ stacks: aws, scaling: aws, instances: aws }, 'fleet');
  const summary = summarizeRelease(p, cs.changeSet, fleet.instancesByResource, 'us-east-1');
  assert.equal(summary.hooks.length, 1);
  assert.match(summary.lines.join('\n'), /cfn-auto-reloader-hook.* on 2 instances within 2 minutes/);

  const seen: string[] = [];
  const outcome = await executeChangeSetFor(services(aws), 'fleet', cs.name, (s, e) => judgeRelease(p, s, e), {
    onEvent: (e) => seen.push(`${e.logicalId} ${e.status}`),
  });
  assert.equal(outcome.kind, 'succeeded');
  assert.deepEqual(seen, ['fleet UPDATE_IN_PROGRESS', 'LaunchConfig UPDATE_COMPLETE', 'fleet UPDATE_COMPLETE']);
  // Fake time only: the follow loop slept on the injected clock, never for real.
  assert.ok(aws.clock.sleeps.length > 0);
  const after = await aws.describeStack('fleet');
  assert.deepEqual(
    after.parameters.map((x) => [x.key, x.value]),
    [
      ['BuildNumber', '42'],
      ['Environment', 'dev'],
      ['DbPassword', '****'],
      ['FleetSize', '2'],
    ],
  );
  assert.deepEqual(after.tags, [{ key: 'team', value: 'ops' }]);
});

test('refusals touch nothing: unknown parameter, invalid value, busy stack, same value', async () => {
  const cases: [FakeAws, { parameter?: string; value?: string }, string, RegExp][] = [
    [world(), { parameter: 'Build' }, 'unknown-parameter', /no parameter "Build".*BuildNumber/],
    [world(), { value: '42a' }, 'invalid-value', /does not match AllowedPattern.*digits and dots/],
    [world(), { parameter: 'FleetSize', value: '9' }, 'invalid-value', /above MaxValue 3/],
    [world(), { parameter: 'Environment', value: 'qa' }, 'invalid-value', /AllowedValues: dev, prod/],
    [world('UPDATE_IN_PROGRESS'), {}, 'busy', /UPDATE_IN_PROGRESS: another operation is running/],
    [world(), { value: '41' }, 'same-value', /already "41"/],
    [world(), { parameter: 'Environment' }, 'no-proposal', /no number to increase.*--value/],
  ];
  for (const [aws, target, reason, message] of cases) {
    const p = await planRelease(services(aws), { stackName: 'fleet', ...target });
    assert.equal(p.ok, false);
    assert.equal(!p.ok && p.reason, reason);
    assert.match(!p.ok ? p.message : '', message);
    assert.deepEqual(
      aws.calls.filter((c) => WRITES.includes(c.op)),
      [],
      `${reason}: no write call`,
    );
  }
});

test('an empty change set ("didn\'t contain changes") is a no-change result; the run deletes it and says so', async () => {
  const aws = world();
  const p = await plan(aws);
  // The stack already moved to 42 behind our back: the change set will be empty.
  aws.stacks.get('fleet')!.detail.parameters[0]!.value = '42';
  const r = await runChangeSet(services(aws), releaseJob(p, aws.clock.now()), {
    whereToWatch: '',
    region: async () => 'us-east-1',
    countInstances: async () => undefined,
    decide: async () => 'execute',
  });
  assert.equal(r.kind, 'no-changes');
  assert.match(
    (r as { message: string }).message,
    /^No updates are to be performed: the stack already has BuildNumber="42" or nothing uses it\. The empty change set was deleted\.$/,
  );
  assert.deepEqual(aws.callsOf('deleteChangeSet').length, 1);
  assert.equal(aws.changeSets.size, 0);
  assert.equal(aws.callsOf('executeChangeSet').length, 0);
});

test("cancelling while the change set is being made stops waiting for it; deleting it is the run's job (run.test.ts)", async () => {
  const aws = world();
  const p = await plan(aws);
  const signal = { aborted: false };
  const clock = aws.clock;
  const realSleep = clock.sleep.bind(clock);
  clock.sleep = async (ms: number) => {
    signal.aborted = true; // the user pressed Cancel during the first wait
    await realSleep(ms);
  };
  const cs = await createChangeSet(services(aws), p, { signal });
  assert.equal(cs.kind, 'cancelled');
  assert.equal(cs.name, [...aws.changeSets.values()][0]?.name, 'named, for the run to delete');
  assert.equal(aws.callsOf('deleteChangeSet').length, 0);
  assert.equal(aws.callsOf('executeChangeSet').length, 0);
});

test('a failed update reports the first failed resource and the rollback', async () => {
  const aws = world();
  const p = await plan(aws);
  aws.nextUpdate = {
    failResource: {
      logicalId: 'LaunchConfig',
      resourceType: 'AWS::AutoScaling::LaunchConfiguration',
      reason: 'The image id [ami-12c6146b] does not exist',
    },
  };
  const outcome = await updateDirect(services(aws), p);
  assert.equal(outcome.kind, 'rolled-back');
  assert.match(
    (outcome as { message: string }).message,
    /rolled back; BuildNumber is still "41"\. LaunchConfig \(AWS::AutoScaling::LaunchConfiguration\) UPDATE_FAILED: The image id \[ami-12c6146b\] does not exist/,
  );
  assert.equal((await aws.describeStack('fleet')).parameters[0]!.value, '41');
});

test('--direct: UpdateStack with the previous template; "No updates are to be performed" is a no-change result', async () => {
  const aws = world();
  const p = await plan(aws);
  assert.equal((await updateDirect(services(aws), p)).kind, 'succeeded');
  assert.deepEqual((aws.callsOf('updateStack')[0]![0] as UpdateRequest).template, { usePrevious: true });
  const again = await updateDirect(services(aws), p);
  assert.equal(again.kind, 'no-changes');
});

test('AWS errors pass through the workflow unchanged (for the CLI to print with their next step)', async () => {
  const aws = world();
  aws.failures.set(
    'describeStack',
    new AwsError(
      'AccessDenied',
      'Access denied: the credentials in use may not call cloudformation:DescribeStacks.',
      'Ask for an IAM policy that allows cloudformation:DescribeStacks.',
      'cloudformation:DescribeStacks',
    ),
  );
  await assert.rejects(planRelease(services(aws), { stackName: 'fleet' }), (e: AwsError) => e.kind === 'AccessDenied');
});

test('the fleet view marks instances launched from an older launch configuration; counts instances per launching resource', async () => {
  const aws = world();
  const fleet = await loadFleet({ stacks: aws, scaling: aws, instances: aws }, 'fleet');
  assert.deepEqual(
    fleet.groups[0]!.instances.map((i) => [i.id, i.outdated, i.privateIp]),
    [
      ['i-1', false, '10.0.0.1'],
      ['i-2', true, undefined],
    ],
  );
  assert.equal(fleet.groups[0]!.logicalId, 'Group');
  assert.deepEqual(
    fleet.instances.map((i) => [i.logicalId, i.id, i.privateIp]),
    [['Bastion', 'i-bastion', '10.0.0.9']],
  );
  // i-2 is outdated but its hook still polls Resources.LaunchConfig: both count.
  assert.deepEqual(fleet.instancesByResource, { LaunchConfig: 2, Bastion: 1 });
  // One call per kind, never one per instance.
  assert.equal(aws.callsOf('describeInstances').length, 1);
  assert.equal(aws.callsOf('describeAutoScalingGroups').length, 1);
});

test('launch template versions: $Latest/$Default resolved; older versions are outdated', async () => {
  const { assembleFleet } = await import('../../../src/core/aws/fleet');
  const group: AutoScalingGroup = {
    name: 'g',
    minSize: 1,
    maxSize: 3,
    desiredCapacity: 2,
    launchTemplate: { id: 'lt-1', name: 'web', version: '$Latest' },
    instances: [
      {
        id: 'i-new',
        lifecycleState: 'InService',
        health: 'Healthy',
        launchTemplate: { id: 'lt-1', name: 'web', version: '5' },
      },
      {
        id: 'i-old',
        lifecycleState: 'InService',
        health: 'Healthy',
        launchTemplate: { id: 'lt-1', name: 'web', version: '4' },
      },
    ],
  };
  const fleet = assembleFleet(
    [{ logicalId: 'LT', physicalId: 'lt-1', type: 'AWS::EC2::LaunchTemplate', status: 'UPDATE_COMPLETE' }],
    [group],
    [{ id: 'lt-1', name: 'web', latestVersion: 5, defaultVersion: 3 }],
    [],
  );
  assert.equal(fleet.groups[0]!.launchTemplate!.resolvedVersion, '5');
  assert.deepEqual(
    fleet.groups[0]!.instances.map((i) => i.outdated),
    [false, true],
  );
  assert.deepEqual(fleet.instancesByResource, { LT: 2 });
});

test('listStacks yields one page per call', async () => {
  const aws = world();
  aws.addStack({ name: 'b' }, '{}');
  aws.addStack({ name: 'c' }, '{}');
  const pages: number[] = [];
  for await (const page of aws.listStacks()) pages.push(page.length);
  assert.deepEqual(pages, [2, 1]);
});

test('rolling replacement: never all at once — refresh keeps a healthy minimum, one-at-a-time waits for each replacement', async () => {
  const aws = world();
  const group = aws.groups.get('fleet-Group-1')!;
  assert.match(
    (planRollingReplacement(group, { strategy: 'refresh', minHealthyPercentage: 0 }) as { message: string }).message,
    /0 would replace every instance at once/,
  );
  const refresh = planRollingReplacement(group, { strategy: 'refresh' });
  assert.ok(refresh.ok && refresh.kind === 'refresh');
  const r = await runInstanceRefresh({ scaling: aws, clock: aws.clock }, refresh);
  assert.equal(r.ok, true);
  assert.deepEqual(aws.callsOf('startInstanceRefresh')[0], [
    'fleet-Group-1',
    { minHealthyPercentage: 90, instanceWarmupSeconds: undefined },
  ]);

  const plan1 = planRollingReplacement(group, { strategy: 'one-at-a-time', instanceIds: ['i-2'] });
  assert.ok(plan1.ok && plan1.kind === 'one-at-a-time');
  assert.deepEqual(plan1.instances, ['i-2'], 'only the outdated instance');
  const all = planRollingReplacement(group, { strategy: 'one-at-a-time' });
  assert.ok(all.ok && all.kind === 'one-at-a-time');
  const result = await replaceOneAtATime({ scaling: aws, clock: aws.clock }, all);
  assert.deepEqual(result, { ok: true, replaced: ['i-1', 'i-2'] });
  // Each termination came after the group was whole and healthy again: terminate, describe..., terminate.
  const ops = aws.calls
    .filter((c) => c.op === 'terminateInstanceKeepingCapacity' || c.op === 'describeAutoScalingGroups')
    .map((c) => c.op);
  const firstTerminate = ops.indexOf('terminateInstanceKeepingCapacity');
  const secondTerminate = ops.lastIndexOf('terminateInstanceKeepingCapacity');
  assert.ok(secondTerminate - firstTerminate >= 2, 'the group was checked between the two terminations');
  const single: AutoScalingGroup = {
    ...group,
    desiredCapacity: 1,
    maxSize: 1,
    instances: [{ id: 'i-9', lifecycleState: 'InService', health: 'Healthy' }],
  };
  assert.match(
    (planRollingReplacement(single, { strategy: 'one-at-a-time' }) as { message: string }).message,
    /single instance.*Raise MaxSize/,
  );
});

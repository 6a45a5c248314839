import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../src/core/aws/errors';
import type { UpdateRequest } from '../../../src/core/aws/ports';
import type { FakeAws } from '../helpers/fakeAws';
import { releaseNewBuild } from '../../../src/vscode/release/newBuild';
import { pickStack } from '../../../src/vscode/release/pickStack';
import { replaceInstances } from '../../../src/vscode/release/replaceInstances';
import { RunningReleases } from '../../../src/vscode/release/running';
import { updateFromTemplate } from '../../../src/vscode/release/updateFromTemplate';
import { KEEP, TEMPLATE, WRITES, harness, world } from './helpers';

const writes = (aws: ReturnType<typeof world>) => aws.calls.filter((c) => WRITES.includes(c.op)).map((c) => c.op);

test('release new build: proposes 41 → 42, checks it live, makes a change set that keeps everything else, executes on "Execute", follows to UPDATE_COMPLETE', async () => {
  const aws = world();
  const h = harness(aws, [KEEP, 'Execute'], { probe: ['42a', '41', '', '43'] });
  const result = await releaseNewBuild(h.deps, { stackName: 'fleet' });
  assert.equal(result.kind, 'succeeded', result.message);

  const [input, modal] = h.prompter.asked;
  assert.equal(input!.kind, 'input');
  assert.equal(input!.value, '42');
  assert.match(input!.message!, /now "41"/);
  assert.deepEqual(
    input!.validation!.map((v) => v === undefined),
    [true, false, false, false, true],
  );
  assert.match(input!.validation![1]!, /does not match AllowedPattern/);
  assert.match(input!.validation![2]!, /already "41"/);

  assert.equal(modal!.kind, 'modal');
  assert.match(modal!.message!, /^Release BuildNumber "41" → "42" to fleet\?$/);
  assert.deepEqual(modal!.items, ['Execute']);
  assert.match(modal!.detail!, /Modify +LaunchConfig/);
  assert.match(modal!.detail!, /cfn-auto-reloader-hook.* on 2 instances within 2 minutes/);

  const request = aws.callsOf('createChangeSet')[0]![0] as UpdateRequest;
  assert.deepEqual(request.template, { usePrevious: true });
  assert.deepEqual(request.parameters, [
    { key: 'BuildNumber', value: '42' },
    { key: 'Environment', usePreviousValue: true },
    { key: 'DbPassword', usePreviousValue: true },
    { key: 'FleetSize', usePreviousValue: true },
  ]);
  assert.deepEqual(request.capabilities, ['CAPABILITY_IAM']);
  assert.ok(!('tags' in request) && !('notificationArns' in request) && !('roleArn' in request));
  assert.deepEqual(writes(aws), ['createChangeSet', 'executeChangeSet']);
  assert.equal(aws.changeSets.size, 0);
  assert.equal((await aws.describeStack('fleet')).parameters[0]!.value, '42');

  // Convergence: instances per launch configuration, and when every cfn-hup has polled.
  assert.ok(result.kind === 'succeeded' && result.convergence);
  assert.equal(result.convergence.maxIntervalMinutes, 2);
  assert.equal(result.convergence.pollBy, aws.clock.now() + 120_000);
  assert.deepEqual(result.convergence.groups[0]!.configurations, [
    { label: 'launch configuration fleet-LaunchConfig-1', instances: 1, current: true },
    { label: 'launch configuration fleet-LaunchConfig-0', instances: 1, current: false },
  ]);
  // What the live convergence view watches for: the hooks fired, and log lines from the execution on.
  assert.deepEqual(
    result.convergence.firings?.map((f) => `${f.hook.name} in ${f.definedIn}`),
    ['cfn-auto-reloader-hook in LaunchConfig'],
  );
  assert.ok(result.convergence.since !== undefined && result.convergence.since <= aws.clock.now());
  assert.match(
    result.message,
    /UPDATE_COMPLETE: fleet: BuildNumber is now "42"\..*should have polled by \d\d:\d\d UTC/,
  );
  assert.ok(
    h.log.some((l) => /fleet .*UPDATE_COMPLETE +fleet/.test(l)),
    'the events are in the log',
  );
});

test('declining the confirmation deletes the change set and executes nothing', async () => {
  const aws = world();
  const h = harness(aws, [KEEP, undefined]);
  const result = await releaseNewBuild(h.deps, { stackName: 'fleet' });
  assert.equal(result.kind, 'declined');
  assert.match(result.message, /was deleted and fleet was not changed/);
  assert.deepEqual(writes(aws), ['createChangeSet', 'deleteChangeSet']);
  assert.equal(aws.changeSets.size, 0);
  assert.equal((await aws.describeStack('fleet')).parameters[0]!.value, '41');
});

test('refusals before any write: a busy stack (nothing asked), an invalid value, the same value', async () => {
  const busy = world('UPDATE_IN_PROGRESS');
  const b = harness(busy, []);
  const r1 = await releaseNewBuild(b.deps, { stackName: 'fleet' });
  assert.deepEqual([r1.kind, r1.kind === 'refused' && r1.reason], ['refused', 'busy']);
  assert.match(r1.message, /UPDATE_IN_PROGRESS: another operation is running/);
  assert.deepEqual(b.prompter.asked, []);

  for (const [value, reason, message] of [
    ['42-beta', 'invalid-value', /AllowedPattern/],
    ['41', 'same-value', /already "41"/],
  ] as const) {
    const aws = world();
    const h = harness(aws, [value]);
    const r = await releaseNewBuild(h.deps, { stackName: 'fleet' });
    assert.deepEqual([r.kind, r.kind === 'refused' && r.reason], ['refused', reason]);
    assert.match(r.message, message);
    assert.deepEqual(writes(aws), []);
  }
});

test('a missing build parameter is asked for, likely names first; escaping changes nothing', async () => {
  const aws = world();
  const h = harness(aws, ['FleetSize', KEEP, 'Execute'], { settings: { buildParameter: 'Version' } });
  const result = await releaseNewBuild(h.deps, { stackName: 'fleet' });
  const pick = h.prompter.asked[0]!;
  assert.equal(pick.kind, 'pick');
  assert.match(pick.title!, /no parameter "Version"/);
  assert.equal(pick.items![0], 'BuildNumber');
  assert.deepEqual([...pick.items!].sort(), ['BuildNumber', 'DbPassword', 'Environment', 'FleetSize']);
  assert.equal(h.prompter.asked[1]!.value, '3', 'a Number goes up by one');
  assert.equal(result.kind, 'succeeded', result.message);

  const other = world();
  const e = harness(other, [undefined], { settings: { buildParameter: 'Version' } });
  assert.equal((await releaseNewBuild(e.deps, { stackName: 'fleet' })).kind, 'cancelled');
  assert.deepEqual(writes(other), []);
});

test('a NoEcho parameter: no value shown or proposed', async () => {
  const aws = world();
  const h = harness(aws, ['new-secret', 'Execute']);
  const result = await releaseNewBuild(h.deps, { stackName: 'fleet', parameter: 'DbPassword' });
  assert.equal(result.kind, 'succeeded', result.message);
  assert.equal(h.prompter.asked[0]!.value, '');
  assert.doesNotMatch(JSON.stringify(h.prompter.asked) + h.log.join('\n') + result.message, /new-secret/);
});

test('"No updates are to be performed": refused, and the empty change set is deleted', async () => {
  const aws = world();
  const h = harness(aws, ['42']);
  const real = aws.createChangeSet.bind(aws);
  aws.createChangeSet = async (request) => {
    aws.stacks.get('fleet')!.detail.parameters[0]!.value = '42'; // moved on behind our back
    return real(request);
  };
  const result = await releaseNewBuild(h.deps, { stackName: 'fleet' });
  assert.deepEqual([result.kind, result.kind === 'refused' && result.reason], ['refused', 'no-changes']);
  assert.match(result.message, /No updates are to be performed/);
  assert.equal(aws.changeSets.size, 0);
  assert.equal(aws.callsOf('executeChangeSet').length, 0);
});

test('"No updates are to be performed" thrown by CreateChangeSet itself is the same refusal', async () => {
  const aws = world();
  aws.failures.set('createChangeSet', new AwsError('Validation', 'No updates are to be performed.', ''));
  const h = harness(aws, [KEEP]);
  const result = await releaseNewBuild(h.deps, { stackName: 'fleet' });
  assert.deepEqual([result.kind, result.kind === 'refused' && result.reason], ['refused', 'no-changes']);
  assert.match(result.message, /No updates are to be performed/);
  assert.equal(aws.changeSets.size, 0);
  assert.equal(aws.callsOf('executeChangeSet').length, 0);
});

// ---------------------------------------------------------------- Cancel, failures, lost connection (core's run.ts)

const lost = () => new AwsError('Network', 'Could not reach AWS (ECONNRESET: socket hang up).', '', 'x');

test("Cancel (the progress notification's button) while the change set is made or the instances are counted: deleted, and said", async () => {
  for (const moment of [/creating a change set/, /counting the instances/]) {
    const aws = world();
    const h = harness(aws, [KEEP], { cancelAt: moment });
    const result = await releaseNewBuild(h.deps, { stackName: 'fleet' });
    assert.equal(result.kind, 'cancelled', `${moment}: ${result.message}`);
    assert.match(
      result.message,
      /^fleet: Cancelled before executing; the stack was not changed\. .*change set cfn-hup-tools-BuildNumber-\d+ was deleted\./,
    );
    assert.deepEqual(writes(aws), ['createChangeSet', 'deleteChangeSet'], String(moment));
    assert.equal(aws.changeSets.size, 0);
    assert.ok(!h.prompter.asked.some((a) => a.kind === 'modal'), 'never asked to execute');
    assert.equal((await aws.describeStack('fleet')).parameters[0]!.value, '41');
  }
});

test('a failure before execute deletes the change set; when the delete fails too, its name and how to delete it are said', async () => {
  const failing = world();
  failing.failures.set('describeChangeSet', new AwsError('Throttled', 'Rate exceeded', 'Try again in a minute.'));
  const f = harness(failing, [KEEP]);
  const r = await releaseNewBuild(f.deps, { stackName: 'fleet' });
  assert.equal(r.kind, 'failed');
  assert.match(
    r.message,
    /Rate exceeded Try again in a minute\. The change set cfn-hup-tools-BuildNumber-\d+ was deleted\. The stack was not changed\./,
  );
  assert.deepEqual(writes(failing), ['createChangeSet', 'deleteChangeSet']);
  assert.equal(failing.changeSets.size, 0);

  const stuck = world();
  stuck.failures.set('describeChangeSet', new AwsError('Throttled', 'Rate exceeded', ''));
  stuck.failures.set('deleteChangeSet', lost());
  const s = harness(stuck, [KEEP]);
  const r2 = await releaseNewBuild(s.deps, { stackName: 'fleet' });
  assert.equal(r2.kind, 'failed');
  const [name] = [...stuck.changeSets.values()].map((c) => c.name);
  assert.ok(name, 'the change set is still there');
  assert.ok(r2.kind === 'failed' && r2.changeSetName === name);
  assert.match(
    r2.message,
    new RegExp(
      `change set ${name} could not be deleted .* it stays on fleet; delete it in the console or with \`aws cloudformation delete-change-set --stack-name fleet --change-set-name ${name}\``,
    ),
  );
});

test('ExecuteChangeSet refused by CloudFormation: nothing started, the change set is deleted', async () => {
  const aws = world();
  aws.failures.set(
    'executeChangeSet',
    new AwsError('Validation', 'ChangeSet cannot be executed in its current status', ''),
  );
  const h = harness(aws, [KEEP, 'Execute']);
  const r = await releaseNewBuild(h.deps, { stackName: 'fleet' });
  assert.equal(r.kind, 'failed', r.message);
  assert.match(r.message, /cannot be executed .* was deleted\. The stack was not changed\./);
  assert.equal(aws.changeSets.size, 0);
  assert.equal((await aws.describeStack('fleet')).parameters[0]!.value, '41');
});

test('Cancel while the update is followed: never "cancelled" — it goes on, where to watch it; it does complete', async () => {
  const aws = world();
  const h = harness(aws, [KEEP, 'Execute'], { cancelAt: /UPDATE_IN_PROGRESS/ });
  const r = await releaseNewBuild(h.deps, { stackName: 'fleet' });
  assert.equal(r.kind, 'stopped', r.message);
  assert.doesNotMatch(r.message, /cancel/i);
  assert.match(
    r.message,
    /^fleet: Stopped following: the update of fleet goes on in CloudFormation\. Watch it in the cfn-hup AWS Stacks view or in the console: https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudformation\/home\?region=us-east-1#\/stacks\/events\?stackId=arn%3Aaws%3Acloudformation/,
  );
  assert.deepEqual(writes(aws), ['createChangeSet', 'executeChangeSet'], 'the executed change set is not deleted');
  await aws.clock.sleep(60_000);
  assert.equal((await aws.describeStack('fleet')).status, 'UPDATE_COMPLETE');

  // With a custom endpoint (moto, LocalStack) there is no console to point to.
  const local = world();
  const l = harness(local, [KEEP, 'Execute'], {
    cancelAt: /UPDATE_IN_PROGRESS/,
    settings: { endpointUrl: 'http://127.0.0.1:5000' },
  });
  const r2 = await releaseNewBuild(l.deps, { stackName: 'fleet' });
  assert.match(r2.message, /goes on in CloudFormation\. Watch it in the cfn-hup AWS Stacks view\.$/);
});

test('the connection is lost after ExecuteChangeSet: the stack is read again, its real status and build value reported', async () => {
  const aws = world();
  const real = aws.executeChangeSet.bind(aws);
  aws.executeChangeSet = async (...args) => {
    await real(...args);
    throw lost();
  };
  const h = harness(aws, [KEEP, 'Execute']);
  const r = await releaseNewBuild(h.deps, { stackName: 'fleet' });
  assert.equal(r.kind, 'stopped', r.message);
  assert.doesNotMatch(r.message, /cancel|Could not reach AWS\.$/i);
  assert.match(
    r.message,
    /lost while executing change set cfn-hup-tools-BuildNumber-\d+ .* Read again: fleet is UPDATE_IN_PROGRESS; BuildNumber is "42"\. The update goes on in CloudFormation\. Watch it/,
  );

  // The stack finished meanwhile: the next release does not propose a second bump.
  await aws.clock.sleep(60_000);
  const again = harness(aws, [undefined]);
  assert.equal((await releaseNewBuild(again.deps, { stackName: 'fleet' })).kind, 'cancelled');
  const input = again.prompter.asked[0]!;
  assert.equal(input.value, '', 'no value proposed');
  assert.match(input.message!, /"42" was set by a cfn-hup-tools release at .*: type the next build to release another/);
});

test('lost while following, and the stack finished meanwhile: the re-read reports success with the build', async () => {
  const aws = world();
  const real = aws.describeStackEvents.bind(aws);
  let executed = false;
  const execute = aws.executeChangeSet.bind(aws);
  aws.executeChangeSet = async (...args) => {
    await execute(...args);
    executed = true;
  };
  aws.describeStackEvents = async (...args) => {
    if (!executed) return real(...args);
    await aws.clock.sleep(60_000);
    throw lost();
  };
  const h = harness(aws, [KEEP, 'Execute']);
  const r = await releaseNewBuild(h.deps, { stackName: 'fleet' });
  assert.equal(r.kind, 'succeeded', r.message);
  assert.match(
    r.message,
    /^Could not follow the update .* Read again: fleet is UPDATE_COMPLETE; BuildNumber is "42"\. UPDATE_COMPLETE: fleet: BuildNumber is now "42"\./,
  );
});

test('a replacement is loud; a rollback reports the first failed resource', async () => {
  const aws = world();
  aws.changesForNextChangeSet = [
    {
      action: 'Modify',
      logicalId: 'LaunchConfig',
      resourceType: 'AWS::AutoScaling::LaunchConfiguration',
      replacement: 'True',
      scope: ['Properties'],
      details: ['ImageId'],
    },
  ];
  aws.nextUpdate = {
    failResource: {
      logicalId: 'LaunchConfig',
      resourceType: 'AWS::AutoScaling::LaunchConfiguration',
      reason: 'The image id [ami-1] does not exist',
    },
  };
  const h = harness(aws, [KEEP, 'Execute Anyway']);
  const result = await releaseNewBuild(h.deps, { stackName: 'fleet' });
  const modal = h.prompter.asked[1]!;
  assert.match(modal.message!, /WARNING: this change set REPLACES OR DELETES 1 resource \(LaunchConfig\)/);
  assert.deepEqual(modal.items, ['Execute Anyway']);
  assert.match(modal.detail!, /!! REPLACES LaunchConfig .* because of ImageId/);
  assert.equal(result.kind, 'rolled-back');
  assert.match(
    result.message,
    /rolled back; BuildNumber is still "41"\. LaunchConfig \(AWS::AutoScaling::LaunchConfiguration\) UPDATE_FAILED: The image id \[ami-1\] does not exist/,
  );
});

test('one release per stack at a time in a window', async () => {
  const aws = world();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const running = new RunningReleases();
  const h = harness(aws, [], { running });
  const slow = harness(aws, [], { running });
  slow.deps.ui.prompter.showInputBox = async () => {
    await gate;
    return undefined;
  };
  const first = releaseNewBuild(slow.deps, { stackName: 'fleet' });
  await new Promise((r) => setImmediate(r));
  const second = await releaseNewBuild(h.deps, { stackName: 'fleet' });
  assert.match(second.message, /already running/);
  release();
  assert.equal((await first).kind, 'cancelled');
});

test('pickStack lists live stacks; none is a clear refusal', async () => {
  const aws = world();
  aws.addStack({ name: 'other', status: 'UPDATE_ROLLBACK_COMPLETE' }, '{}');
  const h = harness(aws, ['other']);
  assert.equal(await pickStack(h.deps, 'Which?'), 'other');
  assert.deepEqual(h.prompter.asked[0]!.items, ['fleet', 'other']);
  const empty = harness(new (aws.constructor as typeof FakeAws)(), []);
  const r = await pickStack(empty.deps, 'Which?');
  assert.ok(typeof r !== 'string' && r.kind === 'refused');
  assert.match(r.message, /No stacks in us-east-1/);
});

// ---------------------------------------------------------------- Update from template

// A new parameter without a Default, and a changed file in the Init that cfn-hup watches.
const NEW_TEMPLATE = TEMPLATE.replace(
  '\nConditions:',
  '\n  Owner:\n    Type: String\n    AllowedPattern: "[a-z]+"\nConditions:',
).replace("content: !Sub 'build ${BuildNumber}", "content: !Sub 'release ${BuildNumber}");

test('update from template: new parameters without a Default are asked for; the rest kept; the change set carries the body', async () => {
  const aws = world();
  const h = harness(aws, ['ops', 'Execute'], { probe: ['Ops'] });
  const result = await updateFromTemplate(h.deps, {
    stackName: 'fleet',
    text: NEW_TEMPLATE,
    fileName: 'fleet.yaml',
    findings: [],
  });
  assert.equal(result.kind, 'succeeded', result.message);
  const input = h.prompter.asked[0]!;
  assert.match(input.title!, /adds parameter Owner with no Default/);
  assert.match(input.validation![1]!, /AllowedPattern/);
  const request = aws.callsOf('createChangeSet')[0]![0] as UpdateRequest;
  assert.deepEqual(request.template, { body: NEW_TEMPLATE });
  assert.deepEqual(request.parameters, [
    { key: 'BuildNumber', usePreviousValue: true },
    { key: 'Environment', usePreviousValue: true },
    { key: 'DbPassword', usePreviousValue: true },
    { key: 'FleetSize', usePreviousValue: true },
    { key: 'Owner', value: 'ops' },
  ]);
  assert.deepEqual(request.capabilities, ['CAPABILITY_IAM']);
  assert.match(h.prompter.asked[1]!.message!, /^Update fleet from fleet\.yaml\?/);
  // The hook fires because the deployed template's Init differs from the new one's.
  assert.match(
    h.prompter.asked[1]!.detail!,
    /hook "cfn-auto-reloader-hook" .* fires post\.update on 2 instances within 2 minutes/,
  );
});

test('update from template: lint errors stop it unless the user deploys anyway', async () => {
  const error = {
    ruleId: 'HUP-INTERVAL-INVALID',
    severity: 'error' as const,
    start: 0,
    end: 1,
    message: 'interval must be a positive integer',
  };
  const aws = world();
  const h = harness(aws, [undefined]);
  const r = await updateFromTemplate(h.deps, {
    stackName: 'fleet',
    text: NEW_TEMPLATE,
    fileName: 'fleet.yaml',
    findings: [error],
  });
  assert.deepEqual([r.kind, r.kind === 'refused' && r.reason], ['refused', 'lint']);
  assert.match(h.prompter.asked[0]!.detail!, /HUP-INTERVAL-INVALID: interval must be a positive integer/);
  assert.deepEqual(
    aws.calls.map((c) => c.op),
    [],
    'not even a read',
  );

  const anyway = harness(aws, ['Deploy Anyway', 'ops', undefined]);
  const r2 = await updateFromTemplate(anyway.deps, {
    stackName: 'fleet',
    text: NEW_TEMPLATE,
    fileName: 'fleet.yaml',
    findings: [error],
  });
  assert.equal(r2.kind, 'declined');
  assert.equal(aws.changeSets.size, 0);
});

test('update from template: over 51,200 bytes needs cfnHup.templateBucket, then goes through S3', async () => {
  const big = `${TEMPLATE}\n${'# padding to exceed the TemplateBody limit\n'.repeat(1300)}`;
  assert.ok(Buffer.byteLength(big) > 51_200);
  const aws = world();
  const h = harness(aws, []);
  const r = await updateFromTemplate(h.deps, { stackName: 'fleet', text: big, fileName: 'big.yaml', findings: [] });
  assert.deepEqual([r.kind, r.kind === 'refused' && r.reason], ['refused', 'too-large']);
  assert.match(r.message, /over the 51200-byte TemplateBody limit.*Set cfnHup\.templateBucket/);
  assert.deepEqual(writes(aws), []);

  const withBucket = harness(aws, [undefined], { settings: { templateBucket: 'my-templates' } });
  const r2 = await updateFromTemplate(withBucket.deps, {
    stackName: 'fleet',
    text: big,
    fileName: 'big.yaml',
    findings: [],
  });
  assert.equal(r2.kind, 'declined', 'a new template is a change; not confirmed, so not executed');
  const [bucket, key] = aws.callsOf('putTemplate')[0]! as [string, string];
  assert.equal(bucket, 'my-templates');
  assert.match(key, /^cfn-hup-tools\/fleet\/.*\.template$/);
  const request = aws.callsOf('createChangeSet')[0]![0] as UpdateRequest;
  assert.deepEqual(request.template, { url: `https://my-templates.s3.amazonaws.com/${key}` });
});

test('update from template on the same state machine: Cancel before execute deletes its change set; lost after execute re-reads the stack', async () => {
  const target = { stackName: 'fleet', text: NEW_TEMPLATE, fileName: 'fleet.yaml', findings: [] };
  const aws = world();
  const h = harness(aws, ['ops'], { cancelAt: /counting the instances/ });
  const r = await updateFromTemplate(h.deps, target);
  assert.equal(r.kind, 'cancelled', r.message);
  assert.match(
    r.message,
    /Cancelled before executing; the stack was not changed\. The change set cfn-hup-tools-template-\d+ was deleted\./,
  );
  assert.deepEqual(writes(aws), ['createChangeSet', 'deleteChangeSet']);
  assert.equal(aws.changeSets.size, 0);

  const down = world();
  const execute = down.executeChangeSet.bind(down);
  down.executeChangeSet = async (...args) => {
    await execute(...args);
    throw lost();
  };
  const l = harness(down, ['ops', 'Execute']);
  const r2 = await updateFromTemplate(l.deps, target);
  assert.equal(r2.kind, 'stopped', r2.message);
  assert.match(
    r2.message,
    /Read again: fleet is UPDATE_IN_PROGRESS; BuildNumber is "41"\. The update goes on in CloudFormation\./,
  );
  assert.doesNotMatch(r2.message, /cancel/i);
});

// ---------------------------------------------------------------- Rolling replacement

test('rolling, one at a time: confirmed, then each instance terminated keeping capacity after the previous one was replaced', async () => {
  const aws = world();
  const h = harness(aws, ['All InService instances', 'One at a time', 'Replace Instances']);
  const result = await replaceInstances(h.deps, { stackName: 'fleet' });
  assert.equal(result.kind, 'succeeded', result.message);
  assert.deepEqual(aws.callsOf('terminateInstanceKeepingCapacity'), [['i-1'], ['i-2']]);
  const modal = h.prompter.asked[2]!;
  assert.match(modal.message!, /Replace the 2 instances of fleet-Group-1 one at a time\?/);
  assert.match(modal.detail!, /without lowering the desired capacity \(2\).*Never all at once/s);
  // Between the two terminations the group was read again (InService and Healthy).
  const ops = aws.calls
    .map((c) => c.op)
    .filter((op) => op === 'terminateInstanceKeepingCapacity' || op === 'describeAutoScalingGroups');
  assert.deepEqual(ops.slice(1, 5), [
    'describeAutoScalingGroups',
    'terminateInstanceKeepingCapacity',
    'describeAutoScalingGroups',
    'describeAutoScalingGroups',
  ]);
  assert.ok(result.kind === 'succeeded' && result.convergence);
  assert.deepEqual(result.convergence.groups[0]!.configurations, [
    { label: 'launch configuration fleet-LaunchConfig-1', instances: 2, current: true },
  ]);
});

test('rolling, instance refresh: the minimum healthy percentage is asked (default 90) and checked; declining starts nothing', async () => {
  const aws = world();
  const h = harness(aws, ['All InService instances', 'Instance refresh', KEEP, 'Start Instance Refresh'], {
    probe: ['0', '101', 'x', '50'],
  });
  const result = await replaceInstances(h.deps, { stackName: 'fleet', groupName: 'fleet-Group-1' });
  assert.equal(result.kind, 'succeeded', result.message);
  const input = h.prompter.asked[2]!;
  assert.equal(input.value, '90');
  assert.deepEqual(
    input.validation!.map((v) => v === undefined),
    [true, false, false, false, true],
  );
  assert.deepEqual(aws.callsOf('startInstanceRefresh'), [
    ['fleet-Group-1', { minHealthyPercentage: 90, instanceWarmupSeconds: undefined }],
  ]);

  const other = world();
  const d = harness(other, ['All InService instances', 'Instance refresh', '50', undefined]);
  assert.equal((await replaceInstances(d.deps, { stackName: 'fleet' })).kind, 'declined');
  assert.deepEqual(writes(other), []);
});

test("rolling on core's run (the CLI's too): Cancel before the first termination starts nothing; between two instances stops with nothing in flight", async () => {
  const aws = world();
  const h = harness(aws, ['All InService instances', 'One at a time', 'Replace Instances'], {
    cancelAt: /Terminating i-1/,
  });
  const r = await replaceInstances(h.deps, { stackName: 'fleet' });
  assert.equal(r.kind, 'cancelled', r.message);
  assert.match(r.message, /^Cancelled before anything was started: no instance of fleet-Group-1 was replaced\.$/);
  assert.deepEqual(writes(aws), []);

  const between = world();
  const b = harness(between, ['All InService instances', 'One at a time', 'Replace Instances'], {
    cancelAt: /Terminating i-2/,
  });
  const r2 = await replaceInstances(b.deps, { stackName: 'fleet' });
  assert.equal(r2.kind, 'stopped', r2.message);
  assert.match(
    r2.message,
    /^Stopped after replacing 1 of 2 instances of fleet-Group-1 \(i-1\); the others were not touched/,
  );
  assert.deepEqual(between.callsOf('terminateInstanceKeepingCapacity'), [['i-1']]);
});

test('rolling: Cancel once an instance refresh runs never says "cancelled": it goes on in Auto Scaling, and where to watch it', async () => {
  const aws = world();
  const h = harness(aws, ['All InService instances', 'Instance refresh', KEEP, 'Start Instance Refresh'], {
    cancelAt: /InProgress/,
  });
  const r = await replaceInstances(h.deps, { stackName: 'fleet', groupName: 'fleet-Group-1' });
  assert.equal(r.kind, 'stopped', r.message);
  assert.doesNotMatch(r.message, /cancel/i);
  assert.match(
    r.message,
    /^Stopped following: instance refresh refresh-1 of fleet-Group-1 goes on in Auto Scaling\. Watch it in the cfn-hup AWS Stacks view/,
  );
  assert.equal(aws.callsOf('startInstanceRefresh').length, 1);
});

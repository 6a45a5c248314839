import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SdkSsm, createSsmClient } from '../../../src/aws/ssm';
import { checkInstances, type CheckTarget } from '../../../src/core/instances/check';
import { applyNow } from '../../../src/core/instances/apply';
import { LINUX_APPLY_SCRIPT, LINUX_REPORT_SCRIPT } from '../../../src/core/instances/script';
import { scenarios } from '../../support/fakeInstance';
import { SsmStandIn } from '../../support/ssmStandIn';
import { StepClock } from '../../support/stepClock';

/**
 * The instance check end to end below the CLI: the real SDK client
 * (@aws-sdk/client-ssm) → the SSM stand-in on loopback, which runs the real
 * report script with bash in one directory per simulated instance.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const HOOK = 'cfn-auto-reloader-hook';
const hooks = [{ name: HOOK, intervalMinutes: 5 }];
const target = (instanceId: string): CheckTarget => ({ instanceId, group: 'WebGroup', hooks });

describe('instance check through the SSM stand-in', () => {
  const clock = new StepClock();
  const standIn = new SsmStandIn({ now: () => clock.now() });
  let ssm: SdkSsm;
  let release: number;

  before(async () => {
    const endpoint = await standIn.start();
    const client = createSsmClient({
      region: 'us-east-1',
      endpointUrl: endpoint,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    ssm = new SdkSsm(client, { retry: { clock, attempts: 2, random: () => 0 } });
  });
  after(() => standIn.stop());
  beforeEach(() => {
    standIn.reset();
    release = clock.now();
  });

  const services = () => ({ ssm, clock });

  test('all converge: every instance ran the hook after the release', async () => {
    for (const id of ['i-0000000000000001', 'i-0000000000000002'])
      standIn.add(id, {
        onCommand: (_k, n) => n === 1 && scenarios.converge(standIn.instances.get(id)!.instance, clock.now() + 1000),
      });
    // A +05:30 instance logs in its local time: still judged correctly.
    standIn.add('i-0000000000000003', {
      utcOffsetMinutes: 330,
      onCommand: (_k, n) =>
        n === 1 && scenarios.converge(standIn.instances.get('i-0000000000000003')!.instance, clock.now() + 1000),
    });
    clock.advance(60_000);
    const out = await checkInstances(
      services(),
      ['i-0000000000000001', 'i-0000000000000002', 'i-0000000000000003'].map(target),
      { since: release },
    );
    assert.deepEqual(
      out.results.map((r) => r.state),
      ['converged', 'converged', 'converged'],
    );
    assert.equal(out.results[0]!.version, '2.0-32');
    assert.equal(out.results[0]!.service, 'systemd: active');
    // Exactly the constant script went out, with the Linux document.
    const send = standIn.received.find((r) => r.operation === 'SendCommand')!;
    assert.equal(send.body.DocumentName, 'AWS-RunShellScript');
    assert.deepEqual((send.body.Parameters as { commands: string[] }).commands, [...LINUX_REPORT_SCRIPT]);
  });

  test('one fails: cfn-init’s failing command is the reason; the others converge', async () => {
    standIn.add('i-00000000000000a1', {
      onCommand: () => scenarios.converge(standIn.instances.get('i-00000000000000a1')!.instance, clock.now() - 1000),
    });
    standIn.add('i-00000000000000a2', {
      onCommand: (_k, n) =>
        n === 1 && scenarios.fail(standIn.instances.get('i-00000000000000a2')!.instance, clock.now() - 5000),
    });
    clock.advance(60_000);
    const out = await checkInstances(services(), [target('i-00000000000000a1'), target('i-00000000000000a2')], {
      since: release,
    });
    assert.equal(out.results[0]!.state, 'converged');
    const failing = out.results[1]!;
    assert.equal(failing.state, 'failing');
    assert.match(failing.reason, /exited with 1/);
    assert.match(failing.reason, /Command 01_restart_app \(systemctl restart app\) failed/);
    assert.match(failing.evidence!, /\[ERROR\] Command 01_restart_app/);
  });

  test('a hook that never fires: pending until the interval has passed, then silent; waiting ends there', async () => {
    standIn.add('i-00000000000000b1', {
      onCommand: () => scenarios.alive(standIn.instances.get('i-00000000000000b1')!.instance, clock.now()),
    });
    const out = await checkInstances(
      services(),
      [
        {
          instanceId: 'i-00000000000000b1',
          hooks: [{ name: HOOK, intervalMinutes: 5, explanations: ['lint HOOK-PATH-UNKNOWN-RESOURCE: x'] }],
        },
      ],
      { since: release, until: release + 30 * 60_000, pollMs: 60_000 },
    );
    assert.equal(out.results[0]!.state, 'silent');
    assert.equal(out.timedOut, false);
    assert.match(out.results[0]!.reason, /logged nothing for it since/);
    assert.match(out.results[0]!.reason, /HOOK-PATH-UNKNOWN-RESOURCE/);
    // Checked every minute on the injected clock until 5 + 2 minutes had passed: no real waiting.
    assert.ok(standIn.instances.get('i-00000000000000b1')!.commands >= 7);
  });

  test('waiting: pending on the first check, converged on a later one', async () => {
    standIn.add('i-00000000000000c1', {
      onCommand: (_k, n) =>
        n === 3 && scenarios.converge(standIn.instances.get('i-00000000000000c1')!.instance, clock.now() - 100),
    });
    const rounds: string[] = [];
    const out = await checkInstances(services(), [target('i-00000000000000c1')], {
      since: release,
      until: release + 20 * 60_000,
      pollMs: 60_000,
      onResults: (r) => rounds.push(r[0]!.state),
    });
    assert.deepEqual(rounds, ['pending', 'pending', 'converged']);
    assert.equal(out.results[0]!.state, 'converged');
  });

  test('cfn-hup crashed at start (invalid interval): down, with the log line', async () => {
    const i = standIn.add('i-00000000000000d1');
    scenarios.crashInvalidInterval(i, release - 3_600_000);
    const out = await checkInstances(services(), [target('i-00000000000000d1')], { since: release });
    assert.equal(out.results[0]!.state, 'down');
    assert.match(out.results[0]!.reason, /Invalid interval \(must be 1 minute or greater\): 0/);
    assert.match(out.results[0]!.evidence!, /\[ERROR\] Invalid interval/);
  });

  test('unmanaged and offline instances are unreachable with the next step; the others are still checked', async () => {
    standIn.add('i-00000000000000e1', { managed: false });
    standIn.add('i-00000000000000e2', { ping: 'ConnectionLost' });
    standIn.add('i-00000000000000e3', {
      onCommand: () => scenarios.converge(standIn.instances.get('i-00000000000000e3')!.instance, clock.now()),
    });
    const out = await checkInstances(
      services(),
      ['i-00000000000000e1', 'i-00000000000000e2', 'i-00000000000000e3'].map(target),
      { since: release },
    );
    assert.deepEqual(
      out.results.map((r) => [r.state, r.unreachable]),
      [
        ['unreachable', 'not-managed'],
        ['unreachable', 'offline'],
        ['converged', undefined],
      ],
    );
    assert.match(out.results[0]!.nextStep!, /AmazonSSMManagedInstanceCore/);
    assert.match(out.results[1]!.reason, /offline \(connection lost\)/);
  });

  test('access denied on SendCommand: every instance unreachable, naming the action and the policy', async () => {
    standIn.add('i-00000000000000f1');
    standIn.denied.add('SendCommand');
    const out = await checkInstances(services(), [target('i-00000000000000f1')], { since: release });
    assert.equal(out.results[0]!.state, 'unreachable');
    assert.equal(out.results[0]!.unreachable, 'access-denied');
    assert.match(out.results[0]!.reason, /ssm:SendCommand/);
    assert.match(out.results[0]!.nextStep!, /ssm:SendCommand/);
  });

  test('access denied on DescribeInstanceInformation: unreachable, never an exception', async () => {
    standIn.add('i-00000000000000f2');
    standIn.denied.add('DescribeInstanceInformation');
    const out = await checkInstances(services(), [target('i-00000000000000f2')], { since: release });
    assert.equal(out.results[0]!.unreachable, 'access-denied');
    assert.match(out.results[0]!.nextStep!, /ssm:DescribeInstanceInformation/);
  });

  test('more than 50 instances: SendCommand batches of at most 50, a pause between them, every instance answered', async () => {
    const ids = Array.from({ length: 61 }, (_, n) => `i-${String(n + 1).padStart(17, '0')}`);
    for (const id of ids)
      standIn.add(id, { onCommand: () => scenarios.converge(standIn.instances.get(id)!.instance, clock.now()) });
    const sleepsBefore = clock.sleeps.length;
    const out = await checkInstances(services(), ids.map(target), { since: release, batchGapMs: 1500 });
    const sends = standIn.received
      .filter((r) => r.operation === 'SendCommand')
      .map((r) => (r.body.InstanceIds as string[]).length);
    assert.deepEqual(sends, [50, 11]);
    assert.ok(clock.sleeps.slice(sleepsBefore).includes(1500));
    const describes = standIn.received.filter((r) => r.operation === 'DescribeInstanceInformation').length;
    assert.equal(describes, 2);
    assert.equal(out.results.length, 61);
    assert.ok(out.results.every((r) => r.state === 'converged'));
  });

  test('invocations still in progress are polled on the injected clock until they end', async () => {
    standIn.inProgressPolls = 2;
    standIn.add('i-0000000000000101', {
      onCommand: () => scenarios.converge(standIn.instances.get('i-0000000000000101')!.instance, clock.now()),
    });
    const out = await checkInstances(services(), [target('i-0000000000000101')], {
      since: release,
      invocationPollMs: 2000,
    });
    assert.equal(out.results[0]!.state, 'converged');
    assert.equal(standIn.received.filter((r) => r.operation === 'ListCommandInvocations').length, 3);
  });

  test('Apply Now: confirmed once, one instance first, then the rest; the next check sees the run', async () => {
    const ids = ['i-0000000000000201', 'i-0000000000000202', 'i-0000000000000203'];
    for (const id of ids)
      standIn.add(id, {
        onCommand: (kind) => kind === 'apply' && scenarios.converge(standIn.instances.get(id)!.instance, clock.now()),
      });
    const questions: string[] = [];
    const out = await applyNow(services(), ids.map(target), {
      confirm: async (q) => (questions.push(q.message), true),
    });
    assert.equal(out.kind, 'done');
    assert.equal(questions.length, 1);
    const sends = standIn.received.filter((r) => r.operation === 'SendCommand');
    assert.deepEqual(
      sends.map((s) => s.body.InstanceIds),
      [[ids[0]], [ids[1], ids[2]]],
    );
    assert.deepEqual((sends[0]!.body.Parameters as { commands: string[] }).commands, [...LINUX_APPLY_SCRIPT]);
    assert.ok(out.kind === 'done' && out.results.every((r) => r.ok && r.exitCode === 0));
    const check = await checkInstances(services(), ids.map(target), { since: release });
    assert.ok(check.results.every((r) => r.state === 'converged'));
  });

  test('Apply Now stops after the first instance when its cfn-hup pass fails; declining sends nothing', async () => {
    const ids = ['i-0000000000000301', 'i-0000000000000302'];
    for (const id of ids) standIn.add(id).setApplyExit(1);
    const stopped = await applyNow(services(), ids.map(target), { confirm: async () => true });
    assert.equal(stopped.kind, 'stopped');
    assert.equal(standIn.received.filter((r) => r.operation === 'SendCommand').length, 1);
    assert.ok(stopped.kind === 'stopped' && /exited with 1/.test(stopped.results[0]!.message));
    standIn.received.length = 0;
    assert.equal((await applyNow(services(), ids.map(target), { confirm: async () => false })).kind, 'declined');
    assert.equal(standIn.received.filter((r) => r.operation === 'SendCommand').length, 0);
  });
});

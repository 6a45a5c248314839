import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SdkSsm, createSsmClient } from '../../../src/aws/ssm';
import type { InstanceResult } from '../../../src/core/instances/check';
import { directFirings } from '../../../src/core/release/directImpact';
import { planRelease } from '../../../src/core/release/workflow';
import {
  watchConvergence,
  watchTimeoutMinutes,
  type WatchRequest,
  type WatchUi,
} from '../../../src/vscode/release/liveConvergence';
import { scenarios } from '../../support/fakeInstance';
import { SsmStandIn } from '../../support/ssmStandIn';
import { StepClock } from '../../support/stepClock';
import { world } from '../helpers/fleet';

/**
 * The live convergence view of a release, without VS Code: the fake stack
 * (a group with i-1 and i-2 running the hook the release fires, and a bastion
 * that runs none) and the SSM stand-in, which runs the real report script
 * with bash. Time is a step clock: every wait between rounds is a sleep on it,
 * so the view re-checks for minutes without a test waiting.
 */
describe('live convergence view', () => {
  let standIn: SsmStandIn | undefined;
  afterEach(async () => {
    await standIn?.stop();
    standIn = undefined;
  });

  async function setup(behave: Record<'i-1' | 'i-2', (n: number, at: number, s: SsmStandIn) => void>) {
    const clock = new StepClock();
    standIn = new SsmStandIn({ now: () => clock.now() });
    const endpoint = await standIn.start();
    const ssm = new SdkSsm(
      createSsmClient({
        region: 'us-east-1',
        endpointUrl: endpoint,
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      }),
      { retry: { clock, attempts: 2, random: () => 0 } },
    );
    const s = standIn;
    for (const id of ['i-1', 'i-2'] as const) s.add(id, { onCommand: (_kind, n) => behave[id](n, clock.now(), s) });
    const aws = world();
    const plan = await planRelease({ stacks: aws, release: aws, clock: aws.clock }, { stackName: 'fleet' });
    assert.ok(plan.ok);
    const firings = directFirings(plan, [], 'us-east-1');
    assert.equal(firings.length, 1, 'the release fires cfn-auto-reloader-hook (interval 2 minutes)');
    const seen = {
      shown: [] as string[],
      updates: [] as string[],
      rounds: [] as InstanceResult[][],
      log: [] as string[],
    };
    const controller = new AbortController();
    const ui: WatchUi = {
      log: { info: (m) => seen.log.push(m), warn: (m) => seen.log.push(m), error: (m) => seen.log.push(m) },
      withProgress: (_title, task) => task({ report: () => undefined, signal: controller.signal }),
      showDocument: async (_t, md) => void seen.shown.push(md),
      updateDocument: (_t, md) => void seen.updates.push(md),
      onResults: (r) => void seen.rounds.push(r),
    };
    const services = { stacks: aws, scaling: aws, instances: aws, ssm, clock };
    const request: WatchRequest = {
      stackName: 'fleet',
      firings,
      since: clock.now(),
      pollMs: 30_000,
      invocationPollMs: 1000,
    };
    return { clock, services, ui, request, seen, controller, standIn: s };
  }

  const states = (rounds: InstanceResult[][]) =>
    rounds.map((r) => r.map((x) => `${x.instanceId} ${x.state}`).join(', '));

  test('re-checks the pending instance every 30 s until it converged; the document shows each round, then "Converged"', async () => {
    const t = await setup({
      'i-1': (n, at, s) => n === 1 && scenarios.converge(s.instances.get('i-1')!.instance, at),
      'i-2': (n, at, s) => n === 3 && scenarios.converge(s.instances.get('i-2')!.instance, at),
    });
    const watch = await watchConvergence(t.services, t.ui, t.request);
    assert.equal(watch.kind, 'converged', watch.message);
    assert.equal(watch.message, 'fleet: every instance applied the release (2 converged).');
    assert.deepEqual(states(t.seen.rounds), [
      'i-1 converged, i-2 pending',
      'i-1 converged, i-2 pending',
      'i-1 converged, i-2 converged',
    ]);
    // Only the pending instance is asked again; the bastion (no hook fires there) never.
    const sends = t.standIn.received.filter((r) => r.operation === 'SendCommand').map((r) => r.body.InstanceIds);
    assert.deepEqual(sends, [['i-1', 'i-2'], ['i-2'], ['i-2']]);
    assert.equal(t.clock.sleeps.filter((ms) => ms === 30_000).length, 2, 'two waits of 30 s, on the step clock');

    assert.equal(t.seen.shown.length, 1, 'opened once');
    assert.match(t.seen.shown[0]!, /^# Convergence of fleet \(live\)/);
    assert.match(
      t.seen.shown[0]!,
      /the hook that fires: "cfn-auto-reloader-hook" \(in LaunchConfig, every 2 min\)\. 2 instance\(s\) run it\./,
    );
    const first = t.seen.updates[0]!;
    assert.match(
      first,
      /\*\*Watching\*\* — check 1 done: 1 of 2 settled \(1 pending, 1 converged\)\. Checking again every 30 s until every instance settles, or until \d\d:\d\d UTC\. Cancel the progress notification to stop\./,
    );
    assert.match(
      first,
      /\| i-1 \| Group \| ✅ converged \| hook "cfn-auto-reloader-hook" ran at .* and cfn-init completed \|/,
    );
    assert.match(
      first,
      /\| i-2 \| Group \| ⏳ pending \| hook "cfn-auto-reloader-hook" has not run yet; cfn-hup polls every 2 minutes/,
    );
    const last = t.seen.updates.at(-1)!;
    assert.equal(last, watch.document);
    assert.match(last, /^# Convergence of fleet\n/);
    assert.match(last, /\*\*Converged\*\* at \d\d:\d\d UTC: every instance applied the release \(2 converged\)\./);
    assert.ok(t.seen.log.some((l) => /round 2: 1 pending, 1 converged/.test(l)));
  });

  test('settles without a timeout when every instance has a final state: one failing (cfn-init’s error), one silent after the interval', async () => {
    const t = await setup({
      'i-1': (n, at, s) => n === 1 && scenarios.fail(s.instances.get('i-1')!.instance, at),
      'i-2': (_n, at, s) => scenarios.alive(s.instances.get('i-2')!.instance, at),
    });
    const watch = await watchConvergence(t.services, t.ui, { ...t.request, pollMs: 60_000 });
    assert.equal(watch.kind, 'settled', watch.message);
    assert.equal(watch.outcome!.timedOut, false);
    assert.deepEqual(
      watch.outcome!.results.map((r) => [r.instanceId, r.state]),
      [
        ['i-1', 'failing'],
        ['i-2', 'silent'],
      ],
    );
    // Silent only once the hook's interval (2 min) + 2 min grace had passed on the clock.
    assert.ok(t.clock.now() - t.request.since >= 4 * 60_000);
    assert.match(
      watch.document!,
      /\*\*Finished\*\* at .*: every instance has a final state, not all converged \(1 failing, 1 silent\)/,
    );
    assert.match(
      watch.document!,
      /### i-1: failing\n\n```log\n.*Command 01_restart_app \(systemctl restart app\) failed\n```\n\nNext: Fix the failing/,
    );
    assert.match(
      watch.document!,
      /\| i-2 \| Group \| 🔇 silent \| hook "cfn-auto-reloader-hook": cfn-hup logged nothing for it since/,
    );
  });

  test('gives up at the timeout while an action is still running; the document says which setting', async () => {
    const t = await setup({
      'i-1': (n, at, s) => n === 1 && scenarios.converge(s.instances.get('i-1')!.instance, at),
      'i-2': (n, at, s) => {
        if (n !== 1) return;
        const i = s.instances.get('i-2')!.instance;
        i.hup(at, 'INFO', 'Running action for cfn-auto-reloader-hook');
        i.init(at + 500, 'INFO', '-----------------------Starting build-----------------------');
      },
    });
    const watch = await watchConvergence(t.services, t.ui, { ...t.request, timeoutMinutes: 3 });
    assert.equal(watch.kind, 'timed-out', watch.message);
    assert.match(watch.message, /stopped waiting after 3 minutes: 1 pending, 1 converged/);
    assert.ok(t.clock.now() - t.request.since <= 4 * 60_000, 'no round after the timeout');
    assert.match(watch.document!, /\*\*Gave up\*\* at .* cfnHup\.release\.convergenceTimeoutMinutes/);
    assert.match(watch.document!, /⏳ pending \| hook "cfn-auto-reloader-hook": the action is running/);
  });

  test('Stop (Cancel on its progress) ends it after the round in flight: no further SendCommand, the last states kept', async () => {
    const t = await setup({
      'i-1': (n, at, s) => n === 1 && scenarios.converge(s.instances.get('i-1')!.instance, at),
      'i-2': () => undefined,
    });
    const ui: WatchUi = { ...t.ui, onResults: () => t.controller.abort() };
    const watch = await watchConvergence(t.services, ui, t.request);
    assert.equal(watch.kind, 'stopped');
    assert.equal(t.standIn.received.filter((r) => r.operation === 'SendCommand').length, 1);
    assert.match(
      watch.document!,
      /\*\*Stopped\*\* at .*; the states are those of the last check \(1 pending, 1 converged\)/,
    );
  });

  test('a newer release of the stack stops the older watch (its signal), like Cancel', async () => {
    const t = await setup({
      'i-1': (n, at, s) => n === 1 && scenarios.converge(s.instances.get('i-1')!.instance, at),
      'i-2': () => undefined,
    });
    const newer = new AbortController();
    const ui: WatchUi = { ...t.ui, onResults: () => newer.abort() };
    const watch = await watchConvergence(t.services, ui, { ...t.request, signal: newer.signal });
    assert.equal(watch.kind, 'stopped');
    assert.equal(t.standIn.received.filter((r) => r.operation === 'SendCommand').length, 1);
  });

  test('nothing to watch when no hook fires; the default timeout is the longest interval + 5 minutes', async () => {
    const t = await setup({ 'i-1': () => undefined, 'i-2': () => undefined });
    const watch = await watchConvergence(t.services, t.ui, { ...t.request, firings: [] });
    assert.equal(watch.kind, 'nothing');
    assert.equal(t.standIn.received.length, 0);
    assert.equal(watchTimeoutMinutes(t.request.firings), 7);
    assert.equal(watchTimeoutMinutes(t.request.firings, 0), 7);
    assert.equal(watchTimeoutMinutes(t.request.firings, 12), 12);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeAws } from '../helpers/fakeAws';
import { AwsError } from '../../../src/core/aws/errors';
import { loadFleet } from '../../../src/core/aws/fleet';
import type { ReleaseGateway, StackGateway } from '../../../src/core/aws/ports';
import { releaseJob } from '../../../src/core/release/jobs';
import { runChangeSet, runDirectUpdate, type RunDriver, type RunResult } from '../../../src/core/release/run';
import { planRelease, updateDirect, type ReleasePlan, type ReleaseServices } from '../../../src/core/release/workflow';
import { world } from '../helpers/fleet';

/**
 * The release state machine on the in-memory fake: what is left behind and
 * what is said when a run is interrupted (an injected signal, never a real
 * Ctrl-C or a sleep) or loses its connection at a chosen call.
 */
const lost = () => new AwsError('Network', 'Could not reach AWS (ECONNRESET: socket hang up).', '', 'x');

type Op = keyof ReleaseGateway | keyof StackGateway;

/** The fake's gateways, with `around[op]` run in place of the call (it may call `real`). */
function services(
  aws: FakeAws,
  around: Partial<Record<Op, (real: () => Promise<unknown>, n: number) => Promise<unknown>>> = {},
): ReleaseServices {
  const counts = new Map<string, number>();
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, key: string) {
        const value = (t as Record<string, unknown>)[key];
        if (typeof value !== 'function') return value;
        const hook = around[key as Op];
        if (!hook) return value.bind(t);
        return (...args: unknown[]) => {
          const n = (counts.get(key) ?? 0) + 1;
          counts.set(key, n);
          return hook(() => (value as (...a: unknown[]) => Promise<unknown>).apply(t, args), n);
        };
      },
    });
  return { stacks: wrap(aws as StackGateway), release: wrap(aws as ReleaseGateway), clock: aws.clock };
}

async function plan(aws: FakeAws, value?: string): Promise<ReleasePlan> {
  const p = await planRelease(services(aws), { stackName: 'fleet', value });
  assert.ok(p.ok, !p.ok ? p.message : '');
  return p;
}

interface Seen {
  steps: string[];
  driver: RunDriver;
  signal: { aborted: boolean };
}

function driver(aws: FakeAws, decide: 'execute' | 'keep' | 'discard' = 'execute', countHook?: () => void): Seen {
  const signal = { aborted: false };
  const steps: string[] = [];
  return {
    steps,
    signal,
    driver: {
      signal,
      whereToWatch: 'Watch it with `cfn-hup-tools status --stack fleet`.',
      region: async () => 'us-east-1',
      countInstances: async () => {
        countHook?.();
        return (await loadFleet({ stacks: aws, scaling: aws, instances: aws }, 'fleet')).instancesByResource;
      },
      decide: async () => decide,
      onStep: (s) => steps.push(s.kind),
    },
  };
}

function changeSetsLeft(aws: FakeAws): string[] {
  return [...aws.changeSets.keys()];
}

function messageOf(r: RunResult): string {
  return 'message' in r ? r.message : '';
}

test('Ctrl-C while CreateChangeSet is in flight: the change set is made, then deleted; nothing executed, no "executing" step', async () => {
  const aws = world();
  const p = await plan(aws);
  const d = driver(aws);
  const s = services(aws, {
    createChangeSet: async (real) => {
      d.signal.aborted = true; // Ctrl-C while the request is on the wire
      return real();
    },
  });
  const r = await runChangeSet(s, releaseJob(p, aws.clock.now()), d.driver);
  assert.equal(r.kind, 'cancelled');
  assert.match(
    messageOf(r),
    /Cancelled.*the stack was not changed.*change set cfn-hup-tools-BuildNumber-\d+ was deleted/,
  );
  assert.deepEqual(changeSetsLeft(aws), []);
  assert.equal(aws.callsOf('executeChangeSet').length, 0);
  assert.ok(!d.steps.includes('executing'));
});

test('Ctrl-C while DescribeChangeSet is in flight (the SDK aborts it): deleted, nothing executed', async () => {
  const aws = world();
  const p = await plan(aws);
  const d = driver(aws);
  const s = services(aws, {
    describeChangeSet: async () => {
      d.signal.aborted = true;
      throw new AwsError('Other', 'Cancelled.', '', 'cloudformation:DescribeChangeSet');
    },
  });
  const r = await runChangeSet(s, releaseJob(p, aws.clock.now()), d.driver);
  assert.equal(r.kind, 'cancelled');
  assert.deepEqual(changeSetsLeft(aws), []);
  assert.equal(aws.callsOf('executeChangeSet').length, 0);
  assert.ok(!d.steps.includes('executing'));
});

test('Ctrl-C while instances are counted (--yes): deleted, never "executing"', async () => {
  const aws = world();
  const p = await plan(aws);
  const d = driver(aws, 'execute', () => (d.signal.aborted = true));
  const r = await runChangeSet(services(aws), releaseJob(p, aws.clock.now()), d.driver);
  assert.equal(r.kind, 'cancelled');
  assert.deepEqual(changeSetsLeft(aws), []);
  assert.equal(aws.callsOf('executeChangeSet').length, 0);
  assert.deepEqual(d.steps, ['creating']);
  assert.equal((await aws.describeStack('fleet')).parameters[0]!.value, '41');
});

test('a failure before execute deletes the change set; when the delete fails too, its name and how to delete it are said', async () => {
  const aws = world();
  const p = await plan(aws);
  const denied = new AwsError(
    'AccessDenied',
    'Access denied: the credentials in use may not call ec2:DescribeInstances.',
    'Ask for it.',
  );
  const d = driver(aws, 'execute', () => {
    throw denied;
  });
  const r = await runChangeSet(services(aws), releaseJob(p, aws.clock.now()), d.driver);
  assert.equal(r.kind, 'failed-before-execute');
  assert.ok(r.kind === 'failed-before-execute' && r.cleanup?.deleted);
  assert.deepEqual(changeSetsLeft(aws), []);

  const aws2 = world();
  const p2 = await plan(aws2);
  const s2 = services(aws2, {
    describeChangeSet: async () => {
      throw lost();
    },
    deleteChangeSet: async () => {
      throw lost();
    },
  });
  const r2 = await runChangeSet(s2, releaseJob(p2, aws2.clock.now()), driver(aws2).driver);
  assert.equal(r2.kind, 'failed-before-execute');
  assert.ok(r2.kind === 'failed-before-execute');
  assert.equal(r2.cleanup?.deleted, false);
  assert.match(
    r2.cleanup!.message,
    /The change set (cfn-hup-tools-BuildNumber-\d+) could not be deleted .* it stays on fleet; .*delete-change-set --stack-name fleet --change-set-name \1/,
  );
  assert.equal(aws2.callsOf('executeChangeSet').length, 0);
});

test('the connection is lost right after CreateChangeSet (the change set exists): it is deleted once the endpoint answers again', async () => {
  const aws = world();
  const p = await plan(aws);
  const s = services(aws, {
    createChangeSet: async (real) => {
      await real();
      throw lost(); // made on the server, the answer never came back
    },
  });
  const r = await runChangeSet(s, releaseJob(p, aws.clock.now()), driver(aws).driver);
  assert.equal(r.kind, 'failed-before-execute');
  assert.match(r.kind === 'failed-before-execute' ? r.cleanup!.message : '', /was deleted/);
  assert.deepEqual(changeSetsLeft(aws), []);
});

test('declined or kept for review: discard deletes, keep leaves it for the user', async () => {
  const aws = world();
  const p = await plan(aws);
  const r = await runChangeSet(services(aws), releaseJob(p, aws.clock.now()), driver(aws, 'discard').driver);
  assert.equal(r.kind, 'declined');
  assert.deepEqual(changeSetsLeft(aws), []);
  const kept = await runChangeSet(services(aws), releaseJob(p, aws.clock.now()), driver(aws, 'keep').driver);
  assert.equal(kept.kind, 'kept');
  assert.equal(changeSetsLeft(aws).length, 1);
});

test('Ctrl-C while following: never "Cancelled" — the update goes on, where to watch it; it does complete', async () => {
  const aws = world();
  const p = await plan(aws);
  const d = driver(aws);
  const s = services(aws, {
    describeStackEvents: async (real, n) => {
      if (n === 3) d.signal.aborted = true; // 1: plan's recent-release check was outside; 2: before execute
      return real();
    },
  });
  const r = await runChangeSet(s, releaseJob(p, aws.clock.now()), d.driver);
  assert.equal(r.kind, 'continuing');
  assert.ok(r.kind === 'continuing' && r.reason === 'interrupted');
  assert.doesNotMatch(messageOf(r), /cancel/i);
  assert.match(messageOf(r), /goes on in CloudFormation\. Watch it with `cfn-hup-tools status --stack fleet`/);
  aws.clock.now(); // the update finishes in fake time
  await aws.clock.sleep(60_000);
  const after = await aws.describeStack('fleet');
  assert.equal(after.status, 'UPDATE_COMPLETE');
  assert.equal(after.parameters[0]!.value, '42');
});

test('the connection is lost after ExecuteChangeSet: the stack is read again and its real status and build are reported', async () => {
  const aws = world();
  const p = await plan(aws);
  // The execute reached AWS; its answer and everything after it is lost except DescribeStacks on the retry.
  let down = false;
  const s = services(aws, {
    executeChangeSet: async (real) => {
      await real();
      down = true;
      throw lost();
    },
    describeStack: async (real, n) => {
      if (down && n === 1) throw lost(); // the first re-read fails too; the retry answers
      return real();
    },
  });
  const r = await runChangeSet(s, releaseJob(p, aws.clock.now()), driver(aws).driver);
  assert.equal(r.kind, 'continuing');
  assert.ok(r.kind === 'continuing' && r.reason === 'connection-lost');
  assert.match(
    messageOf(r),
    /lost while executing change set .* Read again: fleet is UPDATE_IN_PROGRESS; BuildNumber is "42"\. The update goes on in CloudFormation\. Watch it/,
  );
  assert.doesNotMatch(messageOf(r), /cancel/i);
});

test('lost while following, and the stack already finished: the re-read reports success with the build', async () => {
  const aws = world();
  const p = await plan(aws);
  const s = services(aws, {
    describeStackEvents: async (real, n) => {
      if (n >= 2) {
        await aws.clock.sleep(60_000); // the update finishes meanwhile
        throw lost();
      }
      return real();
    },
  });
  const r = await runChangeSet(s, releaseJob(p, aws.clock.now()), driver(aws).driver);
  assert.equal(r.kind, 'finished');
  assert.ok(r.kind === 'finished');
  assert.equal(r.outcome.kind, 'succeeded');
  assert.match(
    r.note ?? '',
    /Could not follow the update .* Read again: fleet is UPDATE_COMPLETE; BuildNumber is "42"\./,
  );
});

test('running release again after a lost connection does not bump twice; --value equal to the current value says so', async () => {
  const aws = world();
  const p = await plan(aws);
  const s = services(aws, {
    executeChangeSet: async (real) => {
      await real();
      throw lost();
    },
  });
  await runChangeSet(s, releaseJob(p, aws.clock.now()), driver(aws).driver);
  await aws.clock.sleep(60_000);
  assert.equal((await aws.describeStack('fleet')).parameters[0]!.value, '42');
  assert.match(String(aws.callsOf('executeChangeSet')[0]![2]), /^cfn-hup-tools-release-/);

  const again = await planRelease(services(aws), { stackName: 'fleet' });
  assert.equal(again.ok, false);
  assert.ok(!again.ok);
  assert.equal(again.reason, 'already-released');
  assert.match(
    again.message,
    /already carries BuildNumber="42", set by a cfn-hup-tools release at .* Not bumping twice/,
  );
  const same = await planRelease(services(aws), { stackName: 'fleet', value: '42' });
  assert.ok(!same.ok && same.reason === 'same-value');
  assert.match(!same.ok ? same.message : '', /already "42"/);
  const next = await planRelease(services(aws), { stackName: 'fleet', value: '43' });
  assert.ok(next.ok, 'an explicit next value goes on');
  assert.equal(aws.callsOf('createChangeSet').length, 1);
});

test('a release made by someone else (no token of ours) does not block the next one', async () => {
  const aws = world();
  await aws.updateStack({
    stackName: 'fleet',
    template: { usePrevious: true },
    parameters: [
      { key: 'BuildNumber', value: '42' },
      { key: 'Environment', usePreviousValue: true },
      { key: 'DbPassword', usePreviousValue: true },
      { key: 'FleetSize', usePreviousValue: true },
    ],
    capabilities: ['CAPABILITY_IAM'],
  });
  await aws.clock.sleep(60_000);
  const p = await planRelease(services(aws), { stackName: 'fleet' });
  assert.ok(p.ok && p.newValue === '43');
});

test('NoEcho: no value is proposed or derived; an explicit one is accepted and never carried in a token', async () => {
  const aws = world();
  const refused = await planRelease(services(aws), { stackName: 'fleet', parameter: 'DbPassword' });
  assert.ok(!refused.ok && refused.reason === 'no-proposal');
  assert.match(!refused.ok ? refused.message : '', /DbPassword is NoEcho.*--value/);
  const p = await planRelease(services(aws), { stackName: 'fleet', parameter: 'DbPassword', value: 'n3w-s3cret' });
  assert.ok(p.ok);
  assert.equal(releaseJob(p, 0).clientRequestToken, undefined);
  assert.equal(
    releaseJob(p, 0).describeStack(await aws.describeStack('fleet')),
    'DbPassword is set (NoEcho, not shown)',
  );
});

test('--direct: Ctrl-C while following says the update goes on; lost after UpdateStack re-reads the stack', async () => {
  const aws = world();
  const p = await plan(aws);
  const d = driver(aws);
  const s = services(aws, {
    describeStackEvents: async (real, n) => {
      if (n === 2) d.signal.aborted = true;
      return real();
    },
  });
  const r = await runDirectUpdate(s, releaseJob(p, 0), (x, o) => updateDirect(x, p, o), d.driver);
  assert.equal(r.kind, 'continuing');
  assert.match(messageOf(r), /goes on in CloudFormation/);

  const aws2 = world();
  const p2 = await plan(aws2);
  const s2 = services(aws2, {
    updateStack: async (real) => {
      await real();
      throw lost();
    },
  });
  const r2 = await runDirectUpdate(s2, releaseJob(p2, 0), (x, o) => updateDirect(x, p2, o), driver(aws2).driver);
  assert.equal(r2.kind, 'continuing');
  assert.match(messageOf(r2), /Read again: fleet is UPDATE_IN_PROGRESS; BuildNumber is "42"/);
});

test('Ctrl-C while a poll hangs (the SDK aborts it): the update goes on, at once — no re-read of an endpoint that does not answer', async () => {
  // What the SDK gives for an aborted request, mapped as src/aws/errors.ts maps AbortError.
  const aborted = () => new AwsError('Other', 'Cancelled.', '', 'cloudformation:DescribeStackEvents');
  for (const direct of [false, true]) {
    const aws = world();
    const p = await plan(aws);
    const d = driver(aws);
    let written = false;
    let rereads = 0;
    const s = services(aws, {
      executeChangeSet: async (real) => {
        await real();
        written = true;
      },
      updateStack: async (real) => {
        const out = await real();
        written = true;
        return out;
      },
      describeStackEvents: async (real) => {
        if (!written) return real();
        d.signal.aborted = true; // Ctrl-C while this request hangs: the SDK ends it with an AbortError
        throw aborted();
      },
      describeStack: async (real) => {
        if (written && d.signal.aborted) rereads++;
        return real();
      },
    });
    const r = direct
      ? await runDirectUpdate(s, releaseJob(p, 0), (x, o) => updateDirect(x, p, o), d.driver)
      : await runChangeSet(s, releaseJob(p, aws.clock.now()), d.driver);
    assert.equal(r.kind, 'continuing', `direct: ${direct}`);
    assert.ok(r.kind === 'continuing' && r.reason === 'interrupted');
    assert.match(messageOf(r), /^Stopped following: the update of fleet goes on in CloudFormation\. Watch it/);
    assert.doesNotMatch(messageOf(r), /cancel/i);
    assert.equal(rereads, 0, 'the stack is not read again after Ctrl-C');
  }
});

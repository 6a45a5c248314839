import { isAwsError } from '../aws/errors';
import type { Cancellation, Clock, ScalingGateway } from '../aws/ports';
import { refreshEnded, replaceOneAtATime, runInstanceRefresh, type RollingPlan } from './rolling';

/**
 * Running a rolling replacement, as one state machine the CLI's `replace` and
 * the editor's Replace Instances both drive, with the contract of a release
 * (./run.ts): an interruption before the first write (StartInstanceRefresh,
 * the first termination) starts nothing and says so; after it the
 * replacement belongs to Auto Scaling, and an interruption, the follow time
 * limit or a lost connection never reads "Cancelled" but "goes on", with
 * where to watch it.
 */
export interface RollingDriver {
  signal?: Cancellation;
  pollMs?: number;
  progress?: (line: string) => void;
  /** Where to follow a replacement that goes on without us, e.g. `Watch it with \`cfn-hup-tools status --stack S\`.` */
  whereToWatch: string;
}

export type RollingRunResult =
  | { kind: 'replaced'; replaced: string[]; message: string }
  /** Interrupted before anything was started: the group is as it was. */
  | { kind: 'cancelled'; message: string }
  /** Interrupted between two instances (one at a time): those replaced are, the rest untouched, nothing in flight. */
  | { kind: 'stopped'; replaced: string[]; message: string }
  | { kind: 'failed'; message: string }
  /** Started, no longer followed: it goes on in Auto Scaling. */
  | { kind: 'continuing'; message: string };

export async function runRolling(
  deps: { scaling: ScalingGateway; clock: Clock },
  plan: Extract<RollingPlan, { ok: true }>,
  driver: RollingDriver,
): Promise<RollingRunResult> {
  const { signal } = driver;
  const inner = deps.scaling;
  let started: string | undefined;
  const terminated: string[] = [];
  const scaling: ScalingGateway = {
    describeAutoScalingGroups: (names, s) => inner.describeAutoScalingGroups(names, s),
    describeInstanceRefresh: (name, id, s) => inner.describeInstanceRefresh(name, id, s),
    // Writes leave without the signal: a started replacement is reported, never left in doubt.
    startInstanceRefresh: async (name, o) => {
      if (signal?.aborted) throw new NotStarted();
      started = await inner.startInstanceRefresh(name, o);
      return started;
    },
    terminateInstanceKeepingCapacity: async (id) => {
      if (signal?.aborted) throw new NotStarted();
      await inner.terminateInstanceKeepingCapacity(id);
      started = id;
      terminated.push(id);
    },
  };
  const goesOn = (what: string): RollingRunResult => ({
    kind: 'continuing',
    message: `Stopped following: ${what} goes on in Auto Scaling. ${driver.whereToWatch}`,
  });
  const options = { pollMs: driver.pollMs, signal, progress: driver.progress };
  try {
    if (plan.kind === 'refresh') {
      const r = await runInstanceRefresh({ scaling, clock: deps.clock }, plan, options);
      if (r.ok) return { kind: 'replaced', replaced: plan.instances, message: r.message };
      // Not ended (still Baking, Cancelling, rolling back… when the follow time ran out): it goes on.
      if (signal?.aborted || !refreshEnded(r.status))
        return goesOn(`instance refresh ${started ?? ''} of ${plan.group}`.replace('  ', ' '));
      return { kind: 'failed', message: r.message };
    }
    const r = await replaceOneAtATime({ scaling, clock: deps.clock }, plan, options);
    const n = r.replaced.length;
    if (r.ok)
      return {
        kind: 'replaced',
        replaced: r.replaced,
        message: `Replaced ${n} instance${n === 1 ? '' : 's'} of ${plan.group} one at a time.`,
      };
    if (signal?.aborted && !started) return notStarted(plan);
    if (signal?.aborted && started && !r.replaced.includes(started))
      return goesOn(`the replacement of ${started} (terminated; the group launches another)`);
    if (signal?.aborted) return stoppedBetween(plan, r.replaced);
    return { kind: 'failed', message: r.message };
  } catch (e) {
    if (!started && (e instanceof NotStarted || signal?.aborted)) return notStarted(plan);
    // One at a time, before the next termination: the previous replacement had completed.
    if (e instanceof NotStarted) return stoppedBetween(plan, terminated);
    if (started && (signal?.aborted || (isAwsError(e) && e.kind === 'Network')))
      return goesOn(
        plan.kind === 'refresh' ? `instance refresh ${started} of ${plan.group}` : `the replacement of ${started}`,
      );
    throw e;
  }
}

function stoppedBetween(plan: Extract<RollingPlan, { ok: true }>, replaced: string[]): RollingRunResult {
  return {
    kind: 'stopped',
    replaced,
    message: `Stopped after replacing ${replaced.length} of ${plan.instances.length} instances of ${plan.group} (${replaced.join(', ')}); the others were not touched and nothing is in flight.`,
  };
}

function notStarted(plan: Extract<RollingPlan, { ok: true }>): RollingRunResult {
  return {
    kind: 'cancelled',
    message: `Cancelled before anything was started: no instance of ${plan.group} was replaced.`,
  };
}

/** The user interrupted just before a write would have left. */
class NotStarted extends Error {}

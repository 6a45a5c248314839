// Over ~350 lines on purpose: the change-set run state machine and the direct update, with the cleanup
// they share (the tracker that deletes what is left, re-reading the stack after a lost connection).
import type {
  Cancellation,
  ChangeSetDetail,
  ReleaseGateway,
  StackDetail,
  StackEvent,
  UpdateRequest,
} from '../aws/ports';
import { describeAwsError, isAwsError } from '../aws/errors';
import { isTerminal } from '../aws/stackStatus';
import { capabilitiesAsked } from './capabilities';
import type { ChangeSetSummary } from './changeSetSummary';
import { isNoChangesReason, noChangesRefusal } from './changeSetSummary';
import {
  executeChangeSetFor,
  type ChangeSetResult,
  type FollowOptions,
  type ReleaseOutcome,
  type ReleaseServices,
  type Verdict,
} from './workflow';

/**
 * One change-set run, as a state machine both the CLI and the editor drive:
 * create → summarise (instance counts) → decide → execute → follow.
 *
 * Before execute, whatever ends the run (a failure, an error, Cancel/Ctrl-C,
 * a lost connection, the user declining) deletes the change set it made, best
 * effort, and says so — or names it when it could not be deleted. Nothing is
 * executed once the signal is set. After execute the update belongs to
 * CloudFormation: an interruption never reads "Cancelled" but "the update goes
 * on", with where to watch it; a lost connection re-reads the stack (with a
 * retry) and reports its real status and build value.
 */
export interface ChangeSetJob {
  stackName: string;
  create(services: ReleaseServices, options: FollowOptions): Promise<ChangeSetResult>;
  summarize(
    changeSet: ChangeSetDetail,
    instancesByResource: Record<string, number> | undefined,
    region: string | undefined,
  ): ChangeSetSummary;
  /** How a terminal stack ended for this job. */
  judge(stack: StackDetail, events: StackEvent[]): Verdict;
  /** What to say about the stack after a lost connection, e.g. `BuildNumber is "42"` (NoEcho masked). */
  describeStack(stack: StackDetail): string;
  /** Sent with ExecuteChangeSet; stack events carry it (see ./token.ts). */
  clientRequestToken?: string;
}

export type Decision = 'execute' | 'keep' | 'discard';

export type RunStep =
  | { kind: 'creating' }
  | { kind: 'summarized'; changeSetName: string; summary: ChangeSetSummary }
  | { kind: 'executing'; changeSetName: string };

export interface RunDriver {
  signal?: Cancellation;
  pollMs?: number;
  /** Running instances by launching resource; undefined when unknown (counts are a nicety, never a reason to fail). */
  countInstances(signal?: Cancellation): Promise<Record<string, number> | undefined>;
  region(): Promise<string | undefined>;
  /** After the summary: execute it, keep it for review, or discard (delete) it. */
  decide(changeSetName: string, summary: ChangeSetSummary): Promise<Decision>;
  onStep?(step: RunStep): void;
  onEvent?(event: StackEvent): void;
  /** Where to follow an update that goes on without us, e.g. a console URL and a `status` command. */
  whereToWatch: string;
}

/**
 * CloudFormation refused the change set for capabilities the request did not acknowledge: which
 * ones, and the refusal in its own words without a front end's next step (the CLI names its
 * `--capability` flag, the editor asks), so each front end says what to do in its own terms.
 */
export interface CapabilityRefusal {
  asked: string[];
  message: string;
}

/** What happened to the change set when a run stopped before executing it. */
export interface Cleanup {
  changeSetName: string;
  deleted: boolean;
  /** One sentence for the user. */
  message: string;
}

export type RunResult =
  /** Before execute: the stack was not changed. */
  | { kind: 'no-changes'; message: string }
  | { kind: 'kept'; changeSetName: string; summary: ChangeSetSummary }
  | { kind: 'declined'; changeSetName: string; summary: ChangeSetSummary; cleanup: Cleanup }
  | { kind: 'cancelled'; message: string; cleanup?: Cleanup }
  | { kind: 'failed-before-execute'; message: string; cleanup?: Cleanup; capabilityRefusal?: CapabilityRefusal }
  /** After execute. */
  | { kind: 'finished'; outcome: Verdict; changeSetName?: string; summary?: ChangeSetSummary; note?: string }
  | {
      kind: 'continuing';
      reason: 'interrupted' | 'timeout' | 'connection-lost';
      message: string;
      /** Undefined for a direct UpdateStack. */
      changeSetName?: string;
      summary?: ChangeSetSummary;
      stack?: StackDetail;
      events: StackEvent[];
    };

export async function runChangeSet(
  services: ReleaseServices,
  job: ChangeSetJob,
  driver: RunDriver,
): Promise<RunResult> {
  const tracker = new ChangeSetTracker(services.release);
  const tracked: ReleaseServices = { ...services, release: tracker };
  const { signal } = driver;
  const cleanup = () => tracker.cleanup(job.stackName);
  let changeSetName: string | undefined;
  let summary: ChangeSetSummary | undefined;
  try {
    driver.onStep?.({ kind: 'creating' });
    const cs = await job.create(tracked, { signal, pollMs: driver.pollMs });
    if (cs.kind === 'no-changes') {
      const left = await cleanup();
      const said = !left ? '' : left.deleted ? ' The empty change set was deleted.' : ` ${left.message}`;
      return { kind: 'no-changes', message: `${cs.message}${said}` };
    }
    if (cs.kind === 'cancelled') return cancelledBeforeExecute(await cleanup());
    if (cs.kind === 'failed')
      return {
        kind: 'failed-before-execute',
        message: cs.message,
        cleanup: await cleanup(),
        ...capabilityRefusal(cs.message),
      };
    changeSetName = cs.name;
    if (signal?.aborted) return cancelledBeforeExecute(await cleanup());
    const counts = await driver.countInstances(signal);
    const region = await driver.region();
    if (signal?.aborted) return cancelledBeforeExecute(await cleanup());
    summary = job.summarize(cs.changeSet, counts, region);
    driver.onStep?.({ kind: 'summarized', changeSetName, summary });
    const decision = await driver.decide(changeSetName, summary);
    if (signal?.aborted) return cancelledBeforeExecute(await cleanup());
    if (decision === 'keep') {
      tracker.forget(changeSetName);
      return { kind: 'kept', changeSetName, summary };
    }
    if (decision === 'discard') return { kind: 'declined', changeSetName, summary, cleanup: (await cleanup())! };
  } catch (e) {
    if (signal?.aborted) return cancelledBeforeExecute(await cleanup());
    // Some endpoints (moto, and CloudFormation for some requests) refuse an empty change set outright.
    if (isAwsError(e) && isNoChangesReason(e.message)) {
      await cleanup();
      return { kind: 'no-changes', message: noChangesRefusal(e.message) };
    }
    const left = await cleanup();
    if (isAwsError(e))
      return {
        kind: 'failed-before-execute',
        message: describeAwsError(e),
        cleanup: left,
        ...(e.kind === 'Validation' ? capabilityRefusal(e.message) : {}),
      };
    throw e;
  }
  return executeAndFollow(services, tracker, job, driver, changeSetName, summary);
}

async function executeAndFollow(
  services: ReleaseServices,
  tracker: ChangeSetTracker,
  job: ChangeSetJob,
  driver: RunDriver,
  changeSetName: string,
  summary: ChangeSetSummary,
): Promise<RunResult> {
  const events: StackEvent[] = [];
  driver.onStep?.({ kind: 'executing', changeSetName });
  let sent = false;
  let executed = false;
  try {
    const outcome = await executeChangeSetFor(
      { ...services, release: { ...bind(tracker), executeChangeSet: execute } },
      job.stackName,
      changeSetName,
      job.judge,
      {
        signal: driver.signal,
        pollMs: driver.pollMs,
        onEvent: (e) => {
          events.push(e);
          driver.onEvent?.(e);
        },
      },
    );
    if (outcome.kind === 'cancelled' || outcome.kind === 'timeout')
      return {
        kind: 'continuing',
        reason: outcome.kind === 'cancelled' ? 'interrupted' : 'timeout',
        message:
          outcome.kind === 'cancelled'
            ? stoppedFollowing(job.stackName, driver.whereToWatch)
            : `Stopped following after the time limit (the stack is ${outcome.status ?? 'in progress'}): the update of ${job.stackName} goes on in CloudFormation. ${driver.whereToWatch}`,
        changeSetName,
        summary,
        events: outcome.events,
      };
    return { kind: 'finished', outcome, changeSetName, summary };
  } catch (e) {
    if (!sent) {
      // Nothing was executed: an interruption or a failure here is like any before execute.
      if (driver.signal?.aborted || e instanceof NotSent)
        return cancelledBeforeExecute(await tracker.cleanup(job.stackName));
      if (!isAwsError(e)) throw e;
      return {
        kind: 'failed-before-execute',
        message: describeAwsError(e),
        cleanup: await tracker.cleanup(job.stackName),
      };
    }
    if (!isAwsError(e)) throw e;
    if (!executed && e.kind !== 'Network')
      // CloudFormation answered and refused to execute: nothing started.
      return {
        kind: 'failed-before-execute',
        message: describeAwsError(e),
        cleanup: await tracker.cleanup(job.stackName),
      };
    return connectionLost(services, job, driver, changeSetName, summary, events, executed, e.message);
  }

  async function execute(stackName: string, name: string): Promise<void> {
    if (driver.signal?.aborted) throw new NotSent();
    sent = true;
    // Sent without the signal: an execute that left is seen through, never left in doubt.
    await tracker.executeChangeSet(stackName, name, undefined, job.clientRequestToken);
    executed = true;
  }
}

/**
 * A direct UpdateStack (no change set) with the same contract after the
 * write: an interruption says the update goes on, a lost connection re-reads
 * the stack.
 */
export async function runDirectUpdate(
  services: ReleaseServices,
  job: Pick<ChangeSetJob, 'stackName' | 'judge' | 'describeStack'>,
  update: (services: ReleaseServices, options: FollowOptions) => Promise<ReleaseOutcome>,
  driver: Pick<RunDriver, 'signal' | 'pollMs' | 'onEvent' | 'whereToWatch'>,
): Promise<RunResult> {
  let sent = false;
  let done = false;
  const events: StackEvent[] = [];
  const inner = services.release;
  const release: ReleaseGateway = {
    ...bind(inner),
    updateStack: async (request) => {
      if (driver.signal?.aborted) throw new NotSent();
      sent = true;
      // Sent without the signal, like an execute.
      const out = await inner.updateStack(request);
      done = true;
      return out;
    },
  };
  try {
    const outcome = await update(
      { ...services, release },
      {
        signal: driver.signal,
        pollMs: driver.pollMs,
        onEvent: (e) => {
          events.push(e);
          driver.onEvent?.(e);
        },
      },
    );
    if (outcome.kind === 'no-changes') return { kind: 'no-changes', message: outcome.message };
    if (outcome.kind === 'cancelled' || outcome.kind === 'timeout')
      return {
        kind: 'continuing',
        reason: outcome.kind === 'cancelled' ? 'interrupted' : 'timeout',
        message: stoppedFollowing(job.stackName, driver.whereToWatch),
        events: outcome.events,
      };
    return { kind: 'finished', outcome };
  } catch (e) {
    if (!sent) {
      if (driver.signal?.aborted || e instanceof NotSent)
        return { kind: 'cancelled', message: 'Cancelled before updating; the stack was not changed.' };
      if (!isAwsError(e)) throw e;
      return { kind: 'failed-before-execute', message: describeAwsError(e) };
    }
    if (!isAwsError(e)) throw e;
    if (!done && e.kind !== 'Network') return { kind: 'failed-before-execute', message: describeAwsError(e) };
    return connectionLost(services, job, driver, undefined, undefined, events, done, e.message);
  }
}

/** What Ctrl-C after the write says: the update is CloudFormation's now (never "Cancelled"). */
function stoppedFollowing(stackName: string, whereToWatch: string): string {
  return `Stopped following: the update of ${stackName} goes on in CloudFormation. ${whereToWatch}`;
}

/** Ctrl-C arrived just before ExecuteChangeSet would have been sent. */
class NotSent extends Error {}

/**
 * Re-read the stack (a few tries) and say what it really is, instead of "could not reach AWS". A request
 * ended by Ctrl-C after the write (a poll in flight) is no lost connection: stop at once, as between polls.
 */
async function connectionLost(
  services: ReleaseServices,
  job: Pick<ChangeSetJob, 'stackName' | 'judge' | 'describeStack'>,
  driver: Pick<RunDriver, 'whereToWatch' | 'signal'>,
  changeSetName: string | undefined,
  summary: ChangeSetSummary | undefined,
  events: StackEvent[],
  executed: boolean,
  why: string,
): Promise<RunResult> {
  if (executed && driver.signal?.aborted)
    return {
      kind: 'continuing',
      reason: 'interrupted',
      message: stoppedFollowing(job.stackName, driver.whereToWatch),
      changeSetName,
      summary,
      events,
    };
  const stack = await rereadStack(services, job.stackName);
  const lost = executed
    ? `Could not follow the update (${why}).`
    : `The connection to AWS was lost while ${changeSetName ? `executing change set ${changeSetName}` : 'updating the stack'} (${why}); the update may or may not have started.`;
  if (!stack)
    return {
      kind: 'continuing',
      reason: 'connection-lost',
      message: `${lost} The stack could not be read again either: its state is unknown. ${driver.whereToWatch}`,
      changeSetName,
      summary,
      events,
    };
  const now = `${job.stackName} is ${stack.status}; ${job.describeStack(stack)}.`;
  // After ExecuteChangeSet returned, a terminal stack has finished this update; before, only a stack that shows the change has.
  if (isTerminal(stack.status) && (executed || stackMoved(stack, job)))
    return {
      kind: 'finished',
      outcome: job.judge(stack, events),
      changeSetName,
      summary,
      note: `${lost} Read again: ${now}`,
    };
  return {
    kind: 'continuing',
    reason: 'connection-lost',
    message: `${lost} Read again: ${now} ${isTerminal(stack.status) ? (changeSetName ? `If it did not start, change set ${changeSetName} stays: execute or delete it in the console.` : 'If it did not start, run the command again.') : 'The update goes on in CloudFormation.'} ${driver.whereToWatch}`,
    changeSetName,
    summary,
    stack,
    events,
  };
}

/** Whether the stack already shows what the job set (judged as a success). */
function stackMoved(stack: StackDetail, job: Pick<ChangeSetJob, 'judge'>): boolean {
  return job.judge(stack, []).kind === 'succeeded';
}

export const REREAD_ATTEMPTS = 3;

async function rereadStack(services: ReleaseServices, stackName: string): Promise<StackDetail | undefined> {
  for (let attempt = 1; attempt <= REREAD_ATTEMPTS; attempt++) {
    try {
      // No signal: the user's interruption must not stop us from telling them where things stand.
      return await services.stacks.describeStack(stackName);
    } catch (e) {
      if (!isAwsError(e)) throw e;
      if (attempt < REREAD_ATTEMPTS) await services.clock.sleep(2000 * attempt).catch(() => undefined);
    }
  }
  return undefined;
}

/** `{ capabilityRefusal }` when `message` is CloudFormation asking for capabilities; nothing otherwise. */
function capabilityRefusal(message: string): { capabilityRefusal?: CapabilityRefusal } {
  const asked = capabilitiesAsked(message);
  return asked ? { capabilityRefusal: { asked, message } } : {};
}

function cancelledBeforeExecute(cleanup: Cleanup | undefined): RunResult {
  return {
    kind: 'cancelled',
    message: `Cancelled before executing; the stack was not changed.${cleanup ? ` ${cleanup.message}` : ''}`,
    cleanup,
  };
}

function bind(r: ReleaseGateway): ReleaseGateway {
  return {
    createChangeSet: r.createChangeSet.bind(r),
    describeChangeSet: r.describeChangeSet.bind(r),
    executeChangeSet: r.executeChangeSet.bind(r),
    deleteChangeSet: r.deleteChangeSet.bind(r),
    updateStack: r.updateStack.bind(r),
    describeStackEvents: r.describeStackEvents.bind(r),
  };
}

/**
 * The release gateway as a run sees it: it remembers every change set it
 * asked for (even when the answer was lost: it may exist) until it is
 * executed or deleted, so `cleanup` can delete what is left. Creates are sent
 * without the abort signal: a create that left is seen through, then deleted.
 */
const REFUSALS: ReadonlySet<string> = new Set([
  'Validation',
  'AccessDenied',
  'NoCredentials',
  'ExpiredToken',
  'Throttled',
  'NotFound',
]);

export class ChangeSetTracker implements ReleaseGateway {
  private readonly open = new Map<string, string>();
  constructor(private readonly inner: ReleaseGateway) {}

  async createChangeSet(
    request: UpdateRequest & { changeSetName: string; description?: string },
  ): Promise<{ id: string }> {
    this.open.set(request.changeSetName, request.stackName);
    try {
      return await this.inner.createChangeSet(request);
    } catch (e) {
      // AWS answered with a refusal (a validation error, a missing capability, access denied):
      // nothing was created, so there is nothing to delete or to report as deleted. Only a
      // lost answer (network, timeout, an internal error) may have left one behind.
      if (isAwsError(e) && REFUSALS.has(e.kind)) this.open.delete(request.changeSetName);
      throw e;
    }
  }
  describeChangeSet(stackName: string, changeSetName: string, signal?: Cancellation): Promise<ChangeSetDetail> {
    return this.inner.describeChangeSet(stackName, changeSetName, signal);
  }
  async executeChangeSet(
    stackName: string,
    changeSetName: string,
    _signal?: Cancellation,
    clientRequestToken?: string,
  ): Promise<void> {
    await this.inner.executeChangeSet(stackName, changeSetName, undefined, clientRequestToken);
    this.open.delete(changeSetName);
  }
  async deleteChangeSet(stackName: string, changeSetName: string): Promise<void> {
    await this.inner.deleteChangeSet(stackName, changeSetName);
    this.open.delete(changeSetName);
  }
  updateStack(request: UpdateRequest): Promise<{ stackId: string }> {
    return this.inner.updateStack(request);
  }
  describeStackEvents(stackName: string, since: string, signal?: Cancellation): Promise<StackEvent[]> {
    return this.inner.describeStackEvents(stackName, since, signal);
  }

  /** Left for the user on purpose (review): no longer ours to delete. */
  forget(changeSetName: string): void {
    this.open.delete(changeSetName);
  }

  /** Delete the change set made and neither executed nor deleted yet; undefined when there is none. */
  async cleanup(stackName: string): Promise<Cleanup | undefined> {
    let result: Cleanup | undefined;
    for (const [name, stack] of [...this.open]) {
      try {
        // No signal: this runs after an interruption and must still reach AWS.
        await this.deleteChangeSet(stack, name);
        result = { changeSetName: name, deleted: true, message: `The change set ${name} was deleted.` };
      } catch (e) {
        this.open.delete(name);
        const why = isAwsError(e) ? e.message : String(e);
        const gone = isAwsError(e) && e.kind === 'NotFound';
        result = gone
          ? {
              changeSetName: name,
              deleted: true,
              message: `The change set ${name} does not exist (nothing to delete).`,
            }
          : {
              changeSetName: name,
              deleted: false,
              message: `The change set ${name} could not be deleted (${why}): it stays on ${stackName}; delete it in the console or with \`aws cloudformation delete-change-set --stack-name ${stackName} --change-set-name ${name}\`.`,
            };
      }
    }
    return result;
  }
}

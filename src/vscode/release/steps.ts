import { describeAwsError, isAwsError } from '../../core/aws/errors';
import { loadFleet, type Fleet } from '../../core/aws/fleet';
import type { Cancellation, StackDetail } from '../../core/aws/ports';
import { busyReason } from '../../core/aws/stackStatus';
import type { HookFiring } from '../../core/release/hookImpact';
import type { ReleaseServices } from '../../core/release/workflow';
import { convergenceReport, type ConvergenceReport } from './convergence';
import type { ReleaseDeps, ReleaseResult, Step } from './types';

/**
 * What every release flow shares: results, progress steps that turn a Cancel
 * into a cancellation, the guard (one operation per stack at a time; AWS
 * errors become results), and the fleet's convergence after a change.
 */

/** Thrown inside a step after Cancel; `guard` turns it into a "cancelled" result. */
export class Cancelled extends Error {}

export function servicesOf(deps: ReleaseDeps): ReleaseServices {
  return { stacks: deps.aws.stacks, release: deps.aws.release, clock: deps.aws.clock };
}

export function refuse(
  reason: Extract<ReleaseResult, { kind: 'refused' }>['reason'],
  message: string,
  stackName?: string,
): ReleaseResult {
  return { kind: 'refused', reason, message, stackName };
}

export function cancelled(message: string, stackName?: string): ReleaseResult {
  return { kind: 'cancelled', message, stackName };
}

/** A step under progress; a failure after Cancel is a cancellation, whatever the SDK called it. */
export function withStep<T>(deps: ReleaseDeps, title: string, task: (step: Step) => Promise<T>): Promise<T> {
  return deps.ui.withProgress(title, async (step) => {
    try {
      return await task(step);
    } catch (e) {
      if (step.signal.aborted) throw new Cancelled();
      throw e;
    }
  });
}

/** The stack and, unless it is busy, its deployed template (under progress; Cancel is a cancellation). */
export function readStack(
  deps: ReleaseDeps,
  stackName: string,
): Promise<{ stack: StackDetail; body: string | undefined }> {
  return withStep(deps, `cfn-hup: reading stack ${stackName}`, async (step) => {
    const stack = await deps.aws.stacks.describeStack(stackName, step.signal);
    if (busyReason(stack.status)) return { stack, body: undefined };
    const body = (await deps.aws.stacks.getTemplate(stackName, step.signal)).body;
    cancelledIf(step);
    return { stack, body };
  });
}

export function cancelledIf(step: Step): void {
  if (step.signal.aborted) throw new Cancelled();
}

/** AwsErrors and cancellations become results; anything else is a bug and propagates. */
export async function guard(
  deps: ReleaseDeps,
  key: string,
  body: () => Promise<ReleaseResult>,
): Promise<ReleaseResult> {
  if (!deps.running.start(key))
    return refuse(
      'busy',
      `A release of ${key} is already running in this window: wait for it (see the "cfn-hup releases" log).`,
      key,
    );
  try {
    return await body();
  } catch (e) {
    if (e instanceof Cancelled || (e instanceof Error && e.name === 'AbortError'))
      return cancelled('Cancelled; nothing was changed.', key);
    if (isAwsError(e)) {
      deps.ui.log.error(`${key}: ${describeAwsError(e)}`);
      return { kind: 'failed', message: describeAwsError(e).replace('\n', ' '), stackName: key };
    }
    throw e;
  } finally {
    deps.running.finish(key);
  }
}

/** `executedAt`: when the update was sent (the instances' log lines from then on count for the live view). */
export async function converged(
  deps: ReleaseDeps,
  stackName: string,
  hooks: readonly HookFiring[] | undefined,
  executedAt?: number,
): Promise<ConvergenceReport> {
  const finishedAt = deps.aws.clock.now();
  const fleet = await fleetOrUndefined(deps, stackName);
  const report = convergenceReport(fleet, hooks, finishedAt);
  for (const line of report.lines) deps.ui.log.info(`Convergence: ${line}`);
  return hooks ? { ...report, firings: hooks, since: executedAt ?? finishedAt } : report;
}

export async function fleetOrUndefined(
  deps: ReleaseDeps,
  stackName: string,
  signal?: Cancellation,
): Promise<Fleet | undefined> {
  try {
    return await loadFleet(deps.aws, stackName, signal);
  } catch (e) {
    if (!isAwsError(e)) throw e;
    deps.ui.log.warn(`${stackName}: instance counts unavailable (${e.message})`);
    return undefined;
  }
}

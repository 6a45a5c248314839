// Over ~350 lines on purpose: the release workflow over the ports (plan, change set, execute, direct
// update, outcome from the stack's events); the CLI and the editor share each step.
import { hooksOutOfReach } from '../cfnhup/hooksElsewhere';
import type {
  Cancellation,
  ChangeSetDetail,
  Clock,
  ReleaseGateway,
  StackDetail,
  StackEvent,
  StackGateway,
  UpdateRequest,
} from '../aws/ports';
import { isAwsError } from '../aws/errors';
import { busyReason, isTerminal, updateOutcome } from '../aws/stackStatus';
import { evaluationContextOf } from '../aws/pseudo';
import { MASK } from '../aws/noEcho';
import type { TemplateModel } from '../template/model';
import type { EvaluateOptions } from '../intrinsics/evaluate';
import { readDeclarations, type ParameterDeclaration } from './declarations';
import { DEFAULT_BUILD_PARAMETER, findBuildParameter } from './buildParameter';
import { proposeNextValue } from './nextValue';
import { validateParameterValue } from './validate';
import { releaseParameters, updateRequest } from './parameters';
import { isNoChangesReason, summarizeChangeSet, type ChangeSetSummary } from './changeSetSummary';
import { hookImpact } from './hookImpact';
import { planInstances } from './instancePlan/plan';
import { firstFailure, type Failure } from './events';
import { lastReleaseSetting, releaseToken } from './token';

/**
 * A release, step by step, over the ports: plan (read-only, refuses early),
 * change set (made, waited for, summarised), execution (followed through stack
 * events until the stack is terminal), or a direct UpdateStack. Time comes
 * from the injected Clock, so tests never wait.
 */
export interface ReleaseServices {
  stacks: StackGateway;
  release: ReleaseGateway;
  clock: Clock;
}

export interface ReleaseTarget {
  stackName: string;
  /** Default BuildNumber. */
  parameter?: string;
  /** Default: the current value with its last number +1. */
  value?: string;
}

export interface FollowOptions {
  signal?: Cancellation;
  /** Between polls; default 5 s (DescribeStackEvents is throttled at a few calls per second per account). */
  pollMs?: number;
  /** Give up following after this long; the update itself goes on. Default 2 h. */
  timeoutMs?: number;
  onEvent?: (event: StackEvent) => void;
}

export type RefusalReason =
  'unknown-parameter' | 'invalid-value' | 'busy' | 'same-value' | 'no-proposal' | 'template' | 'already-released';

/** How far back a release looks for one of its own that may have lost its connection. */
export const RECENT_RELEASE_MS = 3600_000;

export interface Refusal {
  ok: false;
  reason: RefusalReason;
  message: string;
}

export interface ReleasePlan {
  ok: true;
  stack: StackDetail;
  parameter: ParameterDeclaration;
  /** `****` when the parameter is NoEcho. */
  currentValue: string;
  newValue: string;
  request: UpdateRequest;
  model: TemplateModel;
}

/** A change set as made and waited for; whatever is not executed is deleted by the run (./run.ts), not here. */
export type ChangeSetResult =
  | { kind: 'ready'; name: string; changeSet: ChangeSetDetail }
  | { kind: 'no-changes'; name: string; message: string }
  | { kind: 'failed'; name: string; message: string }
  | { kind: 'cancelled'; name: string };

/** How an update ended, judged on the terminal stack (and its events). */
export type Verdict =
  | { kind: 'succeeded'; status: string; events: StackEvent[] }
  | { kind: 'failed' | 'rolled-back'; status: string; failure?: Failure; events: StackEvent[]; message: string };

/** Following stopped (the signal, the time limit) while the update goes on. */
export type Stopped =
  | { kind: 'cancelled'; status?: string; events: StackEvent[]; message: string }
  | { kind: 'timeout'; status?: string; events: StackEvent[]; message: string };

/** What following an update gives: a verdict, or why there is none (nothing to do, stopped following). */
export type ReleaseOutcome = Verdict | Stopped | { kind: 'no-changes'; message: string };

const DEFAULT_POLL_MS = 5000;

export async function planRelease(
  services: ReleaseServices,
  target: ReleaseTarget,
  signal?: Cancellation,
): Promise<ReleasePlan | Refusal> {
  const stack = await services.stacks.describeStack(target.stackName, signal);
  const busy = busyReason(stack.status);
  if (busy) return { ok: false, reason: 'busy', message: `Not releasing: ${busy}.` };
  const template = await services.stacks.getTemplate(target.stackName, signal);
  const declarations = readDeclarations(template.body);
  if (!declarations.ok) return { ok: false, reason: 'template', message: `Not releasing: ${declarations.reason}.` };
  const name = target.parameter ?? DEFAULT_BUILD_PARAMETER;
  const found = findBuildParameter(declarations.parameters, stack.parameters, name);
  if (!found.ok) return { ok: false, reason: 'unknown-parameter', message: `Not releasing: ${found.message}` };
  const current = found.current.value;
  if (found.declaration.noEcho && target.value === undefined)
    return {
      ok: false,
      reason: 'no-proposal',
      message: `Not releasing: ${name} is NoEcho, so no value is proposed or derived from it. Give the new value explicitly with --value.`,
    };
  if (target.value === undefined) {
    const already = await recentReleaseOf(services, stack, name, current, signal);
    if (already)
      return {
        ok: false,
        reason: 'already-released',
        message: `Not releasing: ${stack.name} already carries ${name}="${current}", set by a cfn-hup-tools release at ${already.timestamp} (the stack is ${stack.status}); a run that lost its connection may have done it. Not bumping twice: to release the next build, give it with --value.`,
      };
  }
  const newValue = target.value ?? proposeNextValue(current, found.declaration.type);
  if (newValue === undefined)
    return {
      ok: false,
      reason: 'no-proposal',
      message: `Not releasing: ${name} is "${current}", which has no number to increase. Give the new value with --value.`,
    };
  const problems = validateParameterValue(found.declaration, newValue);
  if (problems.length)
    return {
      ok: false,
      reason: 'invalid-value',
      message: `Not releasing: ${name}=${shownValue(found.declaration, newValue)} would be rejected: ${problems.join('; ')}.`,
    };
  if (newValue === current)
    return {
      ok: false,
      reason: 'same-value',
      message: `Not releasing: ${name} is already ${shownValue(found.declaration, current)} on ${stack.name} (a previous run may have set it); no updates would be performed.`,
    };
  const request = updateRequest(stack, releaseParameters(stack, name, newValue));
  return {
    ok: true,
    stack,
    parameter: found.declaration,
    currentValue: current,
    newValue,
    request,
    model: declarations.model,
  };
}

/**
 * The start event of the stack's last update when a recent cfn-hup-tools release set `name` to `value`
 * (a run that lost its connection may have done it): the CLI refuses to bump again, the editor proposes nothing.
 */
export async function recentReleaseOf(
  services: ReleaseServices,
  stack: StackDetail,
  name: string,
  value: string,
  signal?: Cancellation,
): Promise<StackEvent | undefined> {
  const since = new Date(services.clock.now() - RECENT_RELEASE_MS).toISOString();
  const events = await services.release.describeStackEvents(stack.name, since, signal);
  return lastReleaseSetting(events, stack.name, stack.id, name, value);
}

/** The token an execution of this plan carries (none for NoEcho: not even a hash of a secret goes out). */
export function planToken(plan: ReleasePlan, now: number): string | undefined {
  return plan.parameter.noEcho ? undefined : releaseToken(plan.parameter.name, plan.newValue, now);
}

/** Parameter and pseudo parameter values before and after, for evaluating Metadata. */
export function evaluationContexts(
  plan: ReleasePlan,
  region?: string,
): { before: EvaluateOptions; after: EvaluateOptions } {
  const before = evaluationContextOf(plan.stack, region);
  return {
    before,
    after: { ...before, parameterValues: { ...before.parameterValues, [plan.parameter.name]: plan.newValue } },
  };
}

/** Summarise a change set, with the hooks that will fire (instance counts per launching resource when known). */
export function summarizeRelease(
  plan: ReleasePlan,
  changeSet: ChangeSetDetail,
  instancesByResource?: Record<string, number>,
  region?: string,
): ChangeSetSummary {
  const { before, after } = evaluationContexts(plan, region);
  const modified = new Set(changeSet.changes.filter((c) => c.action === 'Modify').map((c) => c.logicalId));
  const replaced = new Set(changeSet.changes.filter((c) => c.replacement === 'True').map((c) => c.logicalId));
  const hooks = hookImpact({
    model: plan.model,
    before,
    after,
    modifiedResources: modified,
    replacedResources: replaced,
    instancesByResource,
  });
  const instancePlan = planInstances({
    model: plan.model,
    before,
    after,
    firings: hooks,
    modifiedResources: modified,
    replacedResources: replaced,
  });
  return { ...summarizeChangeSet(changeSet, hooks, hooksOutOfReach(plan.model)), instancePlan };
}

export async function createChangeSet(
  services: ReleaseServices,
  plan: ReleasePlan,
  options: FollowOptions = {},
): Promise<ChangeSetResult> {
  return createChangeSetFor(
    services,
    plan.request,
    {
      name: `cfn-hup-tools-${plan.parameter.name.replace(/[^A-Za-z0-9-]/g, '-')}-${services.clock.now()}`,
      // The description is stored by AWS and shown to anyone who may read the stack: never a NoEcho value.
      description: plan.parameter.noEcho
        ? `${plan.parameter.name} (NoEcho) changed (cfn-hup-tools)`
        : `${plan.parameter.name} ${plan.currentValue} -> ${plan.newValue} (cfn-hup-tools)`,
      noChangesMessage: `No updates are to be performed: the stack already has ${plan.parameter.name}=${shownValue(plan.parameter, plan.newValue)} or nothing uses it.`,
    },
    options,
  );
}

export interface ChangeSetNaming {
  name: string;
  description: string;
  /** Said when CloudFormation finds nothing to change (the run then deletes the empty change set and says so). */
  noChangesMessage: string;
}

/**
 * Any update request as a change set: made and waited for. It deletes nothing: the run that asked for it
 * (./run.ts) deletes whatever it made and did not execute, whatever ended it — one place for that cleanup.
 */
export async function createChangeSetFor(
  services: ReleaseServices,
  request: UpdateRequest,
  naming: ChangeSetNaming,
  options: FollowOptions = {},
): Promise<ChangeSetResult> {
  const { release, clock } = services;
  const name = naming.name.slice(0, 128);
  const stackName = request.stackName;
  await release.createChangeSet({ ...request, changeSetName: name, description: naming.description }, options.signal);
  const deadline = clock.now() + (options.timeoutMs ?? 15 * 60_000);
  let cs: ChangeSetDetail;
  for (;;) {
    if (options.signal?.aborted) return { kind: 'cancelled', name };
    cs = await release.describeChangeSet(stackName, name, options.signal);
    if (cs.status === 'CREATE_COMPLETE') return { kind: 'ready', name, changeSet: cs };
    if (cs.status === 'FAILED') {
      if (isNoChangesReason(cs.statusReason)) return { kind: 'no-changes', name, message: naming.noChangesMessage };
      return { kind: 'failed', name, message: `The change set ${name} failed: ${cs.statusReason ?? cs.status}` };
    }
    if (clock.now() >= deadline)
      return {
        kind: 'failed',
        name,
        message: `The change set ${name} was still ${cs.status} after ${Math.round((options.timeoutMs ?? 900_000) / 60_000)} minutes.`,
      };
    await sleepUnlessAborted(clock, Math.min(options.pollMs ?? 2000, 2000), options.signal);
  }
}

/** Execute any change set and follow the stack until it is terminal; `judge` says how it ended. */
export async function executeChangeSetFor(
  services: ReleaseServices,
  stackName: string,
  changeSetName: string,
  judge: (stack: StackDetail, events: StackEvent[]) => Verdict,
  options: FollowOptions = {},
): Promise<Verdict | Stopped> {
  const seen = await recentEventIds(services, stackName, options.signal);
  const since = new Date(services.clock.now() - 60_000).toISOString();
  await services.release.executeChangeSet(stackName, changeSetName, options.signal);
  return follow(services, stackName, judge, since, seen, options);
}

/** How an update that changes more than one parameter (a new template) ended. */
export function updateResult(stack: StackDetail, events: StackEvent[]): Verdict {
  if (updateOutcome(stack.status) === 'succeeded') return { kind: 'succeeded', status: stack.status, events };
  return unsuccessful(stack, events, 'The update failed and was rolled back.');
}

/** A terminal stack that did not succeed: rolled back or failed, with the first failed resource or the stack's reason. */
function unsuccessful(stack: StackDetail, events: StackEvent[], rolledBack: string): Verdict {
  const failure = firstFailure(events, stack.name);
  const cause = failure
    ? ` ${failure.logicalId} (${failure.resourceType}) ${failure.status}: ${failure.reason}`
    : stack.statusReason
      ? ` ${stack.statusReason}`
      : '';
  if (updateOutcome(stack.status) === 'rolledBack')
    return { kind: 'rolled-back', status: stack.status, failure, events, message: `${rolledBack}${cause}` };
  return {
    kind: 'failed',
    status: stack.status,
    failure,
    events,
    message: `The update ended in ${stack.status}.${cause}`,
  };
}

/** UpdateStack with the previous template: no preview, one call. */
export async function updateDirect(
  services: ReleaseServices,
  plan: ReleasePlan,
  options: FollowOptions = {},
): Promise<ReleaseOutcome> {
  const seen = await recentEventIds(services, plan.stack.name, options.signal);
  const since = new Date(services.clock.now() - 60_000).toISOString();
  try {
    const token = planToken(plan, services.clock.now());
    await services.release.updateStack(
      { ...plan.request, ...(token ? { clientRequestToken: token } : {}) },
      options.signal,
    );
  } catch (e) {
    if (isAwsError(e) && isNoChangesReason(e.message))
      return { kind: 'no-changes', message: 'No updates are to be performed: CloudFormation found nothing to change.' };
    throw e;
  }
  return follow(services, plan.stack.name, (stack, events) => outcome(plan, stack, events), since, seen, options);
}

/** Event ids from before the update, so the followed list holds this update's events only (clocks may differ). */
async function recentEventIds(
  services: ReleaseServices,
  stackName: string,
  signal?: Cancellation,
): Promise<Set<string>> {
  const events = await services.release.describeStackEvents(
    stackName,
    new Date(services.clock.now() - 10 * 60_000).toISOString(),
    signal,
  );
  return new Set(events.map((e) => e.id));
}

async function follow(
  services: ReleaseServices,
  stackName: string,
  judge: (stack: StackDetail, events: StackEvent[]) => Verdict,
  since: string,
  seen: Set<string>,
  options: FollowOptions,
): Promise<Verdict | Stopped> {
  const { stacks, release, clock } = services;
  const events: StackEvent[] = [];
  const deadline = clock.now() + (options.timeoutMs ?? 2 * 3600_000);
  const collect = async () => {
    for (const e of await release.describeStackEvents(stackName, since, options.signal)) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      events.push(e);
      options.onEvent?.(e);
    }
  };
  for (;;) {
    if (options.signal?.aborted)
      return {
        kind: 'cancelled',
        events,
        message: 'Stopped following the stack; the update goes on in CloudFormation.',
      };
    await collect();
    const stack = await stacks.describeStack(stackName, options.signal);
    if (isTerminal(stack.status)) {
      await collect();
      return judge(stack, events);
    }
    if (clock.now() >= deadline)
      return {
        kind: 'timeout',
        status: stack.status,
        events,
        message: `The stack is still ${stack.status}; stopped following it.`,
      };
    await sleepUnlessAborted(clock, options.pollMs ?? DEFAULT_POLL_MS, options.signal);
  }
}

/** How a release ended, judged on the terminal stack: the status and the parameter's value. */
export function outcome(plan: ReleasePlan, stack: StackDetail, events: StackEvent[]): Verdict {
  const name = plan.parameter.name;
  if (updateOutcome(stack.status) !== 'succeeded')
    return unsuccessful(
      stack,
      events,
      `The update failed and was rolled back; ${name} is still ${shownValue(plan.parameter, plan.currentValue)}.`,
    );
  const value = stack.parameters.find((p) => p.key === name)?.value;
  // A NoEcho value comes back masked: the status is all there is to go on.
  if (value === plan.newValue || (plan.parameter.noEcho && value === MASK))
    return { kind: 'succeeded', status: stack.status, events };
  return {
    kind: 'failed',
    status: stack.status,
    events,
    message: plan.parameter.noEcho
      ? `The stack is ${stack.status}, but ${name} (NoEcho) does not carry the new value.`
      : `The stack is ${stack.status}, but ${name} is "${value ?? '(missing)'}", not "${plan.newValue}".`,
  };
}

async function sleepUnlessAborted(clock: Clock, ms: number, signal?: Cancellation): Promise<void> {
  if (signal?.aborted) return;
  await clock.sleep(ms, signal).catch(() => undefined);
}

/** A parameter value as messages show it: quoted, or `(NoEcho)` for a NoEcho parameter, whatever the API returned. */
function shownValue(declaration: { noEcho: boolean }, value: string): string {
  return declaration.noEcho ? '(NoEcho)' : `"${value}"`;
}

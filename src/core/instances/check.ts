import { isAwsError, type AwsError } from '../aws/errors';
import type { Cancellation, Clock, CommandGateway, CommandInvocation, ManagedInstance } from '../aws/ports';
import { judgeInstance, type HookExpectation, type HookVerdict, type InstanceStateKind } from './judge';
import { parseReport } from './report';
import { reportScript, SSM_DOCUMENTS, type InstancePlatform } from './script';

/**
 * The instance check, one state machine for the CLI and the editor:
 *
 *   describe (which instances SSM manages, online, which platform)
 *   → send (the fixed report script, ≤50 instances per SendCommand, a pause between batches)
 *   → collect (ListCommandInvocations until every invocation ended, then GetCommandInvocation each)
 *   → judge (./judge.ts)
 *   → done, or wait and check the still-pending instances again until `until`.
 *
 * AWS and time are injected; every AWS refusal becomes an `unreachable`
 * result with the next step, never an exception.
 */
export interface CheckTarget {
  instanceId: string;
  /** The logical id of its Auto Scaling group or EC2 instance resource. */
  group?: string;
  /** The hooks the release fires on this instance; empty: every hook configured on it. */
  hooks: HookExpectation[];
}

export type UnreachableReason = 'not-managed' | 'offline' | 'access-denied' | 'command-failed' | 'aws-error';

export interface InstanceResult {
  instanceId: string;
  group?: string;
  state: InstanceStateKind;
  reason: string;
  evidence?: string;
  nextStep?: string;
  hooks: HookVerdict[];
  unreachable?: UnreachableReason;
  platform?: InstancePlatform;
  version?: string;
  service?: string;
  /** The clock's time of the answer this result is from. */
  checkedAt: number;
}

export interface CheckServices {
  ssm: CommandGateway;
  clock: Clock;
}

export type CheckPhase = 'describe' | 'send' | 'collect' | 'judge' | 'wait' | 'done';

export interface CheckOptions {
  /** The release, epoch ms. Undefined: no release to judge against (see ./judge.ts: idle instead of silent). */
  since?: number;
  /** Keep checking pending instances until this time (epoch ms, on the injected clock). Absent: check once. */
  until?: number;
  /** Between checks while waiting. Default 30 s. */
  pollMs?: number;
  /** Between ListCommandInvocations calls. Default 2 s. */
  invocationPollMs?: number;
  /** Between two SendCommand batches (rate control). Default 1 s. */
  batchGapMs?: number;
  signal?: Cancellation;
  onPhase?: (phase: CheckPhase, detail: string) => void;
  /** After each round: every instance's latest result. */
  onResults?: (results: InstanceResult[]) => void;
}

export interface CheckOutcome {
  results: InstanceResult[];
  /** Some instance was still pending when `until` passed. */
  timedOut: boolean;
  cancelled: boolean;
}

export const MAX_IDS_PER_COMMAND = 50;
const REPORT_TIMEOUT_SECONDS = 120;
const ENDED = new Set([
  'Success',
  'Failed',
  'TimedOut',
  'Cancelled',
  'Undeliverable',
  'Terminated',
  'DeliveryTimedOut',
  'ExecutionTimedOut',
  'InvalidPlatform',
  'AccessDenied',
]);

export const NEXT_STEPS = {
  notManaged:
    'Systems Manager does not manage this instance: install and start the SSM agent, and attach an instance profile with the AmazonSSMManagedInstanceCore policy.',
  offline:
    'The SSM agent is not connected: check that the instance is running, the agent is started, and the instance can reach the ssm, ssmmessages and ec2messages endpoints.',
  accessDenied: (action: string) =>
    `Ask for an IAM policy that allows ${action} (see "Instance checks" in the README: ssm:SendCommand limited to AWS-RunShellScript / AWS-RunPowerShellScript and instances tagged with the stack).`,
} as const;

export function isSettled(state: InstanceStateKind): boolean {
  return state !== 'pending';
}

export async function checkInstances(
  services: CheckServices,
  targets: CheckTarget[],
  options: CheckOptions,
): Promise<CheckOutcome> {
  const latest = new Map<string, InstanceResult>();
  let todo = dedupe(targets);
  for (;;) {
    if (options.signal?.aborted) return outcome(targets, latest, false, true);
    const round = await checkOnce(services, todo, options);
    for (const r of round) latest.set(r.instanceId, r);
    options.onResults?.(ordered(targets, latest));
    todo = todo.filter((t) => !isSettled(latest.get(t.instanceId)!.state));
    if (!todo.length || options.until === undefined) return outcome(targets, latest, false, false);
    if (services.clock.now() >= options.until) return outcome(targets, latest, true, false);
    options.onPhase?.('wait', `${todo.length} instance(s) pending`);
    await services.clock.sleep(
      Math.min(options.pollMs ?? 30_000, Math.max(0, options.until - services.clock.now())),
      options.signal,
    );
  }
}

/** One round over `targets`: every target gets a result. */
export async function checkOnce(
  services: CheckServices,
  targets: CheckTarget[],
  options: CheckOptions,
): Promise<InstanceResult[]> {
  const { clock } = services;
  const results: InstanceResult[] = [];
  const unreachable = (t: CheckTarget, why: UnreachableReason, reason: string, nextStep: string) =>
    results.push({
      instanceId: t.instanceId,
      group: t.group,
      state: 'unreachable',
      unreachable: why,
      reason,
      nextStep,
      hooks: [],
      checkedAt: clock.now(),
    });

  options.onPhase?.('describe', `${targets.length} instance(s)`);
  let managed: Map<string, ManagedInstance>;
  try {
    managed = new Map(
      (
        await services.ssm.describeManagedInstances(
          targets.map((t) => t.instanceId),
          options.signal,
        )
      ).map((m) => [m.id, m]),
    );
  } catch (e) {
    const error = asAwsError(e);
    for (const t of targets) unreachable(t, kindOf(error), error.message, nextStepOf(error));
    return results;
  }

  const byPlatform = new Map<InstancePlatform, CheckTarget[]>();
  for (const t of targets) {
    const m = managed.get(t.instanceId);
    if (!m) unreachable(t, 'not-managed', 'not managed by AWS Systems Manager', NEXT_STEPS.notManaged);
    else if (m.pingStatus !== 'Online')
      unreachable(
        t,
        'offline',
        `the SSM agent is ${m.pingStatus === 'ConnectionLost' ? 'offline (connection lost)' : m.pingStatus}${m.lastPingAt ? ` since ${m.lastPingAt}` : ''}`,
        NEXT_STEPS.offline,
      );
    else {
      const platform: InstancePlatform = m.platformType === 'Windows' ? 'windows' : 'linux';
      byPlatform.set(platform, [...(byPlatform.get(platform) ?? []), t]);
    }
  }

  const sent: { commandId: string; platform: InstancePlatform; targets: CheckTarget[] }[] = [];
  let first = true;
  for (const [platform, list] of byPlatform) {
    for (let i = 0; i < list.length; i += MAX_IDS_PER_COMMAND) {
      if (options.signal?.aborted) break;
      const batch = list.slice(i, i + MAX_IDS_PER_COMMAND);
      if (!first) await clock.sleep(options.batchGapMs ?? 1000, options.signal);
      first = false;
      options.onPhase?.('send', `${batch.length} instance(s), ${SSM_DOCUMENTS[platform]}`);
      try {
        const commandId = await services.ssm.sendCommand(
          {
            documentName: SSM_DOCUMENTS[platform],
            commands: reportScript(platform),
            instanceIds: batch.map((t) => t.instanceId),
            comment: 'cfn-hup Tools instance check (read-only)',
            timeoutSeconds: REPORT_TIMEOUT_SECONDS,
          },
          options.signal,
        );
        sent.push({ commandId, platform, targets: batch });
      } catch (e) {
        const error = asAwsError(e);
        for (const t of batch) unreachable(t, kindOf(error), error.message, nextStepOf(error));
      }
    }
  }

  for (const command of sent) {
    const invocations = await collect(services, command.commandId, command.targets, REPORT_TIMEOUT_SECONDS, options);
    options.onPhase?.('judge', `${command.targets.length} instance(s)`);
    for (const t of command.targets) {
      const inv = invocations.get(t.instanceId);
      if (!inv || (inv.status !== 'Success' && inv.stdout === undefined)) {
        unreachable(
          t,
          'command-failed',
          `the check did not run: ${inv ? `${inv.status}${inv.statusDetails && inv.statusDetails !== inv.status ? ` (${inv.statusDetails})` : ''}${inv.stderr ? `: ${firstLine(inv.stderr)}` : ''}` : 'no answer from the instance'}`,
          'Look at the command in the Systems Manager console (Run Command history), then check again.',
        );
        continue;
      }
      const report = parseReport(inv.stdout ?? '');
      const verdict = judgeInstance(report, { since: options.since, now: clock.now(), hooks: t.hooks });
      results.push({
        instanceId: t.instanceId,
        group: t.group,
        platform: command.platform,
        ...verdict,
        unreachable: verdict.state === 'unreachable' ? 'command-failed' : undefined,
        checkedAt: clock.now(),
      });
    }
  }
  return results;
}

/** Wait for every invocation of a command to end, then read each one's output. */
export async function collect(
  services: CheckServices,
  commandId: string,
  targets: CheckTarget[],
  timeoutSeconds: number,
  options: Pick<CheckOptions, 'invocationPollMs' | 'signal' | 'onPhase'>,
): Promise<Map<string, CommandInvocation>> {
  const { clock, ssm } = services;
  const giveUpAt = clock.now() + (timeoutSeconds + 60) * 1000;
  const ids = new Set(targets.map((t) => t.instanceId));
  let statuses = new Map<string, CommandInvocation>();
  for (;;) {
    options.onPhase?.('collect', `command ${commandId}`);
    try {
      statuses = new Map((await ssm.listCommandInvocations(commandId, options.signal)).map((i) => [i.instanceId, i]));
    } catch (e) {
      if (!isAwsError(e)) throw e;
      // One failed poll is not the end: the next one may answer; the give-up time bounds it.
    }
    const open = [...ids].filter((id) => !ENDED.has(statuses.get(id)?.status ?? 'Pending'));
    if (!open.length || clock.now() >= giveUpAt || options.signal?.aborted) break;
    await clock.sleep(options.invocationPollMs ?? 2000, options.signal);
  }
  const out = new Map<string, CommandInvocation>();
  for (const id of ids) {
    const status = statuses.get(id);
    if (!status || !ENDED.has(status.status)) {
      if (status) out.set(id, status);
      continue;
    }
    try {
      out.set(id, await ssm.getCommandInvocation(commandId, id, options.signal));
    } catch (e) {
      if (!isAwsError(e)) throw e;
      out.set(id, { ...status, statusDetails: e.message });
    }
  }
  return out;
}

function asAwsError(e: unknown): AwsError {
  if (isAwsError(e)) return e;
  throw e;
}

function kindOf(e: AwsError): UnreachableReason {
  if (e.kind === 'AccessDenied') return 'access-denied';
  if (/InvalidInstanceId/i.test(e.message)) return 'not-managed';
  return 'aws-error';
}

function nextStepOf(e: AwsError): string {
  if (e.kind === 'AccessDenied') return NEXT_STEPS.accessDenied(e.action ?? 'ssm:SendCommand');
  if (/InvalidInstanceId/i.test(e.message)) return NEXT_STEPS.notManaged;
  return e.nextStep || 'Try the check again in a moment.';
}

function dedupe(targets: CheckTarget[]): CheckTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => !seen.has(t.instanceId) && seen.add(t.instanceId));
}

function ordered(targets: CheckTarget[], latest: Map<string, InstanceResult>): InstanceResult[] {
  return dedupe(targets)
    .map((t) => latest.get(t.instanceId))
    .filter((r): r is InstanceResult => !!r);
}

function outcome(
  targets: CheckTarget[],
  latest: Map<string, InstanceResult>,
  timedOut: boolean,
  cancelled: boolean,
): CheckOutcome {
  return { results: ordered(targets, latest), timedOut, cancelled };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]!.slice(0, 200);
}

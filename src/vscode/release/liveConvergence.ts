import type { Clock, CommandGateway } from '../../core/aws/ports';
import { checkInstances, type CheckOutcome, type InstanceResult } from '../../core/instances/check';
import { prepareCheck, type PrepareServices } from '../../core/instances/prepare';
import { allConverged, describeCounts, label, resultLines } from '../../core/instances/summary';
import type { HookFiring } from '../../core/release/hookImpact';
import { utcTime } from './convergence';
import type { ReleaseLog, Step } from './types';

/**
 * The live convergence view of a release (no vscode here: ./index.ts wires
 * it, test/unit/release-ui drives it). After the stack update, the instances
 * that run a hook the release fires are checked through Systems Manager with
 * core's instance check (the same as Check Instances and `release
 * --wait-instances`), round after round, until every one is converged or
 * settled otherwise (failing, silent, cfn-hup down, unreachable), the timeout
 * passes, or the user stops it (Cancel on the progress). Each round refreshes
 * one Markdown document (per instance: state, reason, when checked) and the
 * explorer's instance nodes. Time is the gateways' clock: tests never wait.
 */
export interface WatchServices extends PrepareServices {
  ssm: CommandGateway;
  clock: Clock;
}

export interface WatchUi {
  log: ReleaseLog;
  /** Runs `task` under a cancellable progress; Cancel aborts `step.signal` (= Stop). */
  withProgress<T>(title: string, task: (step: Step) => Promise<T>): Promise<T>;
  /** Opens the document beside the editor (first round). */
  showDocument(title: string, markdown: string): Promise<void>;
  /** Refreshes an opened document without showing it again (the user may have closed it). */
  updateDocument(title: string, markdown: string): void;
  /** Each round's results, e.g. for the explorer's instance nodes. */
  onResults?(results: InstanceResult[]): void;
}

export interface WatchRequest {
  stackName: string;
  firings: readonly HookFiring[];
  /** When the update was executed (the clock's time): log lines before it do not count. */
  since: number;
  /** Minutes; undefined or 0: the longest interval of the hooks that fire + 5 (as `--wait-instances`). */
  timeoutMinutes?: number;
  /** Between rounds; default 30 s. */
  pollMs?: number;
  /** Between ListCommandInvocations calls; default 2 s. */
  invocationPollMs?: number;
  /** Stops the watch from outside (a newer release of the same stack is watched instead), like Cancel. */
  signal?: AbortSignal;
}

/** converged: every instance; settled: every one has a final state, not all converged. */
export type WatchKind = 'converged' | 'settled' | 'timed-out' | 'stopped' | 'nothing';

export interface WatchResult {
  kind: WatchKind;
  message: string;
  outcome?: CheckOutcome;
  /** The document's last text. */
  document?: string;
}

interface ViewState {
  stackName: string;
  since: number;
  until: number;
  pollMs: number;
  firings: readonly HookFiring[];
  targets: number;
  round: number;
  results: InstanceResult[];
  status: 'watching' | Exclude<WatchKind, 'nothing'>;
  endedAt?: number;
}

export const DEFAULT_WATCH_POLL_MS = 30_000;

export function convergenceTitle(stackName: string): string {
  return `Convergence ${stackName}`;
}

export function watchTimeoutMinutes(firings: readonly HookFiring[], setting?: number): number {
  if (setting !== undefined && Number.isFinite(setting) && setting > 0) return setting;
  return Math.max(0, ...firings.map((f) => f.hook.intervalMinutes)) + 5;
}

export async function watchConvergence(
  services: WatchServices,
  ui: WatchUi,
  request: WatchRequest,
): Promise<WatchResult> {
  const { stackName } = request;
  if (!request.firings.length)
    return { kind: 'nothing', message: `${stackName}: no cfn-hup hook fires with this release; nothing to watch.` };
  const title = convergenceTitle(stackName);
  return ui.withProgress(`cfn-hup: instances of ${stackName} applying the release`, async (progress) => {
    // Cancel on the progress, or the caller's signal: either one stops it.
    const stop = new AbortController();
    const abort = () => stop.abort();
    if (progress.signal.aborted || request.signal?.aborted) abort();
    progress.signal.addEventListener('abort', abort, { once: true });
    request.signal?.addEventListener('abort', abort, { once: true });
    const step = { report: (m: string) => progress.report(m), signal: stop.signal };
    const minutes = watchTimeoutMinutes(request.firings, request.timeoutMinutes);
    const prepared = await prepareCheck(services, stackName, {
      firings: [...request.firings],
      signal: step.signal,
    }).catch((e: unknown) => {
      // Stopped before the first check: nothing was checked, nothing to show.
      if (step.signal.aborted) return undefined;
      throw e;
    });
    if (!prepared) return { kind: 'stopped' as const, message: `${stackName}: stopped before the first check.` };
    for (const n of prepared.notes) ui.log.warn(`Convergence ${stackName}: ${n}`);
    if (!prepared.targets.length)
      return { kind: 'nothing', message: `${stackName}: no running instance runs a hook this release fires.` };
    const view: ViewState = {
      stackName,
      since: request.since,
      until: services.clock.now() + minutes * 60_000,
      pollMs: request.pollMs ?? DEFAULT_WATCH_POLL_MS,
      firings: request.firings,
      targets: prepared.targets.length,
      round: 0,
      results: [],
      status: 'watching',
    };
    ui.log.info(
      `Convergence ${stackName}: checking ${view.targets} instance(s) through AWS Systems Manager until each one settles, or until ${utcTime(view.until)} (${minutes} minutes).`,
    );
    await ui.showDocument(title, convergenceMarkdown(view));
    let outcome: CheckOutcome;
    try {
      outcome = await checkInstances({ ssm: services.ssm, clock: services.clock }, prepared.targets, {
        since: request.since,
        until: view.until,
        pollMs: view.pollMs,
        invocationPollMs: request.invocationPollMs,
        signal: step.signal,
        onPhase: (phase) => {
          if (phase === 'wait') step.report(`${describeCounts(view.results)}; checking again soon`);
        },
        onResults: (results) => {
          view.round++;
          view.results = results;
          ui.onResults?.(results);
          ui.updateDocument(title, convergenceMarkdown(view));
          ui.log.info(`Convergence ${stackName}: round ${view.round}: ${describeCounts(results)}`);
          step.report(describeCounts(results));
        },
      });
    } catch (e) {
      // Stop pressed while an SSM call was in flight: whatever the SDK threw, it is a stop.
      if (!step.signal.aborted) throw e;
      outcome = { results: view.results, timedOut: false, cancelled: true };
    }
    view.status = outcome.cancelled
      ? 'stopped'
      : outcome.timedOut
        ? 'timed-out'
        : allConverged(outcome)
          ? 'converged'
          : 'settled';
    view.results = outcome.results;
    view.endedAt = services.clock.now();
    const document = convergenceMarkdown(view);
    ui.updateDocument(title, document);
    for (const line of resultLines(outcome.results)) ui.log.info(`Convergence ${stackName}: ${line}`);
    const counts = outcome.results.length ? describeCounts(outcome.results) : 'no answer yet';
    const message =
      view.status === 'converged'
        ? `${stackName}: every instance applied the release (${counts}).`
        : view.status === 'settled'
          ? `${stackName}: not every instance applied the release: ${counts}.`
          : view.status === 'timed-out'
            ? `${stackName}: stopped waiting after ${minutes} minutes: ${counts}.`
            : `${stackName}: stopped watching the instances: ${counts} at the last check.`;
    ui.log.info(`Convergence ${message}`);
    return { kind: view.status, message, outcome, document };
  });
}

const ICON: Record<InstanceResult['state'], string> = {
  converged: '✅',
  idle: '⚪',
  pending: '⏳',
  failing: '❌',
  silent: '🔇',
  down: '⛔',
  unreachable: '🔌',
};

function convergenceMarkdown(view: ViewState): string {
  const out: string[] = [];
  out.push(`# Convergence of ${view.stackName}${view.status === 'watching' ? ' (live)' : ''}`, '');
  const hooks = [
    ...new Set(view.firings.map((f) => `"${f.hook.name}" (in ${f.definedIn}, every ${f.hook.intervalMinutes} min)`)),
  ];
  out.push(
    `Release executed at ${utcTime(view.since)}; ${hooks.length === 1 ? 'the hook that fires' : 'the hooks that fire'}: ${hooks.join(', ')}. ${view.targets} instance(s) run ${hooks.length === 1 ? 'it' : 'them'}.`,
    '',
  );
  const settled = view.results.filter((r) => r.state !== 'pending').length;
  const counts = view.results.length ? describeCounts(view.results) : 'not checked yet';
  switch (view.status) {
    case 'watching':
      out.push(
        `**Watching** — ${view.round ? `check ${view.round} done: ${settled} of ${view.targets} settled (${counts})` : 'the first check is running'}. Checking again every ${seconds(view.pollMs)} until every instance settles, or until ${utcTime(view.until)}. Cancel the progress notification to stop.`,
      );
      break;
    case 'converged':
      out.push(`**Converged** at ${utcTime(view.endedAt!)}: every instance applied the release (${counts}).`);
      break;
    case 'settled':
      out.push(
        `**Finished** at ${utcTime(view.endedAt!)}: every instance has a final state, not all converged (${counts}).`,
      );
      break;
    case 'timed-out':
      out.push(
        `**Gave up** at ${utcTime(view.endedAt!)}: some instances were still pending (${counts}). The timeout is the setting cfnHup.release.convergenceTimeoutMinutes (0: the hooks' longest interval + 5 minutes).`,
      );
      break;
    case 'stopped':
      out.push(`**Stopped** at ${utcTime(view.endedAt!)}; the states are those of the last check (${counts}).`);
      break;
  }
  out.push('');
  if (!view.results.length) return out.join('\n') + '\n';
  out.push('| Instance | Group | State | Why | Checked |', '| --- | --- | --- | --- | --- |');
  for (const r of view.results)
    out.push(
      `| ${r.instanceId} | ${cell(r.group ?? '')} | ${ICON[r.state]} ${label(r.state)} | ${cell(r.reason)} | ${clockTime(r.checkedAt)} |`,
    );
  const details = view.results.filter((r) => r.state !== 'converged' && (r.evidence || r.nextStep));
  if (details.length) {
    out.push('', '## Details', '');
    for (const r of details) {
      out.push(`### ${r.instanceId}: ${label(r.state)}`, '');
      if (r.evidence) out.push('```log', r.evidence, '```', '');
      if (r.nextStep) out.push(`Next: ${r.nextStep}`, '');
    }
  }
  return out.join('\n').trimEnd() + '\n';
}

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function clockTime(t: number): string {
  return `${new Date(t).toISOString().slice(11, 19)} UTC`;
}

function seconds(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`;
}

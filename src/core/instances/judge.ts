import type { InstanceReport, LogLine } from './report';

/**
 * One instance's verdict after a release, read from cfn-hup's and cfn-init's
 * own log lines (aws-cfn-bootstrap's wording: update_hooks.py, bin/cfn-hup,
 * bin/cfn-init; see shared reference "instance-evidence"):
 *
 * - converged: `Running action for H` after the release, no `Action for H
 *   exited with` after it (cfn-hup logs nothing more on success), and no
 *   cfn-init build that failed or is still running after it;
 * - pending: nothing yet for H, before the poll deadline (release + interval
 *   + grace), or the action is still running;
 * - failing: the last word on H is `Action for H exited with N; will retry on
 *   next iteration` (with cfn-init's first error line) or `Exception caught
 *   while running hook H`;
 * - silent: the deadline passed and cfn-hup logged nothing for H;
 * - down: cfn-hup is not installed or not running (with its last error line).
 * `unreachable` is decided before any output exists (./check.ts).
 *
 * Without a release (`since` undefined: "what state is the fleet in now?")
 * nothing is expected to have happened, so nothing can be late: each hook is
 * judged on its last action in the log the script read (converged, failing,
 * pending while it runs), and a hook with no action there is **idle**, not
 * silent: cfn-hup runs and has had nothing to apply as far as the log shows.
 * Only a hook the Metadata defines but the instance does not have is silent
 * then (cfn-hup can never run it), whatever the time.
 */
export type InstanceStateKind = 'converged' | 'idle' | 'pending' | 'failing' | 'silent' | 'down' | 'unreachable';

/** Worst first: an instance shows its worst hook. */
export const STATE_ORDER: readonly InstanceStateKind[] = [
  'down',
  'unreachable',
  'failing',
  'silent',
  'pending',
  'converged',
  'idle',
];

export interface HookExpectation {
  /** The hook's section name. */
  name: string;
  /** cfn-hup's interval for this hook's instances (minutes). */
  intervalMinutes: number;
  /** Lint findings that explain why this hook would not fire (rule id and message), for a silent hook. */
  explanations?: string[];
}

export interface JudgeContext {
  /**
   * The release, epoch ms: log lines before it do not count, and a hook with
   * no action after it is pending, then silent. Undefined: no release to
   * judge against; each hook's last action in the log decides (see above).
   */
  since?: number;
  now: number;
  /** The hooks the release fires on this instance. Empty: every hook configured on the instance. */
  hooks: HookExpectation[];
  /** Added to the interval before a hook counts as silent (cfn-hup's interval drifts ±30 s, the action takes time). Default 2 min. */
  graceMs?: number;
}

export interface HookVerdict {
  name: string;
  state: Exclude<InstanceStateKind, 'unreachable' | 'down'>;
  reason: string;
  /** The log line the verdict rests on. */
  evidence?: string;
  /** Times the action failed since the release. */
  failures?: number;
}

export interface InstanceVerdict {
  state: InstanceStateKind;
  /** One line: what is true and, when something is wrong, why. */
  reason: string;
  evidence?: string;
  nextStep?: string;
  hooks: HookVerdict[];
  version?: string;
  service?: string;
}

const DEFAULT_INTERVAL = 15;

export function judgeInstance(report: InstanceReport, ctx: JudgeContext): InstanceVerdict {
  const service = describeService(report);
  const base = { version: report.version, service };
  if (!report.recognized)
    return {
      ...base,
      state: 'unreachable',
      reason: 'the instance answered, but not with the check script’s report',
      nextStep: 'Run the check again; if it persists, look at the command’s output in the Systems Manager console.',
      hooks: [],
    };
  if (report.installed === false)
    return {
      ...base,
      state: 'down',
      reason: 'cfn-hup is not installed (no cfn-hup in /opt/aws/bin, /usr/local/bin or /usr/bin)',
      nextStep: 'Install aws-cfn-bootstrap in the AMI or UserData, and start cfn-hup.',
      hooks: [],
    };
  if (!isRunning(report)) {
    const line = lastError(report.hupLog);
    return {
      ...base,
      state: 'down',
      reason: `cfn-hup is not running (${service})${line ? `; its last error: ${line.message}` : ''}`,
      evidence: line?.raw,
      nextStep: downNextStep(report, line),
      hooks: [],
    };
  }
  const interval = intervalOf(report.interval);
  const expected = ctx.hooks.length
    ? ctx.hooks
    : report.hooks.map((name) => ({ name, intervalMinutes: interval }) satisfies HookExpectation);
  if (!expected.length)
    return {
      ...base,
      // Without a release nothing was expected of it: it is idle, with the same advice.
      state: ctx.since === undefined ? 'idle' : 'silent',
      reason: 'cfn-hup runs but has no hook on this instance (hooks.conf and hooks.d define none)',
      nextStep: 'Write the hook file with cfn-init (files: /etc/cfn/hooks.d/…) and restart cfn-hup.',
      hooks: [],
    };
  const since = ctx.since;
  const hooks =
    since === undefined
      ? expected.map((h) => judgeHookNow(h, report))
      : expected.map((h) =>
          judgeHook(
            h,
            report.hupLog.filter((l) => l.time !== undefined && l.time >= since),
            report.initLog.filter((l) => l.time !== undefined && l.time >= since),
            report,
            { ...ctx, since },
          ),
        );
  const worst = hooks.reduce((w, h) => (rank(h.state) < rank(w.state) ? h : w));
  const counts = hooks.length > 1 ? ` (hook "${worst.name}")` : '';
  return {
    ...base,
    state: worst.state,
    reason: `${worst.reason}${hooks.length > 1 && !worst.reason.includes(worst.name) ? counts : ''}`,
    evidence: worst.evidence,
    nextStep: nextStepFor(worst),
    hooks,
  };
}

/** cfn-hup's lines about one hook's action: it started, it exited non-zero, or the hook could not be checked. */
function actionLines(h: HookExpectation, hup: LogLine[]): LogLine[] {
  const running = `Running action for ${h.name}`;
  const exited = `Action for ${h.name} exited with `;
  const caught = `Exception caught while running hook ${h.name}`;
  return hup.filter(
    (l) => l.time !== undefined && (l.message === running || l.message.startsWith(exited) || l.message === caught),
  );
}

/** After a release: an action since `since`, or pending until the deadline, then silent. */
function judgeHook(
  h: HookExpectation,
  hup: LogLine[],
  init: LogLine[],
  report: InstanceReport,
  ctx: JudgeContext & { since: number },
): HookVerdict {
  const mine = actionLines(h, hup);
  if (!mine.length) {
    const deadline = ctx.since + h.intervalMinutes * 60_000 + (ctx.graceMs ?? 120_000);
    if (ctx.now < deadline)
      return {
        name: h.name,
        state: 'pending',
        reason: `hook "${h.name}" has not run yet; cfn-hup polls every ${minutes(h.intervalMinutes)} (expected by ${iso(deadline)})`,
      };
    return { name: h.name, state: 'silent', ...silentReason(h, hup, report, ctx) };
  }
  return judgeLastAction(h, mine, init, ctx.since, 'since the release');
}

/** No release: the hook's last action in the log read decides; none there is idle. */
function judgeHookNow(h: HookExpectation, report: InstanceReport): HookVerdict {
  const mine = actionLines(h, report.hupLog);
  if (mine.length) return judgeLastAction(h, mine, report.initLog, mine[0]!.time!, 'in the log read');
  if (report.hooks.length && !report.hooks.includes(h.name))
    return {
      name: h.name,
      state: 'silent',
      reason: `hook "${h.name}" is in the resource's Metadata but not configured on this instance (it has: ${report.hooks.join(', ')}): cfn-hup cannot run it`,
    };
  const stored = report.storedKeys?.some((k) => k.startsWith(`${h.name}|`));
  return {
    name: h.name,
    state: 'idle',
    reason: `hook "${h.name}": cfn-hup runs and logged no action for it in the ${report.hupLog.length} line(s) of cfn-hup.log read${stored ? '; its state file holds the values it last acted on' : ''}`,
  };
}

/** The verdict on a hook's latest action line (`mine` is not empty): failing, running (pending) or converged. */
function judgeLastAction(
  h: HookExpectation,
  mine: LogLine[],
  init: LogLine[],
  from: number,
  window: string,
): HookVerdict {
  const running = `Running action for ${h.name}`;
  const exited = `Action for ${h.name} exited with `;
  const caught = `Exception caught while running hook ${h.name}`;
  const failures = mine.filter((l) => l.message.startsWith(exited)).length;
  const last = mine[mine.length - 1]!;
  if (last.message.startsWith(exited)) {
    const code = last.message.slice(exited.length).split(/[;,\s]/)[0];
    const start = [...mine].reverse().find((l) => l.message === running)?.time ?? last.time ?? from;
    const initError = firstInitError(init, start);
    return {
      name: h.name,
      state: 'failing',
      reason: `hook "${h.name}": the action exited with ${code}${failures > 1 ? ` (${failures} times ${window}; cfn-hup retries every ${minutes(h.intervalMinutes)})` : '; cfn-hup retries it every ' + minutes(h.intervalMinutes)}${initError ? `; cfn-init: ${initError.message}` : ''}`,
      evidence: initError?.raw ?? last.raw,
      failures,
    };
  }
  if (last.message === caught)
    return {
      name: h.name,
      state: 'failing',
      reason: `hook "${h.name}": cfn-hup cannot check what the hook watches${last.exception ? ` (${last.exception})` : ''}; it tries again every ${minutes(h.intervalMinutes)}`,
      evidence: last.raw,
    };
  // The action started; success logs nothing more in cfn-hup.log, so look at cfn-init's build after it.
  const builds = init.filter((l) => l.time !== undefined && l.time >= last.time!);
  const started = builds.some((l) => /Starting build/.test(l.message));
  const failed = builds.find((l) => /BUILD FAILED/.test(l.message));
  const complete = builds.some((l) => /Build complete/.test(l.message));
  if (failed && !complete) {
    const initError = firstInitError(init, last.time!);
    return {
      name: h.name,
      state: 'pending',
      reason: `hook "${h.name}": cfn-init failed at ${iso(failed.time!)}${initError ? ` (${initError.message})` : ''}; waiting for cfn-hup to log the action’s exit`,
      evidence: initError?.raw ?? failed.raw,
    };
  }
  if (started && !complete)
    return {
      name: h.name,
      state: 'pending',
      reason: `hook "${h.name}": the action is running (cfn-init started at ${iso(builds[0]!.time!)})`,
      evidence: last.raw,
    };
  return {
    name: h.name,
    state: 'converged',
    reason: `hook "${h.name}" ran at ${iso(last.time!)}${complete ? ' and cfn-init completed' : ''}`,
    evidence: last.raw,
    failures,
  };
}

function silentReason(
  h: HookExpectation,
  hup: LogLine[],
  report: InstanceReport,
  ctx: JudgeContext & { since: number },
): { reason: string; evidence?: string } {
  const why: string[] = [];
  if (report.hooks.length && !report.hooks.includes(h.name))
    why.push(`hook "${h.name}" is not configured on this instance (it has: ${report.hooks.join(', ')})`);
  const fatal = hup.find((l) => /^(Fatal exception|Unhandled exception)/.test(l.message));
  if (fatal) why.push(`cfn-hup logged: ${fatal.message}${fatal.exception ? ` (${fatal.exception})` : ''}`);
  for (const e of h.explanations ?? []) why.push(e);
  return {
    reason: `hook "${h.name}": cfn-hup logged nothing for it since ${iso(ctx.since)}${why.length ? `; ${why.join('; ')}` : '; no lint finding explains it'}`,
    evidence: fatal?.raw,
  };
}

/** cfn-init's first error after the action started: the failing command or the build's exception. */
function firstInitError(init: LogLine[], from: number): LogLine | undefined {
  const after = init.filter((l) => l.time !== undefined && l.time >= from);
  return (
    after.find((l) => l.level === 'ERROR' && /^Command .* failed$/.test(l.message)) ??
    after.find((l) => l.level === 'ERROR' && !/BUILD FAILED/.test(l.message)) ??
    after.find((l) => /BUILD FAILED/.test(l.message))
  );
}

function lastError(log: LogLine[]): LogLine | undefined {
  return [...log].reverse().find((l) => l.level === 'ERROR' || l.level === 'CRITICAL');
}

export function isRunning(report: InstanceReport): boolean {
  const s = report.serviceState?.toLowerCase();
  if (report.serviceManager === 'systemd') return s === 'active' || s === 'reloading' || s === 'activating';
  if (report.serviceManager === 'windows') return s === 'running';
  return report.pidState === 'running';
}

function describeService(report: InstanceReport): string {
  if (report.serviceManager === 'systemd') return `systemd: ${report.serviceState || 'unknown'}`;
  if (report.serviceManager === 'windows') return `Windows service: ${report.serviceState || 'unknown'}`;
  const pid =
    report.pidState === 'running' ? 'running' : report.pidState === 'stale' ? 'stale pid file' : 'no pid file';
  return `${report.serviceManager === 'sysvinit' ? 'sysvinit' : 'no service manager'}: ${pid}`;
}

function downNextStep(report: InstanceReport, line: LogLine | undefined): string {
  if (line && /Invalid interval/.test(line.message))
    return 'Set interval to a whole number of minutes ≥ 1 in /etc/cfn/cfn-hup.conf (lint rule HUP-INTERVAL-INVALID), then start cfn-hup.';
  if (line && /^Error: /.test(line.message))
    return 'Fix the configuration named in the error (cfn-hup.conf / hooks.d; lint shows it), then start cfn-hup.';
  if (report.serviceManager === 'windows')
    return 'Start the cfn-hup service (Start-Service cfn-hup) and check C:\\cfn\\log\\cfn-hup.log.';
  if (report.serviceManager === 'systemd')
    return 'Run `systemctl status cfn-hup` on the instance, fix the cause, then `systemctl start cfn-hup`.';
  return 'Start cfn-hup (`service cfn-hup start`) and check /var/log/cfn-hup.log.';
}

function nextStepFor(h: HookVerdict): string | undefined {
  switch (h.state) {
    case 'failing':
      return 'Fix the failing config or command in the template and release again; cfn-hup retries until the action exits 0. The full output is in cfn-init-cmd.log.';
    case 'silent':
      return 'Check the hook’s path and triggers (lint), and that cfn-hup was restarted after the hook file changed.';
    default:
      return undefined;
  }
}

function intervalOf(value: string | undefined): number {
  return value && /^\d+$/.test(value) && Number(value) >= 1 ? Number(value) : DEFAULT_INTERVAL;
}

function rank(s: InstanceStateKind): number {
  return STATE_ORDER.indexOf(s);
}

function minutes(n: number): string {
  return n === 1 ? '1 minute' : `${n} minutes`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

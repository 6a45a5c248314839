import type { Fleet, FleetGroup } from '../../core/aws/fleet';
import type { HookFiring } from '../../core/release/hookImpact';

/** Instances of a group launched from one launch configuration, or one launch template version. */
export interface ConfigurationCount {
  label: string;
  instances: number;
  /** The group's current configuration (new instances get it). */
  current: boolean;
}

export interface GroupConvergence {
  name: string;
  logicalId: string;
  desired: number;
  configurations: ConfigurationCount[];
}

/**
 * Where a fleet stands after a release: how many instances run each launch
 * configuration / launch template version, and the time by which every
 * cfn-hup should have polled (the end of the update plus the longest interval
 * of the hooks that fire).
 */
export interface ConvergenceReport {
  groups: GroupConvergence[];
  /** Stand-alone instances of the stack (AWS::EC2::Instance). */
  standalone: number;
  /** The longest `interval` (minutes) of the hooks that fire; undefined when none fires. */
  maxIntervalMinutes?: number;
  /** Epoch ms by which every cfn-hup should have polled; undefined when no hook fires. */
  pollBy?: number;
  /** One line per group, stand-alone instances and hooks (for the log). */
  lines: string[];
  /** A short sentence for a notification. */
  headline: string;
  /** The hooks the release fired, and when it was executed (clock time): what the live view (./liveConvergence.ts) watches for. */
  firings?: readonly HookFiring[];
  since?: number;
}

const GONE = new Set(['Terminating', 'Terminating:Wait', 'Terminating:Proceed', 'Terminated', 'Detaching', 'Detached']);

export function utcTime(t: number): string {
  return `${new Date(t).toISOString().slice(11, 16)} UTC`;
}

export function convergenceReport(
  fleet: Fleet | undefined,
  hooks: readonly HookFiring[] | undefined,
  finishedAt: number,
  formatTime: (t: number) => string = utcTime,
): ConvergenceReport {
  const groups = (fleet?.groups ?? []).map(groupConvergence);
  const lines: string[] = [];
  for (const g of groups) {
    const parts = g.configurations.map(
      (c) =>
        `${c.instances} on ${c.label}${c.current ? ' (current)' : ' (older: cfn-hup updates it in place, a new AMI or UserData needs a replacement)'}`,
    );
    const running = g.configurations.reduce((n, c) => n + c.instances, 0);
    lines.push(
      `Auto Scaling group ${g.logicalId} (${g.name}): ${running}/${g.desired} instances${parts.length ? `: ${parts.join('; ')}` : ''}`,
    );
  }
  const standalone = fleet?.instances.filter((i) => i.state === 'running').length ?? 0;
  if (fleet && fleet.instances.length)
    lines.push(`${standalone} stand-alone instance${standalone === 1 ? '' : 's'} running`);
  let maxIntervalMinutes: number | undefined;
  let pollBy: number | undefined;
  if (hooks === undefined) {
    // Not a release (a rolling replacement): new instances run cfn-init at boot.
  } else if (hooks.length) {
    maxIntervalMinutes = Math.max(...hooks.map((h) => h.hook.intervalMinutes));
    pollBy = finishedAt + maxIntervalMinutes * 60_000;
    const instances = hooks.some((h) => h.instances === undefined)
      ? undefined
      : Math.max(...hooks.map((h) => h.instances ?? 0));
    lines.push(
      `Every cfn-hup should have polled by ${formatTime(pollBy)} (the longest interval of the ${hooks.length === 1 ? 'hook that fires' : `${hooks.length} hooks that fire`}: ${minutes(maxIntervalMinutes)})${instances !== undefined ? `; ${instances} instance${instances === 1 ? '' : 's'} run ${hooks.length === 1 ? 'it' : 'them'}` : ''}.`,
    );
  } else {
    lines.push(
      'No cfn-hup hook fires for this change: running instances keep their configuration until they are replaced.',
    );
  }
  const parts = groups.map((g) => {
    const current = g.configurations.filter((c) => c.current).reduce((n, c) => n + c.instances, 0);
    const older = g.configurations.filter((c) => !c.current).reduce((n, c) => n + c.instances, 0);
    return `${g.logicalId}: ${current}/${g.desired} instances on the current configuration${older ? `, ${older} on an older one` : ''}`;
  });
  if (pollBy !== undefined) parts.push(`every cfn-hup should have polled by ${formatTime(pollBy)}`);
  else if (hooks && !hooks.length) parts.push('no cfn-hup hook fires');
  const headline = parts.length ? `${parts.join('; ')}.` : '';
  return { groups, standalone, maxIntervalMinutes, pollBy, lines, headline };
}

function groupConvergence(g: FleetGroup): GroupConvergence {
  const counts = new Map<string, ConfigurationCount>();
  for (const i of g.instances) {
    if (GONE.has(i.lifecycleState)) continue;
    const label = i.launchConfigurationName
      ? `launch configuration ${i.launchConfigurationName}`
      : i.launchTemplate
        ? `launch template ${i.launchTemplate.name ?? i.launchTemplate.id ?? '?'} version ${i.launchTemplate.version ?? '?'}`
        : 'an unknown configuration';
    const entry = counts.get(label) ?? { label, instances: 0, current: !i.outdated };
    entry.instances++;
    counts.set(label, entry);
  }
  const configurations = [...counts.values()].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.instances - a.instances || a.label.localeCompare(b.label),
  );
  return { name: g.name, logicalId: g.logicalId, desired: g.desiredCapacity, configurations };
}

function minutes(n: number): string {
  return n === 1 ? '1 minute' : `${n} minutes`;
}

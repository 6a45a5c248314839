import type { CheckOutcome, InstanceResult } from './check';
import { STATE_ORDER, type InstanceStateKind } from './judge';

/** Counts per state, worst first, e.g. "2 converged, 1 failing". */
export function countStates(results: InstanceResult[]): Partial<Record<InstanceStateKind, number>> {
  const counts: Partial<Record<InstanceStateKind, number>> = {};
  for (const r of results) counts[r.state] = (counts[r.state] ?? 0) + 1;
  return counts;
}

export function describeCounts(results: InstanceResult[]): string {
  const counts = countStates(results);
  const parts = STATE_ORDER.filter((s) => counts[s]).map((s) => `${counts[s]} ${label(s)}`);
  return parts.length ? parts.join(', ') : 'no instances';
}

export function label(state: InstanceStateKind): string {
  return state === 'down' ? 'cfn-hup down' : state;
}

/** Without a release: nothing is wrong when every instance converged or is idle. */
export function allHealthy(outcome: CheckOutcome): boolean {
  return outcome.results.length > 0 && outcome.results.every((r) => r.state === 'converged' || r.state === 'idle');
}

/** A release landed only when every instance converged. */
export function allConverged(outcome: CheckOutcome): boolean {
  return outcome.results.length > 0 && outcome.results.every((r) => r.state === 'converged');
}

/** Plain data for `--format json` and the editor's report. */
export function resultsJson(results: InstanceResult[]) {
  return results.map((r) => ({
    instanceId: r.instanceId,
    group: r.group ?? null,
    state: r.state,
    reason: r.reason,
    evidence: r.evidence ?? null,
    nextStep: r.nextStep ?? null,
    unreachable: r.unreachable ?? null,
    platform: r.platform ?? null,
    cfnBootstrapVersion: r.version ?? null,
    service: r.service ?? null,
    hooks: r.hooks,
    checkedAt: new Date(r.checkedAt).toISOString(),
  }));
}

/** Text lines for a terminal or a log: one line per instance, then its evidence and next step indented. */
export function resultLines(results: InstanceResult[]): string[] {
  const width = Math.max(0, ...results.map((r) => label(r.state).length));
  const lines: string[] = [];
  for (const r of results) {
    lines.push([r.instanceId, r.group, label(r.state).padEnd(width), r.reason].filter((x) => x).join('  '));
    if (r.evidence && r.state !== 'converged') lines.push(`    log: ${r.evidence}`);
    if (r.nextStep) lines.push(`    next: ${r.nextStep}`);
  }
  return lines;
}

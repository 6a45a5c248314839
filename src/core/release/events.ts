import type { StackEvent } from '../aws/ports';

export interface Failure {
  logicalId: string;
  resourceType: string;
  status: string;
  reason: string;
}

/** Reasons CloudFormation gives to resources it stopped because another one failed. */
const KNOCK_ON =
  /Resource (update|creation) cancelled|cancelled|was not successfully (updated|created)|The following resource\(s\) failed/i;

/**
 * The root cause of a failed update: the first resource (in time) that failed
 * for a reason of its own. Stack-level events and knock-on cancellations only
 * come last, when nothing better exists.
 */
export function firstFailure(events: StackEvent[], stackName: string): Failure | undefined {
  const failed = events.filter((e) => e.status.endsWith('_FAILED'));
  const ordered = [...failed].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  const isStack = (e: StackEvent) =>
    e.resourceType === 'AWS::CloudFormation::Stack' && (e.logicalId === stackName || e.physicalId === stackName);
  const pick =
    ordered.find((e) => !isStack(e) && !KNOCK_ON.test(e.statusReason ?? '')) ??
    ordered.find((e) => !isStack(e)) ??
    events.find((e) => isStack(e) && /ROLLBACK_IN_PROGRESS$/.test(e.status) && e.statusReason) ??
    ordered[0];
  if (!pick) return undefined;
  return {
    logicalId: pick.logicalId,
    resourceType: pick.resourceType,
    status: pick.status,
    reason: pick.statusReason ?? '(no reason given)',
  };
}

/** One line per event for a terminal: `12:00:03 UPDATE_IN_PROGRESS LaunchTemplate AWS::EC2::LaunchTemplate reason`. */
export function formatEvent(e: StackEvent): string {
  const time = e.timestamp.slice(11, 19);
  return `${time} ${e.status.padEnd(28)} ${e.logicalId} (${e.resourceType})${e.statusReason ? ` ${e.statusReason}` : ''}`;
}

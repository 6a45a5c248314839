/**
 * CloudFormation stack statuses, classified once so that the explorer's icons,
 * the CLI's exit codes and the release's "busy stack" check agree.
 */
export type StatusClass = 'complete' | 'inProgress' | 'failed' | 'rolledBack' | 'deleted' | 'reviewInProgress';

export function classifyStackStatus(status: string): StatusClass {
  if (status === 'DELETE_COMPLETE') return 'deleted';
  if (status === 'REVIEW_IN_PROGRESS') return 'reviewInProgress';
  if (status.endsWith('_IN_PROGRESS')) return 'inProgress';
  if (status.endsWith('_FAILED')) return 'failed';
  // A completed rollback leaves the stack usable but the update undone.
  if (status.includes('ROLLBACK_COMPLETE')) return 'rolledBack';
  return 'complete';
}

/** Nothing is happening to the stack: it can be read, or updated if it is not failed beyond repair. */
export function isTerminal(status: string): boolean {
  const c = classifyStackStatus(status);
  return c !== 'inProgress';
}

/** What to do about a stack in progress: the pre-check's words, also when CloudFormation itself refuses. */
export const BUSY_ADVICE = 'another operation is running; wait until it finishes';

/**
 * A stack CloudFormation would refuse to update right now, with the reason.
 * `REVIEW_IN_PROGRESS` is a stack that was never created (only a change set exists).
 */
export function busyReason(status: string): string | undefined {
  const c = classifyStackStatus(status);
  if (c === 'inProgress') return `the stack is ${status}: ${BUSY_ADVICE}`;
  if (c === 'reviewInProgress') return `the stack is ${status}: it was never created (only a change set exists)`;
  if (c === 'deleted') return 'the stack was deleted';
  if (status === 'ROLLBACK_COMPLETE' || status === 'ROLLBACK_FAILED' || status === 'CREATE_FAILED')
    return `the stack is ${status}: its creation failed, so it cannot be updated; delete it and create it again`;
  if (status === 'UPDATE_ROLLBACK_FAILED')
    return `the stack is ${status}: continue the rollback first (aws cloudformation continue-update-rollback --stack-name …)`;
  if (status === 'DELETE_FAILED') return `the stack is ${status}: it is being deleted`;
  return undefined;
}

/** How a finished update ended. */
export type UpdateOutcome = 'succeeded' | 'failed' | 'rolledBack';

export function updateOutcome(status: string): UpdateOutcome | undefined {
  if (status === 'UPDATE_COMPLETE') return 'succeeded';
  if (status === 'UPDATE_ROLLBACK_COMPLETE') return 'rolledBack';
  if (status === 'UPDATE_FAILED' || status === 'UPDATE_ROLLBACK_FAILED') return 'failed';
  return undefined;
}

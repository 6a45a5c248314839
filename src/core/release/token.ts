import type { StackEvent } from '../aws/ports';

/**
 * A release marks its update with a ClientRequestToken that names the
 * parameter and the value it sets (hashed: values may hold any character and
 * NoEcho ones must not leak). CloudFormation copies the token onto the
 * update's stack events, so a run that lost its connection can be recognised
 * afterwards: a second `release` then sees that the stack already carries the
 * value the first one set, and does not bump twice.
 */
const PREFIX = 'cfn-hup-tools-release-';

export function releaseToken(parameter: string, value: string, now: number): string {
  return `${PREFIX}${fnv1a(`${parameter}\n${value}`)}-${now.toString(36)}`;
}

/** Whether this token was made by a release that set `parameter` to `value`. */
export function tokenSets(token: string | undefined, parameter: string, value: string): boolean {
  return !!token && token.startsWith(`${PREFIX}${fnv1a(`${parameter}\n${value}`)}-`);
}

/**
 * The stack's most recent update, when a cfn-hup-tools release made it and
 * set `parameter` to `value`: the start event of that update, else undefined.
 */
export function lastReleaseSetting(
  events: readonly StackEvent[],
  stackName: string,
  stackId: string,
  parameter: string,
  value: string,
): StackEvent | undefined {
  const starts = events.filter(
    (e) =>
      e.resourceType === 'AWS::CloudFormation::Stack' &&
      (e.logicalId === stackName || e.physicalId === stackId) &&
      e.status === 'UPDATE_IN_PROGRESS',
  );
  const last = starts.reduce<StackEvent | undefined>(
    (a, e) => (!a || Date.parse(e.timestamp) >= Date.parse(a.timestamp) ? e : a),
    undefined,
  );
  return last && tokenSets(last.clientRequestToken, parameter, value) ? last : undefined;
}

/** 32-bit FNV-1a over UTF-16 code units, base 36: short, stable, not a secret. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/**
 * Every AWS failure the tools can meet, reduced to a kind the UI and the CLI
 * can act on, with one sentence that says what to do next. The SDK's own
 * error classes never leave src/aws: callers see only this.
 */
export type AwsErrorKind =
  'NoCredentials' | 'ExpiredToken' | 'AccessDenied' | 'Throttled' | 'NotFound' | 'Network' | 'Validation' | 'Other';

/**
 * The SDK adapters ship in a bundle of their own (dist/aws.js, loaded lazily), which carries its
 * own copy of this class; a registered symbol makes `instanceof` hold across both copies.
 */
const AWS_ERROR_BRAND = Symbol.for('cfn-hup-tools.AwsError');

export class AwsError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[AWS_ERROR_BRAND] === true;
  }

  constructor(
    readonly kind: AwsErrorKind,
    message: string,
    /** What the user can do about it, e.g. "Run `aws sso login --profile dev`". */
    readonly nextStep: string,
    /** The IAM action that was called, e.g. `cloudformation:DescribeStacks`. */
    readonly action?: string,
    /** The request got no answer within its timeout (kind Network): not retried, so a hung endpoint ends promptly. */
    readonly timedOut = false,
  ) {
    super(message);
    this.name = 'AwsError';
    Object.defineProperty(this, AWS_ERROR_BRAND, { value: true });
  }
}

export function isAwsError(e: unknown): e is AwsError {
  return e instanceof AwsError;
}

/** One line for a terminal or a tree node: the message, then the next step. */
export function describeAwsError(e: AwsError): string {
  return e.nextStep ? `${e.message}\n${e.nextStep}` : e.message;
}

/** Kinds worth trying again after a pause: the request was not processed. */
export function isRetryable(e: unknown): boolean {
  return isAwsError(e) && e.kind === 'Throttled';
}

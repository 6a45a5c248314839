/**
 * Every AWS failure the tools can meet, reduced to a kind the UI and the CLI
 * can act on, with one sentence that says what to do next. The SDK's own
 * error classes never leave src/aws: callers see only this.
 */
export type AwsErrorKind =
  'NoCredentials' | 'ExpiredToken' | 'AccessDenied' | 'Throttled' | 'NotFound' | 'Network' | 'Validation' | 'Other';

export class AwsError extends Error {
  constructor(
    readonly kind: AwsErrorKind,
    message: string,
    /** What the user can do about it, e.g. "Run `aws sso login --profile dev`". */
    readonly nextStep: string,
    /** The IAM action that was called, e.g. `cloudformation:DescribeStacks`. */
    readonly action?: string,
  ) {
    super(message);
    this.name = 'AwsError';
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

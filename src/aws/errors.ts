import { AwsError } from '../core/aws/errors';
import type { CredentialSourceFailure } from './credentialChain';
import { BUSY_ADVICE, busyReason, classifyStackStatus } from '../core/aws/stackStatus';

/**
 * SDK error → AwsError, the one place that knows the SDK's error names.
 * Messages never include credentials: only the SDK's message, the action and
 * the profile name.
 */
export interface ErrorContext {
  /** The IAM action being called, e.g. `cloudformation:DescribeStacks`. */
  action: string;
  profile?: string;
  /** For not-found messages: what was asked for. */
  subject?: string;
  /** The stack a write is for (name or id), for next steps that name it. */
  stack?: string;
}

const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
]);
const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'Forbidden',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const BAD_CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'AuthFailure',
  'InvalidAccessKeyId',
  'IncompleteSignature',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ECONNRESET',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/** What the SDK appends to an answer it could not parse: about its own API, nothing for a user. */
const SDK_HINT =
  /\s*Deserialization error: to see the raw response, inspect the hidden field \{error\}\.\$response on this object\.?/;

/**
 * Whether the answer came from something other than AWS: the SDK could not parse it at all, or
 * found no error code and message in it (it then names the error after the HTTP status, "NotFound"
 * or "Unknown", with the message "Unknown"/"UnknownError"); AWS always sends both. S3 answers a
 * HEAD without a body, legitimately: its actions keep their own handling.
 */
function answeredNotAsAws(name: string, raw: string, message: string, answered: boolean, action: string): boolean {
  if (!answered) return false;
  if (SDK_HINT.test(raw)) return true;
  if (action.startsWith('s3:')) return false;
  return /^(Unknown|UnknownError|NotFound)$/.test(name) && /^Unknown(Error)?$/.test(message);
}

export function toAwsError(e: unknown, ctx: ErrorContext): AwsError {
  if (e instanceof AwsError) return e;
  const err = (e ?? {}) as {
    name?: string;
    message?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    Code?: string;
    cause?: { code?: string };
    credentialSource?: CredentialSourceFailure;
  };
  const name = err.name ?? err.Code ?? 'Error';
  const raw = err.message ?? String(e);
  const message = raw.replace(SDK_HINT, '').trim();
  const profileFlag = ctx.profile ? ` --profile ${ctx.profile}` : '';
  const status = err.$metadata?.httpStatusCode;

  if (status !== 429 && answeredNotAsAws(name, raw, message, err.$metadata !== undefined, ctx.action)) {
    const gateway = status !== undefined && status >= 500;
    return new AwsError(
      'Other',
      `The endpoint answered ${ctx.action}${status ? ` with HTTP ${status}` : ''}, but not as AWS does: something else (a wrong endpoint URL, a proxy or a gateway) may be answering.`,
      `${gateway ? 'A gateway error may pass: try again in a moment; if it stays, check' : 'Check'} the endpoint in use (--endpoint-url, AWS_ENDPOINT_URL[_<SERVICE>] or the profile's endpoint_url; cfnHup.aws.endpointUrl in VS Code) and any proxy in between.`,
      ctx.action,
    );
  }

  if (/Region is missing/i.test(message)) {
    return new AwsError(
      'Validation',
      'No AWS region is set.',
      `Give --region, set AWS_REGION, or set a region in ${ctx.profile ? `profile "${ctx.profile}"` : 'the profile'}.`,
      ctx.action,
    );
  }
  const source = err.credentialSource;
  if (source) {
    // The profile exists and names a source of credentials, which failed: its own reason says why.
    const flag = ` --profile ${source.profile}`;
    return new AwsError(
      'NoCredentials',
      source.process
        ? `The credential_process behind profile "${source.profile}" failed${source.detail ? `: ${sentence(source.detail)}` : ' (it printed nothing on stderr).'}`
        : `Profile "${source.profile}" could not get credentials from its source profile, role or credential_source: ${sentence(source.detail)}`,
      source.process
        ? `Fix or refresh what the helper needs (e.g. run the login it asks for), check it with \`aws sts get-caller-identity${flag}\`, then try again.`
        : `Check source_profile, role_arn and credential_source of profile "${source.profile}" in ~/.aws/config (a source profile must exist and have credentials; refresh its login if it has one), then try again.`,
      ctx.action,
    );
  }
  if (
    name === 'CredentialsProviderError' ||
    name === 'TokenProviderError' ||
    (/Could not load credentials|Unable to load credentials|credential/i.test(message) && !err.$metadata)
  ) {
    if (/sso|token.*expired|expired.*token|refresh/i.test(message)) {
      return new AwsError(
        'ExpiredToken',
        `The SSO session of profile "${ctx.profile ?? 'default'}" has expired.`,
        `Run \`aws sso login${profileFlag}\`, then try again.`,
        ctx.action,
      );
    }
    return new AwsError(
      'NoCredentials',
      `No AWS credentials found${ctx.profile ? ` for profile "${ctx.profile}"` : ''}.`,
      ctx.profile
        ? `Check that profile "${ctx.profile}" exists in ~/.aws/config (or ~/.aws/credentials), or run \`aws configure${profileFlag}\`.`
        : 'Choose a profile with --profile (or AWS_PROFILE), run `aws configure`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
      ctx.action,
    );
  }
  if (EXPIRED.has(name) || /security token included in the request is expired|token has expired/i.test(message)) {
    return new AwsError(
      'ExpiredToken',
      `The AWS session token has expired (${message}).`,
      ctx.profile
        ? `Run \`aws sso login${profileFlag}\` (or refresh the profile's credentials), then try again.`
        : 'Refresh your credentials (e.g. `aws sso login --profile <name>`), then try again.',
      ctx.action,
    );
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new AwsError(
      'NoCredentials',
      `AWS rejected the credentials (${name}: ${message}).`,
      `Check the access key of ${ctx.profile ? `profile "${ctx.profile}"` : 'the credentials in use'}; it may have been deactivated or mistyped.`,
      ctx.action,
    );
  }
  if (ACCESS_DENIED.has(name) || /is not authorized to perform/i.test(message)) {
    const denied = /not authorized to perform:?\s*([a-z0-9-]+:[A-Za-z0-9]+)/i.exec(message)?.[1] ?? ctx.action;
    return new AwsError(
      'AccessDenied',
      `Access denied: the credentials in use may not call ${denied}.`,
      `Ask for an IAM policy that allows ${denied} (see "AWS permissions" in the README for the full list).`,
      denied,
    );
  }
  if (THROTTLED.has(name) || status === 429 || /rate exceeded|throttl/i.test(message)) {
    return new AwsError(
      'Throttled',
      `AWS is throttling ${ctx.action} (${message || name}).`,
      'Wait a minute and try again; something else in this account may be calling the API heavily.',
      ctx.action,
    );
  }
  if (/does not exist|not found/i.test(message) || /NotFound|NoSuch/.test(name)) {
    return new AwsError(
      'NotFound',
      message || `${ctx.subject ?? 'The resource'} was not found.`,
      'Check the name and the region (--region); names are case-sensitive.',
      ctx.action,
    );
  }
  const code = err.code ?? err.cause?.code;
  // The SDK names a reset connection TimeoutError too (code ECONNRESET): only a real timeout counts here.
  if ((name === 'TimeoutError' && /time(d)? ?out/i.test(message)) || code === 'ETIMEDOUT') {
    const ms = /(\d+) ?ms/.exec(message)?.[1];
    return new AwsError(
      'Network',
      `No answer from AWS for ${ctx.action}${ms ? ` within ${Number(ms) / 1000} s` : ' in time'}: the request timed out.`,
      'Check the network, a proxy, or the endpoint in use; raise the timeouts (--connect-timeout / --request-timeout, cfnHup.aws.requestTimeoutSeconds) only if calls are just slow.',
      ctx.action,
      true,
    );
  }
  if (
    (code && NETWORK_CODES.has(code)) ||
    name === 'TimeoutError' ||
    name === 'RequestTimeout' ||
    name === 'NetworkingError' ||
    /socket hang up|getaddrinfo|connect ECONNREFUSED/i.test(message)
  ) {
    return new AwsError(
      'Network',
      `Could not reach AWS for ${ctx.action} (${code ?? name}: ${message}).`,
      'Check the network, a proxy, or --endpoint-url; then try again.',
      ctx.action,
    );
  }
  const capabilities = requiredCapabilities(name, message);
  if (capabilities) {
    // The change set was refused outright: nothing was created, the stack is as it was.
    return new AwsError(
      'Validation',
      `CloudFormation refused the update: the template needs ${capabilities.join(' and ')}, which the stack was not given (${message || name}).`,
      `Acknowledge it and update again: the CLI takes ${capabilities.map((c) => `--capability ${c}`).join(' ')}.`,
      ctx.action,
    );
  }
  // The stack became busy between the check and the write: the pre-check's advice.
  const state = /is in ([A-Z_]+) state and can ?not be updated/i.exec(message)?.[1];
  const busy = state ? busyReason(state) : undefined;
  if (state && busy) {
    return new AwsError(
      'Validation',
      message,
      classifyStackStatus(state) === 'inProgress'
        ? `${upperFirst(BUSY_ADVICE)}, then try again.`
        : `${upperFirst(busy.replace(/^the stack is [A-Z_]+: /, ''))}.`,
      ctx.action,
    );
  }
  if (name === 'LimitExceededException' && /change ?set/i.test(message)) {
    const stack = ctx.stack ?? 'STACK';
    return new AwsError(
      'Validation',
      message,
      `Delete old change sets of the stack (each preview that is not executed, e.g. without --yes, leaves one): list them with \`aws cloudformation list-change-sets --stack-name ${stack}\`, delete each with \`aws cloudformation delete-change-set --stack-name ${stack} --change-set-name NAME\`, then try again.`,
      ctx.action,
    );
  }
  if (
    name === 'ValidationError' ||
    name === 'ValidationException' ||
    name.startsWith('InvalidParameter') ||
    name === 'InsufficientCapabilitiesException' ||
    status === 400
  ) {
    return new AwsError('Validation', message || name, '', ctx.action);
  }
  if (name === 'AbortError') return new AwsError('Other', 'Cancelled.', '', ctx.action);
  return new AwsError(
    'Other',
    `${ctx.action} failed: ${name}${message ? `: ${message}` : ''}`,
    status && status >= 500 ? 'AWS had an internal error; try again in a moment.' : '',
    ctx.action,
  );
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Ends with a full stop unless it has its own. */
function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/** The capabilities an InsufficientCapabilities refusal names ("Requires capabilities : [CAPABILITY_IAM]"). */
function requiredCapabilities(name: string, message: string): string[] | undefined {
  if (name !== 'InsufficientCapabilitiesException' && !/Requires capabilities/i.test(message)) return undefined;
  const named = message.match(/CAPABILITY_[A-Z_]+/g);
  return named && named.length ? [...new Set(named)] : undefined;
}

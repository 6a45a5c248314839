import type { AwsGateways, GatewayOptions } from '../aws/gateways';
import { createGateways } from '../aws/lazy';
import type { Clock } from '../core/aws/ports';
import { isAwsError } from '../core/aws/errors';
import { UsageError, type Io } from './io';
import { DEFAULT_TIMEOUTS } from '../aws/timeouts';
import { describeEndpoints, endpointProblem, endpointsInUse, type EndpointInUse } from '../core/aws/endpoint';
import { configuredEndpoints } from '../core/aws/configuredEndpoints';
import { readSharedConfigText } from '../aws/profiles';

/** The options every AWS command takes, for node:util parseArgs. */
export const AWS_OPTIONS = {
  stack: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  'endpoint-url': { type: 'string' },
  'allow-insecure-endpoint': { type: 'boolean' },
  'connect-timeout': { type: 'string' },
  'request-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const AWS_USAGE = `  --stack NAME                         the stack (name or id)
  --region REGION                      default: AWS_REGION, else the profile's region
  --profile NAME                       a profile from ~/.aws/config (SSO, credential_process, keys)
  --endpoint-url URL                   another endpoint, e.g. moto or LocalStack on http://127.0.0.1:5000
                                       (also AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>); always named on stderr
  --allow-insecure-endpoint            accept a plain http endpoint that is not loopback (credentials in clear)
  --connect-timeout SECONDS            per request, default 10 (env CFN_HUP_TOOLS_CONNECT_TIMEOUT)
  --request-timeout SECONDS            per request, default 60 (env CFN_HUP_TOOLS_REQUEST_TIMEOUT)`;

export interface AwsFlags {
  stack?: string;
  region?: string;
  profile?: string;
  'endpoint-url'?: string;
  'allow-insecure-endpoint'?: boolean;
  'connect-timeout'?: string;
  'request-timeout'?: string;
}

/** What the CLI needs from outside to talk to AWS; tests replace it. */
export interface CliAws {
  gateways(options: GatewayOptions): AwsGateways;
  clock?: Clock;
  /** Between polls of a release; default 5 s. */
  pollMs?: number;
}

export const defaultCliAws: CliAws = { gateways: createGateways };

export function requireStack(flags: AwsFlags): string {
  if (!flags.stack) throw new UsageError('--stack NAME is required');
  return flags.stack;
}

/**
 * Connection options from the flags and the environment. Keys in the
 * environment (as the CLI was given it) are used as they are unless a profile
 * is named; otherwise the SDK's Node provider chain resolves credentials
 * (SSO, profiles, credential_process, instance roles). Nothing here reads or
 * prints a secret beyond handing it to the SDK.
 */
export function connectionOptions(flags: AwsFlags, io: Io, clock?: Clock): GatewayOptions {
  const endpointUrl = flags['endpoint-url'];
  const endpoints = cliEndpoints(flags, io);
  for (const e of endpoints) {
    const problem = endpointProblem(e, flags['allow-insecure-endpoint'] === true);
    if (problem) throw new UsageError(problem.replace(/allow it explicitly$/, 'add --allow-insecure-endpoint'));
  }
  if (flags.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(flags.region))
    throw new UsageError(`--region "${flags.region}" is not a region name such as us-east-1`);
  const region = flags.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  const accessKeyId = io.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = io.env.AWS_SECRET_ACCESS_KEY;
  const keys = !flags.profile && accessKeyId && secretAccessKey;
  // Without --profile (and keys), the SDK reads AWS_PROFILE: named here, it is named in messages too.
  const profile = flags.profile ?? (keys ? undefined : io.env.AWS_PROFILE?.trim() || undefined);
  const credentials = keys
    ? {
        accessKeyId,
        secretAccessKey,
        ...(io.env.AWS_SESSION_TOKEN ? { sessionToken: io.env.AWS_SESSION_TOKEN } : {}),
      }
    : undefined;
  const timeouts = {
    connectMs: timeout(flags, io, 'connect-timeout', 'CFN_HUP_TOOLS_CONNECT_TIMEOUT', DEFAULT_TIMEOUTS.connectMs),
    requestMs: timeout(flags, io, 'request-timeout', 'CFN_HUP_TOOLS_REQUEST_TIMEOUT', DEFAULT_TIMEOUTS.requestMs),
  };
  return { region, profile, endpointUrl, credentials, clock, timeouts };
}

/**
 * A timeout in seconds (fractions allowed, more than 0, up to an hour) as milliseconds, from the
 * flag, else the environment variable; a bad value names the one it came from.
 */
function timeout(
  flags: AwsFlags,
  io: Io,
  flag: 'connect-timeout' | 'request-timeout',
  variable: string,
  fallback: number,
): number {
  const fromFlag = flags[flag] !== undefined;
  const text = fromFlag ? flags[flag] : io.env[variable];
  if (text === undefined || text.trim() === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > 3600)
    throw new UsageError(
      `${fromFlag ? `--${flag}` : variable} must be a number of seconds greater than 0 and at most 3600, got "${text}"`,
    );
  return Math.round(n * 1000);
}

/**
 * Every endpoint other than AWS's own the calls go to: the flag, else the environment's
 * AWS_ENDPOINT_URL[_<SERVICE>], else an endpoint_url of the profile in the shared config file.
 */
export function cliEndpoints(flags: AwsFlags, io: Io): EndpointInUse[] {
  const url = flags['endpoint-url'];
  const explicit = url !== undefined ? { url, source: '--endpoint-url' } : undefined;
  if (explicit) return [explicit];
  const profile = flags.profile ?? io.env.AWS_PROFILE ?? 'default';
  const config = readSharedConfigText(io.env);
  return endpointsInUse(undefined, io.env, configuredEndpoints(config.text, profile, config.label));
}

/** The header line naming a non-default endpoint, so nobody sends requests somewhere unknowingly. */
export function endpointHeader(flags: AwsFlags, io: Io): string | undefined {
  const used = describeEndpoints(cliEndpoints(flags, io));
  return used ? `cfn-hup-tools: AWS endpoint ${used}\n` : undefined;
}

/** Run an AWS command: an AwsError becomes its message and next step on stderr, exit 1. */
export async function withGateways(
  flags: AwsFlags,
  io: Io,
  aws: CliAws,
  fn: (g: AwsGateways) => Promise<number>,
): Promise<number> {
  const g = aws.gateways(connectionOptions(flags, io, aws.clock));
  const header = endpointHeader(flags, io);
  if (header) io.stderr(header);
  try {
    return await fn(g);
  } catch (e) {
    if (isAwsError(e)) {
      io.stderr(`cfn-hup-tools: ${e.message}\n${e.nextStep ? `${e.nextStep}\n` : ''}`);
      return 1;
    }
    throw e;
  } finally {
    g.dispose();
  }
}

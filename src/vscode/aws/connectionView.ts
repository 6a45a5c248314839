/**
 * Where the editor's AWS calls go and how long each may take, from the
 * settings and the extension host's environment, as plain data: no `vscode`
 * import, so node's test runner checks it (test/unit/aws-connection-view.test.ts).
 * The endpoint rule is the CLI's (src/core/aws/endpoint.ts): plain http only on
 * loopback unless the user allows it explicitly.
 */
import {
  describeEndpoints,
  endpointProblem,
  endpointsInUse,
  redactEndpoint,
  urlHost,
  type EndpointInUse,
} from '../../core/aws/endpoint';
import { DEFAULT_TIMEOUTS, type RequestTimeouts } from '../../aws/timeouts';

export const ENDPOINT_SETTING = 'cfnHup.aws.endpointUrl';
export const ALLOW_INSECURE_SETTING = 'cfnHup.aws.allowInsecureEndpoint';
export const TIMEOUT_SETTING = 'cfnHup.aws.requestTimeoutSeconds';

/** The request timeout setting's default, in seconds: the CLI's --request-timeout default. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = DEFAULT_TIMEOUTS.requestMs / 1000;

export interface EndpointState {
  /** Every endpoint other than AWS's own that calls go to, with where it came from. */
  endpoints: EndpointInUse[];
  /** Why no call may be made (an insecure or malformed endpoint), with the next step; undefined when calls may go. */
  problem: string | undefined;
}

/**
 * The endpoints in use: the setting (or a test's override) for every service,
 * else the AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> variables the SDK
 * itself follows from the extension host's environment.
 */
export function endpointState(
  explicit: EndpointInUse | undefined,
  allowInsecure: boolean,
  env: Readonly<Record<string, string | undefined>>,
  /** The profile's endpoint_url in the shared config file (configuredEndpoints). */
  fromConfigFile: readonly EndpointInUse[] = [],
): EndpointState {
  const endpoints = endpointsInUse(explicit, env, fromConfigFile);
  for (const e of endpoints) {
    const problem = endpointProblem(e, allowInsecure);
    if (problem) return { endpoints, problem: `${problem.replace(/allow it explicitly$/, nextStepFor(e))}.` };
  }
  return { endpoints, problem: undefined };
}

function nextStepFor(e: EndpointInUse): string {
  return e.source === ENDPOINT_SETTING
    ? `allow it explicitly with the ${ALLOW_INSECURE_SETTING} user setting`
    : e.source.includes('endpoint_url')
      ? `allow it explicitly with the ${ALLOW_INSECURE_SETTING} user setting (or remove the ${e.source})`
      : `allow it explicitly with the ${ALLOW_INSECURE_SETTING} user setting (or start VS Code without ${e.source})`;
}

/**
 * The timeouts of every request from the setting (seconds): the whole
 * request within it, the connection within the CLI's 10 s or the whole
 * timeout when that is shorter. A value that is not a positive number of
 * seconds up to an hour means the default.
 */
export function requestTimeouts(seconds: unknown): RequestTimeouts {
  const valid = typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 && seconds <= 3600;
  const requestMs = valid ? Math.round(seconds * 1000) : DEFAULT_TIMEOUTS.requestMs;
  return { requestMs, connectMs: Math.min(DEFAULT_TIMEOUTS.connectMs, requestMs) };
}

export interface ConnectionFacts {
  profile: string | undefined;
  region: string | undefined;
  endpoints: readonly EndpointInUse[];
  problem: string | undefined;
  timeouts: RequestTimeouts;
}

/** What the status bar item shows: text, tooltip lines, and whether it warns. */
export interface StatusView {
  text: string;
  tooltip: string[];
  warning: boolean;
}

/** `127.0.0.1:5000` for `http://127.0.0.1:5000/`: short enough for the status bar. */
function shortEndpoint(url: string): string {
  const parsed = urlHost(url);
  if (!parsed) return redactEndpoint(url);
  const port = /^[a-z]+:\/\/(?:[^@/?#\s]*@)?(?:\[[^\]]*\]|[^:/?#\s]+)(:\d+)?/i.exec(url.trim())?.[1] ?? '';
  return parsed.host.includes(':') ? `[${parsed.host}]${port}` : `${parsed.host}${port}`;
}

export function statusView(c: ConnectionFacts): StatusView {
  const where = `${c.profile ?? 'default'} · ${c.region ?? 'no region'}`;
  const endpoint = c.endpoints.length
    ? ` · ${c.endpoints.length === 1 ? shortEndpoint(c.endpoints[0]!.url) : `${c.endpoints.length} endpoints`}`
    : '';
  const tooltip = [
    `cfn-hup Tools calls AWS as profile "${c.profile ?? '(default chain)'}" in ${c.region ?? "the profile's region"}.`,
    c.endpoints.length
      ? `Endpoint: ${describeEndpoints(c.endpoints)} instead of AWS's own.`
      : "Endpoint: AWS's own (no cfnHup.aws.endpointUrl, AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_<SERVICE>).",
    ...(c.problem ? [`No call is made: ${c.problem}`] : []),
    `Each request may take up to ${c.timeouts.requestMs / 1000} s (${TIMEOUT_SETTING}).`,
    'Click to choose the profile or region, or to open the AWS settings.',
  ];
  return {
    text: `${c.problem ? '$(warning)' : '$(cloud)'} ${where}${endpoint}`,
    tooltip,
    warning: c.problem !== undefined,
  };
}

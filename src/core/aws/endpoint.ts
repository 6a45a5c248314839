/**
 * Which endpoint AWS calls go to, and whether it is safe to send signed
 * requests there. A signed request carries the access key id and the session
 * token in clear headers: over plain http they are readable by anyone on the
 * path, so http is accepted only on loopback (moto, LocalStack) unless the
 * user says otherwise. Pure, shared by the CLI and the editor.
 */

/** The SDK's per-service environment variables, for the services the tools call. */
export const SERVICE_ENDPOINT_VARIABLES = [
  'AWS_ENDPOINT_URL_CLOUDFORMATION',
  'AWS_ENDPOINT_URL_AUTO_SCALING',
  'AWS_ENDPOINT_URL_EC2',
  'AWS_ENDPOINT_URL_S3',
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL_SSM',
] as const;

export interface EndpointInUse {
  url: string;
  /** Where it came from, e.g. `--endpoint-url`, `AWS_ENDPOINT_URL_EC2`, `cfnHup.aws.endpointUrl`. */
  source: string;
}

/**
 * Every endpoint other than AWS's own that calls will go to: the explicit one
 * (flag or setting) wins for every service; otherwise the environment
 * variables the SDK itself follows.
 */
export function endpointsInUse(
  explicit: EndpointInUse | undefined,
  env: Readonly<Record<string, string | undefined>>,
  /** From the profile in the shared config file (configuredEndpoints); the SDK prefers the environment's. */
  fromConfigFile: readonly EndpointInUse[] = [],
): EndpointInUse[] {
  if (explicit) return [explicit];
  if (/^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '')) return [];
  const found: EndpointInUse[] = [];
  for (const name of SERVICE_ENDPOINT_VARIABLES) {
    const url = env[name]?.trim();
    if (url) found.push({ url, source: name });
  }
  const general = env.AWS_ENDPOINT_URL?.trim();
  if (general && found.length < SERVICE_ENDPOINT_VARIABLES.length)
    found.push({ url: general, source: 'AWS_ENDPOINT_URL' });
  // Where the environment names no endpoint for every service, the config file's may apply: all
  // are named and checked (which service takes which is the SDK's business; none may be unsafe).
  if (!general && found.length < SERVICE_ENDPOINT_VARIABLES.length) found.push(...fromConfigFile);
  return found;
}

/** The host of an http(s) URL, lower-case, without brackets or port; undefined when it is not one. */
export function urlHost(url: string): { scheme: 'http' | 'https'; host: string } | undefined {
  const m = /^(https?):\/\/(?:[^@/?#\s]*@)?(\[[^\]\s]+\]|[^:/?#\s]+)/i.exec(url.trim());
  if (!m) return undefined;
  return { scheme: m[1]!.toLowerCase() as 'http' | 'https', host: m[2]!.toLowerCase().replace(/^\[|\]$/g, '') };
}

export function isLoopbackHost(host: string): boolean {
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/**
 * A URL's user name and password (`http://user:pass@host`): everything up to the last `@`. A password
 * typed raw may hold `/`, `?`, `#` or a blank, so the path cannot bound it; an endpoint has no `@` in
 * its path, and hiding too much of one is harmless where showing a password is not.
 */
const USERINFO = /^(\s*(?:[a-z][a-z0-9+.-]*:\/\/)?).*@/i;

/** The URL as it may be shown: a user name and password in it become `***`. */
export function redactEndpoint(url: string): string {
  return url.replace(USERINFO, '$1***@');
}

/** The URL without its user name and password, for a URL built on it (a template's S3 URL). */
export function withoutUserinfo(url: string): string {
  return url.replace(USERINFO, '$1');
}

/** Why requests must not go to this endpoint, or undefined when they may. */
export function endpointProblem(endpoint: EndpointInUse, allowInsecure: boolean): string | undefined {
  const parsed = urlHost(endpoint.url);
  const shown = redactEndpoint(endpoint.url);
  if (!parsed) return `${endpoint.source} must be an http(s) URL, got "${shown}"`;
  if (parsed.scheme === 'https' || allowInsecure || isLoopbackHost(parsed.host)) return undefined;
  return `${endpoint.source} is ${shown}: plain http to a host other than this machine would send your access key id and session token in clear on every call. Use https, a loopback address (127.0.0.1, localhost), or allow it explicitly`;
}

/** One line that says where calls go, for a header or a status bar tooltip. */
export function describeEndpoints(endpoints: readonly EndpointInUse[]): string | undefined {
  if (!endpoints.length) return undefined;
  return endpoints.map((e) => `${redactEndpoint(e.url)} (${e.source})`).join(', ');
}

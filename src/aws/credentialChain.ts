import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';

/**
 * Why a profile's own credential source failed, attached by `nodeCredentialChain` to the chain's
 * error (as `credentialSource`) for ./errors.ts.
 */
export interface CredentialSourceFailure {
  /** The profile the chain read: the one named, else AWS_PROFILE, else "default". */
  profile: string;
  /** Its credential_process failed (else: source_profile, role_arn or credential_source). */
  process: boolean;
  /** The SDK's reason, with the helper's stderr when it printed any; never the command line. */
  detail: string;
}

/** A provider's failure, as the SDK's ProviderError reports it to the chain's logger. */
const PROVIDER_LINE = /^@smithy\/property-provider (?:->|\(!\)) ([\s\S]*)$/;

/** What every chain that finds nothing says on the way: no reason of the profile's own. */
const CHAIN_NOISE = [
  /skipping fromEnv provider/i,
  /Skipping SSO provider/i,
  /Web identity configuration not specified/i,
  /metadata/i,
  /container/i,
  /Could not load credentials from any providers/i,
  /did not contain credential_process/i,
  /could not be found in shared credentials file/i,
];

/**
 * The SDK's Node chain (environment, SSO, profiles, credential_process, web
 * identity, the instance role), with the reason a profile's own source failed.
 * The chain tries each provider in turn and, when none gives credentials,
 * throws only "Could not load credentials from any providers": that the
 * profile's credential_process exited non-zero (with what it printed on
 * stderr), printed no JSON, or that its source_profile is missing is lost on
 * the way. Each provider reports its failure to the chain's logger; those
 * reasons (never credentials: a provider that got them did not fail) are kept
 * for the call in flight and the first that is the profile's own is attached
 * to the error.
 */
export function nodeCredentialChain(profile: string | undefined): AwsCredentialIdentityProvider {
  let reasons: string[] = [];
  let inFlight = 0;
  const logger = {
    debug: (...args: unknown[]) => {
      const m = typeof args[0] === 'string' ? PROVIDER_LINE.exec(args[0]) : null;
      if (m && reasons.length < 50) reasons.push(m[1]!);
    },
    info: () => undefined,
    // The SDK writes its warnings to the console when given no logger: so do these.
    warn: (...args: unknown[]) => console.warn(...args),
    error: (...args: unknown[]) => console.error(...args),
  };
  const chain = fromNodeProviderChain({ ...(profile ? { profile } : {}), logger });
  return async (props) => {
    if (inFlight === 0) reasons = [];
    inFlight++;
    try {
      return await chain(props);
    } catch (e) {
      const named = profile || process.env.AWS_PROFILE;
      const failure = sourceFailure(e, reasons, named || 'default', !!named);
      if (failure && e instanceof Error) Object.assign(e, { credentialSource: failure });
      throw e;
    } finally {
      inFlight--;
    }
  };
}

function sourceFailure(
  e: unknown,
  reasons: readonly string[],
  profile: string,
  named: boolean,
): CredentialSourceFailure | undefined {
  if (!/Could not load credentials from any providers/i.test((e as Error | undefined)?.message ?? '')) return undefined;
  const own = reasons.find((r) => {
    if (CHAIN_NOISE.some((n) => n.test(r))) return false;
    // The profile itself has no credentials (or does not exist): not a source that failed.
    const unresolved = /Could not resolve credentials using profile: \[([^\]]*)\]/.exec(r)?.[1];
    if (unresolved !== undefined && unresolved === profile) return false;
    // fromEnv's own miss; with a profile in effect it is skipped, and only credential_source = Environment says it.
    if (/Unable to find environment variable credentials/i.test(r) && !named) return false;
    return true;
  });
  if (own === undefined) return undefined;
  // exec's message is "Command failed: <the command line>\n<its stderr>": the command line may carry a secret.
  const detail = maskSecrets(
    own
      .replace(/^Command failed:[^\n]*\n?/, '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .join(' '),
  );
  return {
    profile,
    process: /^Command failed:|credential_process/.test(own),
    detail: detail.length > 500 ? `${detail.slice(0, 500)}…` : detail,
  };
}

/**
 * A helper's stderr may echo what it holds (`cached token=eyJ…`): the value after a secret-sounding
 * name, and any long run of token characters that mixes letters and digits (a key, a JWT, a session
 * token), become `***`. Words and paths stay readable.
 */
export function maskSecrets(text: string): string {
  return text
    .replace(/\b((?:[\w-]*(?:token|secret|password|passwd|key|credential)s?)\s*[=:]\s*)\S+/gi, '$1***')
    .replace(/[A-Za-z0-9+/_=.-]{20,}/g, (run) =>
      /[0-9]/.test(run) && /[A-Za-z]/.test(run) && !run.includes('/') ? '***' : run,
    );
}

import type { AwsGateways } from '../aws/gateways';
import type { Cancellation } from '../core/aws/ports';
import { checkInstances } from '../core/instances/check';
import { prepareCheck } from '../core/instances/prepare';
import { allConverged } from '../core/instances/summary';
import type { HookFiring } from '../core/release/hookImpact';
import { UsageError, type Io } from './io';
import { printOutcome } from './instances';

/**
 * `release --yes --wait-instances`: after the stack update, check the
 * instances that run a hook the release fires until each one converged or
 * failed, or `timeoutMinutes` passed. Exit 0 only when every one converged.
 */
export async function waitForInstances(
  g: AwsGateways,
  io: Io,
  options: {
    stackName: string;
    firings: HookFiring[];
    /** When the update was executed (the injected clock's time). */
    since: number;
    timeoutMinutes?: number;
    pollMs?: number;
    format?: string;
    signal?: Cancellation;
  },
): Promise<number> {
  if (!options.firings.length) {
    io.stdout('No cfn-hup hook fires with this release: there is nothing for instances to apply.\n');
    return 0;
  }
  const prepared = await prepareCheck(g, options.stackName, { firings: options.firings, signal: options.signal });
  for (const n of prepared.notes) io.stderr(`cfn-hup-tools: ${n}\n`);
  if (!prepared.targets.length) {
    io.stdout('No running instance runs a hook this release fires.\n');
    return 0;
  }
  const longest = Math.max(...options.firings.map((f) => f.hook.intervalMinutes));
  const minutes = options.timeoutMinutes ?? longest + 5;
  io.stdout(
    `Waiting up to ${minutes} minute(s) for ${prepared.targets.length} instance(s) to apply the release (cfn-hup polls every ${longest} minute(s))...\n`,
  );
  const outcome = await checkInstances({ ssm: g.ssm, clock: g.clock }, prepared.targets, {
    since: options.since,
    until: g.clock.now() + minutes * 60_000,
    pollMs: options.pollMs ?? 30_000,
    invocationPollMs: Math.min(options.pollMs ?? 2000, 2000),
    signal: options.signal,
  });
  printOutcome(io, options.format ?? 'text', options.stackName, options.since, outcome, 'the release');
  return allConverged(outcome) ? 0 : 1;
}

export const WAIT_OPTIONS = {
  'wait-instances': { type: 'boolean' },
  timeout: { type: 'string' },
} as const;

export const WAIT_USAGE = `      --wait-instances (with --yes): then check the instances through AWS Systems Manager until
      each one applied the release; exit 0 only when every one converged, 1 when any is failing,
      silent, cfn-hup down or unreachable (with the reason per instance). --timeout MIN: how long
      to wait (default: cfn-hup's interval + 5 minutes)`;

export interface WaitFlags {
  'wait-instances'?: boolean;
  timeout?: string;
  yes?: boolean;
}

/** The wait settings of `release`, validated; undefined without --wait-instances. */
export function waitSettings(flags: WaitFlags): { timeoutMinutes?: number } | undefined {
  if (flags.timeout !== undefined && !flags['wait-instances'])
    throw new UsageError('--timeout goes with --wait-instances');
  if (!flags['wait-instances']) return undefined;
  if (!flags.yes) throw new UsageError('--wait-instances waits for an executed release: add --yes');
  if (flags.timeout === undefined) return {};
  if (!/^\d+(\.\d+)?$/.test(flags.timeout) || Number(flags.timeout) <= 0 || Number(flags.timeout) > 24 * 60)
    throw new UsageError(`--timeout "${flags.timeout}" must be a number of minutes between 0 and 1440`);
  return { timeoutMinutes: Number(flags.timeout) };
}

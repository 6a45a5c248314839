import { parseArgs } from 'node:util';
import type { Cancellation } from '../core/aws/ports';
import { applyNow } from '../core/instances/apply';
import { checkInstances, type CheckOutcome } from '../core/instances/check';
import { prepareCheck } from '../core/instances/prepare';
import { allConverged, allHealthy, describeCounts, resultLines, resultsJson } from '../core/instances/summary';
import { UsageError, type Io } from './io';
import { AWS_OPTIONS, requireStack, withGateways, type AwsFlags, type CliAws } from './aws-options';
import { help } from './status';

export const INSTANCES_USAGE = `  cfn-hup-tools instances --stack NAME [--group ID] [--instance ID] [--since TIME] [--format text|json] [AWS options]
      run a fixed, read-only script on the stack's instances through AWS Systems Manager and
      say, from cfn-hup's own log, where each one stands (with the next step when not well).
      Without --since (no release to judge against): each hook is judged on its last action in
      cfn-hup.log: converged, failing, pending (running), or idle (no action in the log read:
      nothing to apply, not "silent"); exit 0 when every instance is converged or idle.
      --since TIME (an ISO time: your release): each hook is expected to act after it:
      converged, pending, failing, silent (nothing by cfn-hup's interval + 2 minutes); exit 0
      only when every instance converged. Either way: cfn-hup down, unreachable (exit 1).
      --apply-now --yes: first run one cfn-hup pass (cfn-hup --no-daemon) on them, one instance
      first and the rest only if it succeeded, then check`;

export async function instancesCommand(
  args: string[],
  io: Io,
  aws: CliAws & { signal?: Cancellation },
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...AWS_OPTIONS,
      format: { type: 'string' },
      since: { type: 'string' },
      group: { type: 'string' },
      instance: { type: 'string' },
      'apply-now': { type: 'boolean' },
      yes: { type: 'boolean' },
    },
  });
  if (values.help) return help(io, INSTANCES_USAGE);
  return runInstances(values, io, aws);
}

export interface InstancesOptions extends AwsFlags {
  format?: string;
  since?: string;
  group?: string;
  instance?: string;
  'apply-now'?: boolean;
  yes?: boolean;
}

export async function runInstances(
  options: InstancesOptions,
  io: Io,
  aws: CliAws & { signal?: Cancellation },
): Promise<number> {
  const stackName = requireStack(options);
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format "${format}" (use text or json)`);
  const sinceFlag = options.since === undefined ? undefined : Date.parse(options.since);
  if (sinceFlag !== undefined && Number.isNaN(sinceFlag))
    throw new UsageError(`--since "${options.since}" is not a time such as 2026-11-30T12:00:00Z`);
  if (options['apply-now'] && !options.yes)
    throw new UsageError('--apply-now runs cfn-hup on the instances: add --yes to confirm');
  if (options.instance !== undefined && !/^(i|mi)-[0-9a-f]{8,17}$/.test(options.instance))
    throw new UsageError(`--instance "${options.instance}" is not an instance id such as i-0123456789abcdef0`);
  return withGateways(options, io, aws, async (g) => {
    const stack = await g.stacks.describeStack(stackName, aws.signal);
    const prepared = await prepareCheck(g, stackName, {
      filter: { group: options.group, instanceId: options.instance },
      signal: aws.signal,
    });
    for (const n of prepared.notes) io.stderr(`cfn-hup-tools: ${n}\n`);
    if (options['apply-now']) {
      const applied = await applyNow(
        { ssm: g.ssm, clock: g.clock },
        prepared.targets,
        { confirm: async () => true },
        {
          signal: aws.signal,
          invocationPollMs: aws.pollMs,
        },
      );
      if (applied.kind !== 'declined')
        for (const r of applied.results) io.stdout(`cfn-hup --no-daemon on ${r.instanceId}: ${r.message}\n`);
      if (applied.kind === 'stopped')
        io.stdout('The first instance’s pass failed: the others were left for cfn-hup’s own schedule.\n');
    }
    // No --since: no release to judge against, so nothing can be late (see core/instances/judge.ts).
    const outcome = await checkInstances({ ssm: g.ssm, clock: g.clock }, prepared.targets, {
      since: sinceFlag,
      signal: aws.signal,
      invocationPollMs: aws.pollMs,
    });
    printOutcome(io, format, stack.name, sinceFlag, outcome, '--since');
    return (sinceFlag === undefined ? allHealthy(outcome) : allConverged(outcome)) ? 0 : 1;
  });
}

export function printOutcome(
  io: Io,
  format: string,
  stackName: string,
  since: number | undefined,
  outcome: CheckOutcome,
  sinceLabel: string,
): void {
  const sinceIso = since === undefined || Number.isNaN(since) ? null : new Date(since).toISOString();
  if (format === 'json') {
    io.stdout(
      JSON.stringify(
        {
          stack: stackName,
          since: sinceIso,
          judgedAgainst: since === undefined ? 'current-state' : 'release',
          converged: allConverged(outcome),
          healthy: allHealthy(outcome),
          timedOut: outcome.timedOut,
          summary: describeCounts(outcome.results),
          instances: resultsJson(outcome.results),
        },
        null,
        2,
      ) + '\n',
    );
    return;
  }
  if (!outcome.results.length) {
    io.stdout(`Stack ${stackName}: no running instances to check.\n`);
    return;
  }
  io.stdout(
    since === undefined
      ? `Instances of ${stackName}, as they are now (no release given: each hook is judged on its last action in cfn-hup.log; one with no action there is idle, not silent; --since TIME judges a release):\n`
      : `Instances of ${stackName} since ${sinceIso ?? '?'} (${sinceLabel}: each hook is expected to act after it):\n`,
  );
  for (const line of resultLines(outcome.results)) io.stdout(`  ${line}\n`);
  io.stdout(
    `${describeCounts(outcome.results)}${outcome.timedOut ? ' (gave up waiting: some instances were still pending)' : ''}.\n`,
  );
}

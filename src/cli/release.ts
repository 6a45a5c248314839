import { isAwsError } from '../core/aws/errors';
import { loadFleet } from '../core/aws/fleet';
import type { Cancellation, StackEvent } from '../core/aws/ports';
import { formatEvent } from '../core/release/events';
import { describeFiring } from '../core/release/hookImpact';
import {
  createChangeSet,
  executeChangeSet,
  planRelease,
  summarizeRelease,
  updateDirect,
  type ReleaseOutcome,
  type ReleasePlan,
  type ReleaseServices,
} from '../core/release/workflow';
import { UsageError, type Io } from './io';
import { parseArgs } from 'node:util';
import { AWS_OPTIONS, requireStack, withGateways, type AwsFlags, type CliAws } from './aws-options';
import { help } from './status';

export const RELEASE_USAGE = `  cfn-hup-tools release --stack NAME [--parameter NAME] [--value VALUE] [--yes] [--direct] [AWS options]
      change the build parameter (default BuildNumber; default value: its last number + 1),
      every other parameter, tag, capability, topic and role kept; a change set is made and
      summarised, and executed only with --yes; --direct --yes uses UpdateStack without preview.
      Exit 0 when the stack reached UPDATE_COMPLETE with the new value (or, without --yes,
      when the change set is ready); 1 when refused, nothing to change, or failed`;

export async function releaseCommand(args: string[], io: Io, aws: CliAws & { signal?: Cancellation }): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...AWS_OPTIONS,
      parameter: { type: 'string' },
      value: { type: 'string' },
      yes: { type: 'boolean' },
      direct: { type: 'boolean' },
    },
  });
  if (values.help) return help(io, RELEASE_USAGE);
  return runRelease(values, io, aws);
}

export interface ReleaseOptions extends AwsFlags {
  parameter?: string;
  value?: string;
  yes?: boolean;
  direct?: boolean;
}

/**
 * `release`: bump the build parameter, keep everything else. By default a
 * change set is made and summarised (replacements, hooks that will fire) and
 * executed only with --yes; --direct updates the stack without a preview.
 * Exit 0 only when the stack reached UPDATE_COMPLETE with the new value (or,
 * without --yes, when the change set is ready for review); 1 when the release
 * was refused, changed nothing, or failed.
 */
export async function runRelease(
  options: ReleaseOptions,
  io: Io,
  aws: CliAws & { signal?: Cancellation },
): Promise<number> {
  const stackName = requireStack(options);
  if (options.direct && !options.yes)
    throw new UsageError('--direct updates the stack without a change-set preview: add --yes to confirm');
  if (options.value !== undefined && options.value.trim() === '') throw new UsageError('--value must not be empty');
  const controller = new AbortController();
  const signal: Cancellation = aws.signal ?? controller.signal;
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    return await withGateways(options, io, aws, async (g) => {
      const services: ReleaseServices = { stacks: g.stacks, release: g.release, clock: g.clock };
      const plan = await planRelease(
        services,
        { stackName, parameter: options.parameter, value: options.value },
        signal,
      );
      if (!plan.ok) {
        io.stderr(`cfn-hup-tools: ${plan.message}\nThe stack was not changed.\n`);
        return 1;
      }
      const shown = (v: string) => (plan.parameter.noEcho ? '(NoEcho)' : `"${v}"`);
      io.stdout(
        `Stack ${plan.stack.name} (${plan.stack.status}): ${plan.parameter.name} ${shown(plan.currentValue)} -> ${shown(plan.newValue)}; ${plan.request.parameters.length - 1} other parameter(s) keep their values.\n`,
      );
      const follow = { signal, pollMs: aws.pollMs, onEvent: (e: StackEvent) => io.stdout(`  ${formatEvent(e)}\n`) };

      if (options.direct) {
        io.stdout('Updating the stack directly (UpdateStack, previous template)...\n');
        return report(await updateDirect(services, plan, follow), plan, io);
      }

      const cs = await createChangeSet(services, plan, { signal, pollMs: aws.pollMs });
      if (cs.kind !== 'ready') {
        io.stderr(`cfn-hup-tools: ${cs.message}\nThe stack was not changed.\n`);
        return 1;
      }
      const region = await g.resolveRegion();
      const counts = await loadFleet(g, stackName, signal).then(
        (f) => f.instancesByResource,
        (e: unknown) => {
          if (!isAwsError(e)) throw e;
          io.stderr(`cfn-hup-tools: instance counts unavailable (${e.message})\n`);
          return undefined;
        },
      );
      const summary = summarizeRelease(plan, cs.changeSet, counts, region);
      io.stdout(`Change set ${cs.name}:\n${summary.lines.map((l) => `  ${l}`).join('\n')}\n`);
      if (!options.yes) {
        io.stdout(
          `Not executed. Review it, then run again with --yes (a new change set is made), or execute ${cs.name} in the console.\n`,
        );
        return 0;
      }
      io.stdout('Executing the change set...\n');
      const outcome = await executeChangeSet(services, plan, cs.name, follow);
      const code = report(outcome, plan, io);
      if (code === 0 && summary.hooks.length)
        for (const h of summary.hooks) io.stdout(`Running instances: ${describeFiring(h)}.\n`);
      return code;
    });
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

function report(outcome: ReleaseOutcome, plan: ReleasePlan, io: Io): number {
  if (outcome.kind === 'succeeded') {
    io.stdout(
      `${outcome.status}: ${plan.parameter.name} is now ${plan.parameter.noEcho ? 'updated' : `"${plan.newValue}"`}.\n`,
    );
    return 0;
  }
  const untouched = outcome.kind === 'no-changes' ? '\nThe stack was not changed.' : '';
  io.stderr(`cfn-hup-tools: ${outcome.message}${untouched}\n`);
  return 1;
}

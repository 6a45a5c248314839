import type { Cancellation, StackEvent } from '../core/aws/ports';
import { formatEvent } from '../core/release/events';
import { describeFiring, type HookFiring } from '../core/release/hookImpact';
import { directFirings } from '../core/release/directImpact';
import { releaseJob } from '../core/release/jobs';
import { runDirectUpdate } from '../core/release/run';
import { planRelease, updateDirect, type ReleaseServices } from '../core/release/workflow';
import {
  changeSetLeftovers,
  EXIT_CODES_USAGE,
  interruption,
  reportRun,
  runFromCli,
  whereToWatch,
} from './changeSetRun';
import { UsageError, type Io } from './io';
import { parseArgs } from 'node:util';
import { AWS_OPTIONS, endpointHeader, requireStack, withGateways, type AwsFlags, type CliAws } from './aws-options';
import { help } from './status';
import { WAIT_OPTIONS, WAIT_USAGE, waitForInstances, waitSettings, type WaitFlags } from './waitInstances';
import { instancePlanText, progressIo, releaseFormat, releasePreviewJson } from './releasePlan';

export const RELEASE_USAGE = `  cfn-hup-tools release --stack NAME [--parameter NAME] [--value VALUE] [--yes] [--direct] [--format text|json] [AWS options]
      change the build parameter (default BuildNumber; default value: its last number + 1),
      every other parameter, tag, capability, topic and role kept; a change set is made and
      summarised with what each cfn-hup hook that fires will do on an instance (files with a diff,
      commands, services restarted), and executed only with --yes; --direct --yes uses UpdateStack
      without preview (the hooks that fired are then found from the parameters and the update's
      events, so --wait-instances works with it too). --format json (without --yes) prints that preview as JSON.
      A NoEcho parameter needs --value (nothing is derived from it). A run that finds the stack
      already carrying the value a recent release set does not bump twice (give --value to go on).
      ${EXIT_CODES_USAGE}
${WAIT_USAGE}`;

export async function releaseCommand(args: string[], io: Io, aws: CliAws & { signal?: Cancellation }): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...AWS_OPTIONS,
      parameter: { type: 'string' },
      value: { type: 'string' },
      yes: { type: 'boolean' },
      direct: { type: 'boolean' },
      ...WAIT_OPTIONS,
      format: { type: 'string' },
    },
  });
  if (values.help) return help(io, RELEASE_USAGE);
  return runRelease(values, io, aws);
}

export interface ReleaseOptions extends AwsFlags, WaitFlags {
  parameter?: string;
  value?: string;
  yes?: boolean;
  direct?: boolean;
  format?: string;
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
  stdio: Io,
  aws: CliAws & { signal?: Cancellation },
): Promise<number> {
  const stackName = requireStack(options);
  const format = releaseFormat(options);
  const io = progressIo(stdio, format);
  if (options.direct && !options.yes)
    throw new UsageError('--direct updates the stack without a change-set preview: add --yes to confirm');
  if (options.parameter !== undefined && options.parameter.trim() === '')
    throw new UsageError('--parameter must not be empty');
  if (options.value !== undefined && options.value.trim() === '') throw new UsageError('--value must not be empty');
  const wait = waitSettings(options);
  const interrupt = interruption(aws.signal, changeSetLeftovers(stackName));
  const signal = interrupt.signal;
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
      const job = releaseJob(plan, g.clock.now());
      const run = {
        io,
        gateways: g,
        signal,
        pollMs: aws.pollMs,
        yes: options.yes === true,
        stack: plan.stack,
        customEndpoint: endpointHeader(options, io) !== undefined,
        success: `${plan.parameter.name} is now ${plan.parameter.noEcho ? 'updated' : `"${plan.newValue}"`}.`,
      };
      if (options.direct) {
        io.stdout('Updating the stack directly (UpdateStack, previous template)...\n');
        const region = await g.resolveRegion().catch(() => undefined);
        const sentAt = g.clock.now();
        const events: StackEvent[] = [];
        const result = await runDirectUpdate(services, job, (s, o) => updateDirect(s, plan, o), {
          signal,
          pollMs: aws.pollMs,
          onEvent: (e: StackEvent) => {
            events.push(e);
            io.stdout(`  ${formatEvent(e)}\n`);
          },
          whereToWatch: whereToWatch(plan.stack, region, run.customEndpoint),
        });
        // No change set said beforehand which hooks fire: the parameters and the update's own events say it now.
        let fired: HookFiring[] = [];
        const code = reportRun(result, {
          ...run,
          afterSuccess: () => {
            fired = directFirings(plan, events, region);
            for (const h of fired) io.stdout(`Running instances: ${describeFiring(h)}.\n`);
          },
        });
        if (code === 0 && wait)
          return waitForInstances(g, io, { ...wait, stackName, firings: fired, since: sentAt, signal });
        return code;
      }
      let hooks: readonly HookFiring[] = [];
      let summarizedAt = g.clock.now();
      let preview: string | undefined;
      const code = await runFromCli(services, job, {
        ...run,
        onSummary: (summary, changeSetName) => {
          hooks = summary.hooks;
          summarizedAt = g.clock.now();
          io.stdout(instancePlanText(summary.instancePlan));
          if (format === 'json') preview = releasePreviewJson(plan, changeSetName, summary);
        },
        afterSuccess: () => {
          for (const h of hooks) io.stdout(`Running instances: ${describeFiring(h)}.\n`);
        },
      });
      // Executed and complete: the instances that run a hook it fires are checked until they land.
      if (code === 0 && wait)
        return waitForInstances(g, io, { ...wait, stackName, firings: [...hooks], since: summarizedAt, signal });
      if (code === 0 && preview) stdio.stdout(preview);
      return code;
    });
  } finally {
    interrupt.dispose();
  }
}

import type { AwsGateways } from '../aws/gateways';
import { isAwsError } from '../core/aws/errors';
import { loadFleet } from '../core/aws/fleet';
import type { Cancellation, StackDetail, StackEvent } from '../core/aws/ports';
import { formatEvent } from '../core/release/events';
import { runChangeSet, type ChangeSetJob, type RunResult } from '../core/release/run';
import type { ReleaseServices, Verdict } from '../core/release/workflow';
import type { ChangeSetSummary } from '../core/release/changeSetSummary';
import { stackEventsUrl } from '../core/release/watch';
import type { Io } from './io';

/**
 * The CLI's side of a change-set run (release, update): it prints each step,
 * executes only with --yes, and turns the result into the exit-code contract:
 *
 *   0  the stack reached UPDATE_COMPLETE as asked (or, without --yes, the change set is ready for review)
 *   1  refused, nothing to change, failed, rolled back, or cancelled before executing (the stack was not changed)
 *   2  usage or internal error
 *   3  executed, but the CLI stopped following (Ctrl-C, the follow time limit, a lost connection):
 *      the update goes on in CloudFormation; watch it with `cfn-hup-tools status --stack NAME`
 */
export const EXIT_CONTINUING = 3;

export const EXIT_CODES_USAGE = `Exit 0 when the stack reached UPDATE_COMPLETE as asked (without --yes: the change set is ready);
      1 when refused, nothing to change, failed, or cancelled before executing (the change set is deleted);
      3 when the change set was executed but following stopped (Ctrl-C, lost connection): the update goes on`;

/**
 * Ctrl-C as an abort signal; tests inject their own. The run then winds down (deletes a change set it
 * made, says where the update goes on), which may wait on AWS: a second Ctrl-C exits at once (130, as
 * an interrupted process), saying what may be left and how to see it.
 */
export function interruption(
  injected: Cancellation | undefined,
  mayBeLeft: string,
  write: (text: string) => void = (text) => process.stderr.write(text),
  exit: (code: number) => void = (code) => process.exit(code),
): { signal: Cancellation; dispose(): void } {
  if (injected) return { signal: injected, dispose: () => undefined };
  const controller = new AbortController();
  const onSecond = () => {
    write(`\ncfn-hup-tools: interrupted again: exiting now, without waiting for AWS. ${mayBeLeft}\n`);
    exit(EXIT_INTERRUPTED_TWICE);
  };
  const onInterrupt = () => {
    process.once('SIGINT', onSecond);
    controller.abort();
  };
  process.once('SIGINT', onInterrupt);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onInterrupt);
      process.off('SIGINT', onSecond);
    },
  };
}

/** What a change-set run may leave when it is stopped mid-way, and how to see it. */
export function changeSetLeftovers(stackName: string): string {
  return `A change set this run made, or an update it started, may be left: see \`cfn-hup-tools status --stack ${stackName}\` and \`aws cloudformation list-change-sets --stack-name ${stackName}\`.`;
}

/** The exit code of a second Ctrl-C: a process ended by SIGINT (128 + 2). */
export const EXIT_INTERRUPTED_TWICE = 130;

/** Where to follow an update the CLI no longer follows. */
export function whereToWatch(stack: StackDetail, region: string | undefined, customEndpoint: boolean): string {
  const command = `cfn-hup-tools status --stack ${stack.name}${region ? ` --region ${region}` : ''}`;
  const url = stackEventsUrl(stack.id, region, customEndpoint);
  if (!url) return `Watch it with \`${command}\`.`;
  return `Watch it with \`${command}\` or in the console: ${url}`;
}

export interface CliRunOptions {
  io: Io;
  gateways: AwsGateways;
  signal: Cancellation;
  pollMs?: number;
  yes: boolean;
  stack: StackDetail;
  customEndpoint: boolean;
  /** Said on success, e.g. `BuildNumber is now "42"`. */
  success: string;
  /** Printed after a success (hooks that fire, convergence). */
  afterSuccess?: () => void;
  /** The summary, once made and printed (for what is printed after it, and after a success). */
  onSummary?: (summary: ChangeSetSummary, changeSetName: string) => void;
}

/** Run the job and report; returns the exit code. */
export async function runFromCli(services: ReleaseServices, job: ChangeSetJob, o: CliRunOptions): Promise<number> {
  const { io } = o;
  const region = await o.gateways.resolveRegion().catch(() => undefined);
  const result = await runChangeSet(services, job, {
    signal: o.signal,
    pollMs: o.pollMs,
    whereToWatch: whereToWatch(o.stack, region, o.customEndpoint),
    region: async () => region,
    countInstances: (signal) =>
      loadFleet(o.gateways, job.stackName, signal).then(
        (f) => f.instancesByResource,
        (e: unknown) => {
          if (!isAwsError(e) || signal?.aborted) throw e;
          io.stderr(`cfn-hup-tools: instance counts unavailable (${e.message})\n`);
          return undefined;
        },
      ),
    decide: async () => (o.yes ? 'execute' : 'keep'),
    onStep: (step) => {
      if (step.kind === 'summarized')
        io.stdout(`Change set ${step.changeSetName}:\n${step.summary.lines.map((l) => `  ${l}`).join('\n')}\n`);
      if (step.kind === 'summarized') o.onSummary?.(step.summary, step.changeSetName);
      if (step.kind === 'executing') io.stdout('Executing the change set...\n');
    },
    onEvent: (e: StackEvent) => io.stdout(`  ${formatEvent(e)}\n`),
  });
  return reportRun(result, o);
}

export function reportRun(result: RunResult, o: Pick<CliRunOptions, 'io' | 'success' | 'afterSuccess'>): number {
  const { io } = o;
  const untouched = 'The stack was not changed.';
  switch (result.kind) {
    case 'no-changes':
      io.stderr(`cfn-hup-tools: ${result.message}\n${untouched}\n`);
      return 1;
    case 'kept':
      io.stdout(
        `Not executed. Review it, then run again with --yes (a new change set is made), or execute ${result.changeSetName} in the console.\n`,
      );
      return 0;
    case 'declined':
      io.stderr(`cfn-hup-tools: Not executed. ${result.cleanup.message}\n${untouched}\n`);
      return 1;
    case 'cancelled':
      io.stderr(`cfn-hup-tools: ${result.message}\n`);
      return 1;
    case 'failed-before-execute':
      io.stderr(
        `cfn-hup-tools: ${result.message}\n${result.cleanup ? `${result.cleanup.message}\n` : ''}${untouched}\n`,
      );
      return 1;
    case 'continuing':
      io.stderr(`cfn-hup-tools: ${result.message}\n`);
      return EXIT_CONTINUING;
    case 'finished':
      if (result.note) io.stderr(`cfn-hup-tools: ${result.note}\n`);
      return reportOutcome(result.outcome, o);
  }
}

export function reportOutcome(outcome: Verdict, o: Pick<CliRunOptions, 'io' | 'success' | 'afterSuccess'>): number {
  const { io } = o;
  if (outcome.kind === 'succeeded') {
    io.stdout(`${outcome.status}: ${o.success}\n`);
    o.afterSuccess?.();
    return 0;
  }
  io.stderr(`cfn-hup-tools: ${outcome.message}\n`);
  return 1;
}

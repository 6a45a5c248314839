import { isAwsError } from '../../core/aws/errors';
import type { ChangeSetDetail, StackEvent } from '../../core/aws/ports';
import { isNoChangesReason, type ChangeSetSummary } from '../../core/release/changeSetSummary';
import { formatEvent } from '../../core/release/events';
import type { ChangeSetResult, FollowOptions, ReleaseOutcome, ReleaseServices } from '../../core/release/workflow';
import { ChangeSetTracker } from './changeSetTracker';
import { convergenceReport } from './convergence';
import { cancelled, cancelledIf, converged, fleetOrUndefined, refuse, withStep } from './steps';
import { confirmation } from './text';
import { instancePlanHeadline, instancePlanLines, instancePlanMarkdown } from '../../core/release/instancePlan/format';
import type { ReleaseDeps, ReleaseResult } from './types';

/**
 * The change-set flow that "Release new build" and "Update stack from
 * template" share: create (Cancel deletes it), summarise, ask, then execute
 * and follow. Every change set it makes is either executed or deleted.
 */

export interface ChangeSetSpec {
  stackName: string;
  title: string;
  create(services: ReleaseServices, options: FollowOptions): Promise<ChangeSetResult>;
  summarize(
    changeSet: ChangeSetDetail,
    instancesByResource: Record<string, number> | undefined,
    region: string | undefined,
  ): ChangeSetSummary;
  execute(services: ReleaseServices, changeSetName: string, options: FollowOptions): Promise<ReleaseOutcome>;
  success: string;
}

export async function changeSetFlow(deps: ReleaseDeps, spec: ChangeSetSpec): Promise<ReleaseResult> {
  const { ui } = deps;
  const tracker = new ChangeSetTracker(deps.aws.release, ui.log);
  const services: ReleaseServices = { stacks: deps.aws.stacks, release: tracker, clock: deps.aws.clock };
  const { stackName } = spec;
  try {
    // 1. Make the change set (Cancel deletes it).
    const cs = await withStep(deps, `cfn-hup: creating a change set for ${stackName}`, (step) =>
      spec.create(services, { signal: step.signal, pollMs: deps.settings.pollMs }),
    ).catch((e: unknown) => {
      // Some endpoints (moto, and CloudFormation for some requests) refuse an empty change set outright instead of making a FAILED one.
      if (isAwsError(e) && isNoChangesReason(e.message))
        return {
          kind: 'no-changes' as const,
          message: `No updates are to be performed (${e.message.trim()}); no change set was made.`,
        };
      throw e;
    });
    if (cs.kind === 'no-changes') return refuse('no-changes', `${stackName}: ${cs.message}`, stackName);
    if (cs.kind === 'cancelled') return cancelled(cs.message, stackName);
    if (cs.kind === 'failed') {
      await tracker.cleanup('it failed');
      return {
        kind: 'failed',
        message: `${stackName}: ${cs.message} It was deleted; the stack was not changed.`,
        stackName,
        changeSetName: cs.name,
      };
    }

    // 2. Summarise it: changes, replacements, hooks that fire on how many instances.
    const { summary, fleet } = await withStep(deps, `cfn-hup: summarising change set ${cs.name}`, async (step) => {
      const fleet = await fleetOrUndefined(deps, stackName, step.signal);
      const region = await deps.aws.resolveRegion().catch(() => undefined);
      cancelledIf(step);
      return { summary: spec.summarize(cs.changeSet, fleet?.instancesByResource, region), fleet };
    });
    ui.log.info(`Change set ${cs.name} for ${stackName}:\n${summary.lines.map((l) => `  ${l}`).join('\n')}`);
    if (fleet) for (const line of convergenceReport(fleet, undefined, 0).lines) ui.log.info(`Before: ${line}`);

    // The release plan (what each hook that fires does on an instance) opens beside the confirmation.
    const plan = summary.instancePlan;
    if (plan) {
      ui.log.info(instancePlanLines(plan).join('\n'));
      await ui.showDocument(`Release plan ${stackName}`, instancePlanMarkdown(plan, `Release plan: ${spec.title}`));
    }

    // 3. Only an explicit "Execute" executes it.
    const ask = confirmation(spec.title, cs.name, summary);
    const headline = plan ? instancePlanHeadline(plan) : '';
    const detail = headline ? `${ask.detail}\n\n${headline}` : ask.detail;
    const answer = await ui.prompter.showWarningMessage(ask.message, { modal: true, detail }, ask.button);
    if (answer !== ask.button) {
      await tracker.cleanup('the user declined');
      return {
        kind: 'declined',
        message: `Not executed: the change set ${cs.name} was deleted and ${stackName} was not changed.`,
        stackName,
      };
    }

    // 4. Execute and follow the stack's events to a terminal status.
    ui.log.info(`Executing change set ${cs.name} on ${stackName}`);
    const executedAt = deps.aws.clock.now();
    const outcome = await withStep(deps, `cfn-hup: ${spec.title}`, (step) =>
      spec.execute(services, cs.name, {
        signal: step.signal,
        pollMs: deps.settings.pollMs,
        onEvent: (e: StackEvent) => {
          ui.log.info(`${stackName} ${formatEvent(e)}`);
          step.report(`${e.logicalId} ${e.status}`);
        },
      }),
    );
    const base = { stackName, changeSetName: cs.name, summary: summary.lines };
    switch (outcome.kind) {
      case 'succeeded': {
        const convergence = await converged(deps, stackName, summary.hooks, executedAt);
        return {
          kind: 'succeeded',
          message: `${outcome.status}: ${spec.success} ${convergence.headline}`.trim(),
          ...base,
          convergence,
        };
      }
      case 'no-changes':
        return refuse('no-changes', `${stackName}: ${outcome.message}`, stackName);
      case 'rolled-back':
      case 'failed':
        return { kind: outcome.kind, message: `${stackName}: ${outcome.message}`, ...base };
      case 'cancelled':
      case 'timeout':
        return {
          kind: 'stopped',
          message: `${stackName}: ${outcome.message} Follow it in the console or run the command's log again.`,
          ...base,
        };
    }
  } finally {
    // Whatever happened (an error, a Cancel), no change set of ours is left behind unexecuted.
    await tracker.cleanup('the release stopped before executing it');
  }
}

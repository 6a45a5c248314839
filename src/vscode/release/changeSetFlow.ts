import type { Fleet } from '../../core/aws/fleet';
import type { ReleaseGateway } from '../../core/aws/ports';
import type { ChangeSetSummary } from '../../core/release/changeSetSummary';
import { formatEvent } from '../../core/release/events';
import { instancePlanHeadline, instancePlanLines, instancePlanMarkdown } from '../../core/release/instancePlan/format';
import { runChangeSet, type ChangeSetJob, type Decision, type RunResult } from '../../core/release/run';
import { stackEventsUrl } from '../../core/release/watch';
import type { ReleaseServices } from '../../core/release/workflow';
import { convergenceReport } from './convergence';
import { cancelled, converged, fleetOrUndefined, refuse } from './steps';
import { confirmation } from './text';
import type { ReleaseDeps, ReleaseLog, ReleaseResult } from './types';

/**
 * The editor's side of a change-set run ("Release new build", "Update stack
 * from template"): it drives core's state machine (src/core/release/run.ts),
 * the same one the CLI drives, so what a Cancel or a failure leaves behind is
 * decided there once. Here: one progress notification whose Cancel button is
 * the CLI's Ctrl-C, the release plan beside a modal confirmation (only
 * "Execute" executes), the log, and the result a command returns.
 */

export interface ChangeSetSpec {
  job: ChangeSetJob;
  /** The stack's id (its ARN), for the console link. */
  stackId: string;
  /** `Release BuildNumber "41" → "42" to fleet`: the progress title and the confirmation's question. */
  title: string;
  /** Said on success, e.g. `fleet: BuildNumber is now "42".` */
  success: string;
}

export async function changeSetFlow(deps: ReleaseDeps, spec: ChangeSetSpec): Promise<ReleaseResult> {
  const { ui } = deps;
  const { stackName } = spec.job;
  const services: ReleaseServices = {
    stacks: deps.aws.stacks,
    release: logged(deps.aws.release, ui.log),
    clock: deps.aws.clock,
  };
  const region = await deps.aws.resolveRegion().catch(() => undefined);
  let fleet: Fleet | undefined;
  // When the update was sent: the instances' log lines from then on count for the live convergence view.
  let executedAt: number | undefined;
  const result = await ui.withProgress(`cfn-hup: ${spec.title}`, (step) =>
    runChangeSet(services, spec.job, {
      signal: step.signal,
      pollMs: deps.settings.pollMs,
      whereToWatch: whereToWatch(spec.stackId, region, deps.settings.endpointUrl),
      region: async () => region,
      countInstances: async (signal) => {
        step.report('counting the instances');
        fleet = await fleetOrUndefined(deps, stackName, signal);
        return fleet?.instancesByResource;
      },
      decide: (changeSetName, summary) => {
        step.report('waiting for your confirmation');
        return confirm(deps, spec, changeSetName, summary, fleet);
      },
      onStep: (s) => {
        if (s.kind === 'creating') step.report('creating a change set');
        if (s.kind === 'executing') {
          executedAt = deps.aws.clock.now();
          ui.log.info(`Executing change set ${s.changeSetName} on ${stackName}`);
          step.report(`executing change set ${s.changeSetName}`);
        }
      },
      onEvent: (e) => {
        ui.log.info(`${stackName} ${formatEvent(e)}`);
        step.report(`${e.logicalId} ${e.status}`);
      },
    }),
  );
  return resultOf(deps, spec, result, executedAt);
}

/** The summary in the log, the release plan beside, then the modal: only its button executes. */
async function confirm(
  deps: ReleaseDeps,
  spec: ChangeSetSpec,
  changeSetName: string,
  summary: ChangeSetSummary,
  fleet: Fleet | undefined,
): Promise<Decision> {
  const { ui } = deps;
  const { stackName } = spec.job;
  ui.log.info(`Change set ${changeSetName} for ${stackName}:\n${summary.lines.map((l) => `  ${l}`).join('\n')}`);
  if (fleet) for (const line of convergenceReport(fleet, undefined, 0).lines) ui.log.info(`Before: ${line}`);
  const plan = summary.instancePlan;
  if (plan) {
    ui.log.info(instancePlanLines(plan).join('\n'));
    await ui.showDocument(`Release plan ${stackName}`, instancePlanMarkdown(plan, `Release plan: ${spec.title}`));
  }
  const ask = confirmation(spec.title, changeSetName, summary);
  const headline = plan ? instancePlanHeadline(plan) : '';
  const detail = headline ? `${ask.detail}\n\n${headline}` : ask.detail;
  const answer = await ui.prompter.showWarningMessage(ask.message, { modal: true, detail }, ask.button);
  return answer === ask.button ? 'execute' : 'discard';
}

async function resultOf(
  deps: ReleaseDeps,
  spec: ChangeSetSpec,
  r: RunResult,
  executedAt: number | undefined,
): Promise<ReleaseResult> {
  const { stackName } = spec.job;
  const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();
  switch (r.kind) {
    case 'no-changes':
      return refuse('no-changes', `${stackName}: ${r.message}`, stackName);
    case 'kept':
      // The editor never keeps one (decide answers execute or discard); said plainly should that change.
      return {
        kind: 'declined',
        message: `Not executed: the change set ${r.changeSetName} stays on ${stackName} for review.`,
        stackName,
      };
    case 'declined':
      return {
        kind: 'declined',
        message: r.cleanup.deleted
          ? `Not executed: the change set ${r.changeSetName} was deleted and ${stackName} was not changed.`
          : `Not executed; ${stackName} was not changed. ${r.cleanup.message}`,
        stackName,
      };
    case 'cancelled':
      return cancelled(`${stackName}: ${r.message}`, stackName);
    case 'failed-before-execute': {
      const refusal = r.capabilityRefusal;
      // A capability refusal in CloudFormation's words, without the AWS layer's next step (the CLI's
      // --capability flag, a dead end here): Update Stack from Template asks to acknowledge them.
      const said = refusal ? refusal.message : r.message;
      const left = r.cleanup
        ? `${r.cleanup.message} The stack was not changed.`
        : refusal
          ? 'Nothing was created; the stack was not changed.'
          : 'The stack was not changed.';
      return {
        kind: 'failed',
        message: oneLine(`${stackName}: ${said} ${left}`),
        stackName,
        changeSetName: r.cleanup?.changeSetName,
        ...(refusal ? { capabilityRefusal: { asked: refusal.asked, changeSet: r.cleanup?.message } } : {}),
      };
    }
    case 'continuing':
      // After execute: never "cancelled" — the update belongs to CloudFormation now.
      return {
        kind: 'stopped',
        message: oneLine(`${stackName}: ${r.message}`),
        stackName,
        changeSetName: r.changeSetName,
        summary: r.summary?.lines,
      };
    case 'finished': {
      const base = { stackName, changeSetName: r.changeSetName, summary: r.summary?.lines };
      const note = r.note ? `${oneLine(r.note)} ` : '';
      if (r.note) deps.ui.log.warn(`${stackName}: ${r.note}`);
      const o = r.outcome;
      switch (o.kind) {
        case 'succeeded': {
          const convergence = await converged(deps, stackName, r.summary?.hooks, executedAt);
          return {
            kind: 'succeeded',
            message: `${note}${o.status}: ${spec.success} ${convergence.headline}`.trim(),
            ...base,
            convergence,
          };
        }
        case 'rolled-back':
        case 'failed':
          return { kind: o.kind, message: `${note}${stackName}: ${o.message}`, ...base };
      }
    }
  }
}

/** Where to follow an update the editor no longer follows. */
function whereToWatch(stackId: string, region: string | undefined, endpointUrl: string | undefined): string {
  const url = stackEventsUrl(stackId, region, endpointUrl !== undefined);
  return `Watch it in the cfn-hup AWS Stacks view${url ? ` or in the console: ${url}` : ''}.`;
}

/** The release gateway, with its writes in the "cfn-hup releases" log. */
function logged(inner: ReleaseGateway, log: ReleaseLog): ReleaseGateway {
  return {
    createChangeSet: async (request, signal) => {
      const out = await inner.createChangeSet(request, signal);
      log.info(`Creating change set ${request.changeSetName} on ${request.stackName}`);
      return out;
    },
    describeChangeSet: (stackName, changeSetName, signal) => inner.describeChangeSet(stackName, changeSetName, signal),
    executeChangeSet: (stackName, changeSetName, signal, token) =>
      inner.executeChangeSet(stackName, changeSetName, signal, token),
    deleteChangeSet: async (stackName, changeSetName) => {
      await inner.deleteChangeSet(stackName, changeSetName);
      log.info(`Deleted change set ${changeSetName} on ${stackName}`);
    },
    updateStack: (request, signal) => inner.updateStack(request, signal),
    describeStackEvents: (stackName, since, signal) => inner.describeStackEvents(stackName, since, signal),
  };
}

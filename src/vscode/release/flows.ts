import { describeAwsError, isAwsError } from '../../core/aws/errors';
import { loadFleet, type Fleet } from '../../core/aws/fleet';
import type {
  AutoScalingGroup,
  Cancellation,
  ChangeSetDetail,
  ReleaseGateway,
  StackDetail,
  StackEvent,
  TemplateSource,
  UpdateRequest,
} from '../../core/aws/ports';
import { evaluationContextOf } from '../../core/aws/pseudo';
import { busyReason } from '../../core/aws/stackStatus';
import { findBuildParameter } from '../../core/release/buildParameter';
import { isNoChangesReason, summarizeChangeSet, type ChangeSetSummary } from '../../core/release/changeSetSummary';
import { readDeclarations, type ParameterDeclaration } from '../../core/release/declarations';
import { formatEvent } from '../../core/release/events';
import { hookImpact, type HookFiring } from '../../core/release/hookImpact';
import { proposeNextValue } from '../../core/release/nextValue';
import {
  planRollingReplacement,
  replaceOneAtATime,
  runInstanceRefresh,
  type RollingPlan,
} from '../../core/release/rolling';
import { chooseTemplateDelivery, planTemplateUpdate } from '../../core/release/templateUpdate';
import {
  createChangeSet,
  createChangeSetFor,
  executeChangeSet,
  executeChangeSetFor,
  planRelease,
  summarizeRelease,
  updateResult,
  type ChangeSetResult,
  type FollowOptions,
  type ReleaseOutcome,
  type ReleaseServices,
} from '../../core/release/workflow';
import type { Finding } from '../../core/findings';
import { convergenceReport, type ConvergenceReport } from './convergence';
import {
  confirmation,
  describeConstraints,
  lintGate,
  parameterPicks,
  percentageProblem,
  shownValue,
  valueProblem,
} from './text';
import type { PickItem, ReleaseDeps, ReleaseResult, Step } from './types';

/**
 * The editor's release flows, step by step, over the ports and a Prompter:
 * every question is asked before the first write, every change set this
 * module makes is either executed or deleted (on decline, cancellation,
 * failure or error), and nothing is executed without the user's "Execute".
 */

class Cancelled extends Error {}

/** Ask for a stack: a QuickPick of the region's live stacks. Undefined when the user escapes. */
export async function pickStack(deps: ReleaseDeps, title: string): Promise<string | ReleaseResult> {
  let stacks: PickItem[];
  try {
    stacks = await withStep(deps, 'cfn-hup: listing stacks', async (step) => {
      const all: PickItem[] = [];
      for await (const page of deps.aws.stacks.listStacks(step.signal)) {
        for (const s of page)
          if (s.status !== 'DELETE_COMPLETE')
            all.push({ label: s.name, description: s.status, detail: s.statusReason });
        if (step.signal.aborted || all.length >= 2000) break;
      }
      cancelledIf(step);
      return all;
    });
  } catch (e) {
    if (e instanceof Cancelled) return cancelled('Cancelled; nothing was changed.');
    if (!isAwsError(e)) throw e;
    deps.ui.log.error(`Listing stacks: ${describeAwsError(e)}`);
    return { kind: 'failed', message: `Cannot list the stacks: ${describeAwsError(e).replace('\n', ' ')}` };
  }
  if (!stacks.length) {
    const region = await deps.aws.resolveRegion().catch(() => undefined);
    return refuse('no-stacks', `No stacks in ${region ?? 'this region'}: choose another profile or region.`);
  }
  const picked = await deps.ui.prompter.showQuickPick(stacks, {
    title,
    placeHolder: 'Stack',
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return picked?.label ?? cancelled('No stack chosen; nothing was changed.');
}

// ---------------------------------------------------------------- Release new build

export interface NewBuildTarget {
  stackName: string;
  /** The parameter to bump (a CodeLens names it); default: the `cfnHup.buildParameter` setting. */
  parameter?: string;
}

export async function releaseNewBuild(deps: ReleaseDeps, target: NewBuildTarget): Promise<ReleaseResult> {
  return guard(deps, target.stackName, async () => {
    const { stackName } = target;
    const { stack, body } = await withStep(deps, `cfn-hup: reading stack ${stackName}`, async (step) => {
      const stack = await deps.aws.stacks.describeStack(stackName, step.signal);
      if (busyReason(stack.status)) return { stack, body: undefined };
      const body = (await deps.aws.stacks.getTemplate(stackName, step.signal)).body;
      cancelledIf(step);
      return { stack, body };
    });
    const busy = busyReason(stack.status);
    if (busy || body === undefined) return refuse('busy', `Not releasing ${stackName}: ${busy}.`, stackName);
    const declarations = readDeclarations(body);
    if (!declarations.ok) return refuse('template', `Not releasing ${stackName}: ${declarations.reason}.`, stackName);

    // 1. The build parameter: the one asked for, or the user's choice.
    const wanted = target.parameter ?? deps.settings.buildParameter;
    let found = findBuildParameter(declarations.parameters, stack.parameters, wanted);
    if (!found.ok) {
      deps.ui.log.info(`${stackName}: ${found.message}`);
      const picks = parameterPicks(declarations.parameters, stack.parameters, found.candidates);
      if (!picks.length) return refuse('unknown-parameter', `Not releasing ${stackName}: ${found.message}`, stackName);
      const picked = await deps.ui.prompter.showQuickPick(picks, {
        title: `${stackName} has no parameter "${wanted}": which one carries the build?`,
        placeHolder: 'Parameter to change (set cfnHup.buildParameter to skip this question)',
        matchOnDetail: true,
        ignoreFocusOut: true,
      });
      if (!picked) return cancelled('No parameter chosen; nothing was changed.', stackName);
      found = findBuildParameter(declarations.parameters, stack.parameters, picked.name);
      if (!found.ok) return refuse('unknown-parameter', `Not releasing ${stackName}: ${found.message}`, stackName);
    }
    const declaration = found.declaration;
    const current = found.current.value;

    // 2. The new value: proposed, editable, checked on every keystroke.
    const proposal = declaration.noEcho ? undefined : proposeNextValue(current, declaration.type);
    const value = await deps.ui.prompter.showInputBox({
      title: `Release new build to ${stackName}`,
      prompt: `New value of ${declaration.name} (now ${shownValue(declaration, current)}); ${describeConstraints(declaration)}. Every other parameter, tag and capability is kept.`,
      value: proposal ?? '',
      placeHolder:
        proposal === undefined
          ? `no number to increase in ${shownValue(declaration, current)}: type the new value`
          : undefined,
      ignoreFocusOut: true,
      validateInput: (v) => valueProblem(declaration, current, v),
    });
    if (value === undefined) return cancelled('No value entered; nothing was changed.', stackName);
    const problem = valueProblem(declaration, current, value);
    if (problem)
      return refuse(
        value === current ? 'same-value' : 'invalid-value',
        `Not releasing ${stackName}: ${declaration.name}=${declaration.noEcho ? '(NoEcho)' : value}: ${problem}`,
        stackName,
      );

    // 3. The plan (the stack is read again: it may have become busy meanwhile).
    const services = servicesOf(deps);
    const plan = await withStep(deps, `cfn-hup: planning the release of ${stackName}`, (step) =>
      planRelease(services, { stackName, parameter: declaration.name, value }, step.signal),
    );
    if (!plan.ok)
      return refuse(
        plan.reason === 'busy'
          ? 'busy'
          : plan.reason === 'same-value'
            ? 'same-value'
            : plan.reason === 'template'
              ? 'template'
              : plan.reason === 'unknown-parameter'
                ? 'unknown-parameter'
                : 'invalid-value',
        plan.message,
        stackName,
      );
    const title = `Release ${declaration.name} ${shownValue(declaration, plan.currentValue)} → ${shownValue(declaration, plan.newValue)} to ${stackName}`;
    deps.ui.log.info(
      `${title}: ${plan.request.parameters.length - 1} other parameter(s) keep their values (UsePreviousValue); capabilities ${plan.request.capabilities.join(', ') || '(none)'}; tags, notification topics and role untouched.`,
    );
    return changeSetFlow(deps, {
      stackName,
      title,
      create: (s, o) => createChangeSet(s, plan, o),
      summarize: (cs, counts, region) => summarizeRelease(plan, cs, counts, region),
      execute: (s, name, o) => executeChangeSet(s, plan, name, o),
      success: `${stackName}: ${declaration.name} is now ${shownValue(declaration, plan.newValue)}.`,
    });
  });
}

// ---------------------------------------------------------------- Update stack from template

export interface TemplateUpdateTarget {
  stackName: string;
  /** The template's text, as the editor has it. */
  text: string;
  /** For messages and the change set's description. */
  fileName: string;
  /** The cfn-hup checks' findings on `text`. */
  findings: readonly Finding[];
}

export async function updateFromTemplate(deps: ReleaseDeps, target: TemplateUpdateTarget): Promise<ReleaseResult> {
  return guard(deps, target.stackName, async () => {
    const { stackName, text, fileName } = target;
    const newDeclarations = readDeclarations(text);
    if (!newDeclarations.ok)
      return refuse(
        'template',
        `Not updating ${stackName}: ${newDeclarations.reason.replace("the stack's template", fileName)}.`,
        stackName,
      );

    // 1. The lint gate.
    const gate = lintGate(target.findings);
    if (gate) {
      deps.ui.log.warn(`${fileName}: ${gate.errors} error(s) from the cfn-hup checks:\n${gate.detail}`);
      const answer = await deps.ui.prompter.showWarningMessage(
        gate.message,
        { modal: true, detail: gate.detail },
        'Deploy Anyway',
      );
      if (answer !== 'Deploy Anyway')
        return refuse(
          'lint',
          `Not updating ${stackName}: ${fileName} has ${gate.errors} error(s) from the cfn-hup checks (see the Problems panel).`,
          stackName,
        );
      deps.ui.log.warn('Deploying despite the errors, as the user chose.');
    }

    // 2. The stack, and how the template can reach CloudFormation.
    const { stack, oldBody } = await withStep(deps, `cfn-hup: reading stack ${stackName}`, async (step) => {
      const stack = await deps.aws.stacks.describeStack(stackName, step.signal);
      if (busyReason(stack.status)) return { stack, oldBody: undefined };
      const oldBody = (await deps.aws.stacks.getTemplate(stackName, step.signal)).body;
      cancelledIf(step);
      return { stack, oldBody };
    });
    const busy = busyReason(stack.status);
    if (busy || oldBody === undefined) return refuse('busy', `Not updating ${stackName}: ${busy}.`, stackName);
    const bucket = deps.settings.templateBucket.trim() || undefined;
    const delivery = chooseTemplateDelivery(text, stackName, bucket, deps.aws.clock.now());
    if (delivery.kind === 'refused') {
      const hint = bucket
        ? ''
        : " Set cfnHup.templateBucket to an S3 bucket you can write to, in the stack's region, and run the command again.";
      return refuse('too-large', `Cannot deploy ${fileName} to ${stackName}: ${delivery.message}${hint}`, stackName);
    }

    // 3. New parameters without a Default: asked for, checked like a build value.
    const live = new Set(stack.parameters.map((p) => p.key));
    const overrides: Record<string, string> = {};
    for (const d of newDeclarations.parameters) {
      if (live.has(d.name) || d.defaultValue !== undefined) continue;
      const value = await deps.ui.prompter.showInputBox({
        title: `${fileName} adds parameter ${d.name} with no Default`,
        prompt: `Value of ${d.name} for ${stackName}: ${describeConstraints(d)}${d.description ? ` — ${d.description}` : ''}`,
        ignoreFocusOut: true,
        validateInput: (v) => valueProblem(d, undefined, v),
      });
      if (value === undefined) return cancelled(`No value for ${d.name}; nothing was changed.`, stackName);
      const problem = valueProblem(d, undefined, value);
      if (problem) return refuse('invalid-value', `Not updating ${stackName}: ${d.name}: ${problem}`, stackName);
      overrides[d.name] = value;
    }

    // 4. Upload when too large for TemplateBody.
    let source: Exclude<TemplateSource, { usePrevious: true }> = { body: text };
    if (delivery.kind === 'upload') {
      try {
        const url = await withStep(
          deps,
          `cfn-hup: uploading ${fileName} to s3://${delivery.bucket}/${delivery.key}`,
          (step) => deps.aws.templates.putTemplate(delivery.bucket, delivery.key, text, step.signal),
        );
        deps.ui.log.info(`Uploaded ${fileName} (${text.length} characters) to ${url}`);
        source = { url };
      } catch (e) {
        if (!isAwsError(e)) throw e;
        return refuse(
          'too-large',
          `Cannot deploy ${fileName} to ${stackName}: it is over 51,200 bytes and the upload to s3://${delivery.bucket} failed: ${describeAwsError(e)}`,
          stackName,
        );
      }
    }
    const plan = planTemplateUpdate(stack, text, source, overrides);
    if (!plan.ok)
      return refuse('template', plan.message.replace('Not updating:', `Not updating ${stackName}:`), stackName);
    const oldDeclarations = readDeclarations(oldBody);
    const after = afterValues(stack, newDeclarations.parameters, overrides);
    deps.ui.log.info(
      `Update ${stackName} from ${fileName}: parameters ${plan.request.parameters.map((p) => ('value' in p ? `${p.key} (new)` : `${p.key} (kept)`)).join(', ') || '(none)'}; capabilities ${plan.request.capabilities.join(', ') || '(none)'}.`,
    );
    return changeSetFlow(deps, {
      stackName,
      title: `Update ${stackName} from ${fileName}`,
      create: (s, o) =>
        createChangeSetFor(
          s,
          plan.request,
          {
            name: `cfn-hup-tools-template-${deps.aws.clock.now()}`,
            description: `Update from ${fileName} (cfn-hup-tools)`,
            noChangesMessage: `No updates are to be performed: ${fileName} and the parameters match what ${stackName} runs. The empty change set was deleted.`,
          },
          o,
        ),
      summarize: (cs, counts, region) => {
        const before = evaluationContextOf(stack, region);
        const hooks = hookImpact({
          model: newDeclarations.model,
          beforeModel: oldDeclarations.ok ? oldDeclarations.model : undefined,
          before,
          after: { ...before, parameterValues: after },
          modifiedResources: new Set(cs.changes.filter((c) => c.action === 'Modify').map((c) => c.logicalId)),
          replacedResources: new Set(cs.changes.filter((c) => c.replacement === 'True').map((c) => c.logicalId)),
          instancesByResource: counts,
        });
        return summarizeChangeSet(cs, hooks);
      },
      execute: (s, name, o) => executeChangeSetFor(s, stackName, name, updateResult, o),
      success: `${stackName} was updated from ${fileName}.`,
    });
  });
}

/** Parameter values after a template update: the stack's (kept), new ones' Defaults, and the answers. */
export function afterValues(
  stack: StackDetail,
  declarations: readonly ParameterDeclaration[],
  overrides: Record<string, string>,
): Record<string, string> {
  const values: Record<string, string> = {};
  const live = new Map(stack.parameters.map((p) => [p.key, p.value]));
  for (const d of declarations) {
    const v = overrides[d.name] ?? live.get(d.name) ?? d.defaultValue;
    if (v !== undefined) values[d.name] = v;
  }
  return values;
}

// ---------------------------------------------------------------- The change-set flow both share

interface ChangeSetSpec {
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

async function changeSetFlow(deps: ReleaseDeps, spec: ChangeSetSpec): Promise<ReleaseResult> {
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

    // 3. Only an explicit "Execute" executes it.
    const ask = confirmation(spec.title, cs.name, summary);
    const answer = await ui.prompter.showWarningMessage(ask.message, { modal: true, detail: ask.detail }, ask.button);
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
        const convergence = await converged(deps, stackName, summary.hooks);
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

async function converged(
  deps: ReleaseDeps,
  stackName: string,
  hooks: readonly HookFiring[] | undefined,
): Promise<ConvergenceReport> {
  const finishedAt = deps.aws.clock.now();
  const fleet = await fleetOrUndefined(deps, stackName);
  const report = convergenceReport(fleet, hooks, finishedAt);
  for (const line of report.lines) deps.ui.log.info(`Convergence: ${line}`);
  return report;
}

async function fleetOrUndefined(
  deps: ReleaseDeps,
  stackName: string,
  signal?: Cancellation,
): Promise<Fleet | undefined> {
  try {
    return await loadFleet(deps.aws, stackName, signal);
  } catch (e) {
    if (!isAwsError(e)) throw e;
    deps.ui.log.warn(`${stackName}: instance counts unavailable (${e.message})`);
    return undefined;
  }
}

/**
 * The release gateway as the flows see it: it remembers every change set it
 * made until it is executed or deleted, so `cleanup` can delete what is left.
 * Writes are sent without the abort signal: a create or execute that was sent
 * is seen through (and then deleted or followed), never left in doubt.
 */
export class ChangeSetTracker implements ReleaseGateway {
  readonly open = new Map<string, string>();
  constructor(
    private readonly inner: ReleaseGateway,
    private readonly log: ReleaseDeps['ui']['log'],
  ) {}

  async createChangeSet(
    request: UpdateRequest & { changeSetName: string; description?: string },
  ): Promise<{ id: string }> {
    const out = await this.inner.createChangeSet(request);
    this.open.set(request.changeSetName, request.stackName);
    this.log.info(`Creating change set ${request.changeSetName} on ${request.stackName}`);
    return out;
  }
  describeChangeSet(stackName: string, changeSetName: string, signal?: Cancellation): Promise<ChangeSetDetail> {
    return this.inner.describeChangeSet(stackName, changeSetName, signal);
  }
  async executeChangeSet(stackName: string, changeSetName: string): Promise<void> {
    await this.inner.executeChangeSet(stackName, changeSetName);
    this.open.delete(changeSetName);
  }
  async deleteChangeSet(stackName: string, changeSetName: string): Promise<void> {
    await this.inner.deleteChangeSet(stackName, changeSetName);
    this.open.delete(changeSetName);
    this.log.info(`Deleted change set ${changeSetName} on ${stackName}`);
  }
  updateStack(request: UpdateRequest): Promise<{ stackId: string }> {
    return this.inner.updateStack(request);
  }
  describeStackEvents(stackName: string, since: string, signal?: Cancellation): Promise<StackEvent[]> {
    return this.inner.describeStackEvents(stackName, since, signal);
  }

  /** Delete every change set made and neither executed nor deleted yet. */
  async cleanup(why: string): Promise<void> {
    for (const [name, stackName] of [...this.open]) {
      try {
        this.log.info(`Deleting change set ${name} on ${stackName}: ${why}`);
        await this.deleteChangeSet(stackName, name);
      } catch (e) {
        this.open.delete(name);
        this.log.error(
          `Could not delete change set ${name} on ${stackName}: ${isAwsError(e) ? describeAwsError(e) : String(e)}. Delete it in the console.`,
        );
      }
    }
  }
}

// ---------------------------------------------------------------- Rolling replacement

export interface RollingTarget {
  stackName?: string;
  groupName?: string;
}

export async function replaceInstances(deps: ReleaseDeps, target: RollingTarget): Promise<ReleaseResult> {
  const key = target.groupName ?? target.stackName ?? '';
  return guard(deps, key, async () => {
    const { ui } = deps;
    // 1. The group: given, the stack's only one, or chosen among the stack's.
    let groupName = target.groupName;
    if (!groupName) {
      const stackName = target.stackName!;
      const resources = await withStep(deps, `cfn-hup: reading the resources of ${stackName}`, (step) =>
        deps.aws.stacks.listStackResources(stackName, step.signal),
      );
      const groups = resources.filter((r) => r.type === 'AWS::AutoScaling::AutoScalingGroup' && r.physicalId);
      if (!groups.length)
        return refuse(
          'no-group',
          `${stackName} has no Auto Scaling group: there is nothing to replace one instance at a time.`,
          stackName,
        );
      if (groups.length === 1) groupName = groups[0]!.physicalId!;
      else {
        const picked = await ui.prompter.showQuickPick(
          groups.map((g) => ({ label: g.logicalId, description: g.physicalId, physicalId: g.physicalId! })),
          { title: `Replace the instances of which Auto Scaling group of ${stackName}?`, ignoreFocusOut: true },
        );
        if (!picked) return cancelled('No group chosen; nothing was changed.', stackName);
        groupName = picked.physicalId;
      }
    }
    const group = await withStep(deps, `cfn-hup: reading Auto Scaling group ${groupName}`, async (step) => {
      const [g] = await deps.aws.scaling.describeAutoScalingGroups([groupName!], step.signal);
      return g;
    });
    if (!group)
      return refuse('no-group', `Auto Scaling group ${groupName} does not exist (in this region).`, target.stackName);

    // 2. How: an instance refresh, or one at a time.
    const inService = group.instances.filter((i) => i.lifecycleState === 'InService').length;
    const strategies = [
      {
        label: 'Instance refresh',
        description: 'Auto Scaling replaces the instances, keeping a minimum healthy percentage',
        strategy: 'refresh' as const,
      },
      {
        label: 'One at a time',
        description:
          'terminate one instance (capacity kept), wait until its replacement is InService and Healthy, then the next',
        strategy: 'one-at-a-time' as const,
      },
    ];
    const how = await ui.prompter.showQuickPick(strategies, {
      title: `Replace the ${inService} InService instance${inService === 1 ? '' : 's'} of ${group.name}`,
      ignoreFocusOut: true,
    });
    if (!how) return cancelled('No strategy chosen; nothing was changed.', target.stackName);
    let minHealthyPercentage: number | undefined;
    if (how.strategy === 'refresh') {
      const answer = await ui.prompter.showInputBox({
        title: `Instance refresh of ${group.name}`,
        prompt:
          'Minimum healthy percentage: the share of the group that stays InService while instances are replaced (1–100).',
        value: String(deps.settings.minHealthyPercentage),
        ignoreFocusOut: true,
        validateInput: percentageProblem,
      });
      if (answer === undefined) return cancelled('No percentage entered; nothing was changed.', target.stackName);
      const problem = percentageProblem(answer);
      if (problem) return refuse('rolling', `Not replacing instances: ${problem}`, target.stackName);
      minHealthyPercentage = Number(answer.trim());
    }
    const plan = planRollingReplacement(group, { strategy: how.strategy, minHealthyPercentage });
    if (!plan.ok) return refuse('rolling', `Not replacing instances: ${plan.message}`, target.stackName);

    // 3. Confirm, then run and follow.
    const ask = rollingConfirmation(group, plan);
    const answer = await ui.prompter.showWarningMessage(ask.message, { modal: true, detail: ask.detail }, ask.button);
    if (answer !== ask.button)
      return {
        kind: 'declined',
        message: `Not replacing the instances of ${group.name}.`,
        stackName: target.stackName,
      };
    ui.log.info(`${ask.message}\n${ask.detail}`);
    const scaling = { scaling: deps.aws.scaling, clock: deps.aws.clock };
    const result = await withStep(deps, `cfn-hup: replacing the instances of ${group.name}`, async (step) => {
      const progress = (line: string) => {
        ui.log.info(`${group.name}: ${line}`);
        step.report(line);
      };
      if (plan.kind === 'refresh') {
        const r = await runInstanceRefresh(scaling, plan, {
          pollMs: deps.settings.pollMs,
          signal: step.signal,
          progress,
        });
        return { ok: r.ok, message: r.message };
      }
      const r = await replaceOneAtATime(scaling, plan, { pollMs: deps.settings.pollMs, signal: step.signal, progress });
      return {
        ok: r.ok,
        message: r.ok
          ? `Replaced ${r.replaced.length} instance${r.replaced.length === 1 ? '' : 's'} of ${group.name} one at a time.`
          : r.message,
      };
    });
    const convergence = target.stackName ? await converged(deps, target.stackName, undefined) : undefined;
    if (result.ok)
      return {
        kind: 'succeeded',
        message: `${result.message} ${convergence?.headline ?? ''}`.trim(),
        stackName: target.stackName,
        convergence,
      };
    return { kind: 'failed', message: result.message, stackName: target.stackName };
  });
}

export function rollingConfirmation(
  group: AutoScalingGroup,
  plan: Extract<RollingPlan, { ok: true }>,
): { message: string; detail: string; button: string } {
  const n = plan.instances.length;
  if (plan.kind === 'refresh')
    return {
      message: `Start an instance refresh of ${group.name}, replacing its ${n} instance${n === 1 ? '' : 's'}?`,
      detail: `Auto Scaling replaces the instances in batches, keeping at least ${plan.minHealthyPercentage}% of the group (desired ${group.desiredCapacity}) InService and healthy. Never all at once.`,
      button: 'Start Instance Refresh',
    };
  return {
    message: `Replace the ${n} instance${n === 1 ? '' : 's'} of ${group.name} one at a time?`,
    detail: `Each instance is terminated without lowering the desired capacity (${group.desiredCapacity}); the next one waits until its replacement is InService and Healthy. Never all at once.\n${plan.instances.join(', ')}`,
    button: 'Replace Instances',
  };
}

// ---------------------------------------------------------------- Shared

function servicesOf(deps: ReleaseDeps): ReleaseServices {
  return { stacks: deps.aws.stacks, release: deps.aws.release, clock: deps.aws.clock };
}

function refuse(
  reason: Extract<ReleaseResult, { kind: 'refused' }>['reason'],
  message: string,
  stackName?: string,
): ReleaseResult {
  return { kind: 'refused', reason, message, stackName };
}

function cancelled(message: string, stackName?: string): ReleaseResult {
  return { kind: 'cancelled', message, stackName };
}

/** A step under progress; a failure after Cancel is a cancellation, whatever the SDK called it. */
function withStep<T>(deps: ReleaseDeps, title: string, task: (step: Step) => Promise<T>): Promise<T> {
  return deps.ui.withProgress(title, async (step) => {
    try {
      return await task(step);
    } catch (e) {
      if (step.signal.aborted) throw new Cancelled();
      throw e;
    }
  });
}

function cancelledIf(step: Step): void {
  if (step.signal.aborted) throw new Cancelled();
}

/** One operation per stack or group at a time in this window. */
const running = new Set<string>();

/** AwsErrors and cancellations become results; anything else is a bug and propagates. */
async function guard(deps: ReleaseDeps, key: string, body: () => Promise<ReleaseResult>): Promise<ReleaseResult> {
  if (running.has(key))
    return refuse(
      'busy',
      `A release of ${key} is already running in this window: wait for it (see the "cfn-hup releases" log).`,
      key,
    );
  running.add(key);
  try {
    return await body();
  } catch (e) {
    if (e instanceof Cancelled || (e instanceof Error && e.name === 'AbortError'))
      return cancelled('Cancelled; nothing was changed.', key);
    if (isAwsError(e)) {
      deps.ui.log.error(`${key}: ${describeAwsError(e)}`);
      return { kind: 'failed', message: describeAwsError(e).replace('\n', ' '), stackName: key };
    }
    throw e;
  } finally {
    running.delete(key);
  }
}

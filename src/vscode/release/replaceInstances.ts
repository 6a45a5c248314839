import type { AutoScalingGroup } from '../../core/aws/ports';
import { planRollingReplacement, type RollingPlan } from '../../core/release/rolling';
import { runRolling } from '../../core/release/rollingRun';
import { isOutdated, resolveVersion } from '../../core/aws/fleet';
import { cancelled, converged, guard, refuse, withStep } from './steps';
import { percentageProblem } from './text';
import type { ReleaseDeps, ReleaseResult } from './types';

/**
 * "Replace instances": a rolling replacement of an Auto Scaling group's
 * instances (an instance refresh, or one at a time keeping capacity), never
 * all at once, after the user confirms.
 */

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

    // 2. Which: only the outdated instances (the default when some are), or all.
    const inServiceAll = group.instances.filter((i) => i.lifecycleState === 'InService');
    const outdated = await withStep(deps, `cfn-hup: checking the launch versions of ${group.name}`, async (step) => {
      const templates = group.launchTemplate?.id
        ? await deps.aws.instances.describeLaunchTemplates([group.launchTemplate.id], step.signal)
        : [];
      const resolved = resolveVersion(group.launchTemplate, templates);
      return inServiceAll.filter((i) => isOutdated(i, group, resolved)).map((i) => i.id);
    });
    let instanceIds: string[] | undefined;
    if (outdated.length && outdated.length < inServiceAll.length) {
      const scope = await ui.prompter.showQuickPick(
        [
          {
            label: 'Only the outdated instances',
            description: `${outdated.length}: launched from an older launch configuration or template version (${outdated.join(', ')})`,
            ids: outdated as string[] | undefined,
          },
          { label: 'All InService instances', description: `${inServiceAll.length}`, ids: undefined },
        ],
        { title: `Which instances of ${group.name}?`, ignoreFocusOut: true },
      );
      if (!scope) return cancelled('No instances chosen; nothing was changed.', target.stackName);
      instanceIds = scope.ids;
    }

    // 3. How: an instance refresh, or one at a time.
    const inService = instanceIds?.length ?? inServiceAll.length;
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
    const plan = planRollingReplacement(group, { strategy: how.strategy, minHealthyPercentage, instanceIds });
    if (!plan.ok) return refuse('rolling', `Not replacing instances: ${plan.message}`, target.stackName);

    // 4. Confirm, then run and follow.
    const ask = rollingConfirmation(group, plan);
    const answer = await ui.prompter.showWarningMessage(ask.message, { modal: true, detail: ask.detail }, ask.button);
    if (answer !== ask.button)
      return {
        kind: 'declined',
        message: `Not replacing the instances of ${group.name}.`,
        stackName: target.stackName,
      };
    ui.log.info(`${ask.message}\n${ask.detail}`);
    // The run is core's (the CLI's `replace` drives it too): Cancel before the first write starts nothing;
    // after it the replacement goes on in Auto Scaling and the result says so, never "cancelled".
    const run = await ui.withProgress(`cfn-hup: replacing the instances of ${group.name}`, (step) =>
      runRolling({ scaling: deps.aws.scaling, clock: deps.aws.clock }, plan, {
        signal: step.signal,
        pollMs: deps.settings.pollMs,
        progress: (line) => {
          ui.log.info(`${group.name}: ${line}`);
          step.report(line);
        },
        whereToWatch: `Watch it in the cfn-hup AWS Stacks view (the instances of ${group.name}).`,
      }),
    );
    const stackName = target.stackName;
    switch (run.kind) {
      case 'replaced': {
        const convergence = stackName ? await converged(deps, stackName, undefined) : undefined;
        return {
          kind: 'succeeded',
          message: `${run.message} ${convergence?.headline ?? ''}`.trim(),
          stackName,
          convergence,
        };
      }
      case 'cancelled':
        return cancelled(run.message, stackName);
      case 'stopped':
      case 'continuing':
        return { kind: 'stopped', message: run.message, stackName };
      case 'failed':
        return { kind: 'failed', message: run.message, stackName };
    }
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

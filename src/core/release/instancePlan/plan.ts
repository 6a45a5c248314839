import { findCfnInitCalls, optionValue, type CfnInitCall } from '../../cfnhup/commandLine';
import { Rendered } from '../../intrinsics/rendered';
import { hooksView } from '../../aws/hooksView';
import type { HookFiring } from '../hookImpact';
import { expandConfigSets } from './configSets';
import { PlanEvaluation, type PlanEvaluationInput } from './evaluation';
import { planRun, platformOf } from './runPlan';
import type { CfnInitRun, HookPlan, InstancePlan } from './types';

/**
 * The instance plan of a release: for each hook that fires, the cfn-init runs
 * its action starts and what each does on an instance, computed offline from
 * the template with the stack's current parameters (what the instance last
 * applied) and the new ones. Pure: no AWS, no clock.
 */
export interface InstancePlanInput extends PlanEvaluationInput {
  firings: readonly HookFiring[];
}

export function planInstances(input: InstancePlanInput): InstancePlan {
  const evaluation = new PlanEvaluation(input);
  return { hooks: input.firings.map((f) => planHook(f, evaluation, input)) };
}

function planHook(f: HookFiring, evaluation: PlanEvaluation, input: InstancePlanInput): HookPlan {
  // The action as shown comes from the masked evaluation, so a NoEcho value never appears in it.
  const shownHook = hooksView(evaluation.metadata('after', f.definedIn, true), f.definedIn).find(
    (h) => h.name === f.hook.name && h.file === f.hook.file,
  );
  const plan: HookPlan = {
    hook: f.hook.name,
    definedIn: f.definedIn,
    watches: f.watches,
    trigger: f.trigger,
    action: shownHook?.action ?? f.hook.action,
    ...(f.instances !== undefined ? { instances: f.instances } : {}),
    intervalMinutes: f.hook.intervalMinutes,
    runs: [],
    filesChanged: [],
    commandsRun: [],
    servicesRestarted: [],
    packagesChanged: [],
    sourcesExtracted: [],
    usersChanged: [],
    groupsChanged: [],
    changesNothing: false,
    notes: [],
  };
  const calls = findCfnInitCalls(Rendered.identity(f.hook.action));
  if (calls.length === 0) {
    plan.notes.push('The action does not run cfn-init: what it changes on the instance is not known offline.');
    return plan;
  }
  for (const call of calls) {
    const run = runOf(call, evaluation, input);
    plan.runs.push(run);
    if (run.error) continue;
    const before = expandConfigSets(evaluation.metadata('before', run.resource), run.configSets);
    const after = expandConfigSets(evaluation.metadata('after', run.resource), run.configSets);
    if (!after.ok) continue;
    planRun(
      {
        evaluation,
        resource: run.resource,
        platform: run.platform,
        before: before.ok ? before.configs : [],
        after: after.configs,
      },
      plan,
    );
  }
  plan.changesNothing =
    plan.runs.length > 0 &&
    plan.runs.every((r) => !r.error) &&
    plan.filesChanged.every((x) => x.change === 'no-longer-managed') &&
    plan.packagesChanged.every((x) => x.change === 'no-longer-managed') &&
    plan.sourcesExtracted.every((x) => x.change === 'same') &&
    [...plan.usersChanged, ...plan.groupsChanged].every((x) => x.change === 'no-longer-managed') &&
    plan.commandsRun.every((x) => !x.changed);
  return plan;
}

function runOf(call: CfnInitCall, evaluation: PlanEvaluation, input: InstancePlanInput): CfnInitRun {
  const resource = optionValue(call, 'resource')?.value?.text ?? '';
  const sets = optionValue(call, 'configsets')?.value?.text;
  // cfn-init splits -c on commas and does not strip the names.
  const configSets = sets === undefined ? ['default'] : sets.split(',');
  const base = { resource, configSets, configs: [] as string[] };
  const fail = (error: string): CfnInitRun => ({ ...base, platform: call.windows ? 'windows' : 'linux', error });
  if (!resource) return fail('cfn-init has no --resource: it reads its Metadata from elsewhere; not planned');
  const stack = optionValue(call, 'stack')?.value?.text;
  const pseudo = input.after.pseudoValues ?? {};
  const ours = [pseudo['AWS::StackName'], pseudo['AWS::StackId']].filter((s): s is string => !!s);
  if (stack && ours.length && !ours.includes(stack) && !stack.includes('${'))
    return fail(`cfn-init reads the Metadata of stack "${stack}", not of this stack; not planned`);
  if (!evaluation.hasResource(resource))
    return fail(`the template has no resource "${resource}": cfn-init fails (DescribeStackResource)`);
  const after = expandConfigSets(evaluation.metadata('after', resource), configSets);
  if (!after.ok) return fail(after.error.includes('does nothing') ? after.error : `cfn-init will fail: ${after.error}`);
  return {
    ...base,
    configs: after.configs.map((c) => c.name),
    platform: platformOf(call.windows, after.configs),
  };
}

import { analyzeTemplate } from '../analyze';
import type { Fleet } from '../aws/fleet';
import { hooksView, type HookView } from '../aws/hooksView';
import type { StackResourceSummary } from '../aws/ports';
import type { CheckTarget } from './check';
import type { HookExpectation } from './judge';

/**
 * Which instances to check, and which hooks each must run: an instance runs
 * the hooks written by the Metadata of the resource it was launched from (its
 * group's launch configuration / launch template, or the instance resource).
 */
export interface LaunchingHooks {
  /** Launching resource logical id → the hooks expected to run there. */
  byResource: Map<string, HookExpectation[]>;
}

export function launchingResourceOf(
  group: { launchConfigurationName?: string; launchTemplate?: { id?: string; name?: string } },
  resources: StackResourceSummary[],
): string | undefined {
  const physical = group.launchConfigurationName ?? group.launchTemplate?.id;
  return resources.find(
    (r) =>
      r.physicalId !== undefined &&
      (r.physicalId === physical ||
        (group.launchTemplate?.name !== undefined && r.physicalId === group.launchTemplate.name)),
  )?.logicalId;
}

/** Every InService / running instance of the fleet, with the hooks of its launching resource. */
export function checkTargets(
  fleet: Fleet,
  resources: StackResourceSummary[],
  hooks: LaunchingHooks,
  filter?: { group?: string; instanceId?: string },
): CheckTarget[] {
  const targets: CheckTarget[] = [];
  for (const g of fleet.groups) {
    if (filter?.group && filter.group !== g.logicalId && filter.group !== g.name) continue;
    const launching = launchingResourceOf(g, resources);
    for (const i of g.instances) {
      if (i.lifecycleState !== 'InService' && !i.lifecycleState.startsWith('Pending')) continue;
      if (filter?.instanceId && filter.instanceId !== i.id) continue;
      targets.push({
        instanceId: i.id,
        group: g.logicalId,
        hooks: (launching && hooks.byResource.get(launching)) || [],
      });
    }
  }
  if (!filter?.group)
    for (const i of fleet.instances) {
      if (i.state !== 'running') continue;
      if (filter?.instanceId && filter.instanceId !== i.id) continue;
      targets.push({ instanceId: i.id, group: i.logicalId, hooks: hooks.byResource.get(i.logicalId) ?? [] });
    }
  return targets;
}

/** Hooks from a resource's live Metadata, as expectations. */
export function expectationsOf(views: HookView[], explanations: string[] = []): HookExpectation[] {
  return views.map((h) => ({ name: h.name, intervalMinutes: h.intervalMinutes, explanations }));
}

export function expectationsFromMetadata(
  metadata: unknown,
  logicalId: string,
  explanations: string[] = [],
): HookExpectation[] {
  return expectationsOf(hooksView(metadata, logicalId), explanations);
}

const HOOK_RULES = /^(HOOK|HUP|UPD|INIT-CLI|SVC-CFN-HUP)/;

/**
 * Lint findings on the deployed template that explain a hook that never
 * fires (wrong path, hooks not reloaded, cfn-hup config errors), as
 * `RULE-ID: message` lines; at most `limit`.
 */
export function hookExplanations(templateBody: string, limit = 3): string[] {
  const { findings } = analyzeTemplate(templateBody);
  return findings
    .filter((f) => f.severity !== 'info' && HOOK_RULES.test(f.ruleId))
    .slice(0, limit)
    .map((f) => `lint ${f.ruleId}: ${f.message}`);
}

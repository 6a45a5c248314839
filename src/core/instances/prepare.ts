import { isAwsError } from '../aws/errors';
import { loadFleet, type Fleet } from '../aws/fleet';
import type { Cancellation, InstanceGateway, ScalingGateway, StackGateway, StackResourceSummary } from '../aws/ports';
import type { HookFiring } from '../release/hookImpact';
import type { CheckTarget } from './check';
import type { HookExpectation } from './judge';
import { checkTargets, expectationsFromMetadata, hookExplanations, launchingResourceOf } from './targets';

/**
 * Everything a check needs from CloudFormation, Auto Scaling and EC2: the
 * instances to check and the hooks each should run. Two sources of hooks:
 * - after a release: the hooks the release fires (its summary), per launching resource;
 * - otherwise: every hook in each launching resource's live Metadata.
 * Lint findings on the deployed template are attached to explain a silent hook.
 */
export interface PreparedCheck {
  targets: CheckTarget[];
  fleet: Fleet;
  /** Notes for the user (e.g. the template could not be read, so no lint explanations). */
  notes: string[];
}

export interface PrepareServices {
  stacks: StackGateway;
  scaling: ScalingGateway;
  instances: InstanceGateway;
}

export async function prepareCheck(
  services: PrepareServices,
  stackName: string,
  options: { firings?: HookFiring[]; filter?: { group?: string; instanceId?: string }; signal?: Cancellation } = {},
): Promise<PreparedCheck> {
  const notes: string[] = [];
  const resources = await services.stacks.listStackResources(stackName, options.signal);
  const fleet = await loadFleet(services, stackName, options.signal);
  let explanations: string[] = [];
  try {
    explanations = hookExplanations((await services.stacks.getTemplate(stackName, options.signal)).body);
  } catch (e) {
    if (!isAwsError(e)) throw e;
    notes.push(`The deployed template could not be read (${e.message}): no lint findings explain silent hooks.`);
  }
  const byResource = new Map<string, HookExpectation[]>();
  if (options.firings) {
    for (const f of options.firings) {
      const list = byResource.get(f.definedIn) ?? [];
      if (!list.some((h) => h.name === f.hook.name))
        list.push({ name: f.hook.name, intervalMinutes: f.hook.intervalMinutes, explanations });
      byResource.set(f.definedIn, list);
    }
  } else {
    for (const logicalId of launchingResources(fleet, resources)) {
      try {
        const detail = await services.stacks.describeStackResource(stackName, logicalId, options.signal);
        byResource.set(logicalId, expectationsFromMetadata(detail.metadata, logicalId, explanations));
      } catch (e) {
        if (!isAwsError(e)) throw e;
        notes.push(
          `The Metadata of ${logicalId} could not be read (${e.message}): its instances are judged on the hooks they have.`,
        );
      }
    }
  }
  let targets = checkTargets(fleet, resources, { byResource }, options.filter);
  // After a release, only the instances that run a hook it fires have something to converge to.
  if (options.firings) targets = targets.filter((t) => t.hooks.length > 0);
  return { targets, fleet, notes };
}

function launchingResources(fleet: Fleet, resources: StackResourceSummary[]): string[] {
  const ids = new Set<string>();
  for (const g of fleet.groups) {
    const id = launchingResourceOf(g, resources);
    if (id) ids.add(id);
  }
  for (const i of fleet.instances) ids.add(i.logicalId);
  return [...ids];
}

import type { StackEvent } from '../aws/ports';
import { hookImpact, type HookFiring } from './hookImpact';
import { evaluationContexts, type ReleasePlan } from './workflow';

/**
 * The hooks a direct update (UpdateStack, no change set) made fire, found
 * after it finished, for `release --direct --yes --wait-instances`.
 *
 * Without a change set there is no list of modified or replaced resources up
 * front, so the update's own stack events stand in for it: a resource with an
 * UPDATE_COMPLETE event was modified; one whose update "requires the creation
 * of a new physical resource" was replaced. A hook on a Metadata path (the
 * usual `Resources.X.Metadata.AWS::CloudFormation::Init`) needs neither: its
 * value before and after is evaluated from the parameters, exactly as for a
 * change set. An endpoint that logs no per-resource events (moto) therefore
 * loses only the hooks that watch a whole resource or its physical id.
 */
export function directFirings(plan: ReleasePlan, events: readonly StackEvent[], region?: string): HookFiring[] {
  const { before, after } = evaluationContexts(plan, region);
  const resources = events.filter(
    (e) => e.logicalId !== plan.stack.name && e.resourceType !== 'AWS::CloudFormation::Stack',
  );
  const modified = new Set(resources.filter((e) => e.status === 'UPDATE_COMPLETE').map((e) => e.logicalId));
  const replaced = new Set(
    resources.filter((e) => /creation of a new physical resource/i.test(e.statusReason ?? '')).map((e) => e.logicalId),
  );
  return hookImpact({
    model: plan.model,
    before,
    after,
    modifiedResources: modified,
    replacedResources: replaced,
  });
}

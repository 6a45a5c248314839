import type { ChangeSetDetail } from '../../aws/ports';
import type { HookFiring } from '../hookImpact';
import { evaluationContexts, type ReleasePlan } from '../workflow';
import { planInstances } from './plan';
import type { InstancePlan } from './types';

/** The instance plan of a build release, from its plan, change set and the hooks that fire. */
export function instancePlanForRelease(
  plan: ReleasePlan,
  changeSet: ChangeSetDetail,
  firings: readonly HookFiring[],
  region?: string,
): InstancePlan {
  const { before, after } = evaluationContexts(plan, region);
  return planInstances({
    model: plan.model,
    before,
    after,
    firings,
    modifiedResources: new Set(changeSet.changes.filter((c) => c.action === 'Modify').map((c) => c.logicalId)),
    replacedResources: new Set(changeSet.changes.filter((c) => c.replacement === 'True').map((c) => c.logicalId)),
  });
}

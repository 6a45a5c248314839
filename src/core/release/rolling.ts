import type { AsgInstance, AutoScalingGroup, Cancellation, Clock, ScalingGateway } from '../aws/ports';

/**
 * Replacing a group's instances (for changes cfn-hup cannot apply in place,
 * such as a new AMI), never all at once: either an Auto Scaling instance
 * refresh that keeps a minimum healthy percentage, or one instance at a time,
 * waiting for its replacement to be InService and Healthy before the next.
 */
export type RollingPlan =
  | {
      ok: true;
      kind: 'refresh';
      group: string;
      minHealthyPercentage: number;
      instanceWarmupSeconds?: number;
      /** Only the outdated instances: Auto Scaling skips those already on the group's launch template version. */
      skipMatching?: boolean;
      instances: string[];
    }
  | { ok: true; kind: 'one-at-a-time'; group: string; instances: string[] }
  | { ok: false; message: string };

export interface RollingOptions {
  strategy: 'refresh' | 'one-at-a-time';
  /** For an instance refresh; default 90, never 0 (that would replace everything at once). */
  minHealthyPercentage?: number;
  instanceWarmupSeconds?: number;
  /** Only instances launched from an older launch configuration or template version. */
  instanceIds?: string[];
}

export function planRollingReplacement(group: AutoScalingGroup, options: RollingOptions): RollingPlan {
  const inService = group.instances.filter((i) => i.lifecycleState === 'InService');
  const wanted = options.instanceIds ? inService.filter((i) => options.instanceIds!.includes(i.id)) : inService;
  if (wanted.length === 0)
    return { ok: false, message: `Auto Scaling group ${group.name} has no InService instance to replace.` };
  if (group.desiredCapacity < 1)
    return { ok: false, message: `Auto Scaling group ${group.name} has a desired capacity of 0.` };
  if (group.maxSize <= group.desiredCapacity && options.strategy === 'one-at-a-time' && group.desiredCapacity === 1)
    return {
      ok: false,
      message: `Auto Scaling group ${group.name} runs a single instance at MaxSize ${group.maxSize}: replacing it means downtime. Raise MaxSize to 2 first.`,
    };
  const ids = wanted.map((i) => i.id);
  const onlySome = options.instanceIds !== undefined && wanted.length < inService.length;
  if (options.strategy === 'refresh' && onlySome && !group.launchTemplate)
    return {
      ok: false,
      message: `An instance refresh of ${group.name} cannot skip its up-to-date instances: that needs a launch template, and the group uses a launch configuration. Replace the outdated ones one at a time, or all of them with a refresh.`,
    };
  if (options.strategy === 'refresh') {
    const min = options.minHealthyPercentage ?? 90;
    if (!Number.isInteger(min) || min < 1 || min > 100)
      return {
        ok: false,
        message: `MinHealthyPercentage must be a whole number from 1 to 100 (got ${min}); 0 would replace every instance at once.`,
      };
    return {
      ok: true,
      kind: 'refresh',
      group: group.name,
      minHealthyPercentage: min,
      instanceWarmupSeconds: options.instanceWarmupSeconds,
      ...(onlySome ? { skipMatching: true } : {}),
      instances: ids,
    };
  }
  return { ok: true, kind: 'one-at-a-time', group: group.name, instances: ids };
}

export interface RollingProgress {
  (line: string): void;
}

export type RollingResult = { ok: true; replaced: string[] } | { ok: false; replaced: string[]; message: string };

/** Run a one-at-a-time plan: terminate (keeping capacity), then wait for the group to be whole and healthy again. */
export async function replaceOneAtATime(
  deps: { scaling: ScalingGateway; clock: Clock },
  plan: Extract<RollingPlan, { kind: 'one-at-a-time' }>,
  options: { pollMs?: number; timeoutPerInstanceMs?: number; signal?: Cancellation; progress?: RollingProgress } = {},
): Promise<RollingResult> {
  const replaced: string[] = [];
  for (const id of plan.instances) {
    if (options.signal?.aborted)
      return {
        ok: false,
        replaced,
        message: `Cancelled after replacing ${replaced.length} of ${plan.instances.length} instances.`,
      };
    const before = await group(deps.scaling, plan.group, options.signal);
    options.progress?.(
      `Terminating ${id} (${replaced.length + 1}/${plan.instances.length}); the group launches a replacement.`,
    );
    await deps.scaling.terminateInstanceKeepingCapacity(id, options.signal);
    const deadline = deps.clock.now() + (options.timeoutPerInstanceMs ?? 20 * 60_000);
    for (;;) {
      await deps.clock.sleep(options.pollMs ?? 15_000, options.signal).catch(() => undefined);
      if (options.signal?.aborted) return { ok: false, replaced, message: `Cancelled while ${id} was being replaced.` };
      const now = await group(deps.scaling, plan.group, options.signal);
      if (isWholeAndHealthy(now, id, before.desiredCapacity)) break;
      if (deps.clock.now() >= deadline)
        return {
          ok: false,
          replaced,
          message: `The replacement for ${id} did not become InService and Healthy in time; stopped before the next instance.`,
        };
    }
    replaced.push(id);
  }
  return { ok: true, replaced };
}

/** The old instance is gone (or leaving) and the group has its desired count InService and Healthy. */
export function isWholeAndHealthy(g: AutoScalingGroup, replacedId: string, desired: number): boolean {
  const healthy = g.instances.filter(
    (i: AsgInstance) => i.id !== replacedId && i.lifecycleState === 'InService' && i.health === 'Healthy',
  );
  return healthy.length >= desired;
}

async function group(scaling: ScalingGateway, name: string, signal?: Cancellation): Promise<AutoScalingGroup> {
  const [g] = await scaling.describeAutoScalingGroups([name], signal);
  if (!g) throw new Error(`Auto Scaling group ${name} no longer exists`);
  return g;
}

/**
 * The statuses an instance refresh ends in (the Auto Scaling API reference, InstanceRefresh.Status).
 * Any other (Pending, InProgress, Baking, Cancelling, RollbackInProgress, or one added later) means
 * it goes on, whether or not it is still followed.
 */
const REFRESH_ENDED = new Set(['Successful', 'Failed', 'Cancelled', 'RollbackSuccessful', 'RollbackFailed']);

export function refreshEnded(status: string): boolean {
  return REFRESH_ENDED.has(status);
}

/** Start an instance refresh and wait for it to end. */
export async function runInstanceRefresh(
  deps: { scaling: ScalingGateway; clock: Clock },
  plan: Extract<RollingPlan, { kind: 'refresh' }>,
  options: { pollMs?: number; timeoutMs?: number; signal?: Cancellation; progress?: RollingProgress } = {},
): Promise<{ ok: boolean; status: string; message: string }> {
  const id = await deps.scaling.startInstanceRefresh(
    plan.group,
    {
      minHealthyPercentage: plan.minHealthyPercentage,
      instanceWarmupSeconds: plan.instanceWarmupSeconds,
      ...(plan.skipMatching ? { skipMatching: true } : {}),
    },
    options.signal,
  );
  const deadline = deps.clock.now() + (options.timeoutMs ?? 2 * 3600_000);
  for (;;) {
    const s = await deps.scaling.describeInstanceRefresh(plan.group, id, options.signal);
    options.progress?.(
      `Instance refresh ${id}: ${s.status}${s.percentageComplete !== undefined ? ` ${s.percentageComplete}%` : ''}`,
    );
    if (s.status === 'Successful')
      return { ok: true, status: s.status, message: `Instance refresh ${id} replaced the instances of ${plan.group}.` };
    if (refreshEnded(s.status))
      return {
        ok: false,
        status: s.status,
        message: `Instance refresh ${id} ended ${s.status}${s.statusReason ? `: ${s.statusReason}` : ''}.`,
      };
    if (deps.clock.now() >= deadline || options.signal?.aborted)
      return {
        ok: false,
        status: s.status,
        message: `Instance refresh ${id} is still ${s.status}; stopped following it.`,
      };
    await deps.clock.sleep(options.pollMs ?? 30_000, options.signal).catch(() => undefined);
  }
}

/** InService instances launched from an older launch configuration or template version than the group's. */
export function outdatedInstanceIds(group: {
  instances: readonly { id: string; lifecycleState: string; outdated: boolean }[];
}): string[] {
  return group.instances.filter((i) => i.outdated && i.lifecycleState === 'InService').map((i) => i.id);
}

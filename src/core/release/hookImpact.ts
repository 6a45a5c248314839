import type { TemplateModel } from '../template/model';
import { evaluateNode, type EvaluateOptions } from '../intrinsics/evaluate';
import { hooksView, type HookView } from '../aws/hooksView';
import { jsonEqual, valueAt } from './jsonEqual';

/** A cfn-hup hook that a release will make fire on running instances. */
export interface HookFiring {
  hook: HookView;
  /** The resource whose Metadata defines the hook (the instances launched from it run it). */
  definedIn: string;
  /** The resource the hook's path watches. */
  watches: string;
  trigger: 'post.add' | 'post.update' | 'post.remove';
  /** Instances that run this hook now; undefined when unknown. */
  instances?: number;
}

export interface HookImpactInput {
  model: TemplateModel;
  /** The template as deployed, when the update brings a new one (`model`); default: `model`. */
  beforeModel?: TemplateModel;
  before: EvaluateOptions;
  after: EvaluateOptions;
  /** Resources the change set modifies (for hooks that watch a whole resource). */
  modifiedResources?: ReadonlySet<string>;
  /** Resources replaced (for hooks that watch PhysicalResourceId). */
  replacedResources?: ReadonlySet<string>;
  /** Running instances per launching resource (instance, launch template or launch configuration). */
  instancesByResource?: Readonly<Record<string, number>>;
}

/**
 * Which hooks will fire after the update, found the way cfn-hup finds them:
 * each hook's watched value before and after is compared with deep equality,
 * and the trigger that comparison selects must be in the hook's triggers.
 * Hooks are read from the Metadata as it will be after the update (that is
 * what instances run, once cfn-init rewrote the hook files).
 */
export function hookImpact(input: HookImpactInput): HookFiring[] {
  const { model } = input;
  const metadataBefore = new Map<string, unknown>();
  const metadataAfter = new Map<string, unknown>();
  const beforeModel = input.beforeModel ?? model;
  for (const r of beforeModel.resources.values()) {
    if (r.metadata) metadataBefore.set(r.logicalId, evaluateNode(beforeModel, r.metadata, input.before).value);
  }
  for (const r of model.resources.values()) {
    if (r.metadata) metadataAfter.set(r.logicalId, evaluateNode(model, r.metadata, input.after).value);
  }
  const firings: HookFiring[] = [];
  for (const [definedIn, metadata] of metadataAfter) {
    for (const hook of hooksView(metadata, definedIn)) {
      const watched = hook.watchesResource;
      if (!watched || !model.resources.has(watched)) continue;
      const trigger = firingTrigger(hook, watched, metadataBefore, metadataAfter, input);
      if (!trigger || !hook.triggers.includes(trigger)) continue;
      firings.push({ hook, definedIn, watches: watched, trigger, instances: input.instancesByResource?.[definedIn] });
    }
  }
  return firings;
}

function firingTrigger(
  hook: HookView,
  watched: string,
  before: Map<string, unknown>,
  after: Map<string, unknown>,
  input: HookImpactInput,
): HookFiring['trigger'] | undefined {
  if (hook.watchesPart === undefined) return input.modifiedResources?.has(watched) ? 'post.update' : undefined;
  if (hook.watchesPart === 'PhysicalResourceId')
    return input.replacedResources?.has(watched) ? 'post.update' : undefined;
  const old = valueAt(before.get(watched), hook.watchesKeys);
  const now = valueAt(after.get(watched), hook.watchesKeys);
  // cfn-hup treats falsy values ({} and "") as absent.
  const had = truthy(old);
  const has = truthy(now);
  if (!had && has) return 'post.add';
  if (had && !has) return 'post.remove';
  if (had && has && !jsonEqual(old, now)) return 'post.update';
  return undefined;
}

function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false || v === 0) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

/** "3 instances within 5 minutes" for one firing. */
export function describeFiring(f: HookFiring): string {
  const who =
    f.instances === undefined
      ? 'every instance launched from it'
      : f.instances === 1
        ? '1 instance'
        : `${f.instances} instances`;
  const minutes = f.hook.intervalMinutes === 1 ? '1 minute' : `${f.hook.intervalMinutes} minutes`;
  return `hook "${f.hook.name}" (in ${f.definedIn}, path ${f.hook.path}) fires ${f.trigger} on ${who} within ${minutes}`;
}

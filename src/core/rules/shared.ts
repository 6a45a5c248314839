/**
 * Facts several rules (or one rule, for every Init) read from one analysis, computed once per
 * analysis when first asked (issue 12: per-Init scans over every call are quadratic on large
 * templates). Each is a pure function of the model, so memoising it changes no answer. They live in
 * the analysis' own cache (`CfnHupModel.cache`), not in WeakMaps keyed by the model: an entry per
 * analysis in a WeakMap made every young-generation collection dearer. Callers must not change
 * what they get back.
 *
 * None of them holds anything rendered or chosen through the render context (renderText, chosen,
 * isNoValue, isSelected, selectedConfigs): the second Fn::If pass reruns only the rules whose own
 * check marked the context (analyze.ts), and a cache hit does not mark it. A value that must be
 * such re-marks the context on every read, as renderText's memo does.
 */
import type { CfnHupModel, InitResource, LocatedCall } from '../cfnhup/model';
import { isUnknownWord, optionValue } from '../cfnhup/commandLine';

/** A slot of the analysis cache: one per fact, made once at module load. */
export interface CacheSlot<T> {
  readonly name: string;
  /** Only carries T. */
  readonly of?: T;
}

/** A slot for one fact; test/unit/secondBranch.test.ts lists every slot with why it is safe. */
export function cacheSlot<T>(name: string): CacheSlot<T> {
  return { name };
}

/** `compute()` once per analysis. */
export function perAnalysis<T>(model: CfnHupModel, slot: CacheSlot<T>, compute: () => T): T {
  const cache = model.cache;
  if (cache.has(slot)) return cache.get(slot) as T;
  const value = compute();
  cache.set(slot, value);
  return value;
}

/** UserData cfn-init calls by the logical id their literal -r names. */
const BOOT_CALLS = cacheSlot<Map<string, LocatedCall[]>>('bootCalls');

const NONE: LocatedCall[] = [];

/**
 * The cfn-init calls in UserData whose -r is a literal naming this Init's resource, in the
 * order of `model.calls`: the calls that apply it when an instance boots.
 */
export function bootCalls(model: CfnHupModel, init: InitResource): LocatedCall[] {
  const byId = perAnalysis(model, BOOT_CALLS, () => {
    const byId = new Map<string, LocatedCall[]>();
    for (const c of model.calls) {
      if (c.site !== 'userdata') continue;
      const r = optionValue(c.call, 'resource')?.value;
      if (!r || isUnknownWord(c.rendered, r)) continue;
      const list = byId.get(r.text);
      if (list) list.push(c);
      else byId.set(r.text, [c]);
    }
    return byId;
  });
  return byId.get(init.resource.logicalId) ?? NONE;
}

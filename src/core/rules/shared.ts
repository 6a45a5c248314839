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
import type { CfnHupModel, InitConfig, InitResource, LocatedCall } from '../cfnhup/model';
import type { Os } from '../cfnhup/paths';
import type { Rendered } from '../intrinsics/rendered';
import { intrinsicName, stringValue } from '../template/ast';
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

/** The cfn-init calls of each rendered text (a UserData script, a command, a hook file). */
const CALLS_BY_TEXT = cacheSlot<Map<Rendered, LocatedCall[]>>('callsByText');

const NO_CALLS: LocatedCall[] = [];

/** The cfn-init calls found in this rendered text, grouped once per analysis (a lookup per UserData, not a scan). */
export function callsIn(model: CfnHupModel, rendered: Rendered): LocatedCall[] {
  const byText = perAnalysis(model, CALLS_BY_TEXT, () => {
    const map = new Map<Rendered, LocatedCall[]>();
    for (const c of model.calls) {
      const list = map.get(c.rendered);
      if (list) list.push(c);
      else map.set(c.rendered, [c]);
    }
    return map;
  });
  return byText.get(rendered) ?? NO_CALLS;
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

/**
 * The configs that run together with `config`: every config of a configSet that lists it. Undefined
 * when that cannot be told from literal configSets (no configSets, an intrinsic, a nested set).
 */
export function configsRunWith(init: InitResource, config: string): Set<string> | undefined {
  const sets = init.configSets?.value;
  if (!sets || sets.kind !== 'object' || intrinsicName(sets)) return undefined;
  const together = new Set<string>();
  for (const set of sets.properties) {
    if (set.value.kind !== 'array') return undefined;
    const names = set.value.items.map((i) => stringValue(i));
    if (names.some((n) => n === undefined)) return undefined; // {ConfigSet: …}, an intrinsic
    if (names.includes(config)) for (const n of names) together.add(n!);
  }
  return together.size > 0 ? together : undefined;
}

/**
 * The OS a config runs on: its Init's, except that a Windows Init whose configSets put this config only
 * with configs that show nothing of Windows (a holder of both a Linux and a Windows set) is undecided.
 */
export function configOs(config: InitConfig): Os | undefined {
  const init = config.init;
  if (init.os !== 'windows') return init.os;
  const together = configsRunWith(init, config.name);
  if (!together) return init.os;
  const showsWindows = (c: InitConfig) =>
    c.files.some((f) => f.classified.os === 'windows') || c.services.some((s) => s.manager === 'windows');
  return init.configs.some((c) => together.has(c.name) && showsWindows(c)) ? 'windows' : undefined;
}

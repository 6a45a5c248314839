/**
 * Facts several rules read from one analysis, computed once per
 * model when first asked (issue 12: per-Init scans over every call are quadratic on large
 * templates). Each is a pure function of the model, so memoising it changes no answer; the caches
 * are keyed by the model object and die with it. Callers must not change what they get back.
 *
 * None of them holds anything rendered or chosen through the render context (renderText, chosen,
 * isNoValue, isSelected, selectedConfigs): the second Fn::If pass reruns only the rules whose own
 * check marked the context (analyze.ts), and a memo hit does not mark it. A cache that must hold
 * such a value re-marks the context on every read, as renderText's memo does.
 */
import type { CfnHupModel, InitResource, LocatedCall } from '../cfnhup/model';
import { isUnknownWord, optionValue } from '../cfnhup/commandLine';

/** UserData cfn-init calls by the logical id their literal -r names. */
const bootCallsOf = new WeakMap<CfnHupModel, Map<string, LocatedCall[]>>();

const NONE: LocatedCall[] = [];

/**
 * The cfn-init calls in UserData whose -r is a literal naming this Init's resource, in the
 * order of `model.calls`: the calls that apply it when an instance boots.
 */
export function bootCalls(model: CfnHupModel, init: InitResource): LocatedCall[] {
  let byId = bootCallsOf.get(model);
  if (!byId) {
    byId = new Map();
    for (const c of model.calls) {
      if (c.site !== 'userdata') continue;
      const r = optionValue(c.call, 'resource')?.value;
      if (!r || isUnknownWord(c.rendered, r)) continue;
      const list = byId.get(r.text);
      if (list) list.push(c);
      else byId.set(r.text, [c]);
    }
    bootCallsOf.set(model, byId);
  }
  return byId.get(init.resource.logicalId) ?? NONE;
}

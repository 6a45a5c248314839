/**
 * Facts several rules read from one analysis, computed once per model and only
 * when a rule first asks (issue 12). Each is a pure function of the model, so
 * memoising it changes no answer; the caches are keyed by the model object and
 * die with it. Callers must not change what they get back.
 */
import type { CfnHupModel, InitResource, LocatedCall } from '../cfnhup/model';
import { isUnknownWord, optionValue } from '../cfnhup/commandLine';
import { cfnHupStarts, type CfnHupStart } from '../cfnhup/startCommands';

interface Shared {
  /** cfnHupStarts by text: the same UserData and command texts are read by four rules. */
  starts: Map<string, readonly CfnHupStart[]>;
  /** UserData cfn-init calls by the logical id their literal -r names. */
  bootCalls: Map<string, LocatedCall[]> | undefined;
}

const sharedOf = new WeakMap<CfnHupModel, Shared>();

function shared(model: CfnHupModel): Shared {
  let s = sharedOf.get(model);
  if (!s) {
    s = { starts: new Map(), bootCalls: undefined };
    sharedOf.set(model, s);
  }
  return s;
}

/** Where this text starts cfn-hup (cfnHupStarts, memoised per analysis). */
export function hupStarts(model: CfnHupModel, text: string): readonly CfnHupStart[] {
  const memo = shared(model).starts;
  let found = memo.get(text);
  if (!found) {
    found = cfnHupStarts(text);
    memo.set(text, found);
  }
  return found;
}

const NONE: LocatedCall[] = [];

/**
 * The cfn-init calls in UserData whose -r is a literal naming this Init's resource, in the
 * order of `model.calls`: the calls that apply it when an instance boots.
 */
export function bootCalls(model: CfnHupModel, init: InitResource): LocatedCall[] {
  const s = shared(model);
  if (!s.bootCalls) {
    const byId = new Map<string, LocatedCall[]>();
    for (const c of model.calls) {
      if (c.site !== 'userdata') continue;
      const r = optionValue(c.call, 'resource')?.value;
      if (!r || isUnknownWord(c.rendered, r)) continue;
      const list = byId.get(r.text);
      if (list) list.push(c);
      else byId.set(r.text, [c]);
    }
    s.bootCalls = byId;
  }
  return s.bootCalls.get(init.resource.logicalId) ?? NONE;
}

/**
 * Whether cfn-hup may run hooks this analysis cannot read. Rules that conclude from the hooks they
 * see that no hook exists, or that none watches a resource (HOOK-NO-HOOKS, BUILD-PARAM-UNWATCHED,
 * UPD-METADATA-NEEDS-HUP), would be wrong then, so they stay silent. Hooks are out of sight when
 * - something other than an Init `files` entry may write one (../cfnhup/hooksElsewhere.ts: UserData,
 *   an Init command, a script the Init writes, a source archive);
 * - a file the Init writes into hooks.d (or hooks.conf) has no text to read: from `source`, given as
 *   JSON, or a template value where a line starts (it could hold a whole `[hook]` or `path=` line);
 * - a hook's `path=` names its resource through a template value (it may watch any resource).
 * Reads only what extraction rendered and the template tree (no renderText here: see ./shared.ts).
 * BUILD-PARAM-UNWATCHED, UPD-METADATA-NEEDS-HUP and UPD-ASG-NO-ROLL also stay silent when cfn-hup is set up
 * and the template writes no hook file (hooksOnlyInImage: the image may bring them).
 */
import type { CfnHupModel, InitFile } from '../cfnhup/model';
import { isHookRole } from '../cfnhup/paths';
import { writesHooksOutsideInit } from '../cfnhup/hooksElsewhere';
import { cacheSlot, perAnalysis } from './shared';

const OUT_OF_SIGHT = cacheSlot<boolean>('hooksOutOfSight');

export function hooksOutOfSight(model: CfnHupModel): boolean {
  return perAnalysis(model, OUT_OF_SIGHT, () => findHooksOutOfSight(model));
}

function findHooksOutOfSight(model: CfnHupModel): boolean {
  for (const f of model.hookFiles) if (unreadable(f)) return true;
  for (const hook of model.hooks) {
    const o = hook.path;
    const p = hook.parsedPath;
    if (!o || !p || p.logicalId === undefined) continue;
    const from = o.valueStart + p.logicalIdStart;
    if (hook.file.rendered!.isOpaque(from, from + p.logicalId.length)) return true;
  }
  return writesHooksOutsideInit(model.model);
}

/**
 * Whether the Init sets up cfn-hup (writes cfn-hup.conf) but the template writes no hook file at all: cfn-hup
 * then runs only hooks the image brings (HOOK-NO-HOOKS: it exits "unless the AMI has hooks"), and those may
 * watch anything. Not one of hooksOutOfSight's cases, which HOOK-NO-HOOKS reads: it is that rule's own
 * finding. The rules that conclude no hook watches a resource ask watchingHooksOutOfSight.
 */
export function hooksOnlyInImage(model: CfnHupModel): boolean {
  return model.hupConfs.length > 0 && model.hookFiles.length === 0;
}

/** Whether a hook this analysis cannot read may watch a resource: out of sight, or only in the image. */
export function watchingHooksOutOfSight(model: CfnHupModel): boolean {
  return hooksOnlyInImage(model) || hooksOutOfSight(model);
}

function unreadable(f: InitFile): boolean {
  if (!isHookRole(f.classified.role)) return false;
  const r = f.rendered;
  if (!r || !f.ini) return true;
  if (r.opaque.length === 0) return false;
  return f.ini.lines.some((l) => r.isOpaque(l.start, l.start + 1));
}

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

function unreadable(f: InitFile): boolean {
  if (!isHookRole(f.classified.role)) return false;
  const r = f.rendered;
  if (!r || !f.ini) return true;
  if (r.opaque.length === 0) return false;
  return f.ini.lines.some((l) => r.isOpaque(l.start, l.start + 1));
}

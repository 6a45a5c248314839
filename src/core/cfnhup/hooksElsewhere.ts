/**
 * Whether something other than an Init `files` entry of a hook may write cfn-hup hooks: a UserData
 * script, an Init command or a script the Init writes that names hooks.d or hooks.conf (a heredoc,
 * printf, a copy, a download), or an Init `sources` archive unpacked into a cfn-hup folder or above it.
 * Hooks written so are invisible to everything that reads hooks from the Init (the rules, a release's
 * hook impact). Found by the sixth fresh sample: a CDK template writes cfn-hup.conf from the Init and
 * its hook from a UserData heredoc. Reads the template tree only, no rendering.
 */
import type { CfnNode, Property } from '../template/ast';
import { getProperty, stringValue } from '../template/ast';
import { isSymlinkMode } from './fileMode';
import type { TemplateModel } from '../template/model';
import { entries } from '../template/model';
import { INIT_KEY, userDataNodesOf } from './model';
import { classifyPath, isHookRole } from './paths';

/** A script that names the hooks folder or file of cfn-hup (either OS). */
const NAMES_HOOKS = /hooks\.(?:d|conf)\b/i;

/** The hooks folders cfn-hup reads by default, as sources targets are compared (lower case, `/`). */
const HOOK_FOLDERS = ['/etc/cfn/hooks.d', 'c:/cfn/hooks.d'];

export function writesHooksOutsideInit(model: TemplateModel): boolean {
  for (const resource of model.resources.values())
    for (const node of userDataNodesOf(resource)) if (someString(node, (s) => NAMES_HOOKS.test(s))) return true;
  for (const config of initConfigs(model)) {
    if (someString(getProperty(config.value, 'commands'), (s) => NAMES_HOOKS.test(s))) return true;
    for (const s of entries(getProperty(config.value, 'sources'))) if (unpacksIntoHooks(s.key)) return true;
    // A script the Init writes, which a command then runs (a hook file itself is read as one).
    for (const f of entries(getProperty(config.value, 'files'))) {
      if (classifyPath(f.key).role !== 'other') continue;
      if (someString(getProperty(f.value, 'content'), (s) => NAMES_HOOKS.test(s))) return true;
    }
  }
  return false;
}

/**
 * Whether a hook file the Init writes is downloaded (`source`, no content), base64-encoded or a
 * symbolic link: its hooks are not in the template as text, so what it watches cannot be told.
 */
export function downloadsHookFile(model: TemplateModel): boolean {
  for (const config of initConfigs(model)) {
    for (const f of entries(getProperty(config.value, 'files'))) {
      if (!isHookRole(classifyPath(f.key).role)) continue;
      if (getProperty(f.value, 'source') && !getProperty(f.value, 'content')) return true;
      if (stringValue(getProperty(f.value, 'encoding')) === 'base64') return true;
      if (isSymlinkMode(stringValue(getProperty(f.value, 'mode')))) return true;
    }
  }
  return false;
}

/** Every config of every Init in the template (read as written: no rendering, no choosing). */
function initConfigs(model: TemplateModel): Property[] {
  const configs: Property[] = [];
  for (const resource of model.resources.values()) {
    if (resource.metadata === undefined) continue;
    for (const p of entries(getProperty(resource.metadata, INIT_KEY))) if (p.key !== 'configSets') configs.push(p);
  }
  return configs;
}

/** An archive unpacked into a hooks folder, or into a folder above one (`/etc/cfn`, `/etc`, `c:\`). */
function unpacksIntoHooks(target: string): boolean {
  const folder = target.replace(/\\/g, '/').replace(/\/+$/, '').toLowerCase();
  return HOOK_FOLDERS.some((hooks) => hooks === folder || hooks.startsWith(folder + '/'));
}

/** Whether some string scalar (or key) under `node` passes `test`; iterative, for deep templates. */
function someString(node: CfnNode | undefined, test: (s: string) => boolean): boolean {
  if (!node) return false;
  const stack: CfnNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'scalar') {
      if (typeof n.value === 'string' && test(n.value)) return true;
    } else if (n.kind === 'array') {
      for (const item of n.items) stack.push(item);
    } else {
      for (const p of n.properties) stack.push(p.value);
    }
  }
  return false;
}

/**
 * Whether an Init writes cfn-hup.conf but no Init writes a hook file: cfn-hup then runs only the hooks the
 * image brings, if any (HOOK-NO-HOOKS). As ../rules/hooksOutOfSight.ts hooksOnlyInImage, read here from the
 * template tree.
 */
export function configuresHupWithoutHooks(model: TemplateModel): boolean {
  let hupConf = false;
  for (const config of initConfigs(model)) {
    for (const f of entries(getProperty(config.value, 'files'))) {
      const role = classifyPath(f.key).role;
      if (isHookRole(role)) return false;
      if (role === 'hup-conf') hupConf = true;
    }
  }
  return hupConf;
}

/** Hooks a release cannot see in the template: written outside the Init, downloaded, or only in the image. */
export function hooksOutOfReach(model: TemplateModel): boolean {
  return writesHooksOutsideInit(model) || downloadsHookFile(model) || configuresHupWithoutHooks(model);
}

// Over ~350 lines on purpose: the catalogue of hook rules (keys, triggers, path=, action=, location),
// one self-contained Rule object each with its documentation; they share this file's private helpers.
// Split a family into a new file when it grows its own helpers, not to meet a line count.
import type { Rule, RuleContext } from './rule';
import type { Hook, InitFile } from '../cfnhup/model';
import { INIT_KEY, isSelected } from '../cfnhup/model';
import { DOCUMENTED_TRIGGERS, HOOK_KEY_NAMES, TRIGGER_NAMES } from '../cfnhup/vocabulary';
import { findOption, type IniOption } from '../cfnhup/ini';
import { resolveKeys } from '../cfnhup/hookPath';
import { isUnknownWord, optionValue } from '../cfnhup/commandLine';
import { getProperty, stringValue, type CfnNode } from '../template/ast';
import { isSymlinkMode } from '../cfnhup/fileMode';
import { isHookRole } from '../cfnhup/paths';
import { closest, contentRange, fix, keyRange, replaceRenderedRange, replaceValueChars, type Range } from './util';
import { someLineStartsWith } from '../text/scan';
import { hooksOutOfSight } from './hooksOutOfSight';
import { asMeant, hookPathAsMeant } from './inlineComment';

const TRIGGERS = TRIGGER_NAMES;
const HOOK_KEYS = HOOK_KEY_NAMES;

function optionRange(hook: Hook, o: IniOption, from = o.valueStart, to = o.valueEnd): Range {
  return contentRange(hook.file, from, Math.max(to, from + 1));
}

export function hookLabel(hook: Hook): string {
  return `Hook [${hook.section.name}]`;
}

/**
 * True when this template's cfn-hup watches this template's own stack, so
 * logical ids can be checked: a cfn-hup.conf that names AWS::StackId or
 * AWS::StackName (even on a broken line), or no cfn-hup.conf at all. A literal
 * `stack=${AWS::StackId}` left without Fn::Sub (SUB-NEEDED) counts too: it
 * means this stack, and the path must hold once the Sub is added.
 */
export function watchesOwnStack(ctx: RuleContext): boolean {
  if (ctx.model.hupConfs.length === 0) return true;
  for (const f of ctx.model.hupConfs) {
    for (const o of f.rendered?.opaque ?? []) if (o.name === 'AWS::StackId' || o.name === 'AWS::StackName') return true;
    for (const s of f.ini?.sections ?? [])
      if (s.name === 'main' && /^\s*\$\{AWS::Stack(?:Id|Name)\}\s*$/.test(findOption(s, 'stack')?.value ?? ''))
        return true;
  }
  return false;
}

function isOpaque(hook: Hook, o: IniOption): boolean {
  return hook.file.rendered!.isOpaque(o.valueStart, o.valueEnd);
}

export const hookMissingKey: Rule = {
  id: 'HOOK-MISSING-KEY',
  severity: 'error',
  conf: true,
  title: 'Hook lacks triggers, path or action',
  doc: {
    why: 'cfn-hup skips a hook without `triggers`, `path` and `action` ("No triggers specified for hook"); when no valid hook remains it exits.',
    source: 'aws-cfn-bootstrap update_hooks.py L83-95, L115-116',
    bad: '[cfn-auto-reloader-hook]\ntrigger=post.update\npath=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init\naction=…',
    good: '[cfn-auto-reloader-hook]\ntriggers=post.update\npath=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init\naction=…',
  },
  check(ctx) {
    for (const hook of ctx.model.hooks) {
      if (hook.section.trailingTextStart !== undefined && ctx.isEnabled('HUP-ONE-LINE')) continue; // HUP-ONE-LINE explains it
      if (hook.triggers && hook.path && hook.action) continue; // most hooks: nothing missing
      const r = hook.file.rendered!;
      if (hook.file.ini!.lines.some((l) => l.start > hook.section.headerStart && r.isOpaque(l.start, l.start + 1)))
        continue;
      const missing = (['triggers', 'path', 'action'] as const).filter((k) => !hook[k]);
      const explainedByIndent = missing.filter((k) =>
        hook.section.options.some((o) =>
          new RegExp(`^\\s+${k}\\s*[=:]`, 'im').test(
            o.value
              .split('\n')
              .slice(1)
              .map((l) => ' ' + l)
              .join('\n'),
          ),
        ),
      );
      const really = ctx.isEnabled('HOOK-INDENTED-KEY')
        ? missing.filter((k) => !explainedByIndent.includes(k))
        : missing;
      if (really.length === 0) continue;
      const typo = hook.section.options.find(
        (o) => !HOOK_KEYS.has(o.name) && really.some((k) => closest(o.name, [k]) === k),
      );
      ctx.report({
        ...contentRange(hook.file, hook.section.headerStart, hook.section.headerEnd),
        message: `${hookLabel(hook)} has no ${really.map((k) => `"${k}="`).join(', ')}: cfn-hup will skip it and it will never run${typo ? ` ("${typo.key}" is not "${closest(typo.name, really)}")` : ''}. Every hook needs triggers=, path= and action=.`,
      });
    }
  },
};

export const hookUnknownTrigger: Rule = {
  id: 'HOOK-UNKNOWN-TRIGGER',
  severity: 'error',
  conf: true,
  title: 'Unknown hook trigger',
  doc: {
    why: 'cfn-hup splits `triggers` on commas and ignores any token that is not exactly post.add, post.update or post.remove (case-sensitive): the hook never fires on it.',
    source: 'aws-cfn-bootstrap update_hooks.py L83-87, L600-604',
    bad: 'triggers=post.update post.add',
    good: 'triggers=post.add,post.update',
  },
  check(ctx) {
    for (const hook of ctx.model.hooks) {
      const o = hook.triggers && asMeant(ctx, hook.file, hook.triggers, true);
      if (!o || isOpaque(hook, o)) continue;
      if (!o.value.includes(',') && TRIGGERS.has(o.value.trim())) continue; // one known trigger (most hooks)
      let offset = 0;
      for (const token of o.value.split(',')) {
        const start = o.valueStart + offset + (token.length - token.trimStart().length);
        offset += token.length + 1;
        const t = token.trim();
        if (TRIGGERS.has(t)) continue;
        if (t.includes('\n') && ctx.isEnabled('HOOK-INDENTED-KEY')) continue; // a continuation line: HOOK-INDENTED-KEY explains it
        // Several words run together: the triggers among them (or close to one), never the other words.
        const words = t.split(/[\s;|]+/).filter(Boolean);
        const meant = words
          .map((w) => (TRIGGERS.has(w) ? w : closest(w, [...DOCUMENTED_TRIGGERS])))
          .filter((w): w is string => w !== undefined);
        const suggestion = meant.length > 0 ? [...new Set(meant)].join(',') : 'post.update';
        const edits =
          t.length > 0 && !t.includes('\n')
            ? replaceRendered(ctx, hook, start, start + t.length, suggestion)
            : undefined;
        ctx.report({
          ...optionRange(hook, o, start, start + t.length),
          message: `${hookLabel(hook)}: trigger "${t}" is not post.add, post.update or post.remove (comma-separated, case-sensitive): cfn-hup ignores it${o.value.split(',').some((x) => TRIGGERS.has(x.trim())) ? '' : ' and the hook will never fire'}. Use "${suggestion}".`,
          fix: fix(`Use "${suggestion}"`, edits),
        });
      }
    }
  },
};

/** Edits that turn rendered text [from, to) of a hook's file into `replacement`. */
export function replaceRendered(
  ctx: RuleContext,
  hook: Hook | { file: InitFile },
  from: number,
  to: number,
  replacement: string,
) {
  return replaceRenderedRange(ctx.model.model.root, hook.file.rendered!, from, to, replacement);
}

export const hookOnCommandMixed: Rule = {
  id: 'HOOK-ONCOMMAND-MIXED',
  severity: 'warning',
  conf: true,
  title: 'on.command mixed with other triggers',
  doc: {
    why: 'A hook is a command hook only when on.command is its only trigger; mixed with others it is ignored.',
    source: 'aws-cfn-bootstrap update_hooks.py L202-203',
    bad: 'triggers=on.command,post.update',
    good: 'triggers=post.update',
  },
  check(ctx) {
    for (const hook of ctx.model.hooks) {
      const o = hook.triggers;
      if (!o || !o.value.includes('on.command') || isOpaque(hook, o)) continue;
      const tokens = o.value.split(',').map((t) => t.trim());
      if (tokens.includes('on.command') && tokens.length > 1)
        ctx.report({
          ...optionRange(hook, o),
          message: `${hookLabel(hook)}: "on.command" only works as the sole trigger; next to other triggers it is ignored. Split it into its own hook.`,
        });
    }
  },
};

export const hookPathFatal: Rule = {
  id: 'HOOK-PATH-FATAL',
  severity: 'error',
  conf: true,
  title: 'Hook path that stops cfn-hup',
  doc: {
    why: 'A path that is not `Resources.<Id>[.Metadata|.PhysicalResourceId[...]]` raises a fatal error on the first poll: the whole cfn-hup daemon exits, and every other hook stops with it.',
    source: 'aws-cfn-bootstrap update_hooks.py L653-662; bin/cfn-hup L109-111',
    bad: 'path=Resources.LaunchConfig.Properties.UserData',
    good: 'path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init',
  },
  check(ctx) {
    for (const hook of ctx.model.hooks) {
      const read = hookPathAsMeant(ctx, hook);
      if (!read || isOpaque(hook, read.o)) continue;
      const { o, p } = read;
      if (!p.fatal) continue;
      ctx.report({
        ...optionRange(hook, o),
        message: `${hookLabel(hook)}: path "${o.value}" is not Resources.<LogicalId>.Metadata[...] or .PhysicalResourceId: on its first poll cfn-hup stops with a fatal error, and every other hook stops with it. Use "Resources.<LogicalId>.Metadata.${INIT_KEY}".`,
      });
    }
  },
};

function resourcesWithInit(ctx: RuleContext): string[] {
  return ctx.model.inits.map((i) => i.resource.logicalId);
}

/** The resource a broken hook path most likely meant: the action's -r, else the resource that writes the hook. */
function intendedResource(ctx: RuleContext, hook: Hook): string | undefined {
  const withInit = new Set(resourcesWithInit(ctx));
  const candidates = new Set<string>();
  for (const call of hook.cfnInitCalls) {
    const r = optionValue(call, 'resource')?.value?.text;
    if (r && withInit.has(r)) candidates.add(r);
  }
  if (candidates.size === 0) candidates.add(hook.file.config.init.resource.logicalId);
  return candidates.size === 1 ? [...candidates][0] : undefined;
}

export const hookPathUnknownResource: Rule = {
  id: 'HOOK-PATH-UNKNOWN-RESOURCE',
  severity: 'error',
  title: 'Hook path names a resource that does not exist',
  doc: {
    why: "cfn-hup asks CloudFormation for the path's resource every interval; a logical id that is not in the template fails every time and the hook never fires. Logical ids are case-sensitive.",
    source: 'aws-cfn-bootstrap update_hooks.py L584-590, L669-670; seen in AWS sample EC2/InstanceWithCfnInit',
    bad: 'Resources: { Instance: … }\npath=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init',
    good: 'path=Resources.Instance.Metadata.AWS::CloudFormation::Init',
  },
  check(ctx) {
    if (!watchesOwnStack(ctx)) return;
    for (const hook of ctx.model.hooks) {
      const read = hookPathAsMeant(ctx, hook);
      if (!read) continue;
      const { o, p } = read;
      if (p.fatal || p.logicalId === undefined) continue;
      const idFrom = o.valueStart + p.logicalIdStart;
      const idTo = idFrom + p.logicalId.length;
      if (hook.file.rendered!.isOpaque(idFrom, idTo) || ctx.model.model.resources.has(p.logicalId)) continue;
      const intended = intendedResource(ctx, hook);
      const edits = intended ? replaceRendered(ctx, hook, idFrom, idTo, intended) : undefined;
      ctx.report({
        ...optionRange(hook, o, idFrom, idTo),
        message: `${hookLabel(hook)} watches "${p.logicalId}", but this template has no resource "${p.logicalId}": cfn-hup's lookup fails every interval and the hook never fires.${intended ? ` The Init is on "${intended}": use path=Resources.${intended}.Metadata.${INIT_KEY}.` : ''}`,
        fix: fix(`Watch ${intended}`, edits),
      });
    }
  },
};

export const hookPathNoMetadata: Rule = {
  id: 'HOOK-PATH-NO-METADATA',
  severity: 'error',
  title: 'Hook path watches a resource without Metadata',
  doc: {
    why: 'The watched value is always empty, so neither post.add nor post.update ever fires. Typically the path names the Auto Scaling group while the Init is on the launch template.',
    source: 'aws-cfn-bootstrap update_hooks.py L679-682',
    bad: 'path=Resources.MyASG.Metadata.AWS::CloudFormation::Init',
    good: 'path=Resources.MyLaunchTemplate.Metadata.AWS::CloudFormation::Init',
  },
  check(ctx) {
    for (const hook of ctx.model.hooks) {
      const read = hookPathAsMeant(ctx, hook);
      if (!read || isOpaque(hook, read.o)) continue;
      const { o, p } = read;
      if (p.fatal || !p.logicalId || p.part?.toLowerCase() !== 'metadata') continue;
      const resource = ctx.model.model.resources.get(p.logicalId);
      if (!resource || resource.metadata) continue;
      const intended = intendedResource(ctx, hook);
      const idFrom = o.valueStart + p.logicalIdStart;
      const edits =
        intended && intended !== p.logicalId
          ? replaceRendered(ctx, hook, idFrom, idFrom + p.logicalId.length, intended)
          : undefined;
      ctx.report({
        ...optionRange(hook, o, idFrom, idFrom + p.logicalId.length),
        message: `${hookLabel(hook)} watches the Metadata of "${p.logicalId}", which has none: the hook will never fire.${intended && intended !== p.logicalId ? ` The Init is on "${intended}".` : ''}`,
        fix: edits ? fix(`Watch ${intended}`, edits) : undefined,
      });
    }
  },
};

export const hookPathMissingKey: Rule = {
  id: 'HOOK-PATH-MISSING-KEY',
  severity: 'error',
  title: 'Hook path names a Metadata key that does not exist',
  doc: {
    why: 'cfn-hup follows the keys after Metadata (case-sensitive); a key that is not there yields nothing and the hook never fires.',
    source: 'aws-cfn-bootstrap util.py L309-324',
    bad: 'path=Resources.LaunchConfig.Metadata.AWS::Cloudformation::Init',
    good: 'path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init',
  },
  check(ctx) {
    checkSubPath(ctx, false);
  },
};

export const hookPathUnescapedDot: Rule = {
  id: 'HOOK-PATH-UNESCAPED-DOT',
  severity: 'error',
  title: 'Dot in a hook path key not escaped',
  doc: {
    why: 'cfn-hup splits the path on every dot; a key that contains a dot (a file name) must write it as `\\.`, or the path names keys that do not exist and the hook never fires.',
    source: 'aws-cfn-bootstrap util.py L309-318',
    bad: 'path=Resources.LC.Metadata.AWS::CloudFormation::Init.config.files./etc/app.conf',
    good: 'path=Resources.LC.Metadata.AWS::CloudFormation::Init.config.files./etc/app\\.conf',
  },
  check(ctx) {
    checkSubPath(ctx, true);
  },
};

function checkSubPath(ctx: RuleContext, dotsOnly: boolean): void {
  for (const hook of ctx.model.hooks) {
    const read = hookPathAsMeant(ctx, hook);
    if (!read) continue;
    const { o, p } = read;
    if (p.fatal || !p.logicalId || p.part?.toLowerCase() !== 'metadata' || p.subPath.length === 0) continue;
    if (hook.file.rendered!.isOpaque(o.valueStart, o.valueEnd)) continue;
    const metadata = ctx.model.model.resources.get(p.logicalId)?.metadata;
    if (!metadata) continue;
    const res = resolveKeys(metadata, p.subPath);
    if (res.kind !== 'missing') continue;
    const dotFix = findEscapableDots(metadata, p.subPath);
    if (dotsOnly !== (dotFix !== undefined)) continue;
    const keyIndex = res.depth;
    const keyFrom = o.valueStart + p.subPathStarts[keyIndex]!;
    const keyTo = keyFrom + (p.subPath[keyIndex]?.length ?? 0);
    if (dotFix) {
      const dots = dotFix.map((i) => o.valueStart + p.subPathDots[i]!);
      const edits = replaceValueChars(ctx.model.model.root, ctx.model.text, hook.file.rendered!, dots, '\\.');
      ctx.report({
        ...optionRange(hook, o, keyFrom, o.valueEnd),
        message: `${hookLabel(hook)}: cfn-hup splits the path at every dot, so it looks for key "${p.subPath[keyIndex]}" and never fires. Escape the dots inside the key as "\\.".`,
        fix: fix('Escape the dots in the key', edits),
      });
      continue;
    }
    const wanted = p.subPath[keyIndex]!;
    let message: string;
    let edits;
    if (res.reason === 'no-key') {
      const keys = res.parent.kind === 'object' ? res.parent.properties.map((x) => x.key) : [];
      const sameButCase = keys.find((k) => k.toLowerCase() === wanted.toLowerCase());
      const suggestion = sameButCase ?? closest(wanted, keys);
      edits = suggestion ? replaceRendered(ctx, hook, keyFrom, keyTo, suggestion) : undefined;
      message = `${hookLabel(hook)}: "${p.logicalId}" has no Metadata key "${wanted}"${keyIndex > 0 ? ` under "${p.subPath.slice(0, keyIndex).join('.')}"` : ''} (keys are case-sensitive): the watched value is always empty and the hook never fires.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`;
      if (suggestion) edits = edits ?? undefined;
      ctx.report({
        ...optionRange(hook, o, keyFrom, keyTo),
        message,
        fix: suggestion ? fix(`Use "${suggestion}"`, edits) : undefined,
      });
    } else {
      message = `${hookLabel(hook)}: "${p.subPath.slice(0, keyIndex).join('.')}" is ${res.reason === 'list' ? 'a list, which cfn-hup cannot index' : 'a plain value'}, so "${wanted}" is never found and the hook never fires. Watch the enclosing key instead.`;
      ctx.report({ ...optionRange(hook, o, keyFrom, keyTo), message });
    }
  }
}

/** If joining some adjacent keys with "." makes the path resolve, the indexes of those dots. */
function findEscapableDots(metadata: CfnNode, keys: string[]): number[] | undefined {
  const escaped: number[] = [];
  let node = metadata;
  let i = 0;
  while (i < keys.length) {
    if (node.kind !== 'object') return undefined;
    let matched = false;
    for (let j = keys.length; j > i; j--) {
      const candidate = keys.slice(i, j).join('.');
      const next = getProperty(node, candidate);
      if (next) {
        for (let k = i; k < j - 1; k++) escaped.push(k);
        node = next;
        i = j;
        matched = true;
        break;
      }
    }
    if (!matched) return undefined;
  }
  return escaped.length > 0 ? escaped : undefined;
}

export const hookPathPhysidSubpath: Rule = {
  id: 'HOOK-PATH-PHYSID-SUBPATH',
  severity: 'info',
  conf: true,
  title: 'Keys after PhysicalResourceId are ignored',
  doc: {
    why: 'cfn-hup watches only the physical id; anything after `.PhysicalResourceId` is ignored.',
    source: 'aws-cfn-bootstrap update_hooks.py L687-688',
    bad: 'path=Resources.MyBucket.PhysicalResourceId.Name',
    good: 'path=Resources.MyBucket.PhysicalResourceId',
  },
  check(ctx) {
    for (const hook of ctx.model.hooks) {
      const read = hookPathAsMeant(ctx, hook);
      if (!read || isOpaque(hook, read.o)) continue;
      const { o, p } = read;
      if (!p.fatal && p.part?.toLowerCase() === 'physicalresourceid' && p.subPath.length > 0) {
        ctx.report({
          ...optionRange(hook, o),
          message: `${hookLabel(hook)}: everything after ".PhysicalResourceId" is ignored; the hook fires when the resource is replaced.`,
        });
      }
    }
  },
};

export const hookActionResourceMismatch: Rule = {
  id: 'HOOK-ACTION-RESOURCE-MISMATCH',
  severity: 'warning',
  title: "Hook watches one resource but its cfn-init runs another's Init",
  doc: {
    why: 'The hook fires when resource Y changes but re-runs the Init of resource X: almost always a copy/paste error, and the release never reaches the instances.',
    source: 'seen in AWS sample templates (EC2/InstanceWithCfnInit)',
    bad: 'path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init\naction=/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource WebServerInstance --region ${AWS::Region}',
    good: 'path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init\naction=/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}',
  },
  check(ctx) {
    for (const hook of ctx.model.hooks) {
      const read = hookPathAsMeant(ctx, hook);
      if (!read || isOpaque(hook, read.o)) continue;
      const { p } = read;
      if (p.fatal || !p.logicalId) continue;
      for (const call of hook.cfnInitCalls) {
        const r = optionValue(call, 'resource')?.value;
        if (!r || isUnknownWord(hook.file.rendered!, r) || r.text === p.logicalId) continue;
        // A stray word (`-resource X` read as -r "esource" and "X"): cfn-init exits before applying anything,
        // which INIT-CLI-POSITIONAL says; "runs the Init of esource" would be wrong twice.
        const rendered = hook.file.rendered!;
        const stray = call.positionals.some((w) => w.text !== '' && !rendered.isOpaque(w.start, w.end));
        if (stray && ctx.isEnabled('INIT-CLI-POSITIONAL')) continue;
        if (!ctx.model.model.resources.has(p.logicalId) && ctx.isEnabled('HOOK-PATH-UNKNOWN-RESOURCE')) continue; // HOOK-PATH-UNKNOWN-RESOURCE explains it
        const pathHasInit = ctx.model.inits.some((i) => i.resource.logicalId === p.logicalId);
        const edits = pathHasInit ? replaceRendered(ctx, hook, r.start, r.end, p.logicalId) : undefined;
        ctx.report({
          ...contentRange(hook.file, r.start, r.end),
          message: `${hookLabel(hook)} watches "${p.logicalId}" but its cfn-init runs the Init of "${r.text}": a change to "${p.logicalId}" re-applies the other resource's configuration.${pathHasInit ? ` Use --resource ${p.logicalId}.` : ''}`,
          fix: fix(`Use --resource ${p.logicalId}`, edits),
        });
      }
    }
  },
};

/** Hooks grouped by the machine that runs them: one Init resource, one config directory. */
function hookGroups(ctx: RuleContext): Hook[][] {
  const groups = new Map<string, Hook[]>();
  for (const hook of ctx.model.hooks) {
    if (!isSelected(hook.file.config)) continue; // a config no configSet runs writes nothing
    const key = `${hook.file.config.init.resource.logicalId}|${hook.file.classified.configDir}`;
    const list = groups.get(key) ?? [];
    list.push(hook);
    groups.set(key, list);
  }
  return [...groups.values()];
}

export const hookDuplicateName: Rule = {
  id: 'HOOK-DUPLICATE-NAME',
  severity: 'error',
  conf: true,
  title: 'Two hooks with the same name',
  doc: {
    why: 'cfn-hup reads every hook file into one ConfigParser: sections with the same name merge key by key in directory order, so one hook silently disappears (and with Python 3, a duplicate in one file is a crash).',
    source: 'aws-cfn-bootstrap update_hooks.py L66-74; cfn-hup docs',
    bad: 'hooks.d/app1.conf and hooks.d/app2.conf both contain [cfn-auto-reloader-hook]',
    good: '[app1-reloader] and [app2-reloader]',
  },
  check(ctx) {
    if (ctx.model.hooks.length < 2) return; // one hook has no twin, in any branch
    for (const group of hookGroups(ctx)) {
      const seen = new Map<string, Hook>();
      for (const hook of group) {
        const first = seen.get(hook.section.name);
        if (!first) {
          seen.set(hook.section.name, hook);
          continue;
        }
        const sameFile = first.file === hook.file;
        const identical = !sameFile && bodyOf(first) === bodyOf(hook);
        ctx.report({
          ...contentRange(hook.file, hook.section.headerStart, hook.section.headerEnd),
          severity: identical ? 'warning' : undefined,
          message: `Hook name [${hook.section.name}] is used twice${sameFile ? ' in this file' : ` (also in ${first.file.path})`}: cfn-hup merges them into one hook, so one of them never runs. Give each hook its own name.`,
        });
      }
    }
  },
};

function bodyOf(hook: Hook): string {
  return hook.section.options.map((o) => `${o.name}=${o.value}`).join('\n');
}

export const hookDuplicateKey: Rule = {
  id: 'HOOK-DUPLICATE-KEY',
  severity: 'error',
  conf: true,
  title: 'Same key twice in one hook',
  doc: {
    why: 'Python 3 ConfigParser (aws-cfn-bootstrap 2.x) refuses the file; Python 2 silently keeps the last value.',
    source: 'Python ConfigParser',
    bad: 'triggers=post.add\ntriggers=post.update',
    good: 'triggers=post.add,post.update',
  },
  check(ctx) {
    for (const file of [...ctx.model.hookFiles, ...ctx.model.hupConfs]) {
      for (const section of file.ini?.sections ?? []) {
        const seen = new Set<string>();
        for (const o of section.options) {
          if (seen.has(o.name))
            ctx.report({
              ...contentRange(file, o.keyStart, o.keyEnd),
              message: `"${o.key}" appears twice in [${section.name}]: cfn-hup on Python 3 will fail to read the file, and Python 2 keeps only the last one. Keep one.`,
            });
          seen.add(o.name);
        }
      }
    }
  },
};

export const hookUnknownKey: Rule = {
  id: 'HOOK-UNKNOWN-KEY',
  severity: 'warning',
  conf: true,
  title: 'Unknown key in a hook',
  doc: {
    why: 'cfn-hup ignores keys it does not know: `command=` or `trigger=` do nothing.',
    source: 'aws-cfn-bootstrap update_hooks.py L83-110',
    bad: 'command=/opt/aws/bin/cfn-init …',
    good: 'action=/opt/aws/bin/cfn-init …',
  },
  check(ctx) {
    for (const hook of ctx.model.hooks) {
      for (const o of hook.section.options) {
        if (HOOK_KEYS.has(o.name) || hook.file.rendered!.isOpaque(o.keyStart, o.keyEnd)) continue;
        const suggestion =
          closest(o.name, ['triggers', 'path', 'action', 'runas']) ?? (o.name === 'command' ? 'action' : undefined);
        ctx.report({
          ...contentRange(hook.file, o.keyStart, o.keyEnd),
          message: `${hookLabel(hook)}: cfn-hup ignores "${o.key}"${suggestion ? `; did you mean "${suggestion}"?` : '.'} Hook keys are triggers, path, action and runas.`,
        });
      }
    }
  },
};

export const hookIndentedKey: Rule = {
  id: 'HOOK-INDENTED-KEY',
  severity: 'error',
  conf: true,
  title: 'Indented hook key becomes part of the previous value',
  doc: {
    why: 'ConfigParser reads a line indented further than the option above it as a continuation of that value: `  path=…` after `triggers=…` makes the triggers "post.update\\npath=…" and the hook has no path. (Options indented alike are separate options for Python 3; Python 2 refuses a section whose first option is indented.)',
    source: 'Python ConfigParser',
    bad: 'triggers=post.update\n  path=Resources.X.Metadata',
    good: 'triggers=post.update\npath=Resources.X.Metadata',
  },
  check(ctx) {
    for (const file of [...ctx.model.hookFiles, ...ctx.model.hupConfs]) {
      const ini = file.ini;
      if (!ini) continue;
      for (const section of ini.sections) {
        for (const o of section.options) {
          for (const l of o.continuationLines) {
            const line = ini.lines[l]!;
            const m = /^(\s+)(triggers|path|action|runas|stack|region|interval)\s*[=:]/i.exec(line.text);
            if (!m) continue;
            const edits = file.rendered
              ? replaceRendered(ctx, { file }, line.start, line.start + m[1]!.length, '')
              : undefined;
            ctx.report({
              ...contentRange(file, line.start, line.end),
              message: `"${m[2]}" is indented, so ConfigParser reads it as part of "${o.key}": the setting is lost. Remove the leading spaces.`,
              fix: fix('Remove the indentation', edits),
            });
          }
        }
      }
    }
  },
};

export const hookRunasWindows: Rule = {
  id: 'HOOK-RUNAS-WINDOWS',
  severity: 'error',
  conf: true,
  title: 'runas in a Windows hook',
  doc: {
    why: 'cfn-hup runs a hook with runas through `su`, which Windows does not have: the hook fails every time.',
    source: 'aws-cfn-bootstrap update_hooks.py L621-622',
    bad: 'c:\\cfn\\hooks.d\\reloader.conf: runas=Administrator',
    good: 'omit runas on Windows',
  },
  check(ctx) {
    for (const hook of ctx.model.hooks) {
      if (hook.file.classified.os === 'windows' && hook.runas) {
        ctx.report({
          ...contentRange(hook.file, hook.runas.keyStart, hook.runas.valueEnd),
          message: `${hookLabel(hook)}: cfn-hup runs "runas" hooks through "su", which Windows lacks: the action will fail every time. Remove runas.`,
        });
      }
    }
  },
};

export const hookLocation: Rule = {
  id: 'HOOK-LOCATION',
  severity: 'warning',
  title: 'Hook file written where cfn-hup does not look',
  doc: {
    why: 'cfn-hup reads hooks only from hooks.conf and files directly inside hooks.d/ of its config directory; a hook written anywhere else never exists.',
    source: 'aws-cfn-bootstrap update_hooks.py L66-74',
    bad: '/etc/cfn/cfn-auto-reloader.conf',
    good: '/etc/cfn/hooks.d/cfn-auto-reloader.conf',
  },
  check(ctx) {
    let linked: Set<string> | undefined;
    for (const file of ctx.model.files) {
      if (file.classified.role !== 'other' || !file.rendered) continue;
      // A symbolic link in hooks.d (a 120xxx mode, content the target) makes cfn-hup read it there.
      linked ??= linkTargetsInHooks(ctx.model.files);
      if (linked.has(file.path)) continue;
      const t = file.rendered.text;
      if (
        !someLineStartsWith(t, /\[[^\]\r\n]+\]/y) ||
        !someLineStartsWith(t, /triggers\s*[=:]/y) ||
        !someLineStartsWith(t, /path\s*[=:]/y)
      )
        continue;
      const dir = file.classified.os === 'windows' ? 'c:\\cfn\\hooks.d\\' : '/etc/cfn/hooks.d/';
      const name = file.path.split(/[\\/]/).pop();
      ctx.report({
        ...keyRange(file),
        message: `cfn-hup never reads hooks from "${file.path}": it reads only hooks.conf and files directly inside hooks.d/. Write it to ${dir}${name}.`,
      });
    }
  },
};

/** The literal targets of symbolic links the Init writes as cfn-hup hook files. */
function linkTargetsInHooks(files: readonly InitFile[]): Set<string> {
  const targets = new Set<string>();
  for (const f of files) {
    if (!isHookRole(f.classified.role)) continue;
    const target = stringValue(f.content?.value);
    if (target && isSymlinkMode(stringValue(getProperty(f.node, 'mode')))) targets.add(target.trim());
  }
  return targets;
}

export const hookNoHooks: Rule = {
  id: 'HOOK-NO-HOOKS',
  severity: 'warning',
  title: 'cfn-hup configured without any hook',
  doc: {
    why: 'Without hooks.conf or a hooks.d/ file cfn-hup exits with "No hook configurations found" (unless hooks are baked into the AMI). Silent when a UserData script or an Init command names hooks.d or hooks.conf, or an Init source archive is unpacked into the cfn-hup folder: they may write a hook the template does not show.',
    source: 'aws-cfn-bootstrap update_hooks.py L76-77',
    bad: 'files: /etc/cfn/cfn-hup.conf only',
    good: 'files: /etc/cfn/cfn-hup.conf and /etc/cfn/hooks.d/cfn-auto-reloader.conf',
  },
  check(ctx) {
    if (ctx.model.hupConfs.length === 0) return;
    for (const init of ctx.model.inits) {
      // One pass over the files of the configs that run: the cfn-hup.conf files, and the config
      // directories that have a hook file.
      let confs: InitFile[] | undefined;
      const hookDirs = new Set<string | undefined>();
      for (const c of init.configs) {
        if (!isSelected(c)) continue;
        for (const f of c.files) {
          const role = f.classified.role;
          if (role === 'hup-conf') (confs ??= []).push(f);
          else if (role === 'hook' || role === 'hooks-conf') hookDirs.add(f.classified.configDir);
        }
      }
      if (!confs) continue;
      for (const conf of confs) {
        if (hookDirs.has(conf.classified.configDir)) continue;
        // A hook written by UserData, a command or an archive: cfn-hup has one we cannot see.
        if (hooksOutOfSight(ctx.model)) return;
        ctx.report({
          ...keyRange(conf),
          message: `"${init.resource.logicalId}" writes cfn-hup.conf but no hook file: cfn-hup will exit ("No hook configurations found") unless the AMI has hooks. Add ${conf.classified.os === 'windows' ? 'c:\\cfn\\hooks.d\\cfn-auto-reloader.conf' : '/etc/cfn/hooks.d/cfn-auto-reloader.conf'}.`,
        });
      }
    }
  },
};

export const hookCfnInitRelative: Rule = {
  id: 'HOOK-CFNINIT-RELATIVE',
  severity: 'info',
  conf: true,
  title: 'Hook calls cfn-init without a full path',
  doc: {
    why: "cfn-hup's environment (a service) often lacks /opt/aws/bin on PATH; AWS examples call /opt/aws/bin/cfn-init.",
    source: 'cfn-hup docs example',
    bad: 'action=cfn-init -v --stack … --resource LaunchConfig',
    good: 'action=/opt/aws/bin/cfn-init -v --stack … --resource LaunchConfig',
  },
  check(ctx) {
    for (const hook of ctx.model.hooks) {
      if (hook.file.classified.os === 'windows') continue;
      for (const call of hook.cfnInitCalls) {
        if (call.windows || call.program.text.includes('/')) continue;
        ctx.report({
          ...contentRange(hook.file, call.program.start, call.program.end),
          message: `${hookLabel(hook)} calls "cfn-init" by name: under a service manager PATH may not include its directory. Use the full path, e.g. /opt/aws/bin/cfn-init.`,
        });
      }
    }
  },
};

export const hookRules: Rule[] = [
  hookMissingKey,
  hookUnknownTrigger,
  hookOnCommandMixed,
  hookPathFatal,
  hookPathUnknownResource,
  hookPathNoMetadata,
  hookPathMissingKey,
  hookPathUnescapedDot,
  hookPathPhysidSubpath,
  hookActionResourceMismatch,
  hookDuplicateName,
  hookDuplicateKey,
  hookUnknownKey,
  hookIndentedKey,
  hookRunasWindows,
  hookLocation,
  hookNoHooks,
  hookCfnInitRelative,
];

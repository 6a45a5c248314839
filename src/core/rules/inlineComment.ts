/**
 * `interval=5 ; minutes`: an inline comment. aws-cfn-bootstrap 1.4 (Python 2) strips it, as Python 2's
 * ConfigParser does with a `;` after a blank on an option's first line. 2.x runs on Python 3 (every
 * current Amazon Linux, Windows and pip install), whose ConfigParser keeps inline comments in the value
 * unless it is told otherwise; 2.x's source could not be read (cfn-hup-semantics §11), so this is a
 * warning, not an error: very likely wrong on the bootstrap that runs today, harmless on 1.4. One finding here, with the consequence for the
 * key; the rules that read the value judge it as its author meant it, without the comment (what Python 2
 * reads), so a value wrong in itself is still reported and a comment is not reported again by each.
 */
import type { Rule, RuleContext } from './rule';
import type { Hook, InitFile } from '../cfnhup/model';
import { findOption, type IniOption } from '../cfnhup/ini';
import { parseHookPath, type HookPath } from '../cfnhup/hookPath';
import { TRIGGER_NAMES } from '../cfnhup/vocabulary';
import { contentRange, fix, replaceRenderedRange } from './util';

const RULE_ID = 'HUP-INLINE-COMMENT';

/** What a value read with its comment does, per key (Python 3's reading; other keys are left alone). */
const MAIN_CONSEQUENCES: Readonly<Record<string, string>> = {
  stack: 'cfn-hup asks CloudFormation for a stack of that name, finds none, and no hook ever runs',
  region: 'cfn-hup asks for the stack in a region of that name, reaches none, and no hook ever runs',
  interval: 'the interval is not a whole number and cfn-hup crashes at start',
  verbose: 'verbose is not a boolean and cfn-hup crashes at start',
  umask: 'the umask is not octal and cfn-hup exits at start',
};

const HOOK_KEYS = new Set(['triggers', 'path', 'runas']);

function hookConsequence(hook: Hook, o: IniOption): string {
  if (o.name === 'runas') return 'no user has that name and the action fails every time it runs';
  if (o.name === 'path')
    return hook.parsedPath?.fatal
      ? 'the path is not Resources.<Id>.Metadata…: on its first poll cfn-hup stops with a fatal error, and every other hook with it'
      : 'the path names nothing in the stack and the hook never fires';
  // Called for a value with a comment: at least the token that holds it is broken.
  const tokens = o.value.split(',');
  const broken = tokens.filter((t) => !TRIGGER_NAMES.has(t.trim()));
  return broken.length === tokens.length
    ? 'the hook has no trigger cfn-hup knows and never fires'
    : `the trigger "${broken[0]?.trim()}" is none cfn-hup knows and the hook never fires on it`;
}

export interface InlineComment {
  /** Offsets in the rendered file: the blanks before `;`, the `;`, the end of the option's first line. */
  blanksStart: number;
  start: number;
  end: number;
}

/**
 * The comment Python 2 strips from an option's value: from the first `;` of its first line when a blank
 * precedes it, to the end of that line. The blank and the `;` must be the template's own text (a
 * template value may hold anything); the comment after them may hold values. The `action=` of a hook is
 * not read here: a `;` there is the shell's command separator, and Python 3 passes it to the shell. In
 * `triggers=post.add ; post.update` the `;` was meant as a separator, not a comment (HOOK-UNKNOWN-TRIGGER).
 */
export function inlineComment(file: InitFile, o: IniOption): InlineComment | undefined {
  const semicolon = o.value.indexOf(';');
  if (semicolon < 0) return undefined; // nearly every value: nothing to read
  const newline = o.value.indexOf('\n');
  if (newline >= 0 && newline < semicolon) return undefined; // only the first line is stripped
  const firstLine = (newline < 0 ? o.value : o.value.slice(0, newline)).trimEnd();
  const at = semicolon;
  if (at <= 0 || !/\s/.test(firstLine[at - 1]!)) return undefined;
  const r = file.rendered!;
  const start = o.valueStart + at;
  if (r.isOpaque(start - 1, start + 1)) return undefined;
  if (o.name === 'triggers' && /\b(?:post\.(?:add|update|remove)|on\.command)\b/i.test(firstLine.slice(at)))
    return undefined;
  let blanksStart = start;
  while (blanksStart > o.valueStart && /\s/.test(r.text[blanksStart - 1]!)) blanksStart--;
  return { blanksStart, start, end: o.valueStart + firstLine.length };
}

function inScope(o: IniOption, hookKey: boolean): boolean {
  return hookKey ? HOOK_KEYS.has(o.name) : Object.hasOwn(MAIN_CONSEQUENCES, o.name);
}

/**
 * The option as the rules that read its value judge it: without the comment HUP-INLINE-COMMENT reports
 * (when it runs), else as it is.
 */
export function asMeant(ctx: RuleContext, file: InitFile, o: IniOption, hookKey: boolean): IniOption {
  if (!o.value.includes(';') || !inScope(o, hookKey) || !ctx.isEnabled(RULE_ID)) return o;
  const c = inlineComment(file, o);
  if (!c) return o;
  return { ...o, value: file.rendered!.text.slice(o.valueStart, c.blanksStart), valueEnd: c.blanksStart };
}

/** A hook's path as the path rules judge it (see asMeant), and its parse. */
export function hookPathAsMeant(ctx: RuleContext, hook: Hook): { o: IniOption; p: HookPath } | undefined {
  const o = hook.path;
  if (!o || !hook.parsedPath) return undefined;
  const meant = asMeant(ctx, hook.file, o, true);
  return { o: meant, p: meant === o ? hook.parsedPath : parseHookPath(meant.value) };
}

function report(ctx: RuleContext, file: InitFile, o: IniOption, consequence: () => string, where: string): void {
  const c = inlineComment(file, o);
  if (!c) return;
  const r = file.rendered!;
  const read = r.text.slice(o.valueStart, c.end);
  const meant = r.text.slice(o.valueStart, c.blanksStart);
  const edits = replaceRenderedRange(ctx.model.model.root, r, c.blanksStart, c.end, '');
  ctx.report({
    ...contentRange(file, c.start, c.end),
    message: `${where}${o.key}="${read}": aws-cfn-bootstrap 2.x (current Amazon Linux, Windows and pip installs) runs on Python 3, whose ConfigParser keeps an inline comment in the value unless told otherwise, so ${consequence()}; only 1.4, on Python 2, strips it (to "${meant}"). Put the comment on a line of its own.`,
    fix: fix('Remove the inline comment', edits),
  });
}

export const hupInlineComment: Rule = {
  id: RULE_ID,
  severity: 'warning',
  conf: true,
  title: 'Inline comment in a cfn-hup value',
  doc: {
    why: "aws-cfn-bootstrap 2.x runs on Python 3, whose ConfigParser keeps inline comments in the value unless told otherwise: in `interval=5 ; minutes` the value would be \"5 ; minutes\", and cfn-hup crashes at start. A `; comment` in stack, region, interval, verbose or umask, or in a hook's triggers, path or runas, then breaks cfn-hup or the hook. Only 1.4 (Python 2) surely strips it. A warning: 2.x's own source could not be read. A `;` in a hook's action is left alone: the shell reads it as a command separator.",
    source:
      'Python 3 configparser (inline_comment_prefixes=None by default) and Python 2 ConfigParser._read; aws-cfn-bootstrap bin/cfn-hup, update_hooks.py',
    bad: 'interval=5 ; minutes',
    good: '; minutes between polls\ninterval=5',
  },
  check(ctx) {
    for (const file of ctx.model.hupConfs) {
      // The options cfn-hup reads: the first [main], the last of each key (as the value rules read them).
      const main = file.ini?.sections.find((s) => s.name === 'main');
      if (!main || !file.rendered) continue;
      for (const [key, consequence] of Object.entries(MAIN_CONSEQUENCES)) {
        const o = findOption(main, key);
        if (o) report(ctx, file, o, () => consequence, '');
      }
    }
    for (const hook of ctx.model.hooks)
      for (const o of [hook.triggers, hook.path, hook.runas])
        if (o) report(ctx, hook.file, o, () => hookConsequence(hook, o), `Hook [${hook.section.name}]: `);
  },
};

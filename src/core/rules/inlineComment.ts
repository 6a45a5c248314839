/**
 * `interval=5 ; minutes`: an inline comment. aws-cfn-bootstrap 1.4 (Python 2) strips it, as Python 2's
 * ConfigParser does with a `;` after a blank on an option's first line; 2.x (Python 3: every current
 * Amazon Linux, Windows and pip install) has no inline comments and reads it as part of the value, so
 * the value is wrong on the bootstrap that runs today. One finding here, with the consequence for the
 * key, instead of a finding on a mangled value from each rule that reads it (they stay silent on it).
 */
import type { Rule, RuleContext } from './rule';
import type { InitFile } from '../cfnhup/model';
import { findOption, type IniOption } from '../cfnhup/ini';
import { contentRange, fix, replaceRenderedRange } from './util';

/** What a value that ends in a comment does, per key read (others are left alone). */
const MAIN_CONSEQUENCES: Readonly<Record<string, string>> = {
  stack: 'cfn-hup asks CloudFormation for a stack of that name, finds none, and no hook ever runs',
  region: 'cfn-hup asks for the stack in a region of that name, reaches none, and no hook ever runs',
  interval: 'the interval is not a whole number and cfn-hup crashes at start',
  verbose: 'verbose is not a boolean and cfn-hup crashes at start',
  umask: 'the umask is not octal and cfn-hup exits at start',
};

const HOOK_CONSEQUENCES: Readonly<Record<string, string>> = {
  triggers: 'its last trigger is none cfn-hup knows and the hook never fires on it',
  path: 'the path names no metadata key and the hook never fires',
  runas: 'no user has that name and the action fails every time it runs',
};

export interface InlineComment {
  /** Offsets in the rendered file: the blanks before `;`, the `;`, the end of the option's first line. */
  blanksStart: number;
  start: number;
  end: number;
}

/**
 * The comment Python 2 strips from an option's value: from the first `;` of its first line when a blank
 * precedes it, to the end of that line. The `action=` of a hook is not read here: a `;` there is the
 * shell's command separator, and Python 3 passes it to the shell.
 */
export function inlineComment(file: InitFile, o: IniOption): InlineComment | undefined {
  const firstLine = o.value.split('\n', 1)[0]!.trimEnd();
  const at = firstLine.indexOf(';');
  if (at <= 0 || !/\s/.test(firstLine[at - 1]!)) return undefined;
  const r = file.rendered!;
  const start = o.valueStart + at;
  const end = o.valueStart + firstLine.length;
  if (r.isOpaque(start, end)) return undefined; // a template value may hold it, or not
  let blanksStart = start;
  while (blanksStart > o.valueStart && /\s/.test(r.text[blanksStart - 1]!)) blanksStart--;
  return { blanksStart, start, end };
}

/** The value as its author meant it (Python 2 reads it so): without the comment HUP-INLINE-COMMENT reports. */
export function valueWithoutComment(file: InitFile, o: IniOption): string {
  const c = inlineComment(file, o);
  return c ? file.rendered!.text.slice(o.valueStart, c.blanksStart) : o.value;
}

/** Whether HUP-INLINE-COMMENT reports this option, so a rule that reads its value need not. */
export function explainedByInlineComment(ctx: RuleContext, file: InitFile, o: IniOption, hookKey: boolean): boolean {
  const keys = hookKey ? HOOK_CONSEQUENCES : MAIN_CONSEQUENCES;
  return Object.hasOwn(keys, o.name) && ctx.isEnabled('HUP-INLINE-COMMENT') && inlineComment(file, o) !== undefined;
}

function report(ctx: RuleContext, file: InitFile, o: IniOption, consequence: string, where: string): void {
  const c = inlineComment(file, o);
  if (!c) return;
  const r = file.rendered!;
  const read = r.text.slice(o.valueStart, c.end);
  const meant = r.text.slice(o.valueStart, c.blanksStart);
  const edits = replaceRenderedRange(ctx.model.model.root, r, c.blanksStart, c.end, '');
  ctx.report({
    ...contentRange(file, c.start, c.end),
    message: `${where}${o.key}="${read}": cfn-hup on Python 3 (aws-cfn-bootstrap 2.x: current Amazon Linux, Windows and pip installs) reads an inline comment as part of the value, so ${consequence}; only 1.4, on Python 2, strips it to "${meant}". Put the comment on a line of its own.`,
    fix: fix('Remove the inline comment', edits),
  });
}

export const hupInlineComment: Rule = {
  id: 'HUP-INLINE-COMMENT',
  severity: 'error',
  conf: true,
  title: 'Inline comment in a cfn-hup value',
  doc: {
    why: 'aws-cfn-bootstrap 2.x reads cfn-hup.conf and hook files with Python 3, whose ConfigParser has no inline comments: in `interval=5 ; minutes` the value is "5 ; minutes", and cfn-hup crashes at start. A `; comment` in stack, region, interval, verbose or umask, or in a hook\'s triggers, path or runas, breaks cfn-hup or the hook. Only 1.4 (Python 2) strips it. A `;` in a hook\'s action is left alone: the shell reads it as a command separator.',
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
        if (o) report(ctx, file, o, consequence, '');
      }
    }
    for (const hook of ctx.model.hooks)
      for (const o of [hook.triggers, hook.path, hook.runas])
        if (o) report(ctx, hook.file, o, HOOK_CONSEQUENCES[o.name]!, `Hook [${hook.section.name}]: `);
  },
};

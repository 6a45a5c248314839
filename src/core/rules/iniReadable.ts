/**
 * Files cfn-hup cannot read at all. cfn-hup reads cfn-hup.conf, hooks.conf and every file in hooks.d
 * (whatever its name: a script dropped there too) with ConfigParser. Text before the first `[section]`
 * raises MissingSectionHeaderError, and a line that is no `[section]`, `key=value`, comment or indented
 * continuation raises ParsingError; neither is caught, so cfn-hup dies at start and no hook runs (found in
 * a real template: a PowerShell script written to c:\cfn\hooks.d\).
 */
import type { Rule } from './rule';
import type { InitFile } from '../cfnhup/model';
import { isSelected } from '../cfnhup/model';
import type { IniProblem } from '../cfnhup/ini';
import { contentRange } from './util';

/**
 * Python 2's ConfigParser also skips `rem` lines as comments; Python 3's does not: no verdict on them (nor
 * on anything else the two read differently).
 */
const REM = /^rem(?:\s|$)/i;

/** The first line of the file ConfigParser refuses, when the rendered text leaves no doubt about it. */
function firstUnreadable(file: InitFile): { problem: IniProblem; text: string } | undefined {
  const r = file.rendered;
  const ini = file.ini;
  if (!r || !ini || ini.problems.length === 0) return undefined;
  for (const problem of ini.problems) {
    if (problem.kind === 'indented-first-option') continue; // Python 3 reads it, Python 2 refuses it
    const text = r.text.slice(problem.start, problem.end);
    if (REM.test(text)) continue;
    // An indented [section] or comment: Python 3 strips the line first and reads it; Python 2 refuses it.
    // After a section only Python 3 sees, the lines below are in it for Python 3: no verdict on them either.
    if (/^\s+\[/.test(text)) return undefined;
    if (/^\s+[#;]/.test(text)) continue;
    // A template value (other than a pseudo parameter) before the line, or where it starts, might hold a
    // [section] line; one inside a line that is no option might hold its `=`.
    const first = problem.start + (text.length - text.trimStart().length);
    const upTo = problem.kind === 'no-section-header' ? first + 1 : problem.end;
    if (r.opaque.some((o) => o.start < upTo && !o.name.startsWith('AWS::'))) return undefined;
    return { problem, text };
  }
  return undefined;
}

/** A script rather than a hook file: a script's extension, or a `#!` first line. */
function looksLikeScript(file: InitFile): boolean {
  const text = file.rendered?.text ?? '';
  return /\.(?:ps1|sh|bash|py|bat|cmd|rb|pl)$/i.test(file.path) || /^#!/.test(text);
}

export const hupUnreadableFile: Rule = {
  id: 'HUP-FILE-UNREADABLE',
  severity: 'error',
  conf: true,
  title: 'cfn-hup cannot read this file: it dies at start',
  doc: {
    why: 'cfn-hup reads cfn-hup.conf, hooks.conf and every file in hooks.d, whatever its name, with ConfigParser. Text before the first [section] raises MissingSectionHeaderError; a line that is no [section], key=value, comment or indented continuation raises ParsingError. cfn-hup does not catch either: it dies at start and no hook runs, on every instance. A script written to hooks.d is read the same way.',
    source:
      'aws-cfn-bootstrap update_hooks.py L66-74 (every file of hooks.d read into one ConfigParser), bin/cfn-hup L75-79 (only ValueError caught); Python ConfigParser',
    bad: "/etc/cfn/hooks.d/cfn-auto-reloader.conf: 'triggers=post.update\\npath=…' (no [cfn-auto-reloader-hook] line); c:\\cfn\\hooks.d\\setup.ps1",
    good: "'[cfn-auto-reloader-hook]\\ntriggers=post.update\\npath=…'; scripts outside hooks.d, e.g. c:\\cfn\\scripts\\setup.ps1",
  },
  check(ctx) {
    for (const file of [...ctx.model.hupConfs, ...ctx.model.hookFiles]) {
      if (!isSelected(file.config)) continue; // never written, never read
      // A cfn-hup.conf without any section is HUP-MAIN-SECTION's finding. A file opened on its own (no
      // template `content`) sits in some hooks.d folder, maybe not cfn-hup's: judged only when it is INI,
      // and not a script (`[ -f x ] && …` reads as a [section] line to ConfigParser).
      const sections = file.ini?.sections.length ?? 0;
      if (sections === 0 && file.classified.role === 'hup-conf') continue;
      if (file.content === undefined && (sections === 0 || looksLikeScript(file))) continue;
      const bad = firstUnreadable(file);
      if (!bad) continue;
      const line = bad.text.trim();
      const shown = line.length > 50 ? `${line.slice(0, 47)}…` : line;
      const why =
        bad.problem.kind === 'no-section-header'
          ? `comes before any [section], so ConfigParser stops with MissingSectionHeaderError`
          : `is no [section], key=value, comment or indented continuation, so ConfigParser stops with a ParsingError`;
      const next =
        file.classified.role === 'hook' && looksLikeScript(file)
          ? 'Keep scripts out of hooks.d: cfn-hup reads every file there as hooks. Write it elsewhere (e.g. a scripts folder).'
          : bad.problem.kind === 'no-section-header'
            ? 'Start the file with its [section] line.'
            : 'Write it as key=value, indent it to continue the value above, or comment it out with #.';
      ctx.report({
        ...contentRange(file, bad.problem.start, bad.problem.end),
        message: `"${shown}" in ${file.path} ${why}: cfn-hup dies at start and no hook runs. ${next}`,
      });
    }
  },
};

export const iniReadableRules: Rule[] = [hupUnreadableFile];

// Over ~350 lines on purpose: the catalogue of cfn-hup.conf [main] rules, one self-contained Rule
// object each with its documentation; they share this file's private helpers (eachHupConf, eachMainValue).
import type { Rule, RuleContext } from './rule';
import type { InitFile } from '../cfnhup/model';
import { findOption, type IniFile, type IniOption, type IniSection } from '../cfnhup/ini';
import { HOOK_KEY_NAMES, MAIN_KEY_NAMES, MAIN_KEYS as MAIN_KEY_DOCS } from '../cfnhup/vocabulary';
import { closest, contentRange, fix, keyRange, replaceRenderedRange, replaceValueChars } from './util';
import { asMeant } from './inlineComment';
import { isSpace, lineEndOf, skipKeyChars, skipSpaces, someLineStartsWith, startsWithSetting } from '../text/scan';

const MAIN_KEYS = MAIN_KEY_NAMES;
const HOOK_KEYS = HOOK_KEY_NAMES;
const BOOLEANS = new Set(['1', 'yes', 'true', 'on', '0', 'no', 'false', 'off']);

function eachHupConf(ctx: RuleContext, fn: (file: InitFile, ini: IniFile) => void): void {
  for (const file of ctx.model.hupConfs) if (file.ini && file.rendered) fn(file, file.ini);
}

function mainSection(ini: IniFile): IniSection | undefined {
  return ini.sections.find((s) => s.name === 'main');
}

/**
 * Each literal value of one [main] key: the option, its trimmed value and
 * the source range of the value (at least one character, so an empty value
 * can be pointed at). Values that depend on an unknown (a parameter) are skipped.
 * The range is a function: mapping rendered text back to the source costs a
 * pass over the scalar, worth paying only for a finding.
 */
function eachMainValue(
  ctx: RuleContext,
  key: string,
  fn: (o: IniOption, value: string, range: () => { start: number; end: number }) => void,
): void {
  eachHupConf(ctx, (file, ini) => {
    const main = mainSection(ini);
    const found = main && findOption(main, key);
    // A value that ends in a comment is judged without it (HUP-INLINE-COMMENT reports the comment).
    const o = found && asMeant(ctx, file, found, false);
    if (!o || file.rendered!.isOpaque(o.valueStart, o.valueEnd)) return;
    fn(o, o.value.trim(), () => contentRange(file, o.valueStart, Math.max(o.valueEnd, o.valueStart + 1)));
  });
}

/** A line that starts with an unknown value could itself be a `[main]` header or a `key=` line. */
function hasOpaqueLineStart(file: InitFile): boolean {
  const r = file.rendered!;
  return file.ini!.lines.some((l) => r.isOpaque(l.start, l.start + 1));
}

export const hupMainSection: Rule = {
  id: 'HUP-MAIN-SECTION',
  severity: 'error',
  conf: true,
  title: 'cfn-hup.conf has no [main] section',
  doc: {
    why: 'cfn-hup reads its settings from the section named exactly `[main]` (case-sensitive). Without it cfn-hup exits at start and no hook ever runs.',
    source: 'aws-cfn-bootstrap update_hooks.py L51-52',
    bad: '"/etc/cfn/cfn-hup.conf": { "content": { "Fn::Sub": "[Main]\\nstack=${AWS::StackId}\\n" } }',
    good: '"/etc/cfn/cfn-hup.conf": { "content": { "Fn::Sub": "[main]\\nstack=${AWS::StackId}\\n" } }',
  },
  check(ctx) {
    eachHupConf(ctx, (file, ini) => {
      if (mainSection(ini) || hasOpaqueLineStart(file)) return;
      const near = ini.sections.find((s) => s.name.trim().toLowerCase() === 'main');
      const range = near
        ? contentRange(file, near.headerStart, near.headerEnd)
        : file.content
          ? { start: file.content.value.start, end: file.content.value.end }
          : keyRange(file);
      const edits = near && file.rendered ? replaceSection(ctx, file, near) : undefined;
      ctx.report({
        ...range,
        message: near
          ? `cfn-hup.conf has "[${near.name}]" but cfn-hup only reads "[main]" (case-sensitive): cfn-hup will exit at start. Write "[main]".`
          : 'cfn-hup.conf has no "[main]" section: cfn-hup will exit at start and no hook will run. Start the file with "[main]" on its own line.',
        fix: fix('Write [main]', edits),
      });
    });
  },
};

function replaceSection(ctx: RuleContext, file: InitFile, section: IniSection) {
  return replaceRenderedRange(
    ctx.model.model.root,
    file.rendered!,
    section.headerStart + 1,
    section.headerEnd - 1,
    'main',
  );
}

export const hupStackMissing: Rule = {
  id: 'HUP-STACK-MISSING',
  severity: 'error',
  conf: true,
  title: 'cfn-hup.conf [main] has no stack',
  doc: {
    why: 'Without `stack=` cfn-hup logs "[main] section must contain stack option" and exits: no hook ever runs.',
    source: 'aws-cfn-bootstrap update_hooks.py L51-54',
    bad: '[main]\nregion=${AWS::Region}',
    good: '[main]\nstack=${AWS::StackId}\nregion=${AWS::Region}',
  },
  check(ctx) {
    eachHupConf(ctx, (file, ini) => {
      const main = mainSection(ini);
      if (!main || findOption(main, 'stack') || hasOpaqueLineStart(file)) return;
      if (main.trailingTextStart !== undefined && ctx.isEnabled('HUP-ONE-LINE')) return; // HUP-ONE-LINE explains it
      ctx.report({
        ...contentRange(file, main.headerStart, main.headerEnd),
        message:
          'cfn-hup.conf [main] has no "stack=" line: cfn-hup will exit at start ("[main] section must contain stack option"). Add "stack=${AWS::StackId}".',
      });
    });
  },
};

/**
 * Where a line holds two `key=` settings: the index of the whitespace before
 * each later key, added to `result`. Nothing after `action=` is looked at: that is shell text.
 */
function runTogetherSeparators(
  text: string,
  from: number,
  lineEnd: number,
  keys: ReadonlySet<string>,
  result: number[],
): void {
  if (startsWithSetting(text, from, lineEnd, 'action')) return;
  // `(\s+)([A-Za-z_-]+)\s*=` after the first word, scanned by hand: linear in the line.
  let p = skipSpaces(text, from, lineEnd);
  while (p < lineEnd) {
    if (!isSpace(text.charCodeAt(p))) {
      p++;
      continue;
    }
    const keyStart = skipSpaces(text, p, lineEnd);
    const keyEnd = skipKeyChars(text, keyStart, lineEnd);
    if (keyEnd === keyStart) {
      p = keyStart;
      continue;
    }
    const op = skipSpaces(text, keyEnd, lineEnd);
    if (text.charCodeAt(op) !== 61 /* = */ || op >= lineEnd) {
      p = keyEnd;
      continue;
    }
    p = op + 1;
    const key = text.slice(keyStart, keyEnd).toLowerCase();
    if (!keys.has(key)) continue;
    result.push(keyStart - 1);
    if (key === 'action') break;
  }
}

export const hupOneLine: Rule = {
  id: 'HUP-ONE-LINE',
  severity: 'error',
  conf: true,
  title: 'cfn-hup settings run together on one line',
  doc: {
    why: 'ConfigParser ignores text after a `[section]` header on the same line, and reads `stack=a region=b` as one value. A file joined with spaces instead of newlines loses every setting: cfn-hup exits ("[main] section must contain stack option") or the hook is skipped.',
    source: 'Python ConfigParser; seen in AWS sample templates (Fn::Join with " ")',
    bad: '{ "Fn::Join": ["", ["[main] ", "stack=", { "Ref": "AWS::StackId" }, " region=", { "Ref": "AWS::Region" }]] }',
    good: '{ "Fn::Join": ["", ["[main]\\n", "stack=", { "Ref": "AWS::StackId" }, "\\n", "region=", { "Ref": "AWS::Region" }, "\\n"]] }',
  },
  check(ctx) {
    for (const file of ctx.model.hupConfs) oneLine(ctx, file);
    for (const file of ctx.model.hookFiles) oneLine(ctx, file);
  },
};

/** HUP-ONE-LINE for one cfn-hup.conf or hook file. */
function oneLine(ctx: RuleContext, file: InitFile): void {
  const ini = file.ini;
  const r = file.rendered;
  if (!ini || !r) return;
  const keys = file.classified.role === 'hup-conf' ? MAIN_KEYS : HOOK_KEYS;
  const separators: number[] = [];
  for (const section of ini.sections) {
    if (section.trailingTextStart === undefined) continue;
    const textAfter = r.text.slice(section.trailingTextStart, lineEndOf(r.text, section.trailingTextStart));
    if (!/^[A-Za-z_-]+\s*[=:]/.test(textAfter)) continue;
    // Replace the last blank before the text, so the next line does not start indented.
    const i = section.trailingTextStart - 1;
    separators.push(i >= section.headerEnd && /\s/.test(r.text[i]!) ? i : -1);
  }
  for (const section of ini.sections) {
    for (const o of section.options)
      runTogetherSeparators(r.text, o.keyStart, lineEndOf(r.text, o.keyStart), keys, separators);
  }
  for (const section of ini.sections) {
    if (section.trailingTextStart === undefined) continue;
    runTogetherSeparators(
      r.text,
      section.trailingTextStart,
      lineEndOf(r.text, section.trailingTextStart),
      keys,
      separators,
    );
  }
  if (separators.length === 0) return; // most files: nothing run together
  const unique = [...new Set(separators)].sort((a, b) => a - b);
  const certain = unique.every((i) => i >= 0);
  const edits = certain ? replaceValueChars(ctx.model.model.root, ctx.model.text, r, unique, '\n') : undefined;
  const first = unique.find((i) => i >= 0) ?? 0;
  const lineStart = r.text.lastIndexOf('\n', first) + 1;
  const what = file.classified.role === 'hup-conf' ? 'cfn-hup.conf' : 'this hook file';
  ctx.report({
    ...contentRange(file, lineStart, lineEndOf(r.text, first)),
    message: `Settings in ${what} run together on one line (no newline between them): ConfigParser ignores text after a [section] header and reads "a=1 b=2" as one value, so ${file.classified.role === 'hup-conf' ? 'cfn-hup will exit at start' : 'the hook will be skipped'}. Put each setting on its own line ("\\n").`,
    fix: fix('Put each setting on its own line', edits),
  });
}

/** `key=` hidden inside another setting's value on the same line ("stack=a region=b"). */
function runTogether(main: IniSection, key: string): boolean {
  return main.options.some((o) => new RegExp(`(^|\\s)${key}\\s*=`).test(o.value));
}

export const hupRegionMissing: Rule = {
  id: 'HUP-REGION-MISSING',
  severity: 'warning',
  conf: true,
  title: 'cfn-hup.conf has no region',
  doc: {
    why: 'Without `region=` cfn-hup asks us-east-1 for the stack; in any other region it never finds it and no hook fires.',
    source: 'aws-cfn-bootstrap update_hooks.py L118-122',
    bad: '[main]\nstack=${AWS::StackId}',
    good: '[main]\nstack=${AWS::StackId}\nregion=${AWS::Region}',
  },
  check(ctx) {
    eachHupConf(ctx, (file, ini) => {
      const main = mainSection(ini);
      if (!main || findOption(main, 'region') || hasOpaqueLineStart(file)) return;
      // ConfigParser gives every section the [DEFAULT] section's options.
      const defaults = ini.sections.find((s) => s.name === 'DEFAULT');
      if (defaults && findOption(defaults, 'region')) return;
      if (ctx.isEnabled('HUP-ONE-LINE') && (main.trailingTextStart !== undefined || runTogether(main, 'region')))
        return; // HUP-ONE-LINE explains it
      const stack = findOption(main, 'stack');
      if (stack && /^arn:aws[\w-]*:cloudformation:/.test(stack.value)) return; // a literal ARN names its region
      ctx.report({
        ...contentRange(file, main.headerStart, main.headerEnd),
        message:
          'cfn-hup.conf has no "region=": cfn-hup will look for the stack in us-east-1 and, in any other region, never see an update. Add "region=${AWS::Region}".',
      });
    });
  },
};

export const hupIntervalInvalid: Rule = {
  id: 'HUP-INTERVAL-INVALID',
  severity: 'error',
  conf: true,
  title: 'cfn-hup interval is not a whole number of minutes ≥ 1',
  doc: {
    why: '`interval` is read with getint: `5m` or `0.5` crash cfn-hup, and a value below 1 makes it exit ("Invalid interval"); the Windows service silently falls back to 15.',
    source: 'aws-cfn-bootstrap bin/cfn-hup L90-95, winhup.py L57-65',
    bad: 'interval=0',
    good: 'interval=1',
  },
  check(ctx) {
    eachMainValue(ctx, 'interval', (_o, v, range) => {
      if (/^[+-]?\d+$/.test(v) && Number(v) >= 1) return;
      ctx.report({
        ...range(),
        message: /^[+-]?\d+$/.test(v)
          ? `cfn-hup interval=${v} is below 1 minute: cfn-hup will exit at start ("Invalid interval") on Linux, and use 15 minutes on Windows. Use a whole number of minutes ≥ 1, e.g. interval=1.`
          : `cfn-hup interval="${v}" is not a whole number of minutes: cfn-hup will crash at start. Use a whole number ≥ 1, e.g. interval=5.`,
      });
    });
  },
};

export const hupIntervalUnits: Rule = {
  id: 'HUP-INTERVAL-UNITS',
  severity: 'info',
  conf: true,
  title: 'cfn-hup interval looks like seconds',
  doc: {
    why: '`interval` is in minutes: `interval=300` polls every five hours, not every five minutes.',
    source: 'aws-cfn-bootstrap bin/cfn-hup L119; cfn-hup docs',
    bad: 'interval=300',
    good: 'interval=5',
  },
  check(ctx) {
    eachMainValue(ctx, 'interval', (_o, v, range) => {
      if (!/^\d+$/.test(v) || Number(v) < 60) return;
      const minutes = Number(v);
      ctx.report({
        ...range(),
        message: `cfn-hup interval=${minutes} is in minutes: instances will poll every ${(minutes / 60).toFixed(minutes % 60 ? 1 : 0)} hours. If you meant seconds, use interval=${Math.max(1, Math.round(minutes / 60))}.`,
      });
    });
  },
};

export const hupVerboseInvalid: Rule = {
  id: 'HUP-VERBOSE-INVALID',
  severity: 'error',
  conf: true,
  title: 'cfn-hup verbose is not a boolean',
  doc: {
    why: '`verbose` is read with getboolean: anything but 1/yes/true/on/0/no/false/off crashes cfn-hup at start.',
    source: 'aws-cfn-bootstrap bin/cfn-hup L178, L217',
    bad: 'verbose=y',
    good: 'verbose=true',
  },
  check(ctx) {
    eachMainValue(ctx, 'verbose', (_o, v, range) => {
      if (BOOLEANS.has(v.toLowerCase())) return;
      ctx.report({
        ...range(),
        message: `cfn-hup verbose="${v}" is not a boolean: cfn-hup will crash at start. Use verbose=true or verbose=false.`,
      });
    });
  },
};

export const hupUmaskInvalid: Rule = {
  id: 'HUP-UMASK-INVALID',
  severity: 'error',
  conf: true,
  title: 'cfn-hup umask is not octal ≤ 0777',
  doc: {
    why: 'cfn-hup parses `umask` as octal; an invalid value makes it exit with "Invalid octal value".',
    source: 'aws-cfn-bootstrap bin/cfn-hup L34-41, L200-209',
    bad: 'umask=0o22',
    good: 'umask=022',
  },
  check(ctx) {
    eachMainValue(ctx, 'umask', (_o, v, range) => {
      if (/^[0-7]+$/.test(v) && parseInt(v, 8) <= 0o777) return;
      ctx.report({
        ...range(),
        message: `cfn-hup umask="${v}" is not an octal number up to 0777: cfn-hup will exit at start. Use e.g. umask=022.`,
      });
    });
  },
};

export const hupUnknownKey: Rule = {
  id: 'HUP-UNKNOWN-KEY',
  severity: 'warning',
  conf: true,
  title: 'Unknown key in cfn-hup.conf [main]',
  doc: {
    why: 'cfn-hup silently ignores keys it does not know: a misspelt `intervall=5` leaves the default of 15 minutes.',
    source: 'aws-cfn-bootstrap update_hooks.py, bin/cfn-hup',
    bad: 'intervall=5',
    good: 'interval=5',
  },
  check(ctx) {
    eachHupConf(ctx, (file, ini) => {
      const main = mainSection(ini);
      if (!main) return;
      for (const o of main.options) {
        if (MAIN_KEYS.has(o.name) || file.rendered!.isOpaque(o.keyStart, o.keyEnd)) continue;
        const suggestion = closest(o.name, [...MAIN_KEYS]);
        ctx.report({
          ...contentRange(file, o.keyStart, o.keyEnd),
          message: `cfn-hup ignores "${o.key}" in [main]${suggestion ? `: did you mean "${suggestion}"?` : '.'} Known keys: ${MAIN_KEY_DOCS.filter(
            (k) => !k.legacy,
          )
            .map((k) => k.key)
            .join(', ')}.`,
        });
      }
    });
  },
};

export const hupExtraSection: Rule = {
  id: 'HUP-EXTRA-SECTION',
  severity: 'warning',
  conf: true,
  title: 'Hook written into cfn-hup.conf',
  doc: {
    why: 'cfn-hup reads hooks only from hooks.conf and hooks.d/; a hook section in cfn-hup.conf never exists.',
    source: 'aws-cfn-bootstrap update_hooks.py L66-74',
    bad: '[main]\nstack=…\n[cfn-auto-reloader-hook]\ntriggers=post.update\n…',
    good: 'Move the hook section to /etc/cfn/hooks.d/cfn-auto-reloader.conf',
  },
  check(ctx) {
    eachHupConf(ctx, (file, ini) => {
      for (const s of ini.sections) {
        if (s.name === 'main' || s.name === 'DEFAULT' || s.name.trim().toLowerCase() === 'main') continue;
        ctx.report({
          ...contentRange(file, s.headerStart, s.headerEnd),
          message: `Section "[${s.name}]" in cfn-hup.conf is never read: cfn-hup loads hooks only from hooks.conf and hooks.d/. Move it to ${file.classified.os === 'windows' ? 'c:\\cfn\\hooks.d\\' : '/etc/cfn/hooks.d/'}${s.name}.conf.`,
        });
      }
    });
  },
};

export const hupPercent: Rule = {
  id: 'HUP-PERCENT',
  severity: 'error',
  conf: true,
  title: 'Lone % in cfn-hup configuration',
  doc: {
    why: '`%` starts a ConfigParser interpolation: a lone `%` (e.g. `date +%s`) raises InterpolationSyntaxError and cfn-hup crashes at start. Write `%%`.',
    source: 'Python ConfigParser; aws-cfn-bootstrap bin/cfn-hup L75-79',
    bad: 'action=echo $(date +%s) >> /tmp/x',
    good: 'action=echo $(date +%%s) >> /tmp/x',
  },
  check(ctx) {
    for (const file of [...ctx.model.hupConfs, ...ctx.model.hookFiles]) {
      const r = file.rendered;
      if (!file.ini || !r) continue;
      const lone: number[] = [];
      for (const section of file.ini.sections) {
        for (const o of section.options) {
          const lineEnd = o.continuationLines.length
            ? file.ini.lines[o.continuationLines[o.continuationLines.length - 1]!]!.end
            : o.valueEnd;
          for (let i = o.valueStart; i < lineEnd; i++) {
            if (r.text[i] !== '%' || r.isOpaque(i, i + 1)) continue;
            if (r.text[i + 1] === '%') {
              i++;
              continue;
            }
            if (r.text[i + 1] === '(') continue;
            lone.push(i);
          }
        }
      }
      if (lone.length === 0) continue;
      const edits = replaceValueChars(ctx.model.model.root, ctx.model.text, r, lone, '%%');
      ctx.report({
        ...contentRange(file, lone[0]!, lone[0]! + 1),
        message: `A lone "%" in ${file.classified.role === 'hup-conf' ? 'cfn-hup.conf' : 'a hook'} makes ConfigParser fail: cfn-hup will crash at start and no hook will run. Write "%%" for a literal percent sign.`,
        fix: fix('Escape % as %%', edits),
      });
    }
  },
};

export const hupRoleAndCredfile: Rule = {
  id: 'HUP-ROLE-AND-CREDFILE',
  severity: 'info',
  conf: true,
  title: 'Both role and credential-file in cfn-hup.conf',
  doc: {
    why: 'When both are set, `role` wins and the credential file is ignored.',
    source: 'aws-cfn-bootstrap update_hooks.py L56-62',
    bad: 'role=MyRole\ncredential-file=/etc/cfn/cfn-credentials',
    good: 'role=MyRole',
  },
  check(ctx) {
    eachHupConf(ctx, (file, ini) => {
      const main = mainSection(ini);
      const cred = main && findOption(main, 'credential-file');
      if (!main || !cred || !findOption(main, 'role')) return;
      ctx.report({
        ...contentRange(file, cred.keyStart, cred.keyEnd),
        message: 'cfn-hup uses "role" and ignores "credential-file" when both are set. Remove the one you do not mean.',
      });
    });
  },
};

export const hupConfLocation: Rule = {
  id: 'HUP-CONF-LOCATION',
  severity: 'warning',
  title: 'cfn-hup.conf written where cfn-hup does not look',
  doc: {
    why: 'cfn-hup reads /etc/cfn/cfn-hup.conf (C:\\cfn\\cfn-hup.conf on Windows); a configuration written anywhere else is never read, and cfn-hup exits with "Could not find main configuration".',
    source: 'aws-cfn-bootstrap bin/cfn-hup L43-50, update_hooks.py L44-46',
    bad: '"/etc/cfn-hup.conf": { "content": "[main]\\nstack=…" }',
    good: '"/etc/cfn/cfn-hup.conf": { "content": "[main]\\nstack=…" }',
  },
  check(ctx) {
    let configDirs: Set<string> | undefined; // read from every command and UserData: only once a file needs it
    for (const file of ctx.model.files) {
      if (file.classified.role !== 'other' || !file.rendered) continue;
      const isMain = someLineStartsWith(file.rendered.text, /\[main\]/y) && /(^|\s)stack\s*=/m.test(file.rendered.text);
      const named = /cfn-hup\.conf$/i.test(file.path);
      if (!isMain && !named) continue;
      if (!isMain && named && !/\[main\]|stack\s*=/.test(file.rendered.text)) continue;
      const dir = file.path.replace(/[\\/][^\\/]*$/, '');
      if (!/^[a-zA-Z]:/.test(file.path) && (configDirs ??= customConfigDirs(ctx)).has(dir)) continue;
      const expected = file.classified.os === 'windows' ? 'c:\\cfn\\cfn-hup.conf' : '/etc/cfn/cfn-hup.conf';
      ctx.report({
        ...keyRange(file),
        message: `cfn-hup never reads "${file.path}": it looks for ${expected}, and exits when that is missing. Write the file to ${expected}.`,
      });
    }
  },
};

/** Directories passed to `cfn-hup -c/--config` anywhere in commands or UserData. */
function customConfigDirs(ctx: RuleContext): Set<string> {
  const dirs = new Set<string>();
  const texts = [
    ...ctx.model.commands.map((c) => c.rendered?.text ?? ''),
    ...ctx.model.userData.map((u) => u.rendered.text),
  ];
  for (const f of ctx.model.files) if (/\.service$/.test(f.path) && f.rendered) texts.push(f.rendered.text);
  for (const t of texts) for (const dir of configOptions(t)) dirs.add(dir.replace(/["']/g, '').replace(/\/$/, ''));
  return dirs;
}

/**
 * The value of the last `-c DIR` / `--config=DIR` of each `cfn-hup` command (up to a line break,
 * `;`, `&` or `|`). A hand scanner: the regex it replaces went over the rest of the line again
 * for every "cfn-hup" on it.
 */
function configOptions(t: string): string[] {
  const found: string[] = [];
  let from = 0;
  for (;;) {
    const at = t.indexOf('cfn-hup', from);
    if (at < 0) return found;
    let p = at + 7;
    while (p < t.length && !isSpace(t.charCodeAt(p))) p++;
    let end = p;
    while (end < t.length && !'\n;&|'.includes(t[end]!)) end++;
    let value: [number, number] | undefined;
    for (let q = p + 1; q < end; q++) {
      if (!isSpace(t.charCodeAt(q - 1)) || t.charCodeAt(q) !== 45 /* - */) continue;
      const after = t.startsWith('--config', q) ? q + 8 : t.startsWith('-c', q) ? q + 2 : -1;
      if (after < 0 || !(t[after] === '=' || isSpace(t.charCodeAt(after)))) continue;
      let v = after;
      while (v < t.length && (t[v] === '=' || isSpace(t.charCodeAt(v)))) v++;
      let e = v;
      while (e < t.length && !isSpace(t.charCodeAt(e))) e++;
      if (e > v) value = [v, e];
    }
    if (value) found.push(t.slice(value[0], value[1]));
    // Another "cfn-hup" before the end of this command sees the same options: go on after it.
    from = Math.max(end, value ? value[1] : 0, at + 7);
  }
}

export const hupConfRules: Rule[] = [
  hupMainSection,
  hupStackMissing,
  hupOneLine,
  hupRegionMissing,
  hupIntervalInvalid,
  hupIntervalUnits,
  hupVerboseInvalid,
  hupUmaskInvalid,
  hupUnknownKey,
  hupExtraSection,
  hupPercent,
  hupRoleAndCredfile,
  hupConfLocation,
];

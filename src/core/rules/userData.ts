/**
 * What a UserData script does with cfn-init, read line by line: whether the
 * exit code cfn-signal sends is cfn-init's, and whether the script runs
 * cfn-init at all. Both rules read only plain, literal lines; any shell
 * construct they cannot follow (a condition, a function, a heredoc, `&&`,
 * `||`, a line that is a template value) makes them stay silent.
 */
import type { Rule, RuleContext } from './rule';
import type { Rendered } from '../intrinsics/rendered';
import type { CfnNode } from '../template/ast';
import type { TextEdit } from '../findings';
import { userDataNodesOf, type InitResource } from '../cfnhup/model';
import { renderText } from '../intrinsics/render';
import { isUnknownWord, optionValue } from '../cfnhup/commandLine';
import { lineAt, lineBefore, logicalLines, type Line, type ScriptKind } from './scriptLines';
import { fix, replaceRenderedRange } from './util';
import { cacheSlot, perAnalysis } from './shared';
import { waitsForSignals } from './deployment';

/** The script language of a UserData text, or undefined when it is not a script (cloud-config, JSON, …). */
export function scriptKind(text: string): ScriptKind | undefined {
  if (/^\s*#!\s*\S*\/(?:env\s+)?(?:ba|z|k|da)?sh\b/.test(text)) return 'shell'; // #!/bin/bash, #!/usr/bin/env bash
  if (/<powershell>/i.test(text)) return 'powershell';
  if (/<script>/i.test(text)) return 'cmd';
  return undefined;
}

function isBlankOrComment(line: string, kind: ScriptKind): boolean {
  const t = line.trim();
  if (t === '') return true;
  if (kind === 'cmd') return /^(?:rem(?:\s|$)|::|<\/?script>$)/i.test(t);
  if (kind === 'powershell') return t.startsWith('#') || /^<\/?powershell>$/i.test(t);
  return t.startsWith('#');
}

/** The first word of a command line, without `sudo` and the directory. */
function commandName(line: string): string {
  // The first word after any `sudo` and `&` words (as splitting the trimmed line at blanks would give).
  const word = FIRST_COMMAND_WORD.exec(line)![1]!;
  const first = word.charCodeAt(0);
  const last = word.charCodeAt(word.length - 1);
  // Quotes around it are dropped; the regex runs only when there is one (34 ", 39 ').
  const w = first === 34 || first === 39 || last === 34 || last === 39 ? word.replace(/^["']|["']$/g, '') : word;
  return w.slice(Math.max(w.lastIndexOf('/'), w.lastIndexOf('\\')) + 1).toLowerCase();
}
const FIRST_COMMAND_WORD = /^\s*(?:(?:sudo|&)(?:\s+|$))*(\S*)/;

/** What isCfnSignal needs somewhere in the line: its lower-cased command name is cfn-signal. */
const SIGNAL_MENTION = /cfn-signal/gi;
const CFN_INIT_NAME = /^cfn-init(?:\.exe)?$/;
const CFN_SIGNAL_NAME = /^cfn-signal(?:\.exe)?$/;
const isCfnSignal = (line: string) => CFN_SIGNAL_NAME.test(commandName(line));

/**
 * Where the exit code `-e` passes is the previous command's, per script language:
 * `$?` (shell), `%ERRORLEVEL%` (cmd), `$LASTEXITCODE` (PowerShell).
 */
const EXIT_CODE: Record<ScriptKind, RegExp> = {
  shell: /(?:\s-e\s*|\s--exit-code(?:\s+|=))("?\$\?"?)(?=\s|$)/,
  cmd: /(?:\s-e\s*|\s--exit-code(?:\s+|=))("?%errorlevel%"?)(?=\s|$)/i,
  powershell: /(?:\s-e\s*|\s--exit-code(?:\s+|=))("?\$lastexitcode"?)(?=\s|$)/i,
};

/** Shell words that open or close a construct the line reading cannot follow. */
const SHELL_CONTROL = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'function',
  'select', '{', '}', '(', ')', '[[', 'exit', 'return', 'trap', 'set', 'source', '.', 'eval', 'exec', 'wait',
]); // prettier-ignore

/**
 * Programs that surely set the exit code cmd.exe's %ERRORLEVEL% and PowerShell's
 * $LASTEXITCODE report: native executables. cmd's built-ins (`echo`, `set`, …)
 * and PowerShell cmdlets may leave it as it was, so any other line stays unjudged.
 */
const WINDOWS_NATIVE =
  /^(?:[\w.-]+\.exe|msiexec|choco|netsh|sc|reg|net|dism|certutil|icacls|robocopy|xcopy|tzutil|winrm|powershell|pwsh)$/i;

/** Whether a line surely runs one plain command that sets the exit code, in a way this reading can follow. */
function isPlainCommand(line: Line, kind: ScriptKind, r: Rendered): boolean {
  const t = line.text.trim();
  if (/&&|\|\||<<|\$\?|%errorlevel%|\$lastexitcode|\bgoto\b/i.test(t)) return false;
  if ((t.match(/"/g) ?? []).length % 2 === 1 || (t.match(/'/g) ?? []).length % 2 === 1) return false; // spans lines
  const first = t.split(/\s+/)[0] ?? '';
  if (
    /^[$%`]|^\$\{/.test(first) ||
    r.isOpaque(line.start + line.text.indexOf(first), line.start + line.text.indexOf(first) + first.length)
  )
    return false; // the command itself is a value: it may be nothing
  if (kind === 'shell') {
    if (SHELL_CONTROL.has(first) || /[{(]\s*$/.test(t) || /^\w+\(\)/.test(t) || /^[\w-]+\s*\(\s*\)/.test(t))
      return false;
    return true;
  }
  return WINDOWS_NATIVE.test(commandName(t));
}

/** Whether the cfn-init line is one plain call (no `;`, pipe, background or list after it). */
function isPlainCfnInit(line: Line): boolean {
  return !/&&|\|\||[;|]|&\s*$/.test(line.text.replace(/\d?>&\d/g, ''));
}

/** A heredoc: the `<<` that opens it, and its body up to the end of the line that closes it. */
interface Heredoc {
  opener: number;
  bodyStart: number;
  end: number;
}

/**
 * The heredocs opened before `to`, or undefined when a `<<` there is one this reading cannot follow (no
 * closing line, or inside quotes or arithmetic: the caller then stays silent).
 */
function heredocsBefore(text: string, to: number): Heredoc[] | undefined {
  const found: Heredoc[] = [];
  for (let at = text.indexOf('<<'); at >= 0 && at < to;) {
    if (text.startsWith('<<<', at)) {
      at = text.indexOf('<<', at + 3); // a here-string: one word, no body
      continue;
    }
    const eol = text.indexOf('\n', at);
    const m = HEREDOC.exec(text.slice(at, eol < 0 ? text.length : eol));
    if (!m) return undefined;
    if (eol < 0) break; // `<<` on the last line: no body
    const end = heredocEnd(text, eol + 1, m[3]!, m[1] === '-');
    if (end < 0) return undefined;
    found.push({ opener: at, bodyStart: eol + 1, end });
    at = text.indexOf('<<', end);
  }
  return found;
}
const HEREDOC = /^<<(-?)\s*(['"]?)([A-Za-z_][\w.-]*)\2/;
/** The `<<WORD` of a line that opens a heredoc, to read the rest as the command. */
const HEREDOC_WORD = /<<-?\s*(['"]?)[A-Za-z_][\w.-]*\1/;

/** The end of the line that closes a heredoc whose body starts at `from`, or -1 when none does. */
function heredocEnd(text: string, from: number, word: string, stripTabs: boolean): number {
  for (let start = from; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let line = text.slice(start, end).replace(/\r$/, '');
    if (stripTabs) line = line.replace(/^\t+/, '');
    if (line === word) return end;
    start = end + 1;
  }
  return -1;
}

/** errexit for the lines of a shell script before this one. */
function errexitBefore(text: string, line: Line): boolean {
  const lines = logicalLines(text, 'shell');
  return errexit(
    lines,
    lines.findIndex((l) => l.start === line.start),
  );
}

/** Bash with errexit: a failing cfn-init stops the script before cfn-signal, so no success is sent. */
function errexit(lines: Line[], before: number): boolean {
  if (/^\s*#!\S*(?:\s+\S+)*?\s+-[a-zA-Z]*e/.test(lines[0]?.text ?? '')) return true;
  return lines
    .slice(0, before)
    .some((l) => /^\s*set\s+(?:-[a-zA-Z]*e|-o\s+errexit|-[a-zA-Z]*o\s+errexit)/.test(l.text));
}

/**
 * Something before this line reports a failed cfn-init itself: errexit stops the script, or an ERR trap
 * signals (a trap on EXIT or another signal only cleans up: it reports nothing).
 */
function failureReportedBefore(text: string, line: Line): boolean {
  return errexitBefore(text, line) || ERR_TRAP.test(text.slice(0, line.start));
}
/** `trap '…' ERR` (ERR among the signals the trap line names; what it runs, often a function, is not read). */
const ERR_TRAP = /^[ \t]*trap\b[^\n]*\sERR\b/m;

/**
 * A shell line without what is not code: quoted text becomes blanks (a `|` in a URL is no pipe) and a
 * comment is cut (`# see a.log | b.log`).
 */
function shellCode(line: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
      out += ' ';
      continue;
    }
    if (c === '\\') {
      out += '  ';
      i++;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) break;
    out += quote ? ' ' : c;
  }
  return out;
}

/**
 * The program a cfn-init line pipes its output into (`cfn-init … 2>&1 | tee -a /var/log/init.log`):
 * the pipeline's exit code is that program's unless pipefail is set. Undefined for any other line.
 */
function pipedInto(init: Line): string | undefined {
  const text = shellCode(init.text).replace(/\d?>&\d/g, '');
  if (/&&|\|\||;|&\s*$/.test(text)) return undefined;
  const parts = text.split(/\|&?/);
  if (parts.length < 2) return undefined;
  const last = parts[parts.length - 1]!.trim();
  return last ? commandName(last) : undefined;
}

/**
 * The cfn-init call a cfn-signal line follows, and the plain commands between them, read back line by
 * line; undefined when the walk meets anything it cannot follow first (another cfn-signal, a condition,
 * a loop, a line that is a template value) or the cfn-signal line is itself heredoc data.
 */
function sinceCfnInit(r: Rendered, line: Line, kind: ScriptKind): { init: Line; between: Line[] } | undefined {
  // A heredoc's lines are data for the command that opened it (`bash -ex << "TRY"` … cfn-init … `TRY`:
  // $? is the inner bash's, cfn-init's under -e; `cat > f <<EOF` … `EOF`: it is cat's).
  const docs = kind === 'shell' ? heredocsBefore(r.text, line.end) : [];
  if (!docs) return undefined;
  const bodyAt = (offset: number) => docs.find((d) => offset >= d.bodyStart && offset <= d.end);
  if (bodyAt(line.start)) return undefined; // the cfn-signal line itself is data
  const between: Line[] = [];
  for (let prev = lineBefore(r.text, line, kind); prev; prev = lineBefore(r.text, prev, kind)) {
    const doc = bodyAt(prev.start);
    if (doc) {
      // cfn-init inside it (`bash -ex << "TRY"` … cfn-init … `TRY`): $? is the inner shell's, which this
      // reading cannot follow (review: it called the heredoc "a command between").
      if (/cfn-init/i.test(r.text.slice(doc.bodyStart, doc.end))) return undefined;
      prev = lineAt(r.text, doc.opener, kind);
      const command = { ...prev, text: prev.text.replace(HEREDOC_WORD, '') };
      if (!isPlainCommand(command, kind, r)) return undefined;
      between.unshift(prev);
      continue;
    }
    if (isBlankOrComment(prev.text, kind)) continue;
    const name = commandName(prev.text);
    if (CFN_INIT_NAME.test(name)) return { init: prev, between };
    if (CFN_SIGNAL_NAME.test(name) || !isPlainCommand(prev, kind, r)) return undefined;
    between.unshift(prev);
  }
  return undefined;
}

/** A line of a UserData script that runs cfn-signal. */
interface SignalLine {
  r: Rendered;
  kind: ScriptKind;
  line: Line;
}

/**
 * The cfn-signal lines of every UserData script. A cfn-signal line names it, in some case (joining
 * continued lines adds a space, so never makes the name): most scripts are never split into lines nor
 * their lines into words. Only the lines that name cfn-signal are read as commands, found by one scan
 * of the text.
 */
function cfnSignalLines(ctx: RuleContext): SignalLine[] {
  return perAnalysis(ctx.model, SIGNAL_LINES, () => findCfnSignalLines(ctx));
}

/** Both signal rules read them: scanned once per analysis. */
const SIGNAL_LINES = cacheSlot<SignalLine[]>('cfnSignalLines');

function findCfnSignalLines(ctx: RuleContext): SignalLine[] {
  const found: SignalLine[] = [];
  for (const ud of ctx.model.userData) {
    const r = ud.rendered;
    SIGNAL_MENTION.lastIndex = 0;
    const first = SIGNAL_MENTION.exec(r.text);
    if (!first) continue;
    const kind = scriptKind(r.text);
    if (!kind) continue;
    for (let m: RegExpExecArray | null = first; m; m = SIGNAL_MENTION.exec(r.text)) {
      const line = lineAt(r.text, m.index, kind);
      SIGNAL_MENTION.lastIndex = line.end; // one look per line
      if (isCfnSignal(line.text)) found.push({ r, kind, line });
    }
  }
  return found;
}

export const signalExitCode: Rule = {
  id: 'SIGNAL-EXIT-CODE',
  severity: 'warning',
  title: "cfn-signal sends another command's exit code, not cfn-init's",
  doc: {
    why: "`cfn-signal -e $?` sends the exit code of the command just before it. With another command between cfn-init and cfn-signal (`yum -y update`, `echo`, starting a service), a failed cfn-init, and with it the cfn-hup setup, still signals success: the stack completes with instances that never got their configuration. The same holds for `%ERRORLEVEL%` in a `<script>` block and `$LASTEXITCODE` in `<powershell>` after a native program. Reported only for plain lines; `set -e` (or `#!/bin/bash -e`) makes bash stop at a failing cfn-init before cfn-signal, so no false success is sent and the rule stays silent (the stack then fails at the signal timeout instead); so does an ERR trap that signals. A cfn-init piped into another program (`cfn-init … | tee log`) sends that program's exit code, with or without `set -e`, unless `set -o pipefail` is given.",
    source:
      'bash manual, Special Parameters ($?: "the exit status of the most recently executed foreground pipeline"); cfn-signal docs (-e, --exit-code); AWS sample templates run cfn-signal right after cfn-init',
    bad: '/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}\nyum -y update\n/opt/aws/bin/cfn-signal -e $? --stack ${AWS::StackName} --resource Group --region ${AWS::Region}',
    good: 'yum -y update\n/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}\n/opt/aws/bin/cfn-signal -e $? --stack ${AWS::StackName} --resource Group --region ${AWS::Region}',
  },
  check(ctx) {
    for (const { r, kind, line } of cfnSignalLines(ctx)) {
      const code = EXIT_CODE[kind].exec(line.text);
      if (!code) continue;
      const since = sinceCfnInit(r, line, kind);
      if (!since) continue;
      const { init, between } = since;
      if (between.length === 0) {
        // `cfn-init … | tee log` then `-e $?`: the pipeline's code is tee's; errexit and an ERR trap see tee's too.
        const piped = kind === 'shell' ? pipedInto(init) : undefined;
        if (!piped || /\bpipefail\b/.test(r.text.slice(0, line.start))) continue;
        ctx.report({
          ...r.sourceRange(
            line.start + code.index + code[0].length - code[1]!.length,
            line.start + code.index + code[0].length,
          ),
          message: `cfn-signal sends the exit code of "${piped}", the last command of the pipeline cfn-init runs in, not cfn-init's: when cfn-init fails (and the cfn-hup setup with it), the instance still signals success. Add "set -o pipefail" before cfn-init.`,
        });
        continue;
      }
      if (!isPlainCfnInit(init)) continue;
      // Last: it reads every line before this one.
      if (kind === 'shell' && failureReportedBefore(r.text, line)) continue;
      const at = line.start + code.index + code[0].length - code[1]!.length;
      const last = between[between.length - 1]!.text.trim();
      ctx.report({
        ...r.sourceRange(at, at + code[1]!.length),
        message: `cfn-signal sends the exit code of "${last.length > 60 ? last.slice(0, 57) + '…' : last}", the last command before it, not cfn-init's: when cfn-init fails (and the cfn-hup setup with it), the instance still signals success. Run cfn-signal right after cfn-init, or move ${between.length === 1 ? 'that command' : `those ${between.length} commands`} before cfn-init.`,
      });
    }
  },
};

/** The exit code option of a cfn-signal line and its value (`-e 0`, `-e0`, `--exit-code=0`, quoted or not). */
const EXIT_OPTION = /\s(?:-e|--exit-code)(?:=|\s*)(["']?)([^\s"']+)\1(?=\s|$)/;
/** `-s` / `--success` given another value than true: the signal is not a plain success. */
const SUCCESS_OPTION = /\s(?:-s|--success)(?:=|\s+)(["']?)(?!true\1(?:\s|$))\S/i;
/** The literal logical id cfn-signal's --resource names (its -r is --reason). */
const SIGNAL_TARGET = /\s--resource(?:=|\s+)(["']?)([A-Za-z0-9]+)\1(?=\s|$)/;
/**
 * Edits that put `-e CODE` right after the program's name (and its closing quote): the blank after it
 * becomes ` -e CODE `, so no quote is written into the text; at the end of the line, after its last
 * character.
 */
function insertExitCode(root: CfnNode, r: Rendered, programEnd: number, code: string): TextEdit[] | undefined {
  return r.text[programEnd] === ' '
    ? replaceRenderedRange(root, r, programEnd, programEnd + 1, ` -e ${code} `)
    : replaceRenderedRange(root, r, programEnd - 1, programEnd, `${r.text[programEnd - 1]} -e ${code}`);
}

/** The line's text with the template values in it blanked (their `${…}` is not the script's own). */
function withoutValues(line: Line, values: readonly { start: number; end: number }[]): string {
  let text = line.text;
  for (const v of values) {
    const from = Math.max(v.start, line.start) - line.start;
    const to = Math.min(v.end, line.end) - line.start;
    text = text.slice(0, from) + '_'.repeat(to - from) + text.slice(to);
  }
  return text;
}

/** Words whose value this reading cannot see: shell and PowerShell variables, substitutions, cmd's %VAR%. */
const HIDDEN_WORDS: Record<ScriptKind, RegExp> = {
  shell: /\$(?!\?)|`/,
  powershell: /\$(?!lastexitcode\b)/i,
  cmd: /%(?!errorlevel%)\w+%/i,
};
/** How each script language passes the exit code of the command before. */
const LAST_EXIT: Record<ScriptKind, string> = { shell: '$?', cmd: '%ERRORLEVEL%', powershell: '$LASTEXITCODE' };

export const signalAlwaysSuccess: Rule = {
  id: 'SIGNAL-ALWAYS-SUCCESS',
  severity: 'warning',
  title: 'cfn-signal reports success whatever cfn-init did',
  doc: {
    why: 'cfn-signal sends SUCCESS unless its exit code (-e) is not 0; without -e the code is 0. After a cfn-init whose failure nothing stops (no `set -e`, `||`, `if` or ERR trap), `cfn-signal -e 0` (or no -e) tells CloudFormation the instance is ready when cfn-init failed, and with it the cfn-hup setup: the stack completes and no update ever reaches that instance. Reported only for plain lines, as SIGNAL-EXIT-CODE reads them, and not for a signal to a resource that waits for none (SIGNAL-RESOURCE); a cfn-signal -e 0 run by the Init itself (a last command) is fine, because cfn-init stops at the first failing command.',
    source:
      'cfn-signal docs (-e, --exit-code: "If specified, the --success option is ignored"; -s, --success: "If true, signal SUCCESS, else FAILURE. Default: true")',
    bad: '/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}\n/opt/aws/bin/cfn-signal -e 0 --stack ${AWS::StackName} --resource Group --region ${AWS::Region}',
    good: '/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}\n/opt/aws/bin/cfn-signal -e $? --stack ${AWS::StackName} --resource Group --region ${AWS::Region}',
  },
  check(ctx) {
    for (const { r, kind, line } of cfnSignalLines(ctx)) {
      // Options this reading cannot see (a shell variable, a template value other than a pseudo
      // parameter) may hold an -e or --success of their own.
      const values = r.opaque.filter((o) => o.start < line.end && o.end > line.start);
      // Pseudo parameters, and resources' ids or attributes (a wait handle's URL), hold no options; a
      // parameter or anything else may.
      const resources = ctx.model.model.resources;
      if (values.some((o) => !o.name.startsWith('AWS::') && !resources.has(o.name.split('.')[0]!))) continue;
      if (HIDDEN_WORDS[kind].test(withoutValues(line, values))) continue;
      // -e decides when given ("the --success option is ignored"); else --success, default true.
      const option = EXIT_OPTION.exec(line.text);
      if (option ? option[2] !== '0' : SUCCESS_OPTION.test(line.text)) continue;
      // A signal nothing waits for changes nothing (SIGNAL-RESOURCE says so).
      const target = SIGNAL_TARGET.exec(line.text)?.[2];
      const resource = target === undefined ? undefined : ctx.model.model.resources.get(target);
      if (resource && !waitsForSignals(resource)) continue;
      const since = sinceCfnInit(r, line, kind);
      if (!since || !isPlainCfnInit(since.init)) continue;
      if (kind === 'shell' && failureReportedBefore(r.text, line)) continue;
      const valueAt = option ? line.start + option.index + option[0].length - option[1]!.length - 1 : undefined;
      // After a closing quote (`& "cfn-signal.exe" …`): the option goes outside the program's name.
      const program = /cfn-signal(?:\.exe)?["']?/i.exec(line.text)!;
      const programEnd = line.start + program.index + program[0].length;
      const range =
        valueAt !== undefined
          ? r.sourceRange(valueAt, valueAt + 1)
          : r.sourceRange(line.start + line.text.search(/\S/), programEnd);
      const code = LAST_EXIT[kind];
      // The exit code of cfn-init itself only when cfn-signal comes right after it.
      const edits =
        since.between.length > 0
          ? undefined
          : valueAt !== undefined
            ? replaceRenderedRange(ctx.model.model.root, r, valueAt, valueAt + 1, code)
            : insertExitCode(ctx.model.model.root, r, programEnd, code);
      ctx.report({
        ...range,
        message: `cfn-signal ${option ? 'is given -e 0' : 'is given no -e (so 0)'}: it reports success whatever cfn-init did. When cfn-init fails, and the cfn-hup setup with it, the stack still completes and no update ever reaches this instance. ${since.between.length ? `Run cfn-signal -e ${code} right after cfn-init.` : `Send cfn-init's exit code: -e ${code}.`}`,
        fix: fix(`Send cfn-init's exit code (-e ${code})`, edits),
      });
    }
  },
};

/**
 * Commands that cannot run cfn-init by themselves, nor a script that might:
 * package managers, file and service tools, plain output. A line starting with
 * anything else (a script, an interpreter, a download piped to a shell) may run
 * cfn-init where this reading cannot see it.
 */
const HARMLESS_SHELL = new Set([
  'yum', 'dnf', 'apt-get', 'apt', 'zypper', 'rpm', 'dpkg', 'pip', 'pip3', 'easy_install', 'amazon-linux-extras',
  'echo', 'printf', 'mkdir', 'chmod', 'chown', 'cp', 'mv', 'rm', 'ln', 'touch', 'sed', 'tee', 'cat', 'wget',
  'systemctl', 'service', 'chkconfig', 'update-rc.d', 'useradd', 'usermod', 'groupadd', 'hostnamectl', 'timedatectl',
  'mount', 'sysctl', 'modprobe', 'ufw', 'firewall-cmd', 'setenforce', 'sleep', 'cd', 'export', 'true', 'tar', 'unzip',
]); // prettier-ignore

/** Whether every line of a shell script is a plain command this reading knows cannot run cfn-init. */
function onlyHarmless(r: Rendered, lines: Line[]): boolean {
  for (const line of lines.slice(1)) {
    if (isBlankOrComment(line.text, 'shell')) continue;
    if (!isPlainCommand(line, 'shell', r) || /[|;&`]|\$\(/.test(line.text)) return false;
    const name = commandName(line.text);
    if (/^[A-Za-z_]\w*=/.test(line.text.trim()) && !/[$`]/.test(line.text)) continue; // NAME=value
    if (!HARMLESS_SHELL.has(name)) return false;
  }
  return true;
}

/**
 * Whether cfn-init is named anywhere in the template outside this Init (its
 * hooks run it only after cfn-init set them up): an SSM association or
 * document, another resource's script, an output telling the user to run it.
 * Any of them may apply the Init, so the rule stays silent.
 */
function mentionedElsewhere(text: string, initEntry: { keyStart: number; value: { end: number } }): boolean {
  return /cfn-init/i.test(text.slice(0, initEntry.keyStart)) || /cfn-init/i.test(text.slice(initEntry.value.end));
}

function writesHupConf(init: InitResource): boolean {
  for (const c of init.configs) for (const f of c.files) if (f.classified.role === 'hup-conf') return true;
  return false;
}

/** What the cfn-init calls outside hooks (UserData, Init commands) may apply. */
interface Applied {
  /** Some call's -r is missing or not literal: it may apply any Init. */
  any: boolean;
  /** The literal -r of the others. */
  ids: Set<string>;
}

/** Hooks run cfn-init only once cfn-init set them up, so their calls do not count. */
function appliedByCalls(ctx: RuleContext): Applied {
  const applied: Applied = { any: false, ids: new Set() };
  for (const c of ctx.model.calls) {
    if (c.site === 'hook') continue;
    const res = optionValue(c.call, 'resource')?.value;
    if (!res || isUnknownWord(c.rendered, res)) applied.any = true;
    else applied.ids.add(res.text);
  }
  return applied;
}

export const initNeverRun: Rule = {
  id: 'INIT-NEVER-RUN',
  severity: 'warning',
  title: "The Init sets up cfn-hup, but the instance's UserData never runs cfn-init",
  doc: {
    why: "AWS::CloudFormation::Init is only data: nothing applies it until cfn-init runs on the instance, which stock images do only when UserData calls it. When the resource's UserData is a script that never runs cfn-init, the Init, with its cfn-hup.conf, hooks and service, is never applied and no update ever reaches the instance. Reported only when every line of the script is a plain command that cannot run cfn-init indirectly (no other script, interpreter, download or template value in command position), and nothing else in the template (another UserData, an SSM association, an output) names cfn-init; a resource without UserData may boot from a custom image that runs cfn-init itself, so it is left alone.",
    source:
      'cfn-init docs ("cfn-init does not require credentials… run it from UserData"); AWS::CloudFormation::Init docs',
    bad: 'UserData: "#!/bin/bash\\nyum install -y aws-cfn-bootstrap\\n" and an Init that writes /etc/cfn/cfn-hup.conf',
    good: 'UserData: "#!/bin/bash\\nyum install -y aws-cfn-bootstrap\\n/opt/aws/bin/cfn-init -v --stack … --resource … --region …\\n"',
  },
  check(ctx) {
    let applied: Applied | undefined; // read once per analysis, not once per Init (large templates)
    for (const init of ctx.model.inits) {
      if (!writesHupConf(init)) continue;
      const id = init.resource.logicalId;
      applied ??= appliedByCalls(ctx);
      if (applied.any || applied.ids.has(id) || mentionedElsewhere(ctx.model.text, init.initEntry)) continue;
      // Every UserData of the resource (a spot fleet has one per launch specification) must be such a script.
      const nodes = userDataNodesOf(init.resource, ctx.model.ctx);
      if (nodes.length === 0 || !nodes.every((node) => neverRunsCfnInit(ctx, node))) continue;
      // The line to add, written as this template calls cfn-init, and filled in by Fn::Sub.
      const texts = nodes.map((node) => ctx.model.text.slice(node.start, node.end));
      const fill = texts.every((t) => /Fn::Sub|!Sub\b/.test(t))
        ? ''
        : texts.every((t) => /Fn::Join|!Join\b/.test(t))
          ? ', with the stack name and region as Ref AWS::StackName and Ref AWS::Region pieces of its Fn::Join'
          : ', inside Fn::Sub (!Sub) so that the stack and region are filled in';
      ctx.report({
        start: init.initEntry.keyStart,
        end: init.initEntry.keyEnd,
        message: `The UserData of "${id}" is a script that never runs cfn-init: this Init, with its cfn-hup setup, is never applied, so cfn-hup never runs and no update reaches the instance. Add "${cfnInitProgram(ctx, init, nodes)} -v --stack \${AWS::StackName} --resource ${id} --region \${AWS::Region}" to the UserData${fill}.`,
      });
    }
  },
};

/**
 * How this template runs cfn-init: the path its hooks call it by (`/usr/local/bin/cfn-init` where pip
 * installed it), else pip's folder when the UserData installs it with pip, else Amazon Linux's.
 */
function cfnInitProgram(ctx: RuleContext, init: InitResource, nodes: CfnNode[]): string {
  for (const c of ctx.model.calls) {
    const program = c.call.program.text;
    if (c.hook?.file.config.init === init && /^\/[\w/.-]+\/cfn-init$/.test(program)) return program;
  }
  const pip = nodes.some((node) => /\bpip3?\b[^\n]*aws-cfn-bootstrap/.test(ctx.model.text.slice(node.start, node.end)));
  return pip ? '/usr/local/bin/cfn-init' : '/opt/aws/bin/cfn-init';
}

/** A UserData that is a shell script of plain commands, none of which can run cfn-init. */
function neverRunsCfnInit(ctx: RuleContext, node: CfnNode): boolean {
  const r = renderText(node, ctx.model.ctx);
  if (!r || r.text.length === 0) return false;
  if (/cfn-init/i.test(r.text) || r.opaque.some((o) => !o.name.startsWith('AWS::'))) return false;
  return scriptKind(r.text) === 'shell' && onlyHarmless(r, logicalLines(r.text, 'shell'));
}

export const userDataRules: Rule[] = [signalExitCode, signalAlwaysSuccess, initNeverRun];

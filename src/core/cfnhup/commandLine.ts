// Over ~350 lines on purpose: finding cfn-init calls in shell, cmd and PowerShell text. Splitting words,
// tracking quotes and backticks and reading optparse options share private helpers; the program-name
// search is in programSearch.ts.
import type { Rendered } from '../intrinsics/rendered';
import { isSpace } from '../text/scan';
import { nextProgram } from './programSearch';

/** A shell word with its index range in the rendered text (quotes removed from `text`). */
export interface Word {
  text: string;
  start: number;
  end: number;
  /**
   * The word holds a shell expansion (`$VAR`, `${VAR}`, `$(…)`, backticks, or
   * `%VAR%` in cmd.exe): its value is known only on the instance.
   */
  dynamic?: boolean;
}

export interface CfnInitOption {
  /** Canonical long name without dashes: stack, resource, configsets, region, … */
  name: string;
  written: string;
  value?: Word;
  start: number;
  end: number;
}

export interface CfnInitCall {
  program: Word;
  options: CfnInitOption[];
  positionals: Word[];
  unknownOptions: Word[];
  ambiguousOptions: Word[];
  /** Options glued to the previous word, e.g. `-v--stack`, `Name--resource`. */
  gluedOptions: Word[];
  /**
   * Words that are shell expansions where an option or argument could stand
   * (`cfn-init $ARGS`): each may become nothing or several options on the
   * instance, so no rule may call them stray or say an option is missing.
   */
  expansions: Word[];
  windows: boolean;
}

interface OptionSpec {
  long: string;
  short?: string;
  takesValue: boolean;
  windowsOnly?: boolean;
}

const OPTIONS: OptionSpec[] = [
  { long: 'stack', short: 's', takesValue: true },
  { long: 'resource', short: 'r', takesValue: true },
  { long: 'configsets', short: 'c', takesValue: true },
  { long: 'url', short: 'u', takesValue: true },
  { long: 'region', takesValue: true },
  { long: 'verbose', short: 'v', takesValue: false },
  { long: 'credential-file', short: 'f', takesValue: true },
  { long: 'role', takesValue: true },
  { long: 'access-key', takesValue: true },
  { long: 'secret-key', takesValue: true },
  { long: 'http-proxy', takesValue: true },
  { long: 'https-proxy', takesValue: true },
  { long: 'help', short: 'h', takesValue: false },
  { long: 'resume', takesValue: false, windowsOnly: true },
];

/** Every cfn-init invocation with at least one option in a piece of shell / PowerShell / cmd text. */
export function findCfnInitCalls(r: Rendered, { ini = false }: { ini?: boolean } = {}): CfnInitCall[] {
  const calls: CfnInitCall[] = [];
  const text = r.text;
  if (!text.includes('cfn-init')) return calls; // what a program name needs before it can match
  const backticks = new BacktickParity(text);
  // A <script> or <powershell> block is Windows whatever the program is called (a bare `cfn-init`).
  const windowsText = /<(?:script|powershell)>/i.test(text);
  let from = 0; // where the search for the next program name goes on
  for (let m = nextProgram(text, 0); m; m = nextProgram(text, from)) {
    from = m.index + m[0].length;
    const start = m.index + m[1]!.length;
    const programText = m[2]!;
    if (!atCommandPosition(text, start)) continue;
    const program: Word = { text: programText, start, end: start + programText.length };
    let argsFrom = program.end;
    if (text[argsFrom] === '"' || text[argsFrom] === "'") argsFrom++;
    const windows = windowsText || m[3] !== undefined || programText.includes('\\');
    const words = shellWords(text, argsFrom, { windows, inBackticks: backticks.inside(start), ini });
    // A "cfn-init" among this call's words is one of its arguments: go on after them (and each
    // word is read once, however many times "cfn-init" is written on the line).
    if (words.length > 0) from = Math.max(from, words[words.length - 1]!.end);
    const call = parseArgs(program, words, windows);
    if (
      call.options.length > 0 ||
      call.unknownOptions.length > 0 ||
      call.gluedOptions.length > 0 ||
      call.expansions.length > 0
    )
      calls.push(call);
  }
  return calls;
}

const COMMAND_PREFIXES = new Set([
  'sudo',
  'exec',
  'then',
  'do',
  'else',
  'time',
  'nohup',
  'call',
  '&',
  '!',
  'if',
  'while',
  'until',
  'start',
  'env',
]);

/**
 * Whether the word at `start` is where a command begins: at a line start or
 * after a separator, `action=`, `<script>`, or a prefix such as `sudo`.
 * Keeps `find /opt/aws/apitools/cfn-init -name bin` from counting as a call.
 */
function atCommandPosition(text: string, start: number): boolean {
  // Iterative: a line of 100,000 `sudo` must not recurse 100,000 deep.
  for (;;) {
    let i = start - 1;
    if (i >= 0 && (text[i] === '"' || text[i] === "'")) i--;
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
    if (i < 0) return true;
    const ch = text[i]!;
    if ('\n\r;|&(`>={'.includes(ch)) return true;
    const wordEnd = i + 1;
    while (i >= 0 && !isSpace(text.charCodeAt(i)) && !';|&(`'.includes(text[i]!)) i--;
    const word = text.slice(i + 1, wordEnd);
    if (!COMMAND_PREFIXES.has(word) && !/^[A-Za-z_][A-Za-z0-9_]*=\S*$/.test(word)) return false;
    start = i + 1;
  }
}

/**
 * Whether an offset lies inside a backtick command substitution that opened earlier on its line,
 * for offsets asked in increasing order: one pass over the text for all of them.
 */
export class BacktickParity {
  private odd = false;
  // Only a newline (ends the substitution) or a backtick (opens or closes one) changes the
  // answer: the scan jumps from one to the next instead of reading every character.
  private nextNewline: number;
  private nextBacktick: number;

  constructor(private readonly text: string) {
    this.nextNewline = indexOrInfinity(text, '\n', 0);
    this.nextBacktick = indexOrInfinity(text, '`', 0);
  }

  inside(offset: number): boolean {
    const text = this.text;
    if (this.nextNewline < offset) {
      // A line break lies between: every backtick before the last one no longer matters. Jump to
      // it instead of stepping through each line (the search back stops at or after nextNewline).
      const lastNewline = text.lastIndexOf('\n', offset - 1);
      this.odd = false;
      this.nextNewline = indexOrInfinity(text, '\n', lastNewline + 1);
      if (this.nextBacktick < lastNewline) this.nextBacktick = indexOrInfinity(text, '`', lastNewline + 1);
    }
    for (;;) {
      const p = Math.min(this.nextNewline, this.nextBacktick);
      if (p >= offset) return this.odd;
      if (p === this.nextNewline) {
        this.odd = false;
        this.nextNewline = indexOrInfinity(text, '\n', p + 1);
      } else {
        if (text[p - 1] !== '\\') this.odd = !this.odd;
        this.nextBacktick = indexOrInfinity(text, '`', p + 1);
      }
    }
  }
}

function indexOrInfinity(text: string, c: string, from: number): number {
  const i = text.indexOf(c, from);
  return i < 0 ? Infinity : i;
}

const WORD_END = new Set([' ', '\t', '\n', '\r', '\f', '\v', ';', '|', '&', ')', '<', '>', '`']);

/** ASCII characters that end a word or start a quote or expansion inside one (WORD_END, quotes, `$`, `%`). */
const WORD_SPECIAL = new Uint8Array(128);
for (const c of [...WORD_END, '"', "'", '$', '%']) WORD_SPECIAL[c.charCodeAt(0)] = 1;

/** After `$`: a name, a positional or special parameter, `{…}` or `(…)`. */
const EXPANSION_START = /[A-Za-z_0-9@*#?!{(-]/;

/**
 * Where a construct opened at `open` (`(` or `{` after `$`, or a backtick)
 * closes, counting nested parentheses/braces; the text end when it never does.
 * Runs once over the construct, so the scan stays linear.
 */
function closingIndex(text: string, open: number): number {
  const opener = text[open]!;
  const closer = opener === '(' ? ')' : opener === '{' ? '}' : '`';
  let depth = 1;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n' && closer !== ')') return i; // ${…} and `…` do not span lines here
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === closer && opener !== '`') {
      if (--depth === 0) return i;
    } else if (c === opener && opener !== '`') depth++;
    else if (c === '`' && opener === '`') return i;
  }
  return text.length;
}

export interface ShellWordOptions {
  /** cmd.exe text: `%NAME%` is an expansion. */
  windows?: boolean;
  /** The command itself sits inside backticks: the next backtick ends it. */
  inBackticks?: boolean;
  /**
   * The text is an INI value (a hook's action): ConfigParser strips the blanks that end each line, so
   * `\` then blanks then a line break continues the line when the shell runs it.
   */
  ini?: boolean;
}

/** The first `\r` or `\n` in text[from, to), or `to`. */
function lineBreakBefore(text: string, from: number, to: number): number {
  for (let p = from; p < to; p++) {
    const c = text.charCodeAt(p);
    if (c === 10 || c === 13) return p;
  }
  return to;
}

/** Words up to the end of the command (newline, `;`, `&&`, `||`, `|`, `)`, a redirect, `<`, a comment). */
export function shellWords(text: string, from: number, options: ShellWordOptions = {}): Word[] {
  const words: Word[] = [];
  let i = from;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    // Line continuation: `\` in a shell, `^` in cmd.exe.
    if (ch === '\\' || (ch === '^' && options.windows)) {
      let k = i + 1;
      if (options.ini) while (text[k] === ' ' || text[k] === '\t') k++;
      if (text[k] === '\n' || text[k] === '\r') {
        i = k + (text[k] === '\r' && text[k + 1] === '\n' ? 2 : 1);
        continue;
      }
    }
    if (
      ch === '\n' ||
      ch === '\r' ||
      ch === ';' ||
      ch === '|' ||
      ch === '&' ||
      ch === ')' ||
      ch === '<' ||
      (ch === '`' && options.inBackticks) ||
      ch === '#'
    )
      break;
    let word = '';
    // PowerShell splatting (`@args`): options this reading cannot see.
    let dynamic = options.windows === true && ch === '@' && /[A-Za-z_]/.test(text[i + 1] ?? '');
    const start = i;
    let run = i; // start of the unquoted run not yet added to `word`
    while (i < n) {
      const code = text.charCodeAt(i);
      // Most characters of a word are none of those tested below: step over them at once.
      if (code >= 128 || !WORD_SPECIAL[code]) {
        i++;
        continue;
      }
      const c = text[i]!;
      if (c === '"' || c === "'") {
        word += text.slice(run, i);
        const close = text.indexOf(c, i + 1);
        const stop = close < 0 ? n : close;
        const end = lineBreakBefore(text, i + 1, stop);
        const quoted = text.slice(i + 1, end);
        if (c === '"' && (/\$[A-Za-z_0-9@*#?!{(]/.test(quoted) || quoted.includes('`'))) dynamic = true;
        word += quoted;
        i = end < n && text[end] === c ? end + 1 : end;
        run = i;
        continue;
      }
      // bash's $'…' (ANSI-C) and $"…" (locale) quoting: the text inside is not the word's value as written.
      if (c === '$' && (text[i + 1] === "'" || text[i + 1] === '"')) {
        dynamic = true;
        i++;
        continue;
      }
      if (c === '$' && EXPANSION_START.test(text[i + 1] ?? '')) {
        dynamic = true;
        // $( … ) and ${ … } may hold spaces and ) that do not end the command.
        if (text[i + 1] === '(' || text[i + 1] === '{') i = Math.min(n, closingIndex(text, i + 1) + 1);
        else i++;
        continue;
      }
      if (c === '`') {
        if (options.inBackticks) break;
        dynamic = true;
        i = Math.min(n, closingIndex(text, i) + 1);
        continue;
      }
      if (c === '%' && options.windows) {
        const m = /^%[A-Za-z_][\w]*%/.exec(text.slice(i, i + 256));
        if (m) {
          dynamic = true;
          i += m[0].length;
          continue;
        }
      }
      if (WORD_END.has(c)) break;
      i++;
    }
    word += text.slice(run, i);
    if (/^(?:\d*|\*)$/.test(word) && (text[i] === '>' || text[i] === '<')) break; // `2>&1`, PowerShell's `*>`
    words.push(dynamic ? { text: word, start, end: i, dynamic } : { text: word, start, end: i });
  }
  return words;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * `/^.*[^\s-]--[a-z][a-z-]*$/i` by hand (that regex is quadratic on `a--a--…a--1`): the word ends
 * in `--name` glued to a character that is not a blank or a dash (`-v--stack`, `x--region`).
 */
function endsWithGluedOption(t: string): boolean {
  // `.` stops at line terminators, and the glued option is all letters and dashes: none may occur.
  for (let p = 0; p < t.length; p++) {
    const c = t.charCodeAt(p);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return false;
  }
  let k = t.length; // the run of [a-z-] that ends the word holds `--name`
  while (k > 0 && (isLetter(t.charCodeAt(k - 1)) || t.charCodeAt(k - 1) === 45)) k--;
  for (let j = Math.max(k, 1); j + 2 < t.length; j++) {
    if (t.charCodeAt(j) !== 45 || t.charCodeAt(j + 1) !== 45 || !isLetter(t.charCodeAt(j + 2))) continue;
    const before = t.charCodeAt(j - 1);
    if (before !== 45 && !isSpace(before)) return true;
  }
  return false;
}

/** Options by their one-letter name (each letter names one option). */
const SHORT_OPTIONS = new Map(OPTIONS.filter((o) => o.short !== undefined).map((o) => [o.short!, o]));

/**
 * The option a `--name` means, as optparse reads an abbreviation: the exact name, else the only
 * option it abbreviates; `matches` says how many it abbreviates (more than one: ambiguous).
 */
function longOption(written: string, windows: boolean): { spec: OptionSpec | undefined; matches: number } {
  let first: OptionSpec | undefined;
  let matches = 0;
  for (const o of OPTIONS) {
    if ((o.windowsOnly && !windows) || !o.long.startsWith(written)) continue;
    if (o.long === written) return { spec: o, matches: 1 };
    first ??= o;
    matches++;
  }
  return { spec: matches === 1 ? first : undefined, matches };
}

function parseArgs(program: Word, words: Word[], windows: boolean): CfnInitCall {
  const call: CfnInitCall = {
    program,
    options: [],
    positionals: [],
    unknownOptions: [],
    ambiguousOptions: [],
    gluedOptions: [],
    expansions: [],
    windows,
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const t = word.text;
    if (t === '--' && !word.dynamic) {
      // optparse: the end of the options; whatever follows is an argument.
      for (let j = i + 1; j < words.length; j++)
        (words[j]!.dynamic ? call.expansions : call.positionals).push(words[j]!);
      break;
    }
    // PowerShell's stop-parsing token: it passes the rest of the line as written and is not itself passed.
    // (cmd would pass it on, but nobody writes it there: no verdict on a Windows line that has it.)
    if (windows && t === '--%' && !word.dynamic) continue;
    if (!t.startsWith('--') && endsWithGluedOption(t)) {
      call.gluedOptions.push(word);
      continue;
    }
    if (word.dynamic && !/^--?[A-Za-z]/.test(t)) {
      // `$ARGS`, `"$@"`, `$(cat opts)`: unknown words, not stray arguments.
      call.expansions.push(word);
      continue;
    }
    if (word.dynamic && /^--[A-Za-z-]*[$`%]/.test(t)) {
      call.expansions.push(word); // `--$NAME`: the option itself is unknown
      continue;
    }
    if (t.startsWith('--') && t.length > 2) {
      const eq = t.indexOf('=');
      const written = eq >= 0 ? t.slice(2, eq) : t.slice(2);
      const { spec, matches } = longOption(written, windows);
      if (!spec) {
        (matches > 1 ? call.ambiguousOptions : call.unknownOptions).push(word);
        continue;
      }
      let value: Word | undefined;
      if (spec.takesValue) {
        if (eq >= 0)
          value = { text: t.slice(eq + 1), start: word.start + eq + 1, end: word.end, dynamic: word.dynamic };
        else if (i + 1 < words.length) value = words[++i];
      }
      call.options.push({ name: spec.long, written: t, value, start: word.start, end: value ? value.end : word.end });
      continue;
    }
    if (t.startsWith('-') && t.length > 1 && t !== '-') {
      // optparse short options: clustered flags, and a value glued or in the next word.
      for (let k = 1; k < t.length; k++) {
        const spec = SHORT_OPTIONS.get(t[k]!);
        if (!spec) {
          call.unknownOptions.push(word);
          break;
        }
        if (!spec.takesValue) {
          call.options.push({ name: spec.long, written: '-' + t[k], start: word.start, end: word.end });
          continue;
        }
        let value: Word | undefined;
        if (k + 1 < t.length)
          value = { text: t.slice(k + 1), start: word.start + k + 1, end: word.end, dynamic: word.dynamic };
        else if (i + 1 < words.length) value = words[++i];
        call.options.push({
          name: spec.long,
          written: '-' + t[k],
          value,
          start: word.start,
          end: value ? value.end : word.end,
        });
        break;
      }
      continue;
    }
    call.positionals.push(word);
  }
  return call;
}

/** A word whose text is not known here: a template value not rendered, or a shell expansion. */
export function isUnknownWord(r: Rendered, w: Word): boolean {
  return !!w.dynamic || r.isOpaque(w.start, w.end);
}

export function optionValue(call: CfnInitCall, name: string): CfnInitOption | undefined {
  let found: CfnInitOption | undefined;
  for (const o of call.options) if (o.name === name) found = o;
  return found;
}

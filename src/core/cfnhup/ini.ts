/**
 * An INI reader that behaves like Python's ConfigParser as cfn-hup uses it,
 * recording where every section, key and value sits in the text so findings
 * can point at them. It never throws; what ConfigParser would choke on is
 * recorded as a problem.
 */
import { isSpace, skipSpaces } from '../text/scan';

export interface IniOption {
  key: string;
  /** Lower-cased, as ConfigParser stores it. */
  name: string;
  value: string;
  line: number;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
  /** Lines appended to the value by indentation (continuations). */
  continuationLines: number[];
}

export interface IniSection {
  name: string;
  line: number;
  headerStart: number;
  headerEnd: number;
  /** Index after `]`, and whether non-blank text follows on the same line (ignored by ConfigParser). */
  trailingTextStart: number | undefined;
  options: IniOption[];
}

export interface IniLine {
  start: number;
  end: number;
  text: string;
}

export interface IniProblem {
  kind: 'no-section-header' | 'not-an-option' | 'indented-first-option';
  start: number;
  end: number;
}

export interface IniFile {
  sections: IniSection[];
  lines: IniLine[];
  problems: IniProblem[];
}

/**
 * `key = value` as `/^([^:=\s][^:=]*?)\s*([:=])\s*(.*?)\s*$/` reads it (the key up to the first
 * `:` or `=`, both sides trimmed), scanned by hand: that regex is quadratic on a line of blanks.
 */
export function splitOption(body: string): { key: string; value: string; valueStart: number } | undefined {
  const first = body.charCodeAt(0);
  if (body.length === 0 || first === 58 || first === 61 || isSpace(first)) return undefined;
  let op = 1;
  while (op < body.length && body.charCodeAt(op) !== 58 && body.charCodeAt(op) !== 61) op++;
  if (op >= body.length) return undefined;
  let keyEnd = op;
  while (isSpace(body.charCodeAt(keyEnd - 1))) keyEnd--;
  const valueStart = skipSpaces(body, op + 1);
  let valueEnd = body.length;
  while (valueEnd > valueStart && isSpace(body.charCodeAt(valueEnd - 1))) valueEnd--;
  // `.` does not match U+2028/U+2029: inside the value they make the regex fail.
  for (let p = valueStart; p < valueEnd; p++) {
    const c = body.charCodeAt(p);
    if (c === 0x2028 || c === 0x2029) return undefined;
  }
  return { key: body.slice(0, keyEnd), value: body.slice(valueStart, valueEnd), valueStart };
}

export function splitLines(text: string): IniLine[] {
  const lines: IniLine[] = [];
  // From one line break to the next (a fresh process runs this in the interpreter, where a loop over
  // every character costs): each break character is searched for once, so it stays linear.
  let nextLf = text.indexOf('\n');
  let nextCr = text.indexOf('\r');
  let start = 0;
  for (;;) {
    if (nextLf >= 0 && nextLf < start) nextLf = text.indexOf('\n', start);
    if (nextCr >= 0 && nextCr < start) nextCr = text.indexOf('\r', start);
    const i = nextLf < 0 ? (nextCr < 0 ? text.length : nextCr) : nextCr < 0 ? nextLf : Math.min(nextLf, nextCr);
    lines.push({ start, end: i, text: text.slice(start, i) });
    if (i === text.length) return lines;
    start = text[i] === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
  }
}

export function parseIni(text: string): IniFile {
  const lines = splitLines(text);
  const sections: IniSection[] = [];
  const problems: IniProblem[] = [];
  let current: IniSection | undefined;
  let lastOption: IniOption | undefined;
  /** How far the line that started `lastOption` is indented. */
  let lastOptionIndent = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const raw = line.text;
    // `\s` is what trim() strips: the leading run tells a blank line without trimming every line.
    const leading = skipSpaces(raw, 0);
    // Blank and comment lines do not end a continuation in ConfigParser.
    if (leading === raw.length || raw[0] === '#' || raw[0] === ';') continue;
    // A continuation is indented further than the option it continues (Python 3). Python 2 takes any
    // indented line after an option, but it refuses a section whose first option is indented at all, so
    // the two differ only in files Python 2 cannot read: they are read as Python 3 reads them.
    if (leading > lastOptionIndent && lastOption) {
      lastOption.value += '\n' + raw.trim();
      lastOption.continuationLines.push(index);
      continue;
    }
    // `/^\[([^\]]+)\]/`: a `[`, at least one character up to the first `]`, that `]`.
    const close = raw[0] === '[' ? raw.indexOf(']', 1) : -1;
    if (close > 1) {
      const after = line.start + close + 1;
      const trailing = skipSpaces(raw, close + 1);
      current = {
        name: raw.slice(1, close),
        line: index,
        headerStart: line.start,
        headerEnd: after,
        trailingTextStart: trailing < raw.length ? line.start + trailing : undefined,
        options: [],
      };
      sections.push(current);
      lastOption = undefined;
      continue;
    }
    if (!current) {
      problems.push({ kind: 'no-section-header', start: line.start, end: line.end });
      continue;
    }
    const body = leading > 0 ? raw.slice(leading) : raw;
    const m = splitOption(body);
    if (!m) {
      problems.push({ kind: 'not-an-option', start: line.start, end: line.end });
      continue;
    }
    if (leading > 0) problems.push({ kind: 'indented-first-option', start: line.start, end: line.end });
    const keyStart = line.start + leading;
    const valueStart = line.start + leading + m.valueStart;
    lastOption = {
      key: m.key,
      name: m.key.toLowerCase(),
      value: m.value,
      line: index,
      keyStart,
      keyEnd: keyStart + m.key.length,
      valueStart,
      valueEnd: valueStart + m.value.length,
      continuationLines: [],
    };
    current.options.push(lastOption);
    lastOptionIndent = leading;
  }
  return { sections, lines, problems };
}

export function findOption(section: IniSection, name: string): IniOption | undefined {
  let found: IniOption | undefined;
  for (const o of section.options) if (o.name === name) found = o; // last one wins, as in ConfigParser
  return found;
}

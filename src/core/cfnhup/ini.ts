/**
 * An INI reader that behaves like Python's ConfigParser as cfn-hup uses it,
 * recording where every section, key and value sits in the text so findings
 * can point at them. It never throws; what ConfigParser would choke on is
 * recorded as a problem.
 */
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

const SECTION = /^\[([^\]]+)\]/;
const OPTION = /^([^:=\s][^:=]*?)\s*([:=])\s*(.*?)\s*$/;

export function splitLines(text: string): IniLine[] {
  const lines: IniLine[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    if (i === text.length || ch === '\n' || ch === '\r') {
      lines.push({ start, end: i, text: text.slice(start, i) });
      if (ch === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  return lines;
}

export function parseIni(text: string): IniFile {
  const lines = splitLines(text);
  const sections: IniSection[] = [];
  const problems: IniProblem[] = [];
  let current: IniSection | undefined;
  let lastOption: IniOption | undefined;
  lines.forEach((line, index) => {
    const raw = line.text;
    const trimmed = raw.trim();
    // Blank and comment lines do not end a continuation in ConfigParser.
    if (trimmed === '' || raw[0] === '#' || raw[0] === ';') return;
    if (/^\s/.test(raw) && lastOption) {
      lastOption.value += '\n' + trimmed;
      lastOption.continuationLines.push(index);
      return;
    }
    const header = SECTION.exec(raw);
    if (header) {
      const after = line.start + header[0].length;
      const rest = raw.slice(header[0].length);
      current = {
        name: header[1]!,
        line: index,
        headerStart: line.start,
        headerEnd: after,
        trailingTextStart: /\S/.test(rest) ? after + rest.search(/\S/) : undefined,
        options: [],
      };
      sections.push(current);
      lastOption = undefined;
      return;
    }
    if (!current) {
      problems.push({ kind: 'no-section-header', start: line.start, end: line.end });
      return;
    }
    const leading = raw.length - raw.trimStart().length;
    const body = raw.slice(leading);
    const m = OPTION.exec(body);
    if (!m) {
      problems.push({ kind: 'not-an-option', start: line.start, end: line.end });
      return;
    }
    if (leading > 0) problems.push({ kind: 'indented-first-option', start: line.start, end: line.end });
    const keyStart = line.start + leading;
    const valueOffset = body.indexOf(m[3]!, m[1]!.length + 1);
    const valueStart = line.start + leading + (m[3] === '' ? body.length : valueOffset);
    lastOption = {
      key: m[1]!,
      name: m[1]!.toLowerCase(),
      value: m[3]!,
      line: index,
      keyStart,
      keyEnd: keyStart + m[1]!.length,
      valueStart,
      valueEnd: valueStart + m[3]!.length,
      continuationLines: [],
    };
    current.options.push(lastOption);
  });
  return { sections, lines, problems };
}

export function findOption(section: IniSection, name: string): IniOption | undefined {
  let found: IniOption | undefined;
  for (const o of section.options) if (o.name === name) found = o; // last one wins, as in ConfigParser
  return found;
}

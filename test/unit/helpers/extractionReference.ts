/**
 * The plain forms that the cfn-hup extraction's hand-made scanners replaced, kept as references
 * for the differential tests (extraction-equivalence.test.ts): each scanner must give what these give.
 */
import {
  splitLines,
  splitOption,
  type IniFile,
  type IniOption,
  type IniProblem,
  type IniSection,
} from '../../../src/core/cfnhup/ini';
import { isSpace } from '../../../src/core/text/scan';

const SECTION = /^\[([^\]]+)\]/;

/** parseIni with trim(), trimStart() and the section regex. */
export function referenceParseIni(text: string): IniFile {
  const lines = splitLines(text);
  const sections: IniSection[] = [];
  const problems: IniProblem[] = [];
  let current: IniSection | undefined;
  let lastOption: IniOption | undefined;
  let lastOptionIndent = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const raw = line.text;
    const trimmed = raw.trim();
    if (trimmed === '' || raw[0] === '#' || raw[0] === ';') continue;
    // Python 3: a continuation is indented further than the option it continues.
    if (isSpace(raw.charCodeAt(0)) && lastOption && raw.length - raw.trimStart().length > lastOptionIndent) {
      lastOption.value += '\n' + trimmed;
      lastOption.continuationLines.push(index);
      continue;
    }
    const header = raw[0] === '[' ? SECTION.exec(raw) : null;
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
      continue;
    }
    if (!current) {
      problems.push({ kind: 'no-section-header', start: line.start, end: line.end });
      continue;
    }
    const leading = raw.length - raw.trimStart().length;
    const body = raw.slice(leading);
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

/** A hook path's keys below Metadata, built a character at a time (`\.` is a dot inside a key). */
export function referenceSubPath(text: string, offset: number): { keys: string[]; starts: number[]; dots: number[] } {
  const keys: string[] = [];
  const starts: number[] = [];
  const dots: number[] = [];
  let current = '';
  let start = offset;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '.') {
      current += '.';
      i++;
      continue;
    }
    if (c === '.') {
      keys.push(current);
      starts.push(start);
      dots.push(offset + i);
      current = '';
      start = offset + i + 1;
      continue;
    }
    current += c;
  }
  keys.push(current);
  starts.push(start);
  return { keys, starts, dots };
}

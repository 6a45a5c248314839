/**
 * The logical lines of a UserData script: physical lines joined where a shell
 * line ends with `\` (an odd run of them) or a PowerShell line with a backtick.
 * `logicalLines` cuts the whole script; `lineAt` / `lineBefore` build only the
 * lines a rule reads (the cfn-signal line and the few before it), going back
 * from where a name was found (issue 12: most of a script is never read).
 * Whether a physical line continues depends on that line alone, so both give
 * the same lines.
 */

export type ScriptKind = 'shell' | 'cmd' | 'powershell';

export interface Line {
  /** The logical line: physical lines joined where a shell line ends with `\`. */
  text: string;
  start: number;
  end: number;
}

export function logicalLines(text: string, kind: ScriptKind): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const line = lineFrom(text, start, kind);
    lines.push(line);
    start = line.end + 1;
  }
  return lines;
}

/** The logical line that holds text[offset] (not a line break). */
export function lineAt(text: string, offset: number, kind: ScriptKind): Line {
  const start = offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
  return lineFrom(text, firstOfLine(text, start, kind), kind);
}

/** The logical line just before this one, or undefined for the first. */
export function lineBefore(text: string, line: Line, kind: ScriptKind): Line | undefined {
  if (line.start === 0) return undefined;
  return lineFrom(text, firstOfLine(text, physicalStartBefore(text, line.start), kind), kind);
}

/** Where the physical line that ends just before `start` (a line start after a break) starts. */
function physicalStartBefore(text: string, start: number): number {
  return start >= 2 ? text.lastIndexOf('\n', start - 2) + 1 : 0;
}

/** The first physical line of the logical line holding the physical line at `start`. */
function firstOfLine(text: string, start: number, kind: ScriptKind): number {
  while (start > 0) {
    const before = physicalStartBefore(text, start);
    if (!continues(text, before, rawEnd(text, before, start - 1), kind)) break;
    start = before;
  }
  return start;
}

/** The logical line whose first physical line starts at `start`. */
function lineFrom(text: string, start: number, kind: ScriptKind): Line {
  let joined = '';
  for (let p = start; ;) {
    let end = text.indexOf('\n', p);
    if (end < 0) end = text.length;
    const last = rawEnd(text, p, end);
    const continued = continues(text, p, last, kind);
    // A continued line loses its `\` (or backtick); the pieces are joined with a space.
    const piece = text.slice(p, continued ? last - 1 : last);
    joined = p === start ? piece : joined + ' ' + piece;
    if (!continued || end >= text.length) return { text: joined, start, end };
    p = end + 1;
  }
}

/** The end of a physical line [start, end) without one trailing \r. */
function rawEnd(text: string, start: number, end: number): number {
  return end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

/** Whether the physical line text[start, end) (without \r) continues on the next. */
function continues(text: string, start: number, end: number, kind: ScriptKind): boolean {
  if (end <= start) return false;
  const last = text.charCodeAt(end - 1);
  if (kind === 'powershell') return last === 96; // `
  if (kind !== 'shell' || last !== 92) return false; // \
  let run = 0;
  for (let p = end - 1; p >= start && text.charCodeAt(p) === 92; p--) run++;
  return run % 2 === 1;
}

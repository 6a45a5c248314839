/**
 * js-yaml's event stream, as lenient about indentation as libyaml/PyYAML
 * (CloudFormation's family). js-yaml rejects a continuation line of a quoted
 * scalar, or a line inside a flow collection (`[ ]`, `{ }`), that is less
 * indented than the node ("deficient indentation"); PyYAML ignores
 * indentation in both places, so such a template deploys. Both places are the
 * only ones js-yaml reports that error from, and in both the leading blanks of
 * a line carry no meaning (a quoted scalar folds them away; in a flow
 * collection they only separate tokens). So on that error we indent the line
 * (spaces inserted before its own blanks) in a copy of the text and read again,
 * then map every event offset back to the original text, where the values are
 * read: offsets and values stay exactly those of the user's text.
 *
 * Plain multi-line scalars in block context are not touched: PyYAML rejects a
 * less-indented continuation there too. A document marker (`---`, `...`) at
 * column 0 stays an error, as in PyYAML. Each repair reads the text again, so
 * the repairs are budgeted (a hostile file with thousands of such lines gets
 * the parse error rather than a long wait).
 */
import { parseEvents, type Event } from 'js-yaml';
import { fastYamlEvents } from './yamlFastEvents';

/** Re-reads for repairs, in characters read in total per document (a real template needs a few re-reads). */
export const MAX_REPAIR_WORK = 8_000_000;
/** Lines of flow collections repaired one by one (an unclosed `[` would otherwise repair the rest of the file). */
const MAX_FLOW_REPAIRS = 32;

/**
 * Shared by the reads of one document (the whole text, then the prefixes read after an error): the
 * work left, and the lines indented so far (a prefix read reuses them without paying again).
 */
export interface RepairState {
  work: number;
  /** Spaces inserted before an original line start → how many. */
  pads: Map<number, number>;
}

export function newRepairState(): RepairState {
  return { work: MAX_REPAIR_WORK, pads: new Map() };
}

export type EventsRead = { events: Event[] } | { error: unknown; at: number };

/** The events of `text` (offsets into `text`), or the error that stops the read and its offset in `text`. */
export function readYamlEvents(text: string, maxDepth: number, state: RepairState = newRepairState()): EventsRead {
  const { pads } = state;
  for (const offset of [...pads.keys()]) if (offset >= text.length) pads.delete(offset);
  if (pads.size === 0) {
    // The common CloudFormation subset, read by a small scanner that gives js-yaml's exact events (or none).
    const events = fastYamlEvents(text, maxDepth);
    if (events) return { events };
  }
  let firstFlowError: { error: unknown; at: number } | undefined;
  let flowRepairs = 0;
  let lastLine = -1;
  let tries = 0;
  for (let repairs = 0; ; repairs++) {
    if (repairs) state.work -= text.length;
    const shift = pads.size ? new Shift(text, pads) : undefined;
    const source = shift ? shift.text : text;
    let failure: { error: unknown; at: number };
    try {
      const events = parseEvents(source, { maxDepth });
      if (shift) for (const ev of events) shift.mapEvent(ev);
      return { events };
    } catch (e) {
      const shiftedAt = errorOffset(e, source.length);
      failure = { error: e, at: shift ? shift.toOriginal(shiftedAt) : shiftedAt };
    }
    const { error, at } = failure;
    if (reasonOf(error) !== 'deficient indentation') {
      // Repairs inside a flow collection that never closes end at the end of the file: say where it went wrong.
      return firstFlowError && /^unexpected end of the stream/.test(reasonOf(error) ?? '') ? firstFlowError : failure;
    }
    if (state.work < 2 * text.length) return firstFlowError ?? failure; // a repair reads the text twice at most
    const lineStart = lineStartOf(text, at);
    if (startsWithDocumentMarker(text, lineStart)) return failure;
    // How deep: one more than the line above (enough for almost every template), doubled while not enough.
    tries = lineStart === lastLine ? tries + 1 : 0;
    if (tries > 12) return failure;
    lastLine = lineStart;
    const wanted = (indentAbove(text, lineStart) + 1) << tries;
    const quote = quoteAround(source, shift ? shift.toShifted(lineStart) : lineStart, maxDepth, state);
    if (quote) {
      // Inside a quoted scalar: indent every line of it at once.
      const close = closingQuote(text, at, quote);
      // Never closed (a quote being typed): an error either way, and where it was found is the better place.
      if (close < 0) return firstFlowError ?? failure;
      for (const start of lineStarts(text, lineStart, close)) {
        if (startsWithDocumentMarker(text, start)) break; // PyYAML rejects it too
        pad(pads, text, start, wanted);
      }
    } else {
      firstFlowError ??= failure;
      if (++flowRepairs > MAX_FLOW_REPAIRS) return firstFlowError;
      pad(pads, text, lineStart, wanted);
    }
  }
}

function pad(pads: Map<number, number>, text: string, lineStart: number, wanted: number): void {
  const have = (pads.get(lineStart) ?? 0) + leadingSpaces(text, lineStart);
  if (have < wanted) pads.set(lineStart, (pads.get(lineStart) ?? 0) + wanted - have);
}

/**
 * Which quote the line at `lineStart` (in `source`, the text as read) continues, if any: the read of
 * the text up to the end of the line with content above stops inside that quoted scalar.
 */
function quoteAround(
  source: string,
  lineStart: number,
  maxDepth: number,
  budget: { work: number },
): 39 | 34 | undefined {
  let end = lineStart;
  while (end > 0 && isBlank(source.charCodeAt(end - 1))) end--;
  budget.work -= end;
  try {
    parseEvents(source.slice(0, end), { maxDepth });
    return undefined;
  } catch (e) {
    const reason = reasonOf(e) ?? '';
    if (reason.endsWith('within a single quoted scalar')) return 39;
    if (reason.endsWith('within a double quoted scalar')) return 34;
    // `"...\` cut after its backslash (an escaped line break): the escape is cut, not the scalar.
    if (reason === 'unknown escape sequence' && source.charCodeAt(end - 1) === 92) return 34;
    return undefined;
  }
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Where the quoted scalar that `from` is inside ends (its closing quote), or -1 when it never does. */
function closingQuote(text: string, from: number, quote: 39 | 34): number {
  for (let p = from; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (quote === 34 && c === 92) p++;
    else if (c === quote) {
      if (quote === 39 && text.charCodeAt(p + 1) === 39) p++;
      else return p;
    }
  }
  return -1;
}

/** The starts of the lines from the one at `first` to the one holding `last`. */
function lineStarts(text: string, first: number, last: number): number[] {
  const starts = [first];
  for (let p = first; p < last; p++) {
    const c = text.charCodeAt(p);
    if (c === 10 || (c === 13 && text.charCodeAt(p + 1) !== 10)) starts.push(p + 1);
  }
  return starts;
}

/** A copy of the text with spaces inserted at some line starts, and the way back to original offsets. */
class Shift {
  readonly text: string;
  /** Per insertion, ascending: its original offset, where it starts in the copy, and the spaces inserted up to its end. */
  private readonly original: number[] = [];
  private readonly at: number[] = [];
  private readonly total: number[] = [];

  constructor(text: string, pads: Map<number, number>) {
    const parts: string[] = [];
    let from = 0;
    let inserted = 0;
    for (const offset of [...pads.keys()].sort((a, b) => a - b)) {
      const n = pads.get(offset)!;
      parts.push(text.slice(from, offset), ' '.repeat(n));
      this.original.push(offset);
      this.at.push(offset + inserted);
      inserted += n;
      this.total.push(inserted);
      from = offset;
    }
    parts.push(text.slice(from));
    this.text = parts.join('');
  }

  /** An offset in the copy → the original offset (inside inserted spaces: the line start they precede). */
  toOriginal(offset: number): number {
    const i = lastBelow(this.at, offset + 1) - 1; // the last insertion starting at or before `offset`
    if (i < 0) return offset;
    return Math.max(this.original[i]!, offset - this.total[i]!);
  }

  /** An original offset → its offset in the copy (a line start: before the spaces inserted there). */
  toShifted(offset: number): number {
    const i = lastBelow(this.original, offset) - 1; // the last insertion strictly before `offset`
    return offset + (i < 0 ? 0 : this.total[i]!);
  }

  mapEvent(ev: Event): void {
    const e = ev as unknown as Record<string, number>;
    for (const k of EVENT_OFFSETS) {
      const v = e[k];
      if (typeof v === 'number' && v >= 0) e[k] = this.toOriginal(v);
    }
  }
}

const EVENT_OFFSETS = ['start', 'valueStart', 'valueEnd', 'anchorStart', 'anchorEnd', 'tagStart', 'tagEnd'];

/** How many entries of the ascending `list` are below `value`. */
function lastBelow(list: number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function errorOffset(e: unknown, length: number): number {
  const position = (e as { mark?: { position?: number } }).mark?.position;
  return typeof position === 'number' ? Math.max(0, Math.min(position, length)) : 0;
}

function reasonOf(e: unknown): string | undefined {
  return (e as { reason?: string }).reason;
}

function lineStartOf(text: string, at: number): number {
  let p = Math.min(at, text.length);
  while (p > 0) {
    const c = text.charCodeAt(p - 1);
    if (c === 10 || c === 13) break;
    p--;
  }
  return p;
}

function startsWithDocumentMarker(text: string, lineStart: number): boolean {
  const c = text.charCodeAt(lineStart);
  if ((c !== 45 && c !== 46) || text.charCodeAt(lineStart + 1) !== c || text.charCodeAt(lineStart + 2) !== c)
    return false;
  const after = text.charCodeAt(lineStart + 3);
  return Number.isNaN(after) || after === 32 || after === 9 || after === 10 || after === 13;
}

function leadingSpaces(text: string, lineStart: number): number {
  let p = lineStart;
  while (text.charCodeAt(p) === 32) p++;
  return p - lineStart;
}

/** The indentation of the nearest line above that has content. */
function indentAbove(text: string, lineStart: number): number {
  let end = lineStart;
  while (end > 0) {
    const start = lineStartOf(
      text,
      end - 1 - (text.charCodeAt(end - 1) === 10 && text.charCodeAt(end - 2) === 13 ? 1 : 0),
    );
    const indent = leadingSpaces(text, start);
    const c = text.charCodeAt(start + indent);
    if (!(c === 10 || c === 13 || Number.isNaN(c))) return indent;
    if (start === 0) return indent;
    end = start;
  }
  return 0;
}

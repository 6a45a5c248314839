import type { ScalarNode } from '../template/ast';
import { scalarCharSpans, type CharSpans } from '../template/scalarOffsets';

/**
 * Text produced by rendering intrinsics, with a source span for every
 * character. Unknown values (a `Ref` to a parameter, `Fn::GetAtt`, a pseudo
 * parameter) stay symbolic: they appear as `${Name}` and are recorded as
 * opaque, so rules can refuse to judge text that depends on them.
 *
 * Where each character came from is kept as segments (a slice of a scalar,
 * or text that stands for one source span) and resolved to offsets only when
 * a finding asks: most rendered text never needs it.
 */
export interface OpaqueSpan {
  /** Index range in `text`. */
  start: number;
  end: number;
  /** What it stands for, e.g. `AWS::StackId`, `MyParam`, `WebServer.Arn`. */
  name: string;
}

type Segment =
  | { at: number; length: number; kind: 'scalar'; node: ScalarNode; from: number }
  | { at: number; length: number; kind: 'uniform'; start: number; end: number }
  /** Stands for value characters [from, to) of a scalar as one span (a `${Name}` in a Sub string). */
  | { at: number; length: number; kind: 'scalarSpan'; node: ScalarNode; from: number; to: number }
  /** Characters copied one to one from the source, starting at `start`. */
  | { at: number; length: number; kind: 'linear'; start: number };

export class Rendered {
  constructor(
    readonly text: string,
    private readonly segments: readonly Segment[],
    readonly opaque: readonly OpaqueSpan[],
    private readonly source: string,
  ) {}

  static empty(source = ''): Rendered {
    return new Rendered('', [], [], source);
  }

  /** A scalar's whole value, as a builder's `appendScalarValue` gives it (built directly: most renderings are one scalar). */
  static ofScalar(node: ScalarNode, source: string): Rendered {
    const value = node.value;
    if (typeof value === 'string')
      return new Rendered(
        value,
        value.length ? [{ at: 0, length: value.length, kind: 'scalar', node, from: 0 }] : [],
        [],
        source,
      );
    return value === null
      ? new Rendered('', [], [], source)
      : Rendered.uniform(String(value), node.start, node.end, source);
  }

  /** Text that all maps to one source span, as a builder's `appendUniform` gives it. */
  static uniform(text: string, start: number, end: number, source: string, opaqueName?: string): Rendered {
    if (text.length === 0) return new Rendered('', [], [], source);
    return new Rendered(
      text,
      [{ at: 0, length: text.length, kind: 'uniform', start, end }],
      opaqueName === undefined ? [] : [{ start: 0, end: text.length, name: opaqueName }],
      source,
    );
  }

  /** The source itself, character for character (a standalone cfn-hup file). */
  static identity(text: string): Rendered {
    return new Rendered(text, text.length ? [{ at: 0, length: text.length, kind: 'linear', start: 0 }] : [], [], text);
  }

  /** Source offset where character i starts. */
  startOf(i: number): number {
    return this.locate(i).start;
  }

  /** Source offset just after character i (an escape such as `\n` spans two). */
  endOf(i: number): number {
    return this.locate(i).end;
  }

  /** Source span covering text[from, to). */
  sourceRange(from: number, to: number): { start: number; end: number } {
    if (this.text.length === 0) return { start: 0, end: 0 };
    const a = Math.max(0, Math.min(from, this.text.length - 1));
    const b = Math.max(a, Math.min(Math.max(to, from + 1), this.text.length) - 1);
    let start = this.startOf(a);
    let end = this.endOf(b);
    if (end < start) [start, end] = [end, start];
    return { start, end };
  }

  /** True when any character in text[from, to) comes from an unknown value. */
  isOpaque(from: number, to: number): boolean {
    const o = this.opaque[this.firstOpaqueEndingAfter(from)];
    return o !== undefined && o.start < to;
  }

  opaqueAt(from: number, to: number): OpaqueSpan[] {
    const out: OpaqueSpan[] = [];
    for (let i = this.firstOpaqueEndingAfter(from); i < this.opaque.length && this.opaque[i]!.start < to; i++)
      out.push(this.opaque[i]!);
    return out;
  }

  /**
   * Binary search: the opaque spans are built in text order and never overlap, so their ends
   * ascend too (a text with 50,000 unknown `${…}` asks this 50,000 times).
   */
  private firstOpaqueEndingAfter(from: number): number {
    let low = 0;
    let high = this.opaque.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.opaque[mid]!.end > from) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** Character i is the source character itself (a standalone file): edits need no escaping. */
  isVerbatim(i: number): boolean {
    return this.segmentAt(i)?.kind === 'linear';
  }

  /** The scalar a character was copied from, if it was copied from one. */
  scalarOf(i: number): ScalarNode | undefined {
    const s = this.segmentAt(i);
    return s && s.kind === 'scalar' ? s.node : undefined;
  }

  private segmentAt(i: number): Segment | undefined {
    const segs = this.segments;
    let low = 0;
    let high = segs.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const s = segs[mid]!;
      if (i < s.at) high = mid - 1;
      else if (i >= s.at + s.length) low = mid + 1;
      else return s;
    }
    return undefined;
  }

  private locate(i: number): { start: number; end: number } {
    const s = this.segmentAt(i);
    if (!s) return { start: 0, end: 0 };
    if (s.kind === 'uniform') return { start: s.start, end: s.end };
    if (s.kind === 'linear') return { start: s.start + (i - s.at), end: s.start + (i - s.at) + 1 };
    if (s.kind === 'scalarSpan') {
      const spans = spansOf(s.node, this.source);
      return { start: spans.starts[s.from] ?? s.node.end, end: spans.ends[s.to - 1] ?? s.node.end };
    }
    const spans = spansOf(s.node, this.source);
    const k = s.from + (i - s.at);
    return { start: spans.starts[k] ?? s.node.end, end: spans.ends[k] ?? s.node.end };
  }
}

function spansOf(node: ScalarNode, source: string): CharSpans {
  if (!node.offsetsCache) node.offsetsCache = scalarCharSpans(node, source);
  return node.offsetsCache;
}

/** A segment moved by `base`, written out per kind (a spread copy costs more in a fresh process). */
function shifted(s: Segment, base: number): Segment {
  switch (s.kind) {
    case 'scalar':
      return { at: s.at + base, length: s.length, kind: s.kind, node: s.node, from: s.from };
    case 'uniform':
      return { at: s.at + base, length: s.length, kind: s.kind, start: s.start, end: s.end };
    case 'scalarSpan':
      return { at: s.at + base, length: s.length, kind: s.kind, node: s.node, from: s.from, to: s.to };
    case 'linear':
      return { at: s.at + base, length: s.length, kind: s.kind, start: s.start };
  }
}

/** Accumulates rendered pieces. */
export class RenderedBuilder {
  private readonly parts: string[] = [];
  private readonly segments: Segment[] = [];
  private readonly opaque: OpaqueSpan[] = [];
  private size = 0;

  constructor(private readonly source: string) {}

  get length(): number {
    return this.size;
  }

  append(r: Rendered): void {
    const base = this.size;
    this.parts.push(r.text);
    // Segments never change once built: at the start they are shared, elsewhere copied moved by `base`.
    const segments = (r as unknown as { segments: Segment[] }).segments;
    for (let i = 0; i < segments.length; i++)
      this.segments.push(base === 0 ? segments[i]! : shifted(segments[i]!, base));
    for (const o of r.opaque) this.opaque.push({ start: o.start + base, end: o.end + base, name: o.name });
    this.size += r.text.length;
  }

  /** A scalar's whole value, as rendering the scalar alone gives it. */
  appendScalarValue(node: ScalarNode): void {
    if (typeof node.value === 'string') this.appendScalar(node, node.value, 0, node.value.length);
    else if (node.value !== null) this.appendUniform(String(node.value), node.start, node.end);
  }

  /** Characters [from, to) of a string scalar's value. */
  appendScalar(node: ScalarNode, value: string, from: number, to: number): void {
    if (to <= from) return;
    this.parts.push(value.slice(from, to));
    this.segments.push({ at: this.size, length: to - from, kind: 'scalar', node, from });
    this.size += to - from;
  }

  /** Text standing for value characters [from, to) of a scalar, e.g. the `${Name}` it replaces. */
  appendScalarSpan(text: string, node: ScalarNode, from: number, to: number, opaqueName?: string): void {
    if (text.length === 0) return;
    this.parts.push(text);
    this.segments.push({ at: this.size, length: text.length, kind: 'scalarSpan', node, from, to });
    if (opaqueName !== undefined)
      this.opaque.push({ start: this.size, end: this.size + text.length, name: opaqueName });
    this.size += text.length;
  }

  /** Text that all maps to one source span (a number, an unknown value). */
  appendUniform(text: string, start: number, end: number, opaqueName?: string): void {
    if (text.length === 0) return;
    this.parts.push(text);
    this.segments.push({ at: this.size, length: text.length, kind: 'uniform', start, end });
    if (opaqueName !== undefined)
      this.opaque.push({ start: this.size, end: this.size + text.length, name: opaqueName });
    this.size += text.length;
  }

  build(): Rendered {
    return new Rendered(this.parts.join(''), this.segments, this.opaque, this.source);
  }
}

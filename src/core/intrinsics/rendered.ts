/**
 * Text produced by rendering intrinsics, with a source span for every
 * character. Unknown values (a `Ref` to a parameter, `Fn::GetAtt`, a pseudo
 * parameter) stay symbolic: they appear as `${Name}` and are recorded as
 * opaque, so rules can refuse to judge text that depends on them.
 */
export interface OpaqueSpan {
  /** Index range in `text`. */
  start: number;
  end: number;
  /** What it stands for, e.g. `AWS::StackId`, `MyParam`, `WebServer.Arn`. */
  name: string;
}

export class Rendered {
  constructor(
    readonly text: string,
    readonly starts: number[],
    readonly ends: number[],
    readonly opaque: OpaqueSpan[],
  ) {}

  static empty(): Rendered {
    return new Rendered('', [], [], []);
  }

  /** Source span covering text[from, to). */
  sourceRange(from: number, to: number): { start: number; end: number } {
    if (this.text.length === 0) return { start: 0, end: 0 };
    const a = Math.max(0, Math.min(from, this.text.length - 1));
    const b = Math.max(a, Math.min(Math.max(to, from + 1), this.text.length) - 1);
    let start = this.starts[a]!;
    let end = this.ends[b]!;
    if (end < start) [start, end] = [end, start];
    return { start, end };
  }

  /** True when any character in text[from, to) comes from an unknown value. */
  isOpaque(from: number, to: number): boolean {
    for (const o of this.opaque) if (o.start < to && o.end > from) return true;
    return false;
  }

  opaqueAt(from: number, to: number): OpaqueSpan[] {
    return this.opaque.filter((o) => o.start < to && o.end > from);
  }
}

/** Accumulates rendered pieces. */
export class RenderedBuilder {
  private text = '';
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly opaque: OpaqueSpan[] = [];

  get length(): number {
    return this.text.length;
  }

  append(r: Rendered): void {
    const base = this.text.length;
    this.text += r.text;
    for (let i = 0; i < r.text.length; i++) {
      this.starts.push(r.starts[i]!);
      this.ends.push(r.ends[i]!);
    }
    for (const o of r.opaque) this.opaque.push({ start: o.start + base, end: o.end + base, name: o.name });
  }

  /** Literal characters with their own spans. */
  appendSpans(text: string, starts: number[], ends: number[]): void {
    this.text += text;
    for (let i = 0; i < text.length; i++) {
      this.starts.push(starts[i]!);
      this.ends.push(ends[i]!);
    }
  }

  /** Text that all maps to one source span (a number, an unknown value). */
  appendUniform(text: string, start: number, end: number, opaqueName?: string): void {
    const base = this.text.length;
    this.text += text;
    for (let i = 0; i < text.length; i++) {
      this.starts.push(start);
      this.ends.push(end);
    }
    if (opaqueName !== undefined) this.opaque.push({ start: base, end: base + text.length, name: opaqueName });
  }

  build(): Rendered {
    return new Rendered(this.text, this.starts, this.ends, this.opaque);
  }
}

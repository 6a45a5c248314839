/**
 * The located tree of strict JSON in one pass (issue 12). Nearly every JSON template is plain
 * JSON: no comments, no trailing commas, no errors. For those, this reader builds the same tree
 * as jsonc-parser + `convert` (parseJson.ts) without jsonc-parser's token objects, visitor
 * callbacks and intermediate tree, and without the separate nesting pre-pass: in a fresh CLI
 * process that is most of the JSON cost, because V8 runs small tight loops fast long before it
 * has optimised jsonc-parser's.
 *
 * It gives up (returns undefined) at the first thing it is not certain of — a comment, a trailing
 * comma, whitespace other than JSON's four characters, an invalid escape, a control character in
 * a string, nesting deeper than the limit, any syntax error — and the caller then runs the
 * tolerant path, which reports problems and recovers. So it never decides what an error is.
 * `jsonFast.test.ts` checks on the corpus, generated templates and thousands of mutations that
 * whenever it answers, its tree equals the tolerant path's.
 */
import { keepLastOfDuplicateKeys, type CfnNode, type ObjectNode, type Property } from './ast';

/** Thrown to leave the read from any depth; caught once at the top. */
const GIVE_UP = { giveUp: true };

/** The tree of `text` when it is strict JSON nested at most `maxNesting` deep; else undefined. */
export function strictJsonTree(text: string, maxNesting: number): CfnNode | undefined {
  const reader = new StrictJsonReader(text, maxNesting);
  try {
    reader.skipSpace();
    const root = reader.value(0);
    reader.skipSpace();
    return reader.pos === text.length ? root : undefined;
  } catch {
    // GIVE_UP, or a stack overflow or the like: either way the tolerant path decides.
    return undefined;
  }
}

class StrictJsonReader {
  pos = 0;

  constructor(
    private readonly text: string,
    private readonly maxNesting: number,
  ) {}

  skipSpace(): void {
    const text = this.text;
    let p = this.pos;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  value(depth: number): CfnNode {
    const c = this.text.charCodeAt(this.pos);
    if (c === 123 /* { */) return this.object(depth + 1);
    if (c === 91 /* [ */) return this.array(depth + 1);
    if (c === 34 /* " */) {
      const start = this.pos;
      const value = this.string();
      return { kind: 'scalar', value, style: 'json', start, end: this.pos };
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) return this.number();
    return this.keyword();
  }

  private object(depth: number): ObjectNode {
    if (depth > this.maxNesting) throw GIVE_UP;
    const text = this.text;
    const start = this.pos++;
    const properties: Property[] = [];
    this.skipSpace();
    if (text.charCodeAt(this.pos) !== 125 /* } */) {
      for (;;) {
        if (text.charCodeAt(this.pos) !== 34) throw GIVE_UP;
        const keyStart = this.pos;
        const key = this.string();
        const keyEnd = this.pos;
        this.skipSpace();
        if (text.charCodeAt(this.pos) !== 58 /* : */) throw GIVE_UP;
        this.pos++;
        this.skipSpace();
        const value = this.value(depth);
        properties.push({ key, keyStart, keyEnd, value });
        if (!this.another(125 /* } */)) break;
      }
    }
    this.pos++;
    const object: ObjectNode = { kind: 'object', properties, start, end: this.pos };
    keepLastOfDuplicateKeys(object);
    return object;
  }

  private array(depth: number): CfnNode {
    if (depth > this.maxNesting) throw GIVE_UP;
    const text = this.text;
    const start = this.pos++;
    const items: CfnNode[] = [];
    this.skipSpace();
    if (text.charCodeAt(this.pos) !== 93 /* ] */) {
      for (;;) {
        items.push(this.value(depth));
        if (!this.another(93 /* ] */)) break;
      }
    }
    this.pos++;
    return { kind: 'array', items, start, end: this.pos };
  }

  /** After an entry: true at `,` (passed, with the space after it), false at `close`; else it gives up. */
  private another(close: number): boolean {
    this.skipSpace();
    const next = this.text.charCodeAt(this.pos);
    if (next === 44 /* , */) {
      this.pos++;
      this.skipSpace();
      return true;
    }
    if (next === close) return false;
    throw GIVE_UP;
  }

  /** A string at `pos` (its opening quote); `pos` ends after the closing quote. */
  private string(): string {
    const text = this.text;
    const open = this.pos;
    let p = open + 1;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === 34) break;
      if (c === 92 /* \ */) {
        escaped = true;
        p += 2;
        continue;
      }
      // Control characters (line breaks included) and the end of the text: the tolerant path says what is wrong.
      if (c < 32 || Number.isNaN(c)) throw GIVE_UP;
      p++;
    }
    this.pos = p + 1;
    if (!escaped) return text.slice(open + 1, p);
    // Escapes are rare: the engine's own JSON reader decodes them (exactly as jsonc-parser does) or
    // refuses an invalid one, and then so do we.
    try {
      return JSON.parse(text.slice(open, p + 1)) as string;
    } catch {
      throw GIVE_UP;
    }
  }

  /** JSON's number grammar exactly; the value as jsonc-parser reads it (Number of the token). */
  private number(): CfnNode {
    const text = this.text;
    const start = this.pos;
    let p = start;
    if (text.charCodeAt(p) === 45) p++;
    const first = text.charCodeAt(p);
    if (first === 48) p++;
    else if (first >= 49 && first <= 57) while (isDigit(text.charCodeAt(p))) p++;
    else throw GIVE_UP;
    if (text.charCodeAt(p) === 46 /* . */) {
      p++;
      if (!isDigit(text.charCodeAt(p))) throw GIVE_UP;
      while (isDigit(text.charCodeAt(p))) p++;
    }
    const e = text.charCodeAt(p);
    if (e === 101 || e === 69 /* e E */) {
      p++;
      const sign = text.charCodeAt(p);
      if (sign === 43 || sign === 45) p++;
      if (!isDigit(text.charCodeAt(p))) throw GIVE_UP;
      while (isDigit(text.charCodeAt(p))) p++;
    }
    this.pos = p;
    this.delimited();
    return { kind: 'scalar', value: Number(text.slice(start, p)), style: 'json', start, end: p };
  }

  private keyword(): CfnNode {
    const start = this.pos;
    let value: boolean | null;
    if (this.text.startsWith('true', start)) value = true;
    else if (this.text.startsWith('false', start)) value = false;
    else if (this.text.startsWith('null', start)) value = null;
    else throw GIVE_UP;
    this.pos = start + (value === false ? 5 : 4);
    this.delimited();
    return { kind: 'scalar', value, style: 'json', start, end: this.pos };
  }

  /** A number or keyword must end at whitespace, `,`, `}`, `]` or the end (`truex`, `12a`: not for us). */
  private delimited(): void {
    const c = this.text.charCodeAt(this.pos);
    if (Number.isNaN(c) || c === 32 || c === 10 || c === 13 || c === 9 || c === 44 || c === 125 || c === 93) return;
    throw GIVE_UP;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

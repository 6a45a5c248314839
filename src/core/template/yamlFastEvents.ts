/**
 * A fast path for js-yaml's `parseEvents` on the YAML that CloudFormation templates are made of.
 *
 * Why: in a fresh process (the CLI linting a folder) V8 runs js-yaml's large, polymorphic parser
 * functions in its interpreter for most of the run; this scanner is a few small monomorphic
 * functions over `charCodeAt` and native `indexOf`, which V8 compiles early.
 *
 * Contract: `fastYamlEvents(text, maxDepth)` returns exactly the event array `parseEvents(text,
 * { maxDepth })` returns (same types, fields and values), or `undefined` when the text uses
 * anything outside the subset below or anything it is not certain about; the caller then runs
 * js-yaml. It never returns events for a text js-yaml rejects (test/unit/yamlFastEvents.test.ts
 * checks both on the corpus and on many mutations of it).
 *
 * The subset: one document (an optional `---` line first) whose root is a block mapping at
 * column 0; block mappings and sequences (compact `- key: v`, sequences at their parent key's
 * indentation); plain, single- and double-quoted scalars, on one line or continued on the next
 * ones; literal and folded block scalars (chomping and indentation indicators); local tags
 * (`!Ref`, `!Sub`, ...) on scalars and collections, alone on their line too; flow collections,
 * across lines too; comments, blank lines, LF and CRLF. It bails out on anchors, aliases, `?`
 * keys, directives, `!!` tags, tabs in indentation or between tokens, a lone CR, a BOM, document
 * markers after the first, nesting past about half of `maxDepth`, and any character js-yaml
 * treats as non-printable.
 *
 * One module over the usual size on purpose: a single scanner class whose methods are js-yaml's
 * readers, restricted; split up, its shared position state would need a wider interface.
 *
 * How each rule below mirrors js-yaml (5.5, dist/js-yaml.mjs) is said where it is not obvious:
 * `indent` of a plain scalar's continuation check is its parent collection's indentation + 1,
 * the same number js-yaml's readPlainScalar gets on every path (value, sequence entry, key).
 */
import type { Event } from 'js-yaml';

/** Thrown to leave the scan from any depth; caught once at the top. */
const BAIL = { bail: true };

// Character codes.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DQUOTE = 34;
const HASH = 35;
const PERCENT = 37;
const AMP = 38;
const SQUOTE = 39;
const STAR = 42;
const PLUS = 43;
const COMMA = 44;
const DASH = 45;
const COLON = 58;
const GT = 62;
const QUESTION = 63;
const AT = 64;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const BACKTICK = 96;
const LBRACE = 123;
const PIPE = 124;
const RBRACE = 125;

/**
 * Characters js-yaml rejects in a scalar (checkPrintable), a BOM past the start, a lone CR (a line
 * break this scanner does not handle), a NUL: any of them anywhere and the slow path decides. A
 * character class first (V8 scans it fast); only a text with surrogates (emoji) needs the exact test,
 * and CRs are looked at one by one (most templates have none, or CRLF only).
 */
const SUSPECT_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF\uFEFF\uD800-\uDFFF]/;
const UNSUPPORTED_CHARS =
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]|\r(?!\n)/;

export function fastYamlEvents(text: string, maxDepth: number): Event[] | undefined {
  if (SUSPECT_CHARS.test(text) && UNSUPPORTED_CHARS.test(text)) return undefined;
  for (let cr = text.indexOf('\r'); cr >= 0; cr = text.indexOf('\r', cr + 2))
    if (text.charCodeAt(cr + 1) !== LF) return undefined; // a CR alone
  const scanner = new Scanner(text, maxDepth);
  try {
    scanner.document();
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
  return scanner.events;
}

function scalarEvent(
  valueStart: number,
  valueEnd: number,
  tagStart: number,
  tagEnd: number,
  style: number,
  chomping: number,
  indent: number,
  fast: boolean,
): Event {
  // Same fields in the same order as js-yaml's addScalarEvent: one shape for the tree builder.
  return {
    type: 4,
    valueStart,
    valueEnd,
    anchorStart: -1,
    anchorEnd: -1,
    tagStart,
    tagEnd,
    style,
    chomping,
    indent,
    fast,
  } as Event;
}

function collectionEvent(type: 2 | 3, start: number, tagStart: number, tagEnd: number, style: number): Event {
  return { type, start, anchorStart: -1, anchorEnd: -1, tagStart, tagEnd, style } as Event;
}

const POP = 6;

/** Characters that cannot start a plain scalar (js-yaml's canStartPlainScalar, before `-` and `?`). */
const NOT_PLAIN_START = new Uint8Array(128);
for (const c of [SPACE, TAB, LF, CR, HASH, AMP, STAR, BANG, PIPE, GT, SQUOTE, DQUOTE, PERCENT, AT, BACKTICK])
  NOT_PLAIN_START[c] = 1;
for (const c of [COMMA, LBRACKET, RBRACKET, LBRACE, RBRACE]) NOT_PLAIN_START[c] = 1;

/** A copy of a scalar or collection event with a tag (a new object: events are never changed after creation). */
function withTag(event: Event, tagStart: number, tagEnd: number): Event {
  const e = event as unknown as Record<string, number | boolean>;
  if (e.type === 4)
    return scalarEvent(
      e.valueStart as number,
      e.valueEnd as number,
      tagStart,
      tagEnd,
      e.style as number,
      e.chomping as number,
      e.indent as number,
      e.fast as boolean,
    );
  return collectionEvent(e.type as 2 | 3, e.start as number, tagStart, tagEnd, e.style as number);
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

/** Tag suffix characters this scanner accepts (a subset of js-yaml's; a second `!` would be a named handle). */
function isTagChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === DASH ||
    c === 95 ||
    c === 46 ||
    c === COLON ||
    c === 47
  );
}

function isSimpleEscape(c: number): boolean {
  return (
    c === 48 ||
    c === 97 ||
    c === 98 ||
    c === 116 ||
    c === 9 ||
    c === 110 ||
    c === 118 ||
    c === 102 ||
    c === 114 ||
    c === 101 ||
    c === 32 ||
    c === 34 ||
    c === 47 ||
    c === 92 ||
    c === 78 ||
    c === 95 ||
    c === 76 ||
    c === 80
  );
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
}

/** Result of reading a node that could be a mapping key. */
const FIRST_CONTENT = 0;
const FIRST_COMMENT = 1;
const FIRST_END = 2;
const NOT_KEY = 0;
const KEY = 1;

class Scanner {
  readonly events: Event[] = [];
  // Initialised here with values of their type (then set in the constructor): a field first defined
  // as `undefined` loses V8's small-integer representation.
  private readonly text: string = '';
  private readonly len: number = 0;
  private readonly depthLimit: number = 0;
  private depth = 0;
  /** Current position; at a content line's first character, or `len` at the end. */
  private pos = 0;
  private lineStart = 0;
  /** Where the current line's break (CR or LF) is, or `len`. */
  private lineEnd = 0;
  /** Leading spaces of the current content line. */
  private indent = 0;
  /** The `fast` flag of the plain scalar `plainBlock` read last. */
  private plainFast = true;
  /** `plainBlock` stopped at its line's end and already moved on to the next content line (`endLine` then does not). */
  private advanced = false;
  /** What `settle` met first past blank lines: its spaces, and whether content, a comment or the end. */
  private firstCol = 0;
  private firstKind = FIRST_CONTENT;
  /** Cached searches: the first `:` (`#`) at or after `colonSearch` (`hashSearch`). */
  private colonAt = -1;
  private colonSearch = 0;
  private hashAt = -1;
  private hashSearch = 0;

  constructor(text: string, maxDepth: number) {
    // Two NULs past the end (js-yaml appends one too): reads just past the end stay in bounds, which
    // keeps V8's optimised code from deoptimising on the first file's last line.
    this.text = text + '\0\0';
    this.len = text.length;
    // js-yaml nests at most two parseNode calls per collection level (a sequence entry's compact mapping).
    this.depthLimit = (maxDepth >> 1) - 8;
  }

  document(): void {
    const text = this.text;
    if (this.len === 0 || text.charCodeAt(0) === 0xfeff) throw BAIL;
    this.settle(0);
    if (this.pos >= this.len || this.indent !== 0) throw BAIL;
    let explicitStart = false;
    if (this.isMarker(this.pos, DASH)) {
      explicitStart = true;
      this.pos += 3;
      this.endLine();
      if (this.pos >= this.len || this.indent !== 0) throw BAIL;
    }
    // A `---` or `...` at a line start from here on: another document, or an end marker.
    const from = Math.max(0, this.pos - 1);
    if (this.isMarker(this.pos, 46) || text.indexOf('\n---', from) >= 0 || text.indexOf('\n...', from) >= 0) throw BAIL;
    this.events.push({ type: 1, explicitStart, explicitEnd: false, directives: [] } as unknown as Event);
    const mark = this.events.length;
    const keyStart = this.pos;
    if (this.candidate(0) !== KEY) throw BAIL;
    this.openMapping(mark, keyStart, -1, -1);
    this.mappingRest(0);
    if (this.pos < this.len) throw BAIL;
    this.events.push({ type: POP } as Event);
  }

  private isMarker(p: number, c: number): boolean {
    const text = this.text;
    if (text.charCodeAt(p) !== c || text.charCodeAt(p + 1) !== c || text.charCodeAt(p + 2) !== c) return false;
    const next = text.charCodeAt(p + 3);
    return p + 3 >= this.len || next === SPACE || next === TAB || next === LF || next === CR;
  }

  // ---- lines -------------------------------------------------------------------------------------

  /** From a line start: the first content line at or after it (blank and comment lines skipped). */
  private settle(start: number): void {
    const text = this.text;
    const len = this.len;
    let p = start;
    let first = true;
    for (;;) {
      this.lineStart = p;
      let nl = text.indexOf('\n', p);
      if (nl < 0) nl = len;
      else if (nl > p && text.charCodeAt(nl - 1) === CR) nl--;
      this.lineEnd = nl;
      let col = 0;
      while (text.charCodeAt(p) === SPACE) {
        p++;
        col++;
      }
      let c = text.charCodeAt(p);
      if (c === TAB) {
        while (isBlank(text.charCodeAt(p))) p++;
        c = text.charCodeAt(p);
        if (p !== nl && c !== HASH) throw BAIL; // a tab in the indentation of content
      }
      if (p === nl || c === HASH) {
        if (first && (c === HASH || nl >= len)) {
          first = false;
          this.firstCol = col;
          this.firstKind = c === HASH ? FIRST_COMMENT : FIRST_END;
        }
        if (nl >= len) {
          this.pos = len;
          return;
        }
        p = nl + (text.charCodeAt(nl) === CR ? 2 : 1);
        continue;
      }
      if (first) {
        this.firstCol = col;
        this.firstKind = FIRST_CONTENT;
      }
      this.indent = col;
      this.pos = p;
      return;
    }
  }

  /** The next content line after the current one (`pos` must be at the line's end). */
  private nextLine(): void {
    const end = this.lineEnd;
    if (end >= this.len) {
      this.pos = this.len;
      return;
    }
    this.settle(end + (this.text.charCodeAt(end) === CR ? 2 : 1));
  }

  /** After a token: only blanks and a comment may remain on the line; then on to the next content line. */
  private endLine(): void {
    if (this.advanced) {
      // A plain scalar that ended at its line's end already moved on to the next content line.
      this.advanced = false;
      return;
    }
    const text = this.text;
    let p = this.pos;
    const end = this.lineEnd;
    while (p < end && isBlank(text.charCodeAt(p))) p++;
    if (p < end) {
      if (text.charCodeAt(p) !== HASH || !(p === this.lineStart || isBlank(text.charCodeAt(p - 1)))) throw BAIL;
    }
    this.pos = end;
    this.nextLine();
  }

  /** Skips spaces before a token on the line; a tab is only allowed where the line ends (or a comment starts). */
  private skipSpaces(): void {
    const text = this.text;
    let p = this.pos;
    while (text.charCodeAt(p) === SPACE) p++;
    if (text.charCodeAt(p) === TAB) {
      while (isBlank(text.charCodeAt(p))) p++;
      if (p !== this.lineEnd && text.charCodeAt(p) !== HASH) throw BAIL;
    }
    this.pos = p;
  }

  /** At the line's end or at a comment (after blanks): nothing more on this line. */
  private atLineRest(): boolean {
    const p = this.pos;
    if (p === this.lineEnd) return true;
    return this.text.charCodeAt(p) === HASH && isBlank(this.text.charCodeAt(p - 1));
  }

  private enter(): void {
    if (++this.depth > this.depthLimit) throw BAIL;
  }

  // ---- block collections -------------------------------------------------------------------------

  private openMapping(mark: number, start: number, tagStart: number, tagEnd: number): void {
    // The key was read first (as js-yaml does); its mapping event goes before it.
    const events = this.events;
    if (events.length !== mark + 1) throw BAIL;
    const key = events[mark]!;
    events[mark] = collectionEvent(3, start, tagStart, tagEnd, 1);
    events.push(key);
  }

  /** The rest of a block mapping whose first key was read (`pos` after its `:`). Ends at the next content line. */
  private mappingRest(nodeIndent: number): void {
    this.enter();
    const text = this.text;
    for (;;) {
      this.mappingValue(nodeIndent);
      if (this.pos >= this.len) break;
      if (this.indent > nodeIndent) throw BAIL;
      if (this.indent < nodeIndent) break;
      const c = text.charCodeAt(this.pos);
      if (c === DASH && this.isIndicatorEnd(this.pos + 1)) throw BAIL; // a sequence entry where a key belongs
      if (this.candidate(nodeIndent + 1) !== KEY) throw BAIL;
    }
    this.events.push({ type: POP } as Event);
    this.depth--;
  }

  /** The value after a block mapping key's `:`. */
  private mappingValue(nodeIndent: number): void {
    const text = this.text;
    this.skipSpaces();
    if (this.atLineRest()) {
      this.pos = this.lineEnd;
      this.nextLine();
      if (this.pos >= this.len) this.emptyScalar();
      else if (this.indent > nodeIndent) this.blockNode(nodeIndent, -1, -1);
      else if (this.indent === nodeIndent && this.isSequenceEntry()) this.sequence(nodeIndent, -1, -1);
      else this.emptyScalar();
      return;
    }
    if (text.charCodeAt(this.pos) === BANG) {
      const tagStart = this.pos;
      const tagEnd = this.tag(false);
      this.skipSpaces();
      if (this.atLineRest()) {
        this.pos = this.lineEnd;
        this.nextLine();
        if (this.pos >= this.len) {
          this.events.push(scalarEvent(-1, -1, tagStart, tagEnd, 1, 1, -1, false)); // `Key: !GetAZs` alone
          return;
        }
        const c = text.charCodeAt(this.pos);
        if (c === BANG || c === AMP) throw BAIL;
        if (this.indent > nodeIndent) this.blockNode(nodeIndent, tagStart, tagEnd);
        else if (this.indent === nodeIndent && this.isSequenceEntry()) this.sequence(nodeIndent, tagStart, tagEnd);
        else this.events.push(scalarEvent(-1, -1, tagStart, tagEnd, 1, 1, -1, false));
        return;
      }
      this.inlineNode(nodeIndent, tagStart, tagEnd);
      return;
    }
    this.inlineNode(nodeIndent, -1, -1);
  }

  private isIndicatorEnd(p: number): boolean {
    if (p >= this.len) return true;
    const c = this.text.charCodeAt(p);
    return c === SPACE || c === TAB || c === LF || c === CR;
  }

  private isSequenceEntry(): boolean {
    return this.text.charCodeAt(this.pos) === DASH && this.isIndicatorEnd(this.pos + 1);
  }

  /** A block sequence whose first `-` is at `pos`. Ends at the next content line. */
  private sequence(seqIndent: number, tagStart: number, tagEnd: number): void {
    this.enter();
    this.events.push(collectionEvent(2, this.pos, tagStart, tagEnd, 1));
    for (;;) {
      this.pos++; // the `-`
      this.sequenceEntry(seqIndent);
      if (this.pos >= this.len) break;
      if (this.indent < seqIndent) break;
      if (this.indent > seqIndent) throw BAIL;
      if (!this.isSequenceEntry()) break;
    }
    this.events.push({ type: POP } as Event);
    this.depth--;
  }

  private sequenceEntry(seqIndent: number): void {
    const text = this.text;
    if (text.charCodeAt(this.pos) === TAB) throw BAIL;
    this.skipSpaces();
    if (this.atLineRest()) {
      this.pos = this.lineEnd;
      this.nextLine();
      if (this.pos >= this.len || this.indent <= seqIndent) this.emptyScalar();
      else this.blockNode(seqIndent, -1, -1);
      return;
    }
    if (text.charCodeAt(this.pos) === BANG) {
      const tagStart = this.pos;
      const tagEnd = this.tag(false);
      this.skipSpaces();
      if (this.atLineRest()) {
        this.pos = this.lineEnd;
        this.nextLine();
        if (this.pos >= this.len || this.indent <= seqIndent) {
          this.events.push(scalarEvent(-1, -1, tagStart, tagEnd, 1, 1, -1, false)); // `- !GetAZs` alone
          return;
        }
        const c = text.charCodeAt(this.pos);
        if (c === BANG || c === AMP) throw BAIL;
        this.blockNode(seqIndent, tagStart, tagEnd);
        return;
      }
      this.inlineNode(seqIndent, tagStart, tagEnd);
      return;
    }
    this.blockNode(seqIndent, -1, -1);
  }

  /**
   * A node where block collections may start (a line of its own, or a compact sequence entry):
   * js-yaml's parseNode with block collections allowed. `parentIndent`: the enclosing collection's.
   */
  private blockNode(parentIndent: number, tagStart: number, tagEnd: number): void {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === DASH && this.isIndicatorEnd(this.pos + 1)) {
      this.sequence(this.pos - this.lineStart, tagStart, tagEnd);
      return;
    }
    if (c === PIPE || c === GT) {
      this.blockScalar(parentIndent + 1, tagStart, tagEnd);
      return;
    }
    if (c === BANG && tagStart < 0) {
      // A tag starting the line: js-yaml reads what follows on the line as after a key's tag.
      const start = this.pos;
      const end = this.tag(false);
      this.skipSpaces();
      if (!this.atLineRest()) {
        this.inlineNode(parentIndent, start, end);
        return;
      }
      // The tag alone on its line: what follows, deeper, is the tagged node.
      this.pos = this.lineEnd;
      this.nextLine();
      if (this.pos >= this.len) {
        this.events.push(scalarEvent(-1, -1, start, end, 1, 1, -1, false));
        return;
      }
      const next = text.charCodeAt(this.pos);
      if (this.indent <= parentIndent || next === BANG || next === AMP) throw BAIL;
      this.blockNode(parentIndent, start, end);
      return;
    }
    const column = this.pos - this.lineStart;
    const mark = this.events.length;
    const start = this.pos;
    if (this.candidate(parentIndent + 1) === KEY) {
      this.openMapping(mark, start, tagStart, tagEnd);
      this.mappingRest(column);
      return;
    }
    // A scalar or flow collection on its own. Tagged (the tag on the line above), js-yaml reads it
    // again after its mapping attempt fails, the same way, with the tag on its first event.
    if (tagStart >= 0) this.events[mark] = withTag(this.events[mark]!, tagStart, tagEnd);
    this.endLine();
  }

  /**
   * A node on the line of its key's `:` or its tag (no block collection can start here):
   * flow collection, block scalar, quoted or plain scalar.
   */
  private inlineNode(parentIndent: number, tagStart: number, tagEnd: number): void {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === LBRACKET || c === LBRACE) {
      this.flowCollection(tagStart, tagEnd, parentIndent + 1);
      this.endLine();
      return;
    }
    if (c === PIPE || c === GT) {
      this.blockScalar(parentIndent + 1, tagStart, tagEnd);
      return;
    }
    if (c === SQUOTE || c === DQUOTE) {
      this.quoted(c, tagStart, tagEnd, parentIndent + 1);
      this.endLine();
      return;
    }
    if (!this.canStartPlain(false)) throw BAIL;
    const start = this.pos;
    const end = this.plainBlock(parentIndent + 1);
    if (end === start) throw BAIL;
    if (!this.advanced && text.charCodeAt(this.pos) === COLON) throw BAIL; // `key: a: b`
    this.events.push(scalarEvent(start, end, tagStart, tagEnd, 1, 1, -1, this.plainFast));
    this.endLine();
  }

  /**
   * A node that may be a block mapping's key (js-yaml reads it as one first): a plain or quoted scalar,
   * or a flow collection. KEY: it was followed by `:` (`pos` after it). NOT_KEY: the node itself, with
   * `pos` after it. `plainIndent`: the indentation a plain scalar's continuation would need.
   */
  private candidate(plainIndent: number): number {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === LBRACKET || c === LBRACE) {
      this.flowCollection(-1, -1, plainIndent);
      this.skipSpaces();
      if (text.charCodeAt(this.pos) === COLON) throw BAIL;
      return NOT_KEY;
    }
    const line = this.lineStart;
    if (c === SQUOTE || c === DQUOTE) {
      this.quoted(c, -1, -1, plainIndent);
      let p = this.pos;
      while (isBlank(text.charCodeAt(p))) p++;
      if (text.charCodeAt(p) === COLON) {
        if (!this.isIndicatorEnd(p + 1) || this.lineStart !== line) throw BAIL;
        this.pos = p + 1;
        return KEY;
      }
      return NOT_KEY;
    }
    if (!this.canStartPlain(false)) throw BAIL;
    const start = this.pos;
    const end = this.plainBlock(plainIndent);
    if (end === start) throw BAIL;
    if (!this.advanced && text.charCodeAt(this.pos) === COLON) {
      if (this.lineStart !== line) throw BAIL; // a multi-line key
      this.events.push(scalarEvent(start, end, -1, -1, 1, 1, -1, true));
      this.pos++;
      return KEY;
    }
    this.events.push(scalarEvent(start, end, -1, -1, 1, 1, -1, this.plainFast));
    return NOT_KEY;
  }

  // ---- scalars -----------------------------------------------------------------------------------

  private emptyScalar(): void {
    this.events.push(scalarEvent(-1, -1, -1, -1, 1, 1, -1, false));
  }

  /** js-yaml's canStartPlainScalar. */
  private canStartPlain(inFlow: boolean): boolean {
    const text = this.text;
    const p = this.pos;
    if (p >= this.len) return false;
    const c = text.charCodeAt(p);
    if (c < 128 && NOT_PLAIN_START[c] === 1) return false;
    if (c === QUESTION || c === DASH) {
      if (this.isIndicatorEnd(p + 1)) return false;
      if (inFlow && isFlowIndicator(text.charCodeAt(p + 1))) return false;
    }
    return true;
  }

  /**
   * A plain scalar in block context (js-yaml's readPlainScalar outside flow collections): stops at
   * `: `, ` #`, or a line end after which no line at `nodeIndent` or deeper continues it. Returns its
   * end (trailing blanks excluded); `pos` is where it stopped, `plainFast` its `fast` flag.
   */
  private plainBlock(nodeIndent: number): number {
    this.advanced = false;
    // The stops are found with native indexOf (the next `:` and `#` are cached: the scan only moves
    // forward), not by a loop over every character: in a fresh process that loop ran interpreted.
    const text = this.text;
    let p = this.pos;
    let end = p;
    this.plainFast = true;
    for (;;) {
      const lineEnd = this.lineEnd;
      let stop = lineEnd;
      for (let q = this.colonFrom(p); q < lineEnd; q = this.colonFrom(q + 1)) {
        const n = text.charCodeAt(q + 1);
        if (q + 1 === lineEnd || n === SPACE || n === TAB) {
          stop = q;
          break;
        }
      }
      for (let h = this.hashFrom(p); h < stop; h = this.hashFrom(h + 1)) {
        const b = text.charCodeAt(h - 1);
        if (h === this.lineStart || b === SPACE || b === TAB) {
          stop = h;
          break;
        }
      }
      let e = stop;
      while (e > p && isBlank(text.charCodeAt(e - 1))) e--;
      if (e > p) end = e;
      if (stop < lineEnd) {
        p = stop;
        break;
      }
      if (lineEnd >= this.len) {
        p = lineEnd;
        break;
      }
      // js-yaml looks past the line end (skipSeparationSpace without comments): the first non-blank
      // line at `nodeIndent` or deeper continues the scalar, or, a comment (or the end of the text
      // there), only clears its `fast` flag. Moving on to the next content line finds that line too.
      this.pos = lineEnd;
      this.nextLine();
      if (this.firstKind === FIRST_CONTENT && this.firstCol >= nodeIndent) {
        this.plainFast = false;
        p = this.pos;
        if (text.charCodeAt(p) === COLON && this.isIndicatorEnd(p + 1)) throw BAIL;
        continue;
      }
      if (this.firstCol >= nodeIndent) this.plainFast = false;
      this.advanced = true;
      return end;
    }
    this.pos = p;
    return end;
  }

  /** The first `:` at or after `p` (or `len`). */
  private colonFrom(p: number): number {
    if (p < this.colonSearch || p > this.colonAt) {
      const q = this.text.indexOf(':', p);
      this.colonAt = q < 0 || q >= this.len ? this.len : q;
      this.colonSearch = p;
    }
    return this.colonAt;
  }

  /** The first `#` at or after `p` (or `len`). */
  private hashFrom(p: number): number {
    if (p < this.hashSearch || p > this.hashAt) {
      const q = this.text.indexOf('#', p);
      this.hashAt = q < 0 || q >= this.len ? this.len : q;
      this.hashSearch = p;
    }
    return this.hashAt;
  }

  /**
   * At a line end inside a quoted scalar: js-yaml's readFlowScalarBreak (skipSeparationSpace without
   * comments, then the indentation check). Returns where the scalar goes on; the current line is then
   * that line. A continuation less indented than `nodeIndent` is js-yaml's "deficient indentation".
   */
  private continuation(nodeIndent: number): number {
    const text = this.text;
    const len = this.len;
    let p = this.lineEnd;
    if (p >= len) throw BAIL;
    for (;;) {
      p += text.charCodeAt(p) === CR ? 2 : 1;
      const lineStart = p;
      let col = 0;
      while (text.charCodeAt(p) === SPACE) {
        p++;
        col++;
      }
      const spaces = p;
      while (isBlank(text.charCodeAt(p))) p++;
      if (p >= len) throw BAIL;
      const c = text.charCodeAt(p);
      if (c === LF || c === CR) continue;
      if (col < nodeIndent) throw BAIL;
      if (p !== spaces) throw BAIL; // a tab in the indentation of a continuation line
      this.lineStart = lineStart;
      let nl = text.indexOf('\n', p);
      if (nl < 0) nl = len;
      else if (text.charCodeAt(nl - 1) === CR) nl--;
      this.lineEnd = nl;
      return p;
    }
  }

  /**
   * A quoted scalar; `pos` after its closing quote. `nodeIndent`: the indentation its continuation
   * lines need (js-yaml's readFlowScalarBreak).
   */
  private quoted(quote: number, tagStart: number, tagEnd: number, nodeIndent: number): void {
    const text = this.text;
    const start = this.pos + 1;
    let p = start;
    let simple = true;
    if (quote === SQUOTE) {
      for (;;) {
        const q = text.indexOf("'", p);
        if (q >= 0 && q < this.lineEnd) {
          if (text.charCodeAt(q + 1) === SQUOTE) {
            simple = false;
            p = q + 2;
            continue;
          }
          p = q;
          break;
        }
        simple = false;
        this.pos = this.lineEnd;
        p = this.continuation(nodeIndent);
      }
      this.events.push(scalarEvent(start, p, tagStart, tagEnd, 2, 1, -1, simple));
      this.pos = p + 1;
      return;
    }
    for (;;) {
      if (p >= this.lineEnd) {
        simple = false;
        this.pos = this.lineEnd;
        p = this.continuation(nodeIndent);
        continue;
      }
      const c = text.charCodeAt(p);
      if (c === DQUOTE) break;
      if (c === BACKSLASH) {
        simple = false;
        if (p + 1 >= this.lineEnd) {
          // An escaped line break: the same continuation.
          if (p + 1 >= this.len) throw BAIL;
          p++;
          continue;
        }
        const e = text.charCodeAt(p + 1);
        if (isSimpleEscape(e)) {
          p += 2;
          continue;
        }
        const n = e === 120 ? 2 : e === 117 ? 4 : e === 85 ? 8 : 0;
        if (n === 0) throw BAIL;
        for (let i = 0; i < n; i++) if (!isHex(text.charCodeAt(p + 2 + i))) throw BAIL;
        p += 2 + n;
        continue;
      }
      p++;
    }
    this.events.push(scalarEvent(start, p, tagStart, tagEnd, 3, 1, -1, simple));
    this.pos = p + 1;
  }

  /**
   * A literal or folded block scalar whose header is at `pos` (js-yaml's readBlockScalar, same
   * checks, indentation digit included; `0` bails). Ends at the next content line.
   */
  private blockScalar(parentIndent: number, tagStart: number, tagEnd: number): void {
    const text = this.text;
    const len = this.len;
    const style = text.charCodeAt(this.pos) === PIPE ? 4 : 5;
    let p = this.pos + 1;
    let chomping = 1;
    let explicitIndent = -1;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === PLUS || c === DASH) {
        if (chomping !== 1) throw BAIL;
        chomping = c === PLUS ? 3 : 2;
        p++;
      } else if (c >= 49 && c <= 57) {
        // An indentation indicator: js-yaml counts it from the parent's indentation + 1, minus one.
        if (explicitIndent >= 0) throw BAIL;
        explicitIndent = parentIndent + c - 49;
        p++;
      } else if (c === 48) throw BAIL;
      else break;
    }
    let hadBlank = false;
    while (isBlank(text.charCodeAt(p))) {
      hadBlank = true;
      p++;
    }
    if (hadBlank && text.charCodeAt(p) === HASH) p = this.lineEnd;
    if (p !== this.lineEnd) throw BAIL;
    if (p >= len) {
      this.events.push(scalarEvent(len, len, tagStart, tagEnd, style, chomping, explicitIndent, false));
      this.pos = len;
      return;
    }
    p += text.charCodeAt(p) === CR ? 2 : 1;
    const valueStart = p;
    let valueEnd = p;
    let contentIndent = explicitIndent;
    let maxLeading = 0;
    let stop = -1; // the start of the line that ends the scalar, if any
    while (p < len) {
      const linePos = p;
      let col = 0;
      while (text.charCodeAt(p) === SPACE) {
        p++;
        col++;
      }
      if (p >= len) {
        if (contentIndent >= 0 ? col > contentIndent : col > 0) valueEnd = p;
        break;
      }
      const first = text.charCodeAt(p);
      const eol = first === LF || first === CR;
      if (contentIndent === -1) {
        if (eol) {
          if (col > maxLeading) maxLeading = col;
        } else {
          if (first === TAB && col < parentIndent) throw BAIL;
          if (col >= parentIndent && col < maxLeading) throw BAIL;
          if (col < parentIndent) {
            stop = linePos;
            break;
          }
          contentIndent = col;
        }
      }
      if (!eol && col < (contentIndent === -1 ? parentIndent + 1 : contentIndent)) {
        stop = linePos;
        break;
      }
      const nl = text.indexOf('\n', p);
      if (nl < 0) {
        p = len;
        valueEnd = len;
        break;
      }
      p = nl + 1;
      valueEnd = p;
    }
    this.events.push(scalarEvent(valueStart, valueEnd, tagStart, tagEnd, style, chomping, contentIndent, false));
    if (stop < 0) this.pos = len;
    else this.settle(stop);
  }

  // ---- tags and flow collections -----------------------------------------------------------------

  /** A local tag (`!Name`) at `pos`; returns its end. Must be followed by a blank or the line's end. */
  private tag(inFlow: boolean): number {
    const text = this.text;
    let p = this.pos + 1;
    while (isTagChar(text.charCodeAt(p))) p++;
    if (p === this.pos + 1) throw BAIL;
    const c = text.charCodeAt(p);
    if (!(c === SPACE || (!inFlow && (p === this.lineEnd || c === TAB)))) throw BAIL;
    this.pos = p;
    return p;
  }

  /** Moves to the line after the current one (its start, end and `lineStart`); false at the end of the text. */
  private toNextLine(): boolean {
    const text = this.text;
    const end = this.lineEnd;
    if (end >= this.len) return false;
    const p = end + (text.charCodeAt(end) === CR ? 2 : 1);
    this.lineStart = p;
    let nl = text.indexOf('\n', p);
    if (nl < 0) nl = this.len;
    else if (nl > p && text.charCodeAt(nl - 1) === CR) nl--;
    this.lineEnd = nl;
    return true;
  }

  /**
   * Separation inside a flow collection (js-yaml's skipFlowSeparationSpace): spaces, comments, line
   * breaks; a line it lands on must be indented at least `nodeIndent`. A tab there is not handled.
   */
  private flowSpaces(nodeIndent: number): void {
    const text = this.text;
    let p = this.pos;
    for (;;) {
      while (text.charCodeAt(p) === SPACE) p++;
      if (p >= this.lineEnd) {
        if (!this.toNextLine()) throw BAIL; // never closed
        p = this.lineStart;
        while (text.charCodeAt(p) === SPACE) p++;
        if (p === this.lineEnd) continue;
        const c = text.charCodeAt(p);
        if (c === TAB) throw BAIL;
        if (c === HASH) {
          p = this.lineEnd;
          continue;
        }
        if (p - this.lineStart < nodeIndent) throw BAIL; // deficient indentation
        break;
      }
      const c = text.charCodeAt(p);
      if (c === TAB) throw BAIL;
      if (c === HASH) {
        if (!(p === this.lineStart || isBlank(text.charCodeAt(p - 1)))) throw BAIL;
        p = this.lineEnd;
        continue;
      }
      break;
    }
    this.pos = p;
  }

  /** A flow collection (js-yaml's readFlowCollection; explicit `?` keys and empty values not handled); `pos` after it. */
  private flowCollection(tagStart: number, tagEnd: number, nodeIndent: number): void {
    this.enter();
    const text = this.text;
    const isMapping = text.charCodeAt(this.pos) === LBRACE;
    const terminator = isMapping ? RBRACE : RBRACKET;
    this.events.push(collectionEvent(isMapping ? 3 : 2, this.pos, tagStart, tagEnd, 2));
    this.pos++;
    let readNext = true;
    for (;;) {
      this.flowSpaces(nodeIndent);
      let c = text.charCodeAt(this.pos);
      if (c === terminator) {
        this.pos++;
        break;
      }
      if (!readNext || c === COMMA) throw BAIL;
      if (isMapping) {
        // A scalar key, `:`, a value.
        if (c === SQUOTE || c === DQUOTE) this.quoted(c, -1, -1, nodeIndent);
        else {
          if (!this.canStartPlain(true)) throw BAIL;
          const start = this.pos;
          const end = this.plainFlow(nodeIndent);
          if (end === start) throw BAIL;
          this.events.push(scalarEvent(start, end, -1, -1, 1, 1, -1, this.plainFast));
        }
        this.flowSpaces(nodeIndent);
        if (text.charCodeAt(this.pos) !== COLON) throw BAIL;
        this.pos++;
        this.flowSpaces(nodeIndent);
      }
      const mark = this.events.length;
      const entryStart = this.pos;
      const entryLine = this.lineStart;
      this.flowNode(nodeIndent);
      this.flowSpaces(nodeIndent);
      c = text.charCodeAt(this.pos);
      if (c === COLON) {
        // `[a, k: v]`: a single pair in a sequence, which js-yaml makes a one-key flow mapping
        // (starting where the entry does) when its `:` is on the entry's line.
        if (isMapping || this.lineStart !== entryLine) throw BAIL;
        this.events.splice(mark, 0, collectionEvent(3, entryStart, -1, -1, 2));
        this.pos++;
        this.flowSpaces(nodeIndent);
        this.flowNode(nodeIndent);
        this.flowSpaces(nodeIndent);
        this.events.push({ type: POP } as Event);
        c = text.charCodeAt(this.pos);
        if (c === COLON) throw BAIL;
      }
      if (c === COMMA) {
        readNext = true;
        this.pos++;
      } else readNext = false;
    }
    this.events.push({ type: POP } as Event);
    this.depth--;
  }

  /** A node inside a flow collection: an optional tag, then a flow collection or a scalar. */
  private flowNode(nodeIndent: number): void {
    const text = this.text;
    let tagStart = -1;
    let tagEnd = -1;
    if (text.charCodeAt(this.pos) === BANG) {
      tagStart = this.pos;
      tagEnd = this.tag(true);
      const line = this.lineStart;
      this.flowSpaces(nodeIndent);
      if (this.lineStart !== line) throw BAIL;
    }
    const c = text.charCodeAt(this.pos);
    if (c === LBRACKET || c === LBRACE) {
      this.flowCollection(tagStart, tagEnd, nodeIndent);
      return;
    }
    if (c === SQUOTE || c === DQUOTE) {
      this.quoted(c, tagStart, tagEnd, nodeIndent);
      return;
    }
    if (!this.canStartPlain(true)) throw BAIL;
    const start = this.pos;
    const end = this.plainFlow(nodeIndent);
    if (end === start) throw BAIL;
    this.events.push(scalarEvent(start, end, tagStart, tagEnd, 1, 1, -1, this.plainFast));
  }

  /**
   * A plain scalar inside a flow collection: stops at `:` before a blank, line end or flow indicator,
   * at ` #`, or at a flow indicator; continues on lines indented at least `nodeIndent` (js-yaml's
   * readPlainScalar in flow context). `plainFast` is cleared once it looked past a line end.
   */
  private plainFlow(nodeIndent: number): number {
    const text = this.text;
    let p = this.pos;
    let end = p;
    this.plainFast = true;
    for (;;) {
      const lineEnd = this.lineEnd;
      while (p < lineEnd) {
        const c = text.charCodeAt(p);
        if (c === COLON) {
          const n = text.charCodeAt(p + 1);
          if (p + 1 === lineEnd || isBlank(n) || isFlowIndicator(n)) break;
        } else if (c === HASH) {
          if (p === this.lineStart || isBlank(text.charCodeAt(p - 1))) break;
        } else if (isFlowIndicator(c)) break;
        p++;
        if (c !== SPACE && c !== TAB) end = p;
      }
      if (p < lineEnd) break;
      // js-yaml looks past the line end (skipSeparationSpace without comments).
      for (;;) {
        if (!this.toNextLine()) throw BAIL; // never closed
        p = this.lineStart;
        while (text.charCodeAt(p) === SPACE) p++;
        if (p !== this.lineEnd) break;
      }
      const c = text.charCodeAt(p);
      if (c === TAB) throw BAIL;
      if (p - this.lineStart < nodeIndent) throw BAIL; // deficient indentation follows
      this.plainFast = false;
      if (c === COLON) throw BAIL;
      if (c === HASH || isFlowIndicator(c)) break;
    }
    this.pos = p;
    return end;
  }
}

/**
 * YAML templates → the located tree, from js-yaml's flat event stream
 * (`parseEvents`: every scalar, tag and anchor with its source offsets, ~40 MB/s).
 * The tree is built iteratively (no recursion, whatever the nesting), aliases
 * share the anchored subtree and are budgeted, and YAML 1.1 scalar resolution
 * is ours (`yamlScalars.ts`), as CloudFormation reads YAML 1.1.
 */
import { EVENT_ID, getScalarValue, type Event, type ScalarEvent } from 'js-yaml';
import { keepLastOfDuplicateKeys } from './ast';
import type { ArrayNode, CfnNode, ObjectNode, Property, ScalarNode, ScalarStyle } from './ast';
import type { ParsedTree, ParseProblem } from './parseJson';
import { newRepairState, readYamlEvents } from './yamlEvents';
import { resolvePlain, resolveTagged } from './yamlScalars';

/** Deeper nesting than this is reported, not parsed (no real template comes near it). */
export const MAX_NESTING = 500;
/** At most this many nodes reached through aliases in one document ("billion laughs" stops here). */
export const MAX_ALIAS_NODES = 100_000;

/** The CloudFormation short-form tags and the long-form key each stands for. */
export const SHORT_FORM_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!GetAtt': 'Fn::GetAtt',
  '!If': 'Fn::If',
  '!Select': 'Fn::Select',
  '!FindInMap': 'Fn::FindInMap',
  '!Base64': 'Fn::Base64',
  '!ImportValue': 'Fn::ImportValue',
  '!Split': 'Fn::Split',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!Transform': 'Fn::Transform',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
  '!ForEach': 'Fn::ForEach',
};

const STYLES: Record<number, ScalarStyle> = { 1: 'plain', 2: 'single', 3: 'double', 4: 'literal', 5: 'folded' };

/**
 * YAML with CloudFormation short-form tags, read as YAML 1.1. A syntax error
 * is a problem at its offset; the tree is then what parses before the line of
 * the error (completions and hovers keep working while a line is half typed).
 */
export function parseYamlTemplate(text: string): ParsedTree {
  const problems: ParseProblem[] = [];
  let source = text;
  const repairs = newRepairState(); // shared by the attempts
  for (let attempt = 0; attempt < 3; attempt++) {
    const read = readYamlEvents(source, MAX_NESTING, repairs);
    if ('error' in read) {
      const at = read.at;
      if (attempt === 0) problems.push({ message: errorMessage(read.error), start: at, end: at + 1 });
      let lineStart = source.lastIndexOf('\n', at - 1) + 1;
      // An error at the very end (a quote never closed on the last line): drop that line, not nothing.
      if (lineStart >= source.length) lineStart = source.lastIndexOf('\n', lineStart - 2) + 1;
      if (lineStart <= 0) break;
      source = source.slice(0, lineStart);
      continue;
    }
    const built = new TreeBuilder(text).build(read.events);
    if (attempt === 0) problems.push(...built.problems);
    return { root: built.root, problems };
  }
  return { root: undefined, problems };
}

function errorMessage(e: unknown): string {
  const reason = (e as { reason?: string }).reason ?? (e as Error).message ?? String(e);
  if (/^nesting exceeded maxDepth/.test(reason)) return `nesting deeper than ${MAX_NESTING} levels`;
  if (e instanceof RangeError) return 'the document is too deeply nested';
  return reason;
}

interface Frame {
  node: ObjectNode | ArrayNode;
  flow: boolean;
  anchor: string | undefined;
  tag: string | undefined;
  tagStart: number;
  /** Nodes under this one, aliases expanded. */
  size: number;
  /** Where the last child ends, and where its line ends (a block collection ends there). */
  lastEnd: number;
  lastTail: number;
  /** Objects: the key waiting for its value; `null` while skipping the value of a key that is not a scalar. */
  key: { key: string; keyStart: number; keyEnd: number } | null | undefined;
  merges: CfnNode[];
}

interface Anchored {
  node: CfnNode;
  size: number;
}

class TreeBuilder {
  private readonly stack: Frame[] = [];
  private readonly anchors = new Map<string, Anchored>();
  private readonly problems: ParseProblem[] = [];
  private root: CfnNode | undefined;
  private aliasNodes = 0;
  /** End of the last token seen: where an empty value or a block scalar header is searched from. */
  private cursor = 0;

  constructor(private readonly text: string) {}

  build(events: Event[]): { root: CfnNode | undefined; problems: ParseProblem[] } {
    let documents = 0;
    for (const ev of events) {
      switch (ev.type) {
        case EVENT_ID.DOCUMENT:
          if (++documents > 1) {
            this.problems.push({
              message: 'the file holds more than one YAML document (CloudFormation reads one)',
              start: this.cursor,
              end: Math.min(this.text.length, this.cursor + 1),
            });
            return { root: this.root, problems: this.problems };
          }
          break;
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE:
          this.open(ev);
          break;
        case EVENT_ID.SCALAR:
          this.scalar(ev);
          break;
        case EVENT_ID.ALIAS:
          this.alias(ev.anchorStart, ev.anchorEnd);
          break;
        case EVENT_ID.POP:
          if (this.stack.length) this.close();
          break;
      }
    }
    return { root: this.root, problems: this.problems };
  }

  private open(ev: Extract<Event, { type: 2 | 3 }>): void {
    const node: ObjectNode | ArrayNode =
      ev.type === EVENT_ID.MAPPING
        ? { kind: 'object', properties: [], start: ev.start, end: ev.start }
        : { kind: 'array', items: [], start: ev.start, end: ev.start };
    const flow = ev.style === 2;
    this.stack.push({
      node,
      flow,
      anchor: ev.anchorStart >= 0 ? this.text.slice(ev.anchorStart, ev.anchorEnd) : undefined,
      tag: ev.tagStart >= 0 ? this.text.slice(ev.tagStart, ev.tagEnd) : undefined,
      tagStart: ev.tagStart,
      size: 1,
      lastEnd: flow ? ev.start + 1 : ev.start,
      lastTail: ev.start,
      key: undefined,
      merges: [],
    });
    this.cursor = Math.max(this.cursor, ev.start + (flow ? 1 : 0), ev.tagEnd, ev.anchorEnd);
  }

  private close(): void {
    const frame = this.stack.pop()!;
    const node = frame.node;
    if (node.kind === 'object') keepLastOfDuplicateKeys(node);
    if (node.kind === 'object' && frame.merges.length) this.merge(node, frame.merges);
    const opener = this.text.charCodeAt(node.start);
    if (frame.flow && (opener === 91 /* [ */ || opener === 123) /* { */) node.end = this.closingBracket(frame.lastEnd);
    else if (frame.flow)
      node.end = frame.lastEnd; // a single pair inside [ ]: `[a, k: v]`
    else node.end = Math.max(frame.lastTail, node.start);
    this.cursor = Math.max(this.cursor, node.end);
    const result = this.tagged(node, frame.tag, frame.tagStart);
    if (frame.anchor !== undefined) this.anchors.set(frame.anchor, { node: result, size: frame.size });
    this.add(result, frame.size, node.end);
  }

  private scalar(ev: ScalarEvent): void {
    const style = STYLES[ev.style] ?? 'plain';
    const tag = ev.tagStart >= 0 ? this.text.slice(ev.tagStart, ev.tagEnd) : undefined;
    let start: number;
    let end: number;
    let raw: string;
    if (ev.valueStart < 0) {
      start = end =
        Math.max(ev.tagEnd, ev.anchorEnd, -1) >= 0 ? Math.max(ev.tagEnd, ev.anchorEnd) : this.emptyValueAt();
      raw = '';
    } else {
      raw = getScalarValue(this.text, ev);
      if (style === 'single' || style === 'double') {
        start = ev.valueStart - 1;
        end = ev.valueEnd + 1;
      } else if (style === 'literal' || style === 'folded') {
        start = this.blockHeader(Math.max(this.cursor, ev.tagEnd, ev.anchorEnd), ev.valueStart);
        end = ev.chomping === 3 /* keep */ ? ev.valueEnd : this.lastContentLineEnd(ev.valueStart, ev.valueEnd);
      } else {
        start = ev.valueStart;
        end = ev.valueEnd;
      }
    }
    let value: string | number | boolean | null;
    if (tag !== undefined) value = resolveTagged(tag, raw);
    else if (style === 'plain') value = resolvePlain(raw);
    else value = raw;
    const scalar: ScalarNode = { kind: 'scalar', value, style, start, end };
    if (typeof value !== 'string' && style === 'plain') scalar.rawSource = this.text.slice(start, end);
    this.cursor = Math.max(this.cursor, end);
    const anchor = ev.anchorStart >= 0 ? this.text.slice(ev.anchorStart, ev.anchorEnd) : undefined;
    if (this.isKeyPosition()) {
      this.key(scalar);
      if (anchor !== undefined) this.anchors.set(anchor, { node: scalar, size: 1 });
      return;
    }
    const tail = style === 'literal' || style === 'folded' ? end : this.lineTail(end);
    const result = this.tagged(scalar, tag, ev.tagStart);
    if (anchor !== undefined) this.anchors.set(anchor, { node: result, size: 1 });
    this.add(result, 1, tail);
  }

  private alias(anchorStart: number, anchorEnd: number): void {
    const name = this.text.slice(anchorStart, anchorEnd);
    const start = anchorStart - 1;
    const end = anchorEnd;
    this.cursor = Math.max(this.cursor, end);
    const target = this.anchors.get(name);
    if (this.isKeyPosition()) {
      // An alias as a key: the old reader skipped such keys, and so do we.
      this.top()!.key = null;
      return;
    }
    if (!target && this.stack.some((f) => f.anchor === name)) {
      // An alias inside the node it names (a cycle): nothing to expand.
      this.add({ kind: 'scalar', value: null, style: 'plain', start, end }, 1, this.lineTail(end));
      return;
    }
    if (!target) {
      this.problems.push({ message: `unknown alias *${name}`, start, end });
      this.add({ kind: 'scalar', value: null, style: 'plain', start, end }, 1, this.lineTail(end));
      return;
    }
    this.aliasNodes += target.size;
    if (this.aliasNodes > MAX_ALIAS_NODES) {
      if (!this.problems.some((p) => p.message.startsWith('alias expansion too large')))
        this.problems.push({
          message: `alias expansion too large (over ${MAX_ALIAS_NODES.toLocaleString('en-US')} nodes through aliases)`,
          start,
          end,
        });
      this.add({ kind: 'scalar', value: null, style: 'plain', start, end }, 1, this.lineTail(end));
      return;
    }
    // The alias stands where it is written (findings point at it); its content is the anchored node's, shared.
    this.add({ ...target.node, start, end } as CfnNode, target.size, this.lineTail(end));
  }

  private top(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  private isKeyPosition(): boolean {
    const frame = this.top();
    return !!frame && frame.node.kind === 'object' && frame.key === undefined;
  }

  private key(scalar: ScalarNode): void {
    const frame = this.top()!;
    frame.key = { key: String(scalar.value), keyStart: scalar.start, keyEnd: scalar.end };
    frame.lastEnd = scalar.end;
  }

  /** Adds a finished node to its parent (or makes it the root). */
  private add(node: CfnNode, size: number, tail: number): void {
    const frame = this.top();
    if (!frame) {
      this.root = node;
      return;
    }
    frame.lastEnd = node.end;
    frame.lastTail = tail;
    const parent = frame.node;
    if (parent.kind === 'array') {
      parent.items.push(node);
      frame.size += size;
      return;
    }
    const key = frame.key;
    if (key === undefined) {
      frame.key = null; // a collection as a key: skip it and its value
      return;
    }
    frame.key = undefined;
    if (key === null) return;
    frame.size += size;
    if (key.key === '<<' && (node.kind === 'object' || node.kind === 'array')) {
      frame.merges.push(node);
      return;
    }
    // An explicit literal (not a spread): one shape for every property, which V8 keeps fast.
    parent.properties.push({ key: key.key, keyStart: key.keyStart, keyEnd: key.keyEnd, value: node });
  }

  /** YAML 1.1 merge keys: merged entries fill in keys the mapping does not set itself, first source first. */
  private merge(node: ObjectNode, sources: CfnNode[]): void {
    const present = new Set(node.properties.map((p) => p.key));
    for (const source of sources) {
      const maps = source.kind === 'array' ? source.items : [source];
      for (const map of maps) {
        if (map.kind !== 'object') continue;
        for (const p of map.properties) {
          if (present.has(p.key)) continue;
          present.add(p.key);
          node.properties.push(p);
        }
      }
    }
  }

  /** A short-form tag (`!Sub x`) becomes the long form (`{"Fn::Sub": x}`) spanning from the tag. */
  private tagged(inner: CfnNode, tag: string | undefined, tagStart: number): CfnNode {
    const longForm = tag ? SHORT_FORM_TAGS[tag] : undefined;
    if (!longForm) return inner;
    const property: Property = { key: longForm, keyStart: tagStart, keyEnd: tagStart + tag!.length, value: inner };
    return { kind: 'object', tag, start: tagStart, end: inner.end, properties: [property] };
  }

  /** An empty value (`key:` or `-` with nothing after it) sits right after its indicator. */
  private emptyValueAt(): number {
    const text = this.text;
    let p = this.cursor;
    while (p < text.length) {
      const c = text.charCodeAt(p);
      if (c === 58 /* : */ || c === 45 /* - */ || c === 63 /* ? */) return p + 1;
      if (c === 35 /* # */) {
        const eol = text.indexOf('\n', p);
        p = eol < 0 ? text.length : eol + 1;
        continue;
      }
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return this.cursor;
      p++;
    }
    return this.cursor;
  }

  /** The `|` or `>` that starts a block scalar: the first one after the previous token, outside comments. */
  private blockHeader(from: number, contentStart: number): number {
    const text = this.text;
    for (let p = from; p < contentStart; p++) {
      const c = text.charCodeAt(p);
      if (c === 124 /* | */ || c === 62 /* > */) return p;
      if (c === 35 /* # */) {
        const eol = text.indexOf('\n', p);
        if (eol < 0 || eol >= contentStart) break;
        p = eol;
      }
    }
    return contentStart;
  }

  /** Clip and strip chomping: the block ends after its last line that has content. */
  private lastContentLineEnd(start: number, end: number): number {
    const text = this.text;
    let p = end - 1;
    while (p >= start) {
      const c = text.charCodeAt(p);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      p--;
    }
    if (p < start) {
      // No content at all: the reference reading ends after the first (blank) line of the block.
      const width = text.charCodeAt(start) === 13 && text.charCodeAt(start + 1) === 10 ? 2 : 1;
      return Math.min(end, start + width);
    }
    const eol = text.indexOf('\n', p);
    return eol < 0 || eol >= end ? end : eol + 1;
  }

  /** After a value in block context: trailing blanks, a comment and the line break belong to it. */
  private lineTail(end: number): number {
    const text = this.text;
    let p = end;
    while (p < text.length && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
    if (text.charCodeAt(p) === 35 /* # */) {
      const eol = text.indexOf('\n', p);
      return eol < 0 ? text.length : eol + 1;
    }
    if (text.charCodeAt(p) === 13 && text.charCodeAt(p + 1) === 10) return p + 2;
    if (text.charCodeAt(p) === 10) return p + 1;
    return p >= text.length ? text.length : end;
  }

  /** A flow collection ends after its `]` or `}`: the first one after its last entry, outside comments. */
  private closingBracket(from: number): number {
    const text = this.text;
    for (let p = from; p < text.length; p++) {
      const c = text.charCodeAt(p);
      if (c === 93 /* ] */ || c === 125 /* } */) return p + 1;
      if (c === 35 /* # */ && (p === 0 || /\s/.test(text[p - 1]!))) {
        const eol = text.indexOf('\n', p);
        if (eol < 0) break;
        p = eol;
      }
    }
    return Math.max(from, 0);
  }
}

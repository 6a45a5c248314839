import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  Scalar,
  YAMLMap,
  YAMLSeq,
  type Document,
  type Node as YamlNode,
  type Tags,
} from 'yaml';
import type { CfnNode, Property, ScalarStyle } from '../../../src/core/template/ast';
import type { ParsedTree, ParseProblem } from '../../../src/core/template/parseJson';
// The tag table is data, shared with the reader under test; the reading itself stays independent.
import { SHORT_FORM_TAGS } from '../../../src/core/template/parseYaml';

const MAX_DEPTH = 500;

/**
 * The short forms as tags the YAML library knows, on scalars, sequences and
 * maps, resolving to the plain node: we translate them ourselves. Declaring
 * them (instead of letting them fail to resolve) spares a warning object,
 * with its stack trace, per tag.
 */
const CUSTOM_TAGS: Tags = Object.keys(SHORT_FORM_TAGS).flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, nodeClass: YAMLSeq, resolve: (seq: YAMLSeq) => seq },
  { tag, collection: 'map' as const, nodeClass: YAMLMap, resolve: (map: YAMLMap) => map },
]) as unknown as Tags;

/**
 * YAML with CloudFormation short-form tags, parsed as YAML 1.1 (what
 * CloudFormation itself reads: `000400` is an octal number there).
 * Other tags resolve by their collection type; nothing asks the user for a
 * `yaml.customTags` setting.
 */
export function parseYamlReference(text: string): ParsedTree {
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      version: '1.1',
      uniqueKeys: false,
      strict: false,
      prettyErrors: false,
      keepSourceTokens: false,
      customTags: CUSTOM_TAGS,
    });
  } catch (e) {
    return { root: undefined, problems: [{ message: `cannot parse YAML: ${(e as Error).message}`, start: 0, end: 0 }] };
  }
  const problems: ParseProblem[] = doc.errors.map((e) => ({
    message: firstLine(e.message),
    start: e.pos[0],
    end: Math.max(e.pos[0] + 1, e.pos[1]),
  }));
  const converter = new Converter(text, doc);
  const root = doc.contents ? converter.convert(doc.contents as YamlNode, 0) : undefined;
  return { root, problems };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

class Converter {
  private readonly aliasStack = new Set<YamlNode>();

  constructor(
    private readonly text: string,
    private readonly doc: Document.Parsed,
  ) {}

  convert(node: YamlNode | null | undefined, depth: number): CfnNode {
    if (!node) return { kind: 'scalar', value: null, style: 'plain', start: 0, end: 0 };
    const [start, end] = node.range ?? [0, 0];
    if (depth > MAX_DEPTH) return { kind: 'scalar', value: null, style: 'plain', start, end };
    if (isAlias(node)) return this.convertAlias(node, depth, start, end);
    const inner = this.convertUntagged(node, depth, start, end);
    const tag = (node as { tag?: string }).tag;
    const longForm = tag ? SHORT_FORM_TAGS[tag] : undefined;
    if (!longForm) return inner;
    const tagStart = this.findTagStart(tag!, start);
    return {
      kind: 'object',
      tag,
      start: tagStart,
      end: inner.end,
      properties: [{ key: longForm, keyStart: tagStart, keyEnd: tagStart + tag!.length, value: inner }],
    };
  }

  private convertAlias(node: YamlNode, depth: number, start: number, end: number): CfnNode {
    const target = (node as unknown as { resolve(doc: Document): YamlNode | undefined }).resolve(this.doc);
    if (!target || this.aliasStack.has(target)) return { kind: 'scalar', value: null, style: 'plain', start, end };
    this.aliasStack.add(target);
    try {
      const resolved = this.convert(target, depth + 1);
      // The alias stands where it is written; findings point at the alias.
      return { ...resolved, start, end } as CfnNode;
    } finally {
      this.aliasStack.delete(target);
    }
  }

  private convertUntagged(node: YamlNode, depth: number, start: number, end: number): CfnNode {
    if (isMap(node)) {
      const properties: Property[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
        if (key === undefined) continue;
        const [keyStart, keyEnd] = keyNode?.range ?? [start, start];
        const valueNode = pair.value as YamlNode | null;
        if (key === '<<' && valueNode) {
          const merged = this.convert(valueNode, depth + 1);
          if (merged.kind === 'object') properties.push(...merged.properties);
          continue;
        }
        const value: CfnNode = valueNode
          ? this.convert(valueNode, depth + 1)
          : { kind: 'scalar', value: null, style: 'plain', start: keyEnd, end: keyEnd };
        properties.push({ key, keyStart, keyEnd, value });
      }
      return { kind: 'object', properties, start, end };
    }
    if (isSeq(node)) {
      return { kind: 'array', items: node.items.map((i) => this.convert(i as YamlNode, depth + 1)), start, end };
    }
    if (isScalar(node)) return this.convertScalar(node, start, end);
    return { kind: 'scalar', value: null, style: 'plain', start, end };
  }

  private convertScalar(node: Scalar, start: number, end: number): CfnNode {
    const style = scalarStyle(node.type);
    let value = node.value as unknown;
    if (value instanceof Date) value = this.text.slice(start, end);
    if (typeof value === 'bigint') value = value.toString();
    if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      value = String(value);
    }
    const scalar: CfnNode = { kind: 'scalar', value: value as string | number | boolean | null, style, start, end };
    if (typeof value !== 'string' && style === 'plain') scalar.rawSource = this.text.slice(start, end);
    return scalar;
  }

  private findTagStart(tag: string, valueStart: number): number {
    const at = this.text.lastIndexOf(tag, valueStart);
    return at >= 0 && valueStart - at < 4096 ? at : valueStart;
  }
}

function scalarStyle(type: string | undefined): ScalarStyle {
  switch (type) {
    case Scalar.QUOTE_SINGLE:
      return 'single';
    case Scalar.QUOTE_DOUBLE:
      return 'double';
    case Scalar.BLOCK_LITERAL:
      return 'literal';
    case Scalar.BLOCK_FOLDED:
      return 'folded';
    default:
      return 'plain';
  }
}

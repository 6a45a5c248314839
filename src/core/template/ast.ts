/**
 * One located tree for JSON and YAML templates. Short-form YAML tags
 * (`!Ref X`) become the long form (`{ "Ref": "X" }`) with `tag` set, so every
 * consumer sees one shape. All positions are offsets into the source text.
 */
export type CfnNode = ObjectNode | ArrayNode | ScalarNode;

interface NodeBase {
  start: number;
  end: number;
}

export interface Property {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: CfnNode;
}

export interface ObjectNode extends NodeBase {
  kind: 'object';
  properties: Property[];
  /** Set when this object came from a YAML short-form tag such as `!Sub`. */
  tag?: string;
}

export interface ArrayNode extends NodeBase {
  kind: 'array';
  items: CfnNode[];
}

export type ScalarStyle = 'json' | 'plain' | 'single' | 'double' | 'literal' | 'folded';

export interface ScalarNode extends NodeBase {
  kind: 'scalar';
  value: string | number | boolean | null;
  style: ScalarStyle;
  /**
   * For string scalars: where each character of `value` (as a string) sits in
   * the source. Computed lazily by `charOffsets`, since most scalars never need it.
   */
  offsetsCache?: { starts: number[]; ends: number[] };
  /** YAML only: the scalar source text was a number/bool written without quotes. */
  rawSource?: string;
}

export function getProperty(node: CfnNode | undefined, key: string): CfnNode | undefined {
  if (!node || node.kind !== 'object') return undefined;
  for (const p of node.properties) if (p.key === key) return p.value;
  return undefined;
}

export function getPropertyEntry(node: CfnNode | undefined, key: string): Property | undefined {
  if (!node || node.kind !== 'object') return undefined;
  for (const p of node.properties) if (p.key === key) return p;
  return undefined;
}

export function stringValue(node: CfnNode | undefined): string | undefined {
  if (!node || node.kind !== 'scalar') return undefined;
  if (typeof node.value === 'string') return node.value;
  if (node.value === null) return undefined;
  return String(node.value);
}

/** An object with exactly one key naming an intrinsic function (`Ref`, `Fn::*`, `Condition`). */
export function intrinsicName(node: CfnNode | undefined): string | undefined {
  if (!node || node.kind !== 'object' || node.properties.length !== 1) return undefined;
  const key = node.properties[0]!.key;
  if (key === 'Ref' || key === 'Condition' || key.startsWith('Fn::')) return key;
  return undefined;
}

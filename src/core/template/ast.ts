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
  /** One entry per key, in source order: a duplicated key's last entry (JSON parsers and PyYAML keep the last value). */
  properties: Property[];
  /** The entries a later one of the same key overrides, in source order (only `TEMPLATE-DUPLICATE-KEY` reads them). */
  duplicates?: Property[];
  /** Set when this object came from a YAML short-form tag such as `!Sub`. */
  tag?: string;
  /** A large object's keys, indexed on first lookup (`getPropertyEntry`) for the `properties` it was built from. */
  keyIndex?: { properties: Property[]; length: number; byKey: Map<string, Property> };
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

/**
 * A duplicated key keeps its last value, as CloudFormation's parsers do (JSON
 * parsers and PyYAML): the earlier entries move to `duplicates`. `properties`
 * stays in source order (the editor's code finds and inserts entries by
 * position). Called by both parsers as an object closes.
 */
export function keepLastOfDuplicateKeys(node: ObjectNode): void {
  const properties = node.properties;
  if (properties.length < 2) return;
  if (properties.length <= 8 && !hasDuplicateKey(properties)) return; // most objects: no Set to build
  const later = new Set<string>();
  const kept: Property[] = [];
  const duplicates: Property[] = [];
  for (let i = properties.length - 1; i >= 0; i--) {
    const p = properties[i]!;
    if (later.has(p.key)) duplicates.push(p);
    else {
      later.add(p.key);
      kept.push(p);
    }
  }
  if (duplicates.length === 0) return;
  node.properties = kept.reverse();
  node.duplicates = duplicates.reverse();
  objectsGivenDuplicates++;
}

/** How many objects `keepLastOfDuplicateKeys` has given `duplicates` (the only place that sets them). */
let objectsGivenDuplicates = 0;

/**
 * Run a parse and tell whether any object of its tree got `duplicates`: when none did,
 * `TEMPLATE-DUPLICATE-KEY` need not walk the tree (`ParsedTemplate.noDuplicateKeys`).
 */
export function recordingDuplicateKeys<T>(parse: () => T): { parsed: T; noDuplicateKeys: boolean } {
  const before = objectsGivenDuplicates;
  const parsed = parse();
  return { parsed, noDuplicateKeys: objectsGivenDuplicates === before };
}

function hasDuplicateKey(properties: Property[]): boolean {
  for (let i = 1; i < properties.length; i++)
    for (let j = 0; j < i; j++) if (properties[i]!.key === properties[j]!.key) return true;
  return false;
}

export function getProperty(node: CfnNode | undefined, key: string): CfnNode | undefined {
  return getPropertyEntry(node, key)?.value;
}

/** Objects with more entries than this are looked up through an index (a 50,000-variable `Fn::Sub` map). */
const INDEXED_FROM = 32;

export function getPropertyEntry(node: CfnNode | undefined, key: string): Property | undefined {
  if (!node || node.kind !== 'object') return undefined;
  const properties = node.properties;
  if (properties.length < INDEXED_FROM) {
    for (const p of properties) if (p.key === key) return p;
    return undefined;
  }
  // On the node, not in a WeakMap keyed by it: an entry per analysis in a WeakMap made every
  // young-generation collection dearer (issue 12).
  let index = node.keyIndex;
  if (!index || index.properties !== properties || index.length !== properties.length) {
    const byKey = new Map<string, Property>();
    for (const p of properties) if (!byKey.has(p.key)) byKey.set(p.key, p); // the first, as the loop finds it
    index = { properties, length: properties.length, byKey };
    node.keyIndex = index;
  }
  return index.byKey.get(key);
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

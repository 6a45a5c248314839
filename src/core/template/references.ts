import type { CfnNode } from './ast';
import { intrinsicName, stringValue } from './ast';

export interface Reference {
  start: number;
  end: number;
}

/** Every place under `node` that uses parameter `name`: `Ref`, `${name}` in Fn::Sub. */
export function findReferences(node: CfnNode | undefined, name: string): Reference[] {
  const out: Reference[] = [];
  walk(node, new Search(name, (r) => void out.push(r)), 0);
  return out;
}

/**
 * Whether `findReferences(node, name)` has a reference inside one of `ranges` (a reference lies inside a
 * range when it starts and ends within it). Exactly the same walk, but it enters only nodes whose source
 * overlaps a range and stops at the first reference inside one: for a 1 MB template that is a few nodes
 * instead of all of them. A `false` is only a hint (a node reached through a YAML alias carries its
 * anchor's offsets, so a pruned walk can miss it): callers then ask `findReferences`.
 */
export function hasReferenceWithin(node: CfnNode | undefined, name: string, ranges: readonly Reference[]): boolean {
  if (ranges.length === 0) return false;
  const within = new Ranges(ranges);
  // The walk stops, and says so, at the first reference inside a range.
  return walk(
    node,
    new Search(
      name,
      (r) => within.contains(r),
      (n) => within.overlaps(n),
    ),
    0,
  );
}

class Search {
  readonly inSub: RegExp;
  constructor(
    readonly name: string,
    /** Called for each reference, in walk order; `true` stops the walk. */
    readonly onReference: (r: Reference) => boolean | void,
    /** Which nodes the walk enters; all unless pruned. */
    readonly enter: (node: CfnNode) => boolean = () => true,
  ) {
    this.inSub = new RegExp(`\\$\\{\\s*${escapeRegExp(name)}\\s*\\}`);
  }
}

/** Returns true when the search asked to stop. */
function walk(node: CfnNode | undefined, search: Search, depth: number): boolean {
  if (!node || depth > 200 || !search.enter(node)) return false;
  const name = search.name;
  const fn = intrinsicName(node);
  if (fn === 'Ref' && node.kind === 'object') {
    if (stringValue(node.properties[0]!.value) === name)
      return search.onReference({ start: node.start, end: node.end }) === true;
    return false;
  }
  if (fn === 'Fn::Sub' && node.kind === 'object') {
    const arg = node.properties[0]!.value;
    const template = arg.kind === 'array' ? arg.items[0] : arg;
    const variables = arg.kind === 'array' ? arg.items[1] : undefined;
    const text = stringValue(template);
    const shadowed = variables?.kind === 'object' && variables.properties.some((p) => p.key === name);
    if (text !== undefined && !shadowed && text.includes(name) && search.inSub.test(text))
      if (search.onReference({ start: template!.start, end: template!.end }) === true) return true;
    return variables ? walk(variables, search, depth + 1) : false;
  }
  if (node.kind === 'object') {
    for (const p of node.properties) if (walk(p.value, search, depth + 1)) return true;
  } else if (node.kind === 'array') for (const i of node.items) if (walk(i, search, depth + 1)) return true;
  return false;
}

/** Source ranges, sorted once, asked "does any contain / overlap this" in O(log n). */
class Ranges {
  private readonly starts: number[];
  /** The largest end among the ranges up to each index (sorted by start). */
  private readonly maxEnd: number[];
  constructor(ranges: readonly Reference[]) {
    const sorted = [...ranges].sort((a, b) => a.start - b.start);
    this.starts = sorted.map((r) => r.start);
    this.maxEnd = [];
    let max = -Infinity;
    for (const r of sorted) this.maxEnd.push((max = Math.max(max, r.end)));
  }
  /** Index of the last range starting at or before `offset`, or -1. */
  private lastStartingBy(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
  /** Some range starts at or before `r.start` and ends at or after `r.end`: the one with the largest end does. */
  contains(r: Reference): boolean {
    const last = this.lastStartingBy(r.start);
    return last >= 0 && this.maxEnd[last]! >= r.end;
  }
  /** Some range shares a character with the node's source, or touches it (an empty node at its edge). */
  overlaps(n: Reference): boolean {
    const last = this.lastStartingBy(n.end);
    return last >= 0 && this.maxEnd[last]! >= n.start;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

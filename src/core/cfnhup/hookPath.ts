import type { CfnNode } from '../template/ast';
import { getProperty, intrinsicName } from '../template/ast';

/** A hook `path=` split the way cfn-hup splits it (`split('.', 3)`, then unescaped dots). */
export interface HookPath {
  /** First segment, normally `Resources`. */
  root: string;
  logicalId: string | undefined;
  part: string | undefined;
  /** Keys below Metadata, with `\.` unescaped. */
  subPath: string[];
  /** Index (in the path text) where each piece starts: logical id, part, each sub-path key. */
  logicalIdStart: number;
  partStart: number;
  subPathStarts: number[];
  /** Index in the path text of each unescaped dot between sub-path keys. */
  subPathDots: number[];
  fatal: boolean;
}

export function parseHookPath(path: string): HookPath {
  const pieces = splitLimit(path, 3);
  const root = pieces[0]!.text;
  const logicalId = pieces[1]?.text;
  const part = pieces[2]?.text;
  const sub = pieces[3];
  const subPath: string[] = [];
  const subPathStarts: number[] = [];
  const subPathDots: number[] = [];
  if (sub !== undefined) {
    const t = sub.text;
    let current = ''; // the key so far, up to `run`: pieces between escaped dots are copied whole
    let run = 0;
    let start = sub.start;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 92 /* \ */ && t.charCodeAt(i + 1) === 46 /* . */) {
        current += t.slice(run, i) + '.';
        i++;
        run = i + 1;
        continue;
      }
      if (c === 46) {
        subPath.push(current + t.slice(run, i));
        subPathStarts.push(start);
        subPathDots.push(sub.start + i);
        current = '';
        run = i + 1;
        start = sub.start + i + 1;
      }
    }
    subPath.push(current + t.slice(run));
    subPathStarts.push(start);
  }
  const fatal =
    pieces.length < 2 ||
    root.toLowerCase() !== 'resources' ||
    (part !== undefined && part.toLowerCase() !== 'metadata' && part.toLowerCase() !== 'physicalresourceid');
  return {
    root,
    logicalId,
    part,
    subPath,
    logicalIdStart: pieces[1]?.start ?? path.length,
    partStart: pieces[2]?.start ?? path.length,
    subPathStarts,
    subPathDots,
    fatal,
  };
}

function splitLimit(text: string, limit: number): { text: string; start: number }[] {
  const result: { text: string; start: number }[] = [];
  let start = 0;
  while (result.length < limit) {
    const dot = text.indexOf('.', start);
    if (dot < 0) break;
    result.push({ text: text.slice(start, dot), start });
    start = dot + 1;
  }
  result.push({ text: text.slice(start), start });
  return result;
}

export type Resolution =
  | { kind: 'found'; node: CfnNode }
  | { kind: 'unknown' }
  | { kind: 'missing'; depth: number; parent: CfnNode; reason: 'no-key' | 'list' | 'scalar' };

/** Follow keys through literal Metadata; `unknown` where an intrinsic decides the shape. */
export function resolveKeys(metadata: CfnNode, keys: string[]): Resolution {
  let node: CfnNode = metadata;
  for (let depth = 0; depth < keys.length; depth++) {
    if (intrinsicName(node)) return { kind: 'unknown' };
    if (node.kind === 'array') return { kind: 'missing', depth, parent: node, reason: 'list' };
    if (node.kind === 'scalar') return { kind: 'missing', depth, parent: node, reason: 'scalar' };
    const next = getProperty(node, keys[depth]!);
    if (!next) return { kind: 'missing', depth, parent: node, reason: 'no-key' };
    node = next;
  }
  return { kind: 'found', node };
}

import type { CfnNode, ScalarNode } from '../template/ast';
import type { Fix, TextEdit } from '../findings';
import type { InitFile } from '../cfnhup/model';
import { INIT_KEY } from '../cfnhup/model';
import type { Rendered } from '../intrinsics/rendered';

export interface Range {
  start: number;
  end: number;
}

/** The source range of rendered characters [from, to) of a file's content, or the file key. */
export function contentRange(file: InitFile, from: number, to: number): Range {
  if (!file.rendered || file.rendered.text.length === 0) return keyRange(file);
  return file.rendered.sourceRange(from, to);
}

export function keyRange(file: { keyStart: number; keyEnd: number }): Range {
  return { start: file.keyStart, end: file.keyEnd };
}

export function nodeRange(node: CfnNode): Range {
  return { start: node.start, end: node.end };
}

/** The innermost scalar whose span contains `offset`. */
export function scalarAt(node: CfnNode | undefined, offset: number): ScalarNode | undefined {
  if (!node || offset < node.start || offset >= node.end) return undefined;
  if (node.kind === 'scalar') return node;
  // Children in order, without copying them into a list: a fix asks this from the root per character.
  if (node.kind === 'object') {
    for (const p of node.properties) {
      const found = scalarAt(p.value, offset);
      if (found) return found;
    }
    return undefined;
  }
  for (const child of node.items) {
    const found = scalarAt(child, offset);
    if (found) return found;
  }
  return undefined;
}

/**
 * Edits that replace single source characters (each the rendering of one
 * value character) with new value text, in a way that is valid in the
 * scalar's style: an escape in JSON and YAML double quotes; a re-quoted
 * scalar for YAML plain and single-quoted values. Returns undefined where no
 * certain edit exists (block scalars, characters not from a literal).
 */
export function replaceValueChars(
  root: CfnNode,
  text: string,
  rendered: Rendered,
  indexes: number[],
  replacement: string,
): TextEdit[] | undefined {
  if (indexes.length > 0 && indexes.every((i) => rendered.isVerbatim(i)))
    return indexes.map((i) => ({ start: rendered.startOf(i), end: rendered.startOf(i) + 1, newText: replacement }));
  const byScalar = new Map<ScalarNode, number[]>();
  for (const index of indexes) {
    if (rendered.isOpaque(index, index + 1)) return undefined;
    const offset = rendered.startOf(index);
    const scalar = scalarAt(root, offset);
    if (!scalar || typeof scalar.value !== 'string') return undefined;
    const list = byScalar.get(scalar) ?? [];
    list.push(offset);
    byScalar.set(scalar, list);
  }
  const edits: TextEdit[] = [];
  for (const [scalar, offsets] of byScalar) {
    if (scalar.style === 'json' || scalar.style === 'double') {
      const escaped = JSON.stringify(replacement).slice(1, -1);
      for (const offset of offsets) edits.push({ start: offset, end: offset + 1, newText: escaped });
      continue;
    }
    if (scalar.style === 'single' || scalar.style === 'plain') {
      // Rebuild the value with the replacement and write it double-quoted (a JSON string is valid YAML).
      const spans = offsets.slice().sort((a, b) => a - b);
      let value = '';
      const raw = text.slice(scalar.start, scalar.end);
      const bodyStart = scalar.style === 'single' ? scalar.start + 1 : scalar.start;
      const bodyEnd = scalar.style === 'single' ? scalar.end - 1 : scalar.end;
      let cursor = bodyStart;
      for (const offset of spans) {
        value += unquoteSingle(text.slice(cursor, offset));
        value += replacement;
        cursor = offset + 1;
      }
      value += unquoteSingle(text.slice(cursor, bodyEnd));
      if (raw.includes('\n')) return undefined;
      edits.push({ start: scalar.start, end: scalar.end, newText: JSON.stringify(value) });
      continue;
    }
    if (scalar.style === 'literal' && !/[\r\n]/.test(replacement)) {
      for (const offset of offsets) edits.push({ start: offset, end: offset + 1, newText: replacement });
      continue;
    }
    if (scalar.style === 'literal' && replacement === '\n') {
      // A new line in a literal block keeps the block's indentation.
      for (const offset of offsets) {
        const lineStart = text.lastIndexOf('\n', offset) + 1;
        const indent = /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
        edits.push({ start: offset, end: offset + 1, newText: '\n' + indent });
      }
      continue;
    }
    return undefined;
  }
  return edits;
}

function unquoteSingle(s: string): string {
  return s.replace(/''/g, "'");
}

export function fix(title: string, edits: TextEdit[] | undefined): Fix | undefined {
  return edits && edits.length > 0 ? { title, edits } : undefined;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Edits that turn rendered characters [from, to) into `replacement`, when
 * they are consecutive characters of one literal scalar with no escapes.
 */
export function replaceRenderedRange(
  root: CfnNode,
  rendered: Rendered,
  from: number,
  to: number,
  replacement: string,
): TextEdit[] | undefined {
  if (to <= from || rendered.isOpaque(from, to)) return undefined;
  const start = rendered.startOf(from);
  const end = rendered.endOf(to - 1);
  if (end - start !== to - from) return undefined;
  if (rendered.isVerbatim(from) && rendered.isVerbatim(to - 1)) return [{ start, end, newText: replacement }];
  for (let i = from; i < to; i++) if (rendered.startOf(i) !== start + (i - from)) return undefined;
  const scalar = scalarAt(root, start);
  if (!scalar || typeof scalar.value !== 'string' || end > scalar.end) return undefined;
  if (scalar.style === 'json' || scalar.style === 'double')
    return [{ start, end, newText: JSON.stringify(replacement).slice(1, -1) }];
  if (/[\r\n'"#]/.test(replacement) || (scalar.style === 'plain' && /: |^[-?:,[\]{}&*!|>%@`]/.test(replacement)))
    return undefined;
  return [{ start, end, newText: replacement }];
}

/** The closest candidate by edit distance, if close enough to be a typo. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = saved;
    }
  }
  return prev[b.length]!;
}

/** The Init key with its case (or its run of colons) changed: `AWS::Cloudformation::Init`, `AWS::CloudFormation:Init`. */
export function isMisspeltInitKey(key: string): boolean {
  return key !== INIT_KEY && key.toLowerCase().replace(/:+/g, '::') === INIT_KEY.toLowerCase();
}

import type { ScalarNode } from './ast';

/**
 * Where each character of a string scalar's value sits in the source text.
 * `starts[i]`..`ends[i]` is the source span of value character i: one
 * character for most, two or more for an escape (`\n` in JSON), the line
 * break for a folded line.
 */
export interface CharSpans {
  starts: number[];
  ends: number[];
}

export function scalarCharSpans(node: ScalarNode, text: string): CharSpans {
  const value = typeof node.value === 'string' ? node.value : node.value === null ? '' : String(node.value);
  if (typeof node.value !== 'string') return linear(value, node.start, node.end);
  switch (node.style) {
    case 'json':
      return jsonSpans(value, text, node.start + 1, node.end - 1);
    case 'double':
      return align(value, text, node.start + 1, node.end - 1, 'double');
    case 'single':
      return align(value, text, node.start + 1, node.end - 1, 'single');
    case 'literal':
    case 'folded':
      return blockSpans(value, text, node.start, node.end);
    default:
      return align(value, text, node.start, node.end, 'plain');
  }
}

function linear(value: string, start: number, end: number): CharSpans {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const s = Math.min(start + i, Math.max(start, end - 1));
    starts.push(s);
    ends.push(s + 1);
  }
  return { starts, ends };
}

/** Exact: JSON escapes are decoded in one pass over the raw token. */
function jsonSpans(value: string, text: string, from: number, to: number): CharSpans {
  const starts: number[] = [];
  const ends: number[] = [];
  let p = from;
  for (let i = 0; i < value.length; i++) {
    if (p >= to) {
      starts.push(to);
      ends.push(to);
      continue;
    }
    const width = text.charCodeAt(p) === 92 /* \ */ ? (text[p + 1] === 'u' ? 6 : 2) : 1;
    starts.push(p);
    ends.push(Math.min(p + width, to));
    p += width;
  }
  return { starts, ends };
}

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

/**
 * YAML scalars: walk value and source together. Source-only characters
 * (indentation, quotes, folded line breaks, escape backslashes) are skipped;
 * a value space or newline produced by folding maps to the source line break.
 */
function align(
  value: string,
  text: string,
  from: number,
  to: number,
  mode: 'double' | 'single' | 'block' | 'plain',
): CharSpans {
  const starts: number[] = [];
  const ends: number[] = [];
  let p = from;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    let mapped = false;
    while (p < to) {
      const s = text[p]!;
      if (s === c) {
        const width = mode === 'single' && s === "'" && text[p + 1] === "'" ? 2 : 1;
        starts.push(p);
        ends.push(p + width);
        p += width;
        mapped = true;
        break;
      }
      if (mode === 'double' && s === '\\') {
        if (text[p + 1] === '\n' || text[p + 1] === '\r') {
          p += 2; // escaped line break: produces nothing
          continue;
        }
        const width = escapeWidth(text, p);
        starts.push(p);
        ends.push(p + width);
        p += width;
        mapped = true;
        break;
      }
      if ((c === ' ' || c === '\n') && (s === '\n' || s === '\r')) {
        starts.push(p);
        ends.push(p + 1);
        p += s === '\r' && text[p + 1] === '\n' ? 2 : 1;
        mapped = true;
        break;
      }
      if (WHITESPACE.has(s)) {
        p++;
        continue;
      }
      // Misaligned (should not happen): consume one source character for it.
      starts.push(p);
      ends.push(p + 1);
      p++;
      mapped = true;
      break;
    }
    if (!mapped) {
      starts.push(to);
      ends.push(to);
    }
  }
  return { starts, ends };
}

function escapeWidth(text: string, p: number): number {
  switch (text[p + 1]) {
    case 'x':
      return 4;
    case 'u':
      return 6;
    case 'U':
      return 10;
    default:
      return 2;
  }
}

/**
 * Block scalars: strip the block's indentation line by line (so a
 * more-indented line keeps its extra spaces), then align what is left.
 */
function blockSpans(value: string, text: string, start: number, end: number): CharSpans {
  const headerEnd = text.indexOf('\n', start);
  let from = headerEnd < 0 || headerEnd >= end ? end : headerEnd + 1;
  // The first content line gives the block's indentation (an explicit indicator counts from the parent, which we do not know).
  let indent = -1;
  let virtual = '';
  const offsets: number[] = [];
  while (from < end) {
    let lineEnd = text.indexOf('\n', from);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    const line = text.slice(from, lineEnd);
    const lead = /^[ ]*/.exec(line)![0].length;
    if (indent < 0 && line.trim() !== '') indent = lead;
    const skip = Math.min(lead, indent < 0 ? lead : indent);
    for (let i = from + skip; i < lineEnd; i++) {
      if (text[i] === '\r') continue;
      virtual += text[i];
      offsets.push(i);
    }
    if (lineEnd < end) {
      virtual += '\n';
      offsets.push(lineEnd);
    }
    from = lineEnd + 1;
  }
  const aligned = align(value, virtual, 0, virtual.length, 'block');
  const map = (i: number) => (i < offsets.length ? offsets[i]! : end);
  return { starts: aligned.starts.map(map), ends: aligned.starts.map((s) => map(s) + 1) };
}

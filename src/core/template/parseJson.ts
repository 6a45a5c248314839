import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { keepLastOfDuplicateKeys, type CfnNode, type ObjectNode, type Property } from './ast';
import { strictJsonTree } from './jsonFast';

export interface ParseProblem {
  message: string;
  start: number;
  end: number;
}

export interface ParsedTree {
  root: CfnNode | undefined;
  problems: ParseProblem[];
  /**
   * What the tolerant reading accepted that JSON does not (comments, a comma before a closing bracket):
   * set only when there is any and no other problem. CloudFormation reads JSON strictly.
   */
  lenient?: Leniency[];
}

export interface Leniency extends ParseProblem {
  kind: 'comment' | 'trailing-comma';
}

/** Deeper nesting than this is reported, not parsed (the JSON parser recurses; no real template comes near it). */
export const MAX_JSON_NESTING = 500;

/** JSON (comments and trailing commas tolerated, as CloudFormation users write them in editors). */
export function parseJsonTemplate(text: string): ParsedTree {
  // Strict JSON, nearly every template: one fast pass (jsonFast.ts). Anything else: the tolerant path.
  const strict = strictJsonTree(text, MAX_JSON_NESTING);
  return strict ? { root: strict, problems: [] } : parseJsonTolerant(text);
}

/** jsonc-parser's reading: comments, trailing commas and errors, with recovery for half-typed text. */
export function parseJsonTolerant(text: string): ParsedTree {
  const tooDeep = nestingBeyond(text, MAX_JSON_NESTING);
  if (tooDeep >= 0)
    return {
      root: undefined,
      problems: [{ message: `nesting deeper than ${MAX_JSON_NESTING} levels`, start: tooDeep, end: tooDeep + 1 }],
    };
  const errors: ParseError[] = [];
  let tree: JsonNode | undefined;
  try {
    tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (e) {
    return { root: undefined, problems: [{ message: `cannot parse JSON: ${(e as Error).message}`, start: 0, end: 0 }] };
  }
  const problems = errors.map((e) => ({
    message: describeJsonError(printParseErrorCode(e.error)),
    start: e.offset,
    end: e.offset + Math.max(1, e.length),
  }));
  const root = tree ? convert(tree, 0) : undefined;
  const lenient = problems.length === 0 ? leniencies(text) : [];
  return lenient.length > 0 ? { root, problems, lenient } : { root, problems };
}

/** Where text that the tolerant reading accepts is not JSON: each comment, each comma before `]` or `}`. */
function leniencies(text: string): Leniency[] {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const found: Leniency[] = [];
  let lastComma = -1;
  for (const e of errors) {
    if (printParseErrorCode(e.error) === 'InvalidCommentToken') {
      found.push({ kind: 'comment', message: 'a comment', start: e.offset, end: e.offset + e.length });
      continue;
    }
    // A trailing comma is reported at the bracket after it (sometimes twice): point at the comma.
    let comma = e.offset - 1;
    while (comma >= 0 && /\s/.test(text[comma]!)) comma--;
    if (comma < 0 || text[comma] !== ',' || comma === lastComma) continue;
    lastComma = comma;
    found.push({ kind: 'trailing-comma', message: 'a comma before a closing bracket', start: comma, end: comma + 1 });
  }
  return found;
}

function describeJsonError(code: string): string {
  // printParseErrorCode gives names like "CommaExpected"; make them read as English.
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function convert(node: JsonNode, depth: number): CfnNode {
  const start = node.offset;
  const end = node.offset + node.length;
  if (depth > MAX_JSON_NESTING) return { kind: 'scalar', value: null, style: 'json', start, end };
  switch (node.type) {
    case 'object': {
      const properties: Property[] = [];
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode || typeof keyNode.value !== 'string') continue;
        const value: CfnNode = valueNode
          ? convert(valueNode, depth + 1)
          : {
              kind: 'scalar',
              value: null,
              style: 'json',
              start: keyNode.offset + keyNode.length,
              end: keyNode.offset + keyNode.length,
            };
        properties.push({
          key: keyNode.value,
          keyStart: keyNode.offset,
          keyEnd: keyNode.offset + keyNode.length,
          value,
        });
      }
      const object: ObjectNode = { kind: 'object', properties, start, end };
      keepLastOfDuplicateKeys(object);
      return object;
    }
    case 'array':
      return { kind: 'array', items: (node.children ?? []).map((c) => convert(c, depth + 1)), start, end };
    default:
      return { kind: 'scalar', value: node.value ?? null, style: 'json', start, end };
  }
}

/**
 * The offset of the first `[` or `{` nested deeper than `limit`, or -1: one
 * linear pass that skips strings and comments, run before the recursive parser.
 */
export function nestingBeyond(text: string, limit: number): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34 || d === 10) break;
      }
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? n : eol;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 1;
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    }
  }
  return -1;
}

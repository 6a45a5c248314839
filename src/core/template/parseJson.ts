import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { CfnNode, Property } from './ast';

export interface ParseProblem {
  message: string;
  start: number;
  end: number;
}

export interface ParsedTree {
  root: CfnNode | undefined;
  problems: ParseProblem[];
}

const MAX_DEPTH = 500;

/** JSON (comments and trailing commas tolerated, as CloudFormation users write them in editors). */
export function parseJsonTemplate(text: string): ParsedTree {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const problems = errors.map((e) => ({
    message: describeJsonError(printParseErrorCode(e.error)),
    start: e.offset,
    end: e.offset + Math.max(1, e.length),
  }));
  return { root: tree ? convert(tree, 0) : undefined, problems };
}

function describeJsonError(code: string): string {
  // printParseErrorCode gives names like "CommaExpected"; make them read as English.
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function convert(node: JsonNode, depth: number): CfnNode {
  const start = node.offset;
  const end = node.offset + node.length;
  if (depth > MAX_DEPTH) return { kind: 'scalar', value: null, style: 'json', start, end };
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
      return { kind: 'object', properties, start, end };
    }
    case 'array':
      return { kind: 'array', items: (node.children ?? []).map((c) => convert(c, depth + 1)), start, end };
    default:
      return { kind: 'scalar', value: node.value ?? null, style: 'json', start, end };
  }
}

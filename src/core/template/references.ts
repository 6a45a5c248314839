import type { CfnNode } from './ast';
import { intrinsicName, stringValue } from './ast';

export interface Reference {
  start: number;
  end: number;
}

/** Every place under `node` that uses parameter `name`: `Ref`, `${name}` in Fn::Sub. */
export function findReferences(node: CfnNode | undefined, name: string, out: Reference[] = [], depth = 0): Reference[] {
  if (!node || depth > 200) return out;
  const fn = intrinsicName(node);
  if (fn === 'Ref' && node.kind === 'object') {
    if (stringValue(node.properties[0]!.value) === name) out.push({ start: node.start, end: node.end });
    return out;
  }
  if (fn === 'Fn::Sub' && node.kind === 'object') {
    const arg = node.properties[0]!.value;
    const template = arg.kind === 'array' ? arg.items[0] : arg;
    const variables = arg.kind === 'array' ? arg.items[1] : undefined;
    const text = stringValue(template);
    const shadowed = variables?.kind === 'object' && variables.properties.some((p) => p.key === name);
    if (text !== undefined && !shadowed && new RegExp(`\\$\\{\\s*${escapeRegExp(name)}\\s*\\}`).test(text)) out.push({ start: template!.start, end: template!.end });
    if (variables) findReferences(variables, name, out, depth + 1);
    return out;
  }
  if (node.kind === 'object') for (const p of node.properties) findReferences(p.value, name, out, depth + 1);
  else if (node.kind === 'array') for (const i of node.items) findReferences(i, name, out, depth + 1);
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

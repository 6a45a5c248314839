import type { CfnNode } from './ast';
import { intrinsicName, stringValue } from './ast';

export interface Reference {
  start: number;
  end: number;
}

/** Every place under `node` that uses parameter `name`: `Ref`, `${name}` in Fn::Sub. */
export function findReferences(node: CfnNode | undefined, name: string): Reference[] {
  const out: Reference[] = [];
  walk(node, name, new RegExp(`\\$\\{\\s*${escapeRegExp(name)}\\s*\\}`), out, 0);
  return out;
}

function walk(node: CfnNode | undefined, name: string, inSub: RegExp, out: Reference[], depth: number): void {
  if (!node || depth > 200) return;
  const fn = intrinsicName(node);
  if (fn === 'Ref' && node.kind === 'object') {
    if (stringValue(node.properties[0]!.value) === name) out.push({ start: node.start, end: node.end });
    return;
  }
  if (fn === 'Fn::Sub' && node.kind === 'object') {
    const arg = node.properties[0]!.value;
    const template = arg.kind === 'array' ? arg.items[0] : arg;
    const variables = arg.kind === 'array' ? arg.items[1] : undefined;
    const text = stringValue(template);
    const shadowed = variables?.kind === 'object' && variables.properties.some((p) => p.key === name);
    if (text !== undefined && !shadowed && text.includes(name) && inSub.test(text))
      out.push({ start: template!.start, end: template!.end });
    if (variables) walk(variables, name, inSub, out, depth + 1);
    return;
  }
  if (node.kind === 'object') for (const p of node.properties) walk(p.value, name, inSub, out, depth + 1);
  else if (node.kind === 'array') for (const i of node.items) walk(i, name, inSub, out, depth + 1);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

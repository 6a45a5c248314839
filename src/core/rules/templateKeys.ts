/**
 * Duplicate keys in one object of the template. A JSON parser keeps the last
 * one and drops the others without a word: three `"command"` keys in one
 * command run only the last. Every occurrence is reported where it is.
 */
import type { Rule } from './rule';
import type { CfnNode, Property } from '../template/ast';

export const templateDuplicateKey: Rule = {
  id: 'TEMPLATE-DUPLICATE-KEY',
  severity: 'error',
  title: 'The same key twice in one object of the template',
  doc: {
    why: 'JSON and YAML objects have one value per key: CloudFormation keeps one of the duplicates (JSON keeps the last) and the others vanish without an error. Two "command" keys in one command, or two "files" in one config, silently lose everything but one.',
    source:
      'RFC 8259 §4 (names should be unique; parsers keep the last); CloudFormation template parsing; cfn-lint E0000',
    bad: '"01_setup": { "command": "yum -y update", "command": "systemctl restart app" }',
    good: '"01_update": { "command": "yum -y update" }, "02_restart": { "command": "systemctl restart app" }',
  },
  check(ctx) {
    const text = ctx.model.text;
    const json = ctx.model.format === 'json';
    // Iterative walk: deeply nested templates must not overflow the stack.
    const stack: CfnNode[] = [ctx.model.model.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.kind === 'array') {
        for (const i of node.items) stack.push(i);
        continue;
      }
      if (node.kind !== 'object') continue;
      const byKey = new Map<string, Property[]>();
      for (const p of node.properties) {
        const list = byKey.get(p.key);
        if (list) list.push(p);
        else byKey.set(p.key, [p]);
        stack.push(p.value);
      }
      for (const [key, list] of byKey) {
        if (list.length < 2) continue;
        const kept = list[list.length - 1]!;
        const values = new Set(list.map((p) => text.slice(p.value.start, p.value.end).replace(/\s+/g, ' ')));
        const same = values.size === 1;
        for (const p of list) {
          ctx.report({
            start: p.keyStart,
            end: p.keyEnd,
            severity: same ? 'warning' : undefined,
            message: `"${key}" appears ${list.length} times in this object: only one value survives (${json ? 'JSON keeps the last' : 'which one depends on the parser'})${same ? ', all the same here' : p === kept && json ? ', this one' : json ? ', so this one is dropped' : ''}. Give each its own key or keep one.`,
          });
        }
      }
    }
  },
};

export const templateKeyRules: Rule[] = [templateDuplicateKey];

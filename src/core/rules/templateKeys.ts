/**
 * Template keys that silently lose their content. Duplicate keys in one
 * object: a JSON parser (and PyYAML) keeps the last one and drops the others
 * without a word (three `"command"` keys in one command run only the last) —
 * and the located tree keeps the last too, so every other rule sees what
 * CloudFormation sees; every occurrence is reported where it is. And the Init
 * key with the wrong case, which cfn-init does not find.
 */
import type { Rule } from './rule';
import type { CfnNode, ObjectNode, Property } from '../template/ast';
import type { TextEdit } from '../findings';
import { INIT_KEY, type CfnHupModel } from '../cfnhup/model';
import { cacheSlot, perAnalysis } from './shared';
import { entries, type TemplateModel } from '../template/model';
import { fix, isMisspeltInitKey } from './util';

export const templateDuplicateKey: Rule = {
  id: 'TEMPLATE-DUPLICATE-KEY',
  severity: 'error',
  title: 'The same key twice in one object of the template',
  doc: {
    why: 'JSON and YAML objects have one value per key: CloudFormation keeps the last of the duplicates (JSON parsers and PyYAML do) and the others vanish without an error. Two "command" keys in one command, or two "files" in one config, silently lose everything but one.',
    source:
      'RFC 8259 §4 (names should be unique; parsers keep the last); CloudFormation template parsing; cfn-lint E0000',
    bad: '"01_setup": { "command": "yum -y update", "command": "systemctl restart app" }',
    good: '"01_update": { "command": "yum -y update" }, "02_restart": { "command": "systemctl restart app" }',
  },
  check(ctx) {
    const text = ctx.model.text;
    const json = ctx.model.format === 'json';
    for (const node of objectsWithDuplicates(ctx.model)) {
      // The parsers keep the last entry of a key in `properties` and the earlier ones in `duplicates`.
      const byKey = new Map<string, Property[]>();
      for (const p of node.duplicates!) {
        const list = byKey.get(p.key);
        if (list) list.push(p);
        else byKey.set(p.key, [p]);
      }
      for (const [key, dropped] of byKey) {
        const kept = node.properties.find((p) => p.key === key)!;
        const list = [...dropped, kept];
        const values = new Set(list.map((p) => text.slice(p.value.start, p.value.end).replace(/\s+/g, ' ')));
        const same = values.size === 1;
        for (const p of list) {
          ctx.report({
            start: p.keyStart,
            end: p.keyEnd,
            severity: same ? 'warning' : undefined,
            message: `"${key}" appears ${list.length} times in this object: only the last value survives (${json ? 'JSON parsers keep' : 'PyYAML keeps'} the last)${same ? ', all the same here' : p === kept ? ', this one' : ', so this one is dropped'}. Give each its own key or keep one.`,
          });
        }
      }
    }
  },
};

/** The walk's result per analysis. */
const DUPLICATES = cacheSlot<ObjectNode[]>('objectsWithDuplicates');

/**
 * The objects that hold a duplicated key, in the order a depth-first walk meets them. It visits
 * every node of the template, so it is written for the interpreter a fresh process runs it in:
 * indexed loops, and only objects and arrays on the stack (iterative: deeply nested templates
 * must not overflow the call stack).
 */
function objectsWithDuplicates(hup: CfnHupModel): ObjectNode[] {
  const model = hup.model;
  // The parse saw no duplicated key (most templates): nothing to walk.
  if (model.noDuplicateKeys) return [];
  return perAnalysis(hup, DUPLICATES, () => walkForDuplicates(model));
}

function walkForDuplicates(model: TemplateModel): ObjectNode[] {
  const found: ObjectNode[] = [];
  // A stack with its own top index: push and pop are calls in the interpreter, an indexed store is not.
  const stack: CfnNode[] = [model.root];
  let top = 1;
  while (top > 0) {
    const node = stack[--top]!;
    if (node.kind === 'array') {
      const items = node.items;
      for (let i = 0; i < items.length; i++) if (items[i]!.kind !== 'scalar') stack[top++] = items[i]!;
      continue;
    }
    if (node.kind !== 'object') continue;
    const properties = node.properties;
    for (let i = 0; i < properties.length; i++) {
      const value = properties[i]!.value;
      if (value.kind !== 'scalar') stack[top++] = value;
    }
    const duplicates = node.duplicates;
    if (!duplicates) continue;
    for (let i = 0; i < duplicates.length; i++) {
      const value = duplicates[i]!.value;
      if (value.kind !== 'scalar') stack[top++] = value;
    }
    found.push(node);
  }
  return found;
}

export const initKeyCase: Rule = {
  id: 'INIT-KEY-CASE',
  severity: 'error',
  title: 'AWS::CloudFormation::Init spelt with the wrong case',
  doc: {
    why: 'cfn-init looks the Init up in the resource\'s Metadata by the exact key `AWS::CloudFormation::Init`. Under `AWS::Cloudformation::Init` (or `AWS::CloudFormation::init`) it finds none, prints "No work to do" and exits 0: no file, package, service or command of it is ever applied, cfn-hup included, and a following `cfn-signal -e $?` reports success. CloudFormation stores Metadata as it is, so nothing fails at deploy either.',
    source:
      'aws-cfn-bootstrap bin/cfn-init (Contractor.metadataValid: `_configKey in metadata`, then "No work to do", exit 0); construction.py metadataValid',
    bad: 'Metadata:\n  AWS::Cloudformation::Init:\n    config: …',
    good: 'Metadata:\n  AWS::CloudFormation::Init:\n    config: …',
  },
  check(ctx) {
    const text = ctx.model.text;
    for (const resource of ctx.model.model.resources.values()) {
      const keys = entries(resource.metadata);
      const hasInit = keys.some((p) => p.key === INIT_KEY);
      for (const p of keys) {
        if (!isMisspeltInitKey(p.key)) continue;
        ctx.report({
          start: p.keyStart,
          end: p.keyEnd,
          message: hasInit
            ? `"${p.key}" is not "${INIT_KEY}" (case-sensitive): cfn-init reads only the "${INIT_KEY}" of ${resource.logicalId} and never applies this one. Merge it into "${INIT_KEY}".`
            : `"${p.key}" is not "${INIT_KEY}" (case-sensitive): cfn-init finds no Init on ${resource.logicalId}, prints "No work to do" and exits 0, so nothing in it is applied (cfn-hup included) and a following cfn-signal -e $? reports success. Write "${INIT_KEY}".`,
          fix: hasInit ? undefined : fix(`Write ${INIT_KEY}`, renameInitKey(text, resource.logicalId, p)),
        });
      }
    }
  },
};

/**
 * Edits that write the key as `AWS::CloudFormation::Init`, and the same in every
 * hook path that names it (`Resources.<Id>.Metadata.<key>`): hook paths are
 * case-sensitive, so the hook would stop matching. The new text has the same
 * characters but for case (or colons), so it is valid in any scalar style.
 */
function renameInitKey(text: string, logicalId: string, p: Property): TextEdit[] {
  const quoted = text[p.keyStart] === '"' || text[p.keyStart] === "'";
  const edits: TextEdit[] = [
    { start: p.keyStart + (quoted ? 1 : 0), end: p.keyEnd - (quoted ? 1 : 0), newText: INIT_KEY },
  ];
  const path = `Resources.${logicalId}.Metadata.${p.key}`;
  for (let at = text.indexOf(path); at >= 0; at = text.indexOf(path, at + path.length)) {
    const keyAt = at + path.length - p.key.length;
    if (/[\w:]/.test(text[at + path.length] ?? '')) continue;
    edits.push({ start: keyAt, end: keyAt + p.key.length, newText: INIT_KEY });
  }
  return edits;
}

export const templateKeyRules: Rule[] = [templateDuplicateKey, initKeyCase];

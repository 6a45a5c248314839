import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { analyzeTemplate, parseTemplate } from '../../src/core';
import type { CfnNode } from '../../src/core/template/ast';
import { corpusOrSkip } from './helpers/corpus';

/**
 * The same template written another way gets the same findings. Users convert templates between JSON
 * and YAML (cfn-flip, the console's designer), write Fn::Join where others write Fn::Sub, reorder keys
 * and save with CRLF line ends; none of that changes what cfn-hup does, so none may change what we
 * report. Judged on the real templates of the corpus and the examples: rule and severity of each
 * finding (positions move with the text).
 */
const corpus = corpusOrSkip();
const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const templates = [
  ...(corpus.dir ? readdirSync(join(corpus.dir, 'templates')).map((f) => join(corpus.dir, 'templates', f)) : []),
  ...readdirSync(EXAMPLES)
    .filter((f) => /\.(json|ya?ml|template)$/.test(f))
    .map((f) => join(EXAMPLES, f)),
]
  .sort()
  .map((path) => ({ name: path.split('/').pop()!, text: readFileSync(path, 'utf8') }))
  .map((t) => ({ ...t, parsed: parseTemplate(t.text, t.name) }))
  .filter((t) => t.parsed.isTemplate && t.parsed.root?.kind === 'object' && t.parsed.problems.length === 0);

type Value = unknown;

function toValue(n: CfnNode): Value {
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'array') return n.items.map(toValue);
  return Object.fromEntries(n.properties.map((p) => [p.key, toValue(p.value)]));
}

/** Rule and severity of each finding, sorted, leaving out the rules given. */
function judged(text: string, fileName: string, leaveOut: ReadonlySet<string>): string[] {
  return analyzeTemplate(text, { fileName })
    .findings.filter((f) => !leaveOut.has(f.ruleId))
    .map((f) => `${f.ruleId}/${f.severity}`)
    .sort();
}

/**
 * Rules about the text's own form: YAML 1.1 octal (an unquoted 000400 is the number 256 in the JSON
 * rendering, FILE-MODE-DECIMAL's case there), JSON that is YAML, keys written twice.
 */
const FORM_RULES = new Set([
  'FILE-MODE-YAML-OCTAL',
  'FILE-MODE-DECIMAL',
  'TEMPLATE-NOT-JSON',
  'TEMPLATE-DUPLICATE-KEY',
]);

test('JSON and YAML renderings of a template get the same findings', { skip: corpus.skip }, () => {
  assert.ok(templates.length >= 60, `only ${templates.length} templates`);
  for (const t of templates) {
    const value = toValue(t.parsed.root!);
    const json = JSON.stringify(value, null, 1);
    const yaml = stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
    assert.deepEqual(
      judged(yaml, 'x.yaml', FORM_RULES),
      judged(json, 'x.json', FORM_RULES),
      `${t.name}: the YAML rendering is judged differently from the JSON one`,
    );
  }
});

/** Fn::Sub written as the Fn::Join of its pieces: `${Name}` a Ref, `${R.Attr}` a GetAtt, `${!x}` text. */
function subAsJoin(template: string, vars: Record<string, Value>): Value {
  const parts: Value[] = [];
  let last = 0;
  for (const m of template.matchAll(/\$\{([^}]*)\}/g)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    const name = m[1]!;
    if (name.startsWith('!')) parts.push('${' + name.slice(1) + '}');
    else if (Object.hasOwn(vars, name)) parts.push(vars[name]);
    else if (name.includes('.') && !name.startsWith('AWS::'))
      parts.push({ 'Fn::GetAtt': [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)] });
    else parts.push({ Ref: name });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return { 'Fn::Join': ['', parts] };
}

function withoutSub(v: Value): Value {
  if (Array.isArray(v)) return v.map(withoutSub);
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, Value>;
  const arg = o['Fn::Sub'];
  if (Object.keys(o).length === 1 && typeof arg === 'string') return subAsJoin(arg, {});
  if (
    Object.keys(o).length === 1 &&
    Array.isArray(arg) &&
    typeof arg[0] === 'string' &&
    arg[1] &&
    !Array.isArray(arg[1])
  )
    return subAsJoin(
      arg[0],
      Object.fromEntries(Object.entries(arg[1] as Record<string, Value>).map(([k, x]) => [k, withoutSub(x)])),
    );
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, withoutSub(x)]));
}

test('Fn::Sub and the Fn::Join of the same pieces get the same findings', { skip: corpus.skip }, () => {
  // SUB-NEEDED reads how the text was written (a `${!x}` escape is literal `${x}` once joined).
  const leaveOut = new Set([...FORM_RULES, 'SUB-NEEDED', 'SUB-NEEDED-INIT']);
  let rewritten = 0;
  for (const t of templates) {
    const value = toValue(t.parsed.root!);
    const joined = JSON.stringify(withoutSub(value), null, 1);
    const original = JSON.stringify(value, null, 1);
    if (joined === original) continue;
    rewritten++;
    assert.deepEqual(
      judged(joined, 'x.json', leaveOut),
      judged(original, 'x.json', leaveOut),
      `${t.name}: judged differently with Fn::Join instead of Fn::Sub`,
    );
  }
  assert.ok(rewritten >= 30, `only ${rewritten} templates use Fn::Sub`);
});

function reversed(v: Value): Value {
  if (Array.isArray(v)) return v.map(reversed);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v as Record<string, Value>)
      .reverse()
      .map(([k, x]) => [k, reversed(x)]),
  );
}

test(
  'the order of keys in objects, CRLF line ends and a byte-order mark change no finding',
  { skip: corpus.skip },
  () => {
    const none = new Set<string>();
    for (const t of templates) {
      const value = toValue(t.parsed.root!);
      assert.deepEqual(
        judged(JSON.stringify(reversed(value), null, 1), 'x.json', FORM_RULES),
        judged(JSON.stringify(value, null, 1), 'x.json', FORM_RULES),
        `${t.name}: judged differently with its keys in the other order`,
      );
      const lf = t.text.replace(/\r\n/g, '\n');
      const expected = judged(lf, t.name, none);
      assert.deepEqual(judged(lf.replace(/\n/g, '\r\n'), t.name, none), expected, `${t.name} with CRLF`);
      assert.deepEqual(judged('\ufeff' + lf, t.name, none), expected, `${t.name} with a byte-order mark`);
    }
  },
);

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTemplate, parseTemplate } from '../../src/core';
import { completeAt } from '../../src/core/authoring/completions';
import { LINUX_YAML } from './helpers/templates';

/**
 * Resource types are the template's text: one named like a method of every JavaScript object
 * (`constructor`, `toString`, `hasOwnProperty`, `__proto__`) used to find that method in a lookup
 * table, throw, and turn the whole analysis into one INTERNAL-ERROR finding that hid every other.
 */
const ODD_TYPES = ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'];

function withOddResources(template: string): string {
  const odd = ODD_TYPES.map(
    (type, i) => `  Odd${i}:\n    Type: ${type}\n    Properties:\n      UserData: plain text\n`,
  ).join('');
  return template.replace('Resources:\n', `Resources:\n${odd}`);
}

test('a resource typed like an object method: no INTERNAL-ERROR, the real finding still reported', () => {
  const broken = LINUX_YAML.replace('interval=1', 'interval=0');
  const text = withOddResources(broken);
  const ids = analyzeTemplate(text, { fileName: 't.yaml' }).findings.map((f) => f.ruleId);
  assert.ok(!ids.includes('INTERNAL-ERROR'), ids.join(', '));
  assert.deepEqual(
    ids.filter((id) => id.startsWith('HUP-')),
    analyzeTemplate(broken, { fileName: 't.yaml' })
      .findings.map((f) => f.ruleId)
      .filter((id) => id.startsWith('HUP-')),
  );
  assert.ok(
    ids.some((id) => id.startsWith('HUP-')),
    `interval=0 is reported: ${ids.join(', ')}`,
  );
});

test('completions inside such a resource do not throw', () => {
  const text = withOddResources(LINUX_YAML);
  const parsed = parseTemplate(text, 't.yaml');
  for (let i = 0; i < ODD_TYPES.length; i++) {
    const at = text.indexOf(`Odd${i}:`) + 30;
    assert.doesNotThrow(() => completeAt(parsed, at));
  }
});

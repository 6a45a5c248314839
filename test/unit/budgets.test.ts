import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTemplate, parseTemplate } from '../../src/core';
import { evaluateCondition, evaluateNode, evaluateResourceMetadata } from '../../src/core/intrinsics/evaluate';
import { MAX_ALIAS_NODES } from '../../src/core/template/parseYaml';
import { TemplateModel } from '../../src/core/template/model';
import type { ObjectNode } from '../../src/core/template/ast';

/**
 * Hostile input (issue 14): a few hundred bytes that used to run for minutes at
 * gigabytes. Each input here would take hours without its budget — the
 * assertions are on the outcome (a finding, an unknown value), and the timeout
 * only turns a hang into a failure instead of a stuck run.
 */
const GUARD = { timeout: 120_000 };

function billionLaughs(levels: number): string {
  const lines = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Mappings:',
    '  L0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ];
  for (let i = 1; i <= levels; i++)
    lines.push(`  L${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]`);
  lines.push('Resources:', '  Q:', '    Type: AWS::SQS::Queue', `    Metadata: *l${levels}`);
  return lines.join('\n') + '\n';
}

test('YAML "billion laughs" (10^9 nodes through aliases) is a PARSE finding, not a hang', GUARD, () => {
  const text = billionLaughs(9);
  assert.ok(text.length < 1200, 'a few hundred bytes');
  const parsed = parseTemplate(text, 't.yaml');
  assert.ok(parsed.problems.some((p) => p.message.startsWith('alias expansion too large')));
  const findings = analyzeTemplate(text, { fileName: 't.yaml' }).findings;
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.ruleId, 'PARSE-ERROR');
  assert.match(findings[0]!.message, /alias expansion too large/);
});

test('aliases within the budget still expand: a template reusing anchors is read as before', () => {
  const text = billionLaughs(3); // 10^4 nodes through aliases
  assert.ok(10 ** 4 < MAX_ALIAS_NODES);
  const parsed = parseTemplate(text, 't.yaml');
  assert.deepEqual(parsed.problems, []);
  const metadata = new TemplateModel(parsed.root as ObjectNode).resources.get('Q')!.metadata!;
  assert.equal(metadata.kind, 'array');
  assert.equal(metadata.kind === 'array' && metadata.items.length, 10);
});

/** A cfn-hup.conf whose content is a mapping value that joins two lookups of itself. */
const SELF_JOIN_YAML = `AWSTemplateFormatVersion: "2010-09-09"
Mappings:
  M:
    a:
      b: !Join ["", [!FindInMap [M, a, b], !FindInMap [M, a, b]]]
Resources:
  LaunchConfig:
    Type: AWS::AutoScaling::LaunchConfiguration
    Metadata:
      AWS::CloudFormation::Init:
        config:
          files:
            /etc/cfn/cfn-hup.conf:
              content: !FindInMap [M, a, b]
    Properties:
      ImageId: ami-12345678
      InstanceType: t3.micro
`;

test('a mapping value that joins two lookups of itself: analysis ends, the value is unknown', GUARD, () => {
  const result = analyzeTemplate(SELF_JOIN_YAML, { fileName: 't.yaml' });
  assert.ok(result.isTemplate);
  assert.ok(!result.findings.some((f) => f.ruleId === 'INTERNAL-ERROR'));
  // Unknown content: no rule judges what cfn-hup.conf says.
  assert.ok(!result.findings.some((f) => f.ruleId.startsWith('HUP-') && /\[main\]/.test(f.message)));
  const metadata = evaluateResourceMetadata(SELF_JOIN_YAML, 'LaunchConfig');
  assert.ok(metadata.ok);
  assert.ok(metadata.ok && metadata.symbolic.length > 0, 'the self-referencing value stays symbolic');
});

test('lookups that double at every level (2^40 characters) stop at the budget instead of filling memory', GUARD, () => {
  const levels = 40;
  const rows = [`      b${levels}: "x"`];
  for (let i = 0; i < levels; i++)
    rows.push(`      b${i}: !Join ["", [!FindInMap [M, a, b${i + 1}], !FindInMap [M, a, b${i + 1}]]]`);
  const text = SELF_JOIN_YAML.replace(
    '      b: !Join ["", [!FindInMap [M, a, b], !FindInMap [M, a, b]]]',
    rows.join('\n'),
  ).replace('content: !FindInMap [M, a, b]', 'content: !FindInMap [M, a, b0]');
  const result = analyzeTemplate(text, { fileName: 't.yaml' });
  assert.ok(!result.findings.some((f) => f.ruleId === 'INTERNAL-ERROR'));
  const parsed = parseTemplate(text, 't.yaml');
  const model = new TemplateModel(parsed.root as ObjectNode);
  const deep = evaluateNode(model, model.resources.get('LaunchConfig')!.metadata);
  assert.ok(deep.symbolic.length > 0, 'the runaway value is unknown');
  // A short chain is still evaluated exactly.
  const short = evaluateNode(model, { kind: 'object', start: 0, end: 0, properties: [] });
  assert.deepEqual(short.value, {});
});

test('a condition that names itself three times is undecided, at once', GUARD, () => {
  const text = `AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  A: !And [!Condition A, !Condition A, !Condition A]
${Array.from({ length: 25 }, (_, i) => `  C${i}: !And [!Condition C${i + 1}, !Condition C${i + 1}, !Condition C${i + 1}]`).join('\n')}
  C25: !Equals [a, a]
Resources:
  LaunchConfig:
    Type: AWS::AutoScaling::LaunchConfiguration
    Metadata:
      AWS::CloudFormation::Init:
        config:
          files:
            /etc/cfn/cfn-hup.conf:
              content: !If [A, "[main]\\nstack=x\\n", !If [C0, "[main]\\nregion=y\\n", "z"]]
    Properties:
      ImageId: ami-12345678
      InstanceType: t3.micro
`;
  const result = analyzeTemplate(text, { fileName: 't.yaml' });
  assert.ok(!result.findings.some((f) => f.ruleId === 'INTERNAL-ERROR'));
  const model = new TemplateModel(parseTemplate(text, 't.yaml').root as ObjectNode);
  assert.equal(evaluateCondition(model, 'A'), undefined);
  assert.equal(evaluateCondition(model, 'C0'), true, '3^25 paths, each condition decided once');
});

function nestedJson(levels: number): string {
  return `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Q": {"Type": "AWS::SQS::Queue", "Metadata": ${'['.repeat(levels)}1${']'.repeat(levels)}}}}`;
}

test('JSON nested 5,000 and 100,000 levels deep: a PARSE finding, never a stack overflow', GUARD, () => {
  for (const levels of [5_000, 100_000]) {
    const result = analyzeTemplate(nestedJson(levels), { fileName: 't.json' });
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0]!.ruleId, 'PARSE-ERROR');
    assert.match(result.findings[0]!.message, /nesting deeper than 500 levels/);
  }
  // Within the limit it parses as before.
  assert.deepEqual(parseTemplate(nestedJson(400), 't.json').problems, []);
});

test('YAML nested 5,000 levels (flow and block): a PARSE finding, never a stack overflow', GUARD, () => {
  const flow = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Metadata: ${'['.repeat(5000)}1${']'.repeat(5000)}\n`;
  let block = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Metadata:\n';
  for (let i = 0; i < 5000; i++) block += ' '.repeat(6 + i) + `k${i}:\n`;
  block += ' '.repeat(5006) + 'v: 1\n';
  for (const text of [flow, block]) {
    const result = analyzeTemplate(text, { fileName: 't.yaml' });
    assert.equal(result.findings[0]?.ruleId, 'PARSE-ERROR');
    assert.match(result.findings[0]!.message, /nesting deeper than 500 levels/);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyzeConf,
  analyzeTemplate,
  parseTemplate,
  suppressionFix,
  confSuppressionFix,
  type TextEdit,
} from '../../src/core';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { replaceOnce } from './helpers/analyze';

const BAD_YAML = replaceOnce(LINUX_YAML, 'interval=1', 'interval=0');
const BAD_JSON = replaceOnce(WINDOWS_JSON, '"interval=1\\n"', '"interval=0\\n"');
const RULE = 'HUP-INTERVAL-INVALID';

function ids(text: string, fileName: string, rules?: Record<string, 'off' | 'warning'>): string[] {
  return analyzeTemplate(text, { fileName, rules }).findings.map((f) => f.ruleId);
}

function apply(text: string, edits: TextEdit[]): string {
  return [...edits]
    .sort((a, b) => b.start - a.start)
    .reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

test('the bad templates below do report the rule we suppress', () => {
  assert.ok(ids(BAD_YAML, 't.yaml').includes(RULE));
  assert.ok(ids(BAD_JSON, 't.json').includes(RULE));
});

test('template-level Metadata cfn-hup-tools ignore silences a rule in the whole file (YAML and JSON)', () => {
  const yaml = replaceOnce(BAD_YAML, 'Parameters:', `Metadata:\n  cfn-hup-tools:\n    ignore: [${RULE}]\nParameters:`);
  assert.deepEqual(ids(yaml, 't.yaml'), []);
  const json = replaceOnce(
    BAD_JSON,
    '"Parameters"',
    `"Metadata": { "cfn-hup-tools": { "ignore": ["${RULE.toLowerCase()}"] } },\n  "Parameters"`,
  );
  assert.deepEqual(ids(json, 't.json'), []);
});

test('resource-level ignore silences findings inside that resource only', () => {
  const inside = replaceOnce(
    BAD_YAML,
    '    Metadata:\n      AWS::CloudFormation::Init:',
    `    Metadata:\n      cfn-hup-tools:\n        ignore:\n          - ${RULE}\n      AWS::CloudFormation::Init:`,
  );
  assert.deepEqual(ids(inside, 't.yaml'), []);
  // The same ignore on another resource does not reach LaunchConfig's finding.
  const elsewhere = replaceOnce(
    BAD_YAML,
    '  Group:\n    Type: AWS::AutoScaling::AutoScalingGroup\n',
    `  Group:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Metadata:\n      cfn-hup-tools:\n        ignore: [${RULE}]\n`,
  );
  assert.deepEqual(ids(elsewhere, 't.yaml'), [RULE]);
});

test('an unknown id in a suppression is a SUPPRESS-UNKNOWN-RULE warning at the id, and can be turned off', () => {
  const text = replaceOnce(
    BAD_YAML,
    'Parameters:',
    `Metadata:\n  cfn-hup-tools:\n    ignore: [HUP-INTERVAL-INVALD, ${RULE}]\nParameters:`,
  );
  const result = analyzeTemplate(text, { fileName: 't.yaml' });
  assert.equal(result.findings.length, 1);
  const f = result.findings[0]!;
  assert.equal(f.ruleId, 'SUPPRESS-UNKNOWN-RULE');
  assert.equal(f.severity, 'warning');
  assert.equal(text.slice(f.start, f.end), 'HUP-INTERVAL-INVALD');
  assert.deepEqual(ids(text, 't.yaml', { 'SUPPRESS-UNKNOWN-RULE': 'off' }), []);
});

test('a parse error is never suppressed', () => {
  const text = `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n  cfn-hup-tools:\n    ignore: [PARSE-ERROR]\nResources:\n  A: [\n`;
  assert.deepEqual(ids(text, 't.yaml'), ['PARSE-ERROR']);
});

test('standalone conf: "# cfn-hup-tools: ignore ID" silences the rule in that file; unknown ids warn', () => {
  const conf = '[main]\nstack=arn:aws:cloudformation:eu-west-1:1:stack/s/1\nregion=eu-west-1\ninterval=0\n';
  const before = analyzeConf(conf, { fileName: '/etc/cfn/cfn-hup.conf' })!.findings.map((f) => f.ruleId);
  assert.ok(before.includes(RULE));
  const after = analyzeConf(`# cfn-hup-tools: ignore ${RULE}\n` + conf, { fileName: '/etc/cfn/cfn-hup.conf' })!;
  assert.deepEqual(
    after.findings.map((f) => f.ruleId),
    before.filter((id) => id !== RULE),
  );
  const typo = analyzeConf(`; cfn-hup-tools: ignore ${RULE}, NOPE-NOPE\n` + conf, { fileName: 'cfn-hup.conf' })!;
  assert.ok(typo.findings.some((f) => f.ruleId === 'SUPPRESS-UNKNOWN-RULE'));
  assert.ok(!typo.findings.some((f) => f.ruleId === RULE));
  // The quick fix writes that comment, then adds to it.
  const fixed = apply(conf, confSuppressionFix(conf, RULE).edits);
  assert.ok(!analyzeConf(fixed, { fileName: 'cfn-hup.conf' })!.findings.some((f) => f.ruleId === RULE));
  assert.equal(
    apply(fixed, confSuppressionFix(fixed, 'HUP-X').edits).split('\n')[0],
    `# cfn-hup-tools: ignore ${RULE} HUP-X`,
  );
});

/** Apply the resource fix at the finding and check the result: rule gone, nothing else changed, still parses. */
function fixAndCheck(text: string, fileName: string): string {
  const parsed = parseTemplate(text, fileName);
  const finding = analyzeTemplate(text, { fileName }).findings.find((f) => f.ruleId === RULE)!;
  const fix = suppressionFix(parsed, finding.start, RULE)!;
  assert.ok(fix, 'a fix is offered');
  assert.match(fix.title, /Ignore HUP-INTERVAL-INVALID for resource /);
  const after = apply(text, fix.edits);
  assert.equal(parseTemplate(after, fileName).problems.length, 0, after);
  assert.deepEqual(ids(after, fileName), [], after);
  assert.equal(suppressionFix(parseTemplate(after, fileName), finding.start, RULE), undefined, 'nothing to add twice');
  return after;
}

test('"Ignore RULE for this resource" in YAML: adds cfn-hup-tools to the existing Metadata with its indentation', () => {
  const after = fixAndCheck(BAD_YAML, 't.yaml');
  assert.match(
    after,
    /\n {4}Metadata:\n {6}cfn-hup-tools:\n {8}ignore: \[HUP-INTERVAL-INVALID\]\n {6}AWS::CloudFormation::Init:/,
  );
  // Only an insertion: removing the inserted lines gives the original back.
  assert.equal(after.replace(/ {6}cfn-hup-tools:\n {8}ignore: \[HUP-INTERVAL-INVALID\]\n/, ''), BAD_YAML);
});

test('"Ignore RULE for this resource" in JSON: keeps the file valid and the indentation of its neighbours', () => {
  const after = fixAndCheck(BAD_JSON, 't.json');
  assert.doesNotThrow(() => JSON.parse(after));
  const line = after.split('\n').find((l) => l.includes('"cfn-hup-tools"'))!;
  const neighbour = after.split('\n').find((l) => l.includes('"AWS::CloudFormation::Init"'))!;
  assert.equal(line.match(/^ */)![0], neighbour.match(/^ */)![0]);
});

test('the fix adds to an existing list (flow, block, single string) and creates Metadata when missing', () => {
  const withFlow = replaceOnce(
    BAD_YAML,
    '    Metadata:\n      AWS::CloudFormation::Init:',
    `    Metadata:\n      cfn-hup-tools:\n        ignore: [HUP-PERCENT]\n      AWS::CloudFormation::Init:`,
  );
  assert.match(fixAndCheck(withFlow, 't.yaml'), /ignore: \[HUP-PERCENT, HUP-INTERVAL-INVALID\]/);
  const withBlock = replaceOnce(
    BAD_YAML,
    '    Metadata:\n      AWS::CloudFormation::Init:',
    `    Metadata:\n      cfn-hup-tools:\n        ignore:\n          - HUP-PERCENT\n      AWS::CloudFormation::Init:`,
  );
  assert.match(fixAndCheck(withBlock, 't.yaml'), /ignore:\n {10}- HUP-PERCENT\n {10}- HUP-INTERVAL-INVALID\n/);
  const withScalar = replaceOnce(
    BAD_JSON,
    '"AWS::CloudFormation::Init"',
    '"cfn-hup-tools": { "ignore": "HUP-PERCENT" },\n        "AWS::CloudFormation::Init"',
  );
  assert.match(fixAndCheck(withScalar, 't.json'), /"ignore": \["HUP-PERCENT", "HUP-INTERVAL-INVALID"\]/);
  const withEmptyOurs = replaceOnce(
    BAD_YAML,
    '    Metadata:\n      AWS::CloudFormation::Init:',
    `    Metadata:\n      cfn-hup-tools: {}\n      AWS::CloudFormation::Init:`,
  );
  assert.match(fixAndCheck(withEmptyOurs, 't.yaml'), /cfn-hup-tools: \{ ignore: \[HUP-INTERVAL-INVALID\] \}/);
  // A resource without Metadata: the finding is elsewhere, so call the fix on Group directly.
  const parsed = parseTemplate(BAD_YAML, 't.yaml');
  const fix = suppressionFix(parsed, BAD_YAML.indexOf('MinSize'), 'HUP-PERCENT')!;
  const after = apply(BAD_YAML, fix.edits);
  assert.match(
    after,
    /\n {2}Group:\n {4}Type: AWS::AutoScaling::AutoScalingGroup\n {4}Metadata:\n {6}cfn-hup-tools:\n {8}ignore: \[HUP-PERCENT\]\n {4}Properties:/,
  );
  assert.equal(parseTemplate(after, 't.yaml').problems.length, 0);
});

test('the template-scope fix writes top-level Metadata', () => {
  const parsed = parseTemplate(BAD_JSON, 't.json');
  const fix = suppressionFix(parsed, 0, RULE, 'template')!;
  const after = apply(BAD_JSON, fix.edits);
  assert.doesNotThrow(() => JSON.parse(after));
  assert.deepEqual(JSON.parse(after).Metadata, { 'cfn-hup-tools': { ignore: [RULE] } });
  assert.deepEqual(ids(after, 't.json'), []);
});

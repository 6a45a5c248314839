import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTemplate } from '../../src/core';
import { parseYamlTemplate } from '../../src/core/template/parseYaml';
import type { CfnNode, ScalarNode } from '../../src/core/template/ast';

/**
 * Issue 10: a quoted scalar whose continuation line starts left of its key
 * (column 0, say) is valid for libyaml/PyYAML, so CloudFormation deploys the
 * template; js-yaml called it "deficient indentation" and we reported a
 * PARSE-ERROR. Each expected value below is PyYAML's (`yaml.load` with the
 * short-form tags as one-key maps), checked by hand with python3 when written:
 * PyYAML is not guaranteed on CI, so they are written out here.
 */

function plain(n: CfnNode | undefined): unknown {
  if (!n) return undefined;
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'array') return n.items.map(plain);
  return Object.fromEntries(n.properties.map((p) => [p.key, plain(p.value)]));
}

function read(text: string): { value: unknown; problems: string[] } {
  const parsed = parseYamlTemplate(text);
  return { value: plain(parsed.root), problems: parsed.problems.map((p) => p.message) };
}

/** Every scalar with its offsets, in document order. */
function scalars(n: CfnNode | undefined, out: ScalarNode[] = []): ScalarNode[] {
  if (!n) return out;
  if (n.kind === 'scalar') out.push(n);
  else if (n.kind === 'array') n.items.forEach((i) => scalars(i, out));
  else n.properties.forEach((p) => scalars(p.value, out));
  return out;
}

const PYYAML: [string, string, unknown][] = [
  [
    'single quotes, the issue shape',
    "Resources:\n  X:\n    Type: AWS::EC2::Instance\n    Properties:\n      Description: 'first line\ncontinued at column zero'\n      ImageId: ami-1\n",
    {
      Resources: {
        X: {
          Type: 'AWS::EC2::Instance',
          Properties: { Description: 'first line continued at column zero', ImageId: 'ami-1' },
        },
      },
    },
  ],
  [
    'double quotes',
    'A:\n  B:\n    D: "first line\ncontinued \\"x\\""\nC: 1\n',
    { A: { B: { D: 'first line continued "x"' } }, C: 1 },
  ],
  ['CRLF line ends', "A:\r\n  B:\r\n    D: 'first\r\nsecond'\r\nC: 1\r\n", { A: { B: { D: 'first second' } }, C: 1 }],
  [
    'CRLF, double quotes, a blank line',
    'R:\r\n  - D: "one\r\ntwo\r\n\r\nthree"\r\n    E: "x"\r\n',
    { R: [{ D: 'one two\nthree', E: 'x' }] },
  ],
  ['blank lines inside', "A:\n  D: 'a\n\n\nb'\n", { A: { D: 'a\n\nb' } }],
  ['a tab first on the continuation', "A:\n  D: 'a\n\tb'\n", { A: { D: 'a b' } }],
  [
    'leading and trailing blanks of lines fold away',
    "A:\n  B: '  lead\n   \t  more  '\n",
    { A: { B: '  lead more  ' } },
  ],
  [
    "escapes: '' and an escaped line break",
    "A:\n  B: 'it''s\nfine'\n  C: \"tab\\t\\\nnext\"\n",
    { A: { B: "it's fine", C: 'tab\tnext' } },
  ],
  [
    'nested deep in an Init command',
    'Resources:\n  X:\n    Metadata:\n      AWS::CloudFormation::Init:\n        config:\n          commands:\n            a:\n              command: \'echo "one"\nand  two\'\n              cwd: /tmp\n',
    {
      Resources: {
        X: {
          Metadata: {
            'AWS::CloudFormation::Init': {
              config: { commands: { a: { command: 'echo "one" and  two', cwd: '/tmp' } } },
            },
          },
        },
      },
    },
  ],
  ['in a block sequence of sequences', "A:\n  - - 'x\ny'\n  - z\n", { A: [['x y'], 'z'] }],
  [
    'short-form tags',
    "A:\n  B: !Sub 'x ${AWS::Region}\ny'\n  C: !Join ['', ['a\nb', c]]\n",
    {
      A: { B: { 'Fn::Sub': 'x ${AWS::Region} y' }, C: { 'Fn::Join': ['', ['a b', 'c']] } },
    },
  ],
  [
    'flow context: quoted scalars in a flow mapping',
    'A:\n  B: {k: \'x\ny\', j: "p\n  q"}\nC: 1\n',
    { A: { B: { k: 'x y', j: 'p q' } }, C: 1 },
  ],
  ['flow context: entries on column 0', 'A:\n  D: [a,\nb]\n', { A: { D: ['a', 'b'] } }],
  ['flow context: a plain scalar continued on column 0', 'A:\n  D: [a\nb]\n', { A: { D: ['a b'] } }],
  ['flow context: a comment line on column 0', 'A:\n  D: [a,\n# c\nb]\n', { A: { D: ['a', 'b'] } }],
  [
    'flow context: the closing bracket on column 0',
    'A:\n  D: {x: 1,\nz: 2\n}\nC: 3\n',
    { A: { D: { x: 1, z: 2 } }, C: 3 },
  ],
];

for (const [name, text, expected] of PYYAML) {
  test(`YAML, continuation less indented than its key, read as PyYAML does: ${name}`, () => {
    const { value, problems } = read(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(value, expected);
  });
}

test('each scalar keeps its exact source offsets after a repaired line (quoted: from quote to quote)', () => {
  const text = 'A:\n  D: \'first\ncont\'\n  E: "x\ny"\nC: &k v\nF: *k\nG: [a,\nb]\n';
  const found = scalars(parseYamlTemplate(text).root);
  const spans = found.map((s) => text.slice(s.start, s.end));
  assert.deepEqual(spans, ["'first\ncont'", '"x\ny"', 'v', '*k', 'a', 'b']);
});

test('the issue template lints without PARSE-ERROR (it deploys)', () => {
  const yaml =
    "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  X:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-12345678\n      Tags:\n        - Key: Description\n          Value: 'first line\ncontinued at column zero'\n";
  const ids = analyzeTemplate(yaml, { fileName: 't.yaml' }).findings.map((f) => f.ruleId);
  assert.ok(!ids.includes('PARSE-ERROR'), ids.join(', '));
});

// What PyYAML rejects stays an error.
const STILL_ERRORS: [string, string][] = [
  ['a document marker inside a quoted scalar', "A:\n  D: 'a\n--- b'\n"],
  ['a plain scalar continued left of its key (block context)', 'A:\n  D: first\ncontinued\n'],
  ['a plain scalar continued between the key and its parent', 'A:\n  D: first\n continued\n'],
  ['a quoted key over two lines', "A:\n  'k\nx': 1\n"],
];
for (const [name, text] of STILL_ERRORS) {
  test(`YAML that PyYAML rejects is still a parse problem: ${name}`, () => {
    assert.ok(read(text).problems.length > 0);
  });
}

test('a flow collection never closed is reported near where it opens, not at the end of the file', () => {
  const resources = Array.from({ length: 300 }, (_, i) => `  R${i}:\n    Type: T\n`).join('');
  const text = `Resources:\n  X:\n    K: [a,\n${resources}`;
  const parsed = parseYamlTemplate(text);
  assert.equal(parsed.problems.length, 1);
  assert.ok(parsed.problems[0]!.start < text.indexOf('R2:'), JSON.stringify(parsed.problems[0]));
});

test(
  'thousands of quoted scalars continued on column 0: the repairs are budgeted (a finding, not minutes)',
  { timeout: 120_000 },
  () => {
    const text = 'Resources:\n' + Array.from({ length: 20_000 }, (_, i) => `  R${i}:\n    D: 'a\nb'\n`).join('');
    const parsed = parseYamlTemplate(text);
    // Past the budget the rest is the parse error it always was; what was read before it stays.
    assert.equal(parsed.problems.length, 1);
    assert.equal(parsed.problems[0]!.message, 'deficient indentation');
    assert.equal(parsed.root?.kind, 'object');
  },
);

test('a quote being typed (never closed) keeps the tree before it and the error where it was', () => {
  const text =
    "Resources:\n  A:\n    Type: AWS::SNS::Topic\n  B:\n    Type: AWS::SQS::Queue\n    Description: 'half\n  C:\n    Type: AWS::SNS::Topic\n";
  const parsed = parseYamlTemplate(text);
  assert.equal(parsed.problems.length, 1);
  assert.equal(parsed.problems[0]!.start, text.indexOf('C:'));
  const resources = plain(parsed.root) as { Resources: Record<string, unknown> };
  assert.deepEqual(Object.keys(resources.Resources), ['A', 'B']);
});

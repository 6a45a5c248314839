import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTemplate } from '../../src/core';
import { readMode } from '../../src/core/cfnhup/fileMode';

/**
 * cfn-init reads a file's mode with Python's int(mode, 8). What int() takes must not be called
 * invalid (seventh fresh sample: `mode: " 120000"` made the symbolic link we said cfn-init fails on),
 * and what it refuses must still be.
 */
test('modes int(mode, 8) reads, as Python 2 and 3 both do', () => {
  // Checked with Python 2.7.18 and 3.11: int(x, 8) for each.
  for (const [mode, value] of [
    ['000644', 0o644],
    ['644', 0o644],
    [' 120000', 0o120000],
    ['000400 ', 0o400],
    ['\t0644\n', 0o644],
    ['0o644', 0o644],
    ['0O755', 0o755],
    ['+0644', 0o644],
  ] as const)
    assert.deepEqual(readMode(mode), { kind: 'octal', digits: mode.trim().replace(/^\+?(0[oO])?/, ''), value }, mode);
});

test('modes int(mode, 8) refuses, or that chmod refuses', () => {
  // A byte-order mark and \x1c are not whitespace to Python 3's int() (review: checked with Python 3.11).
  for (const mode of [
    '',
    ' ',
    '0644r',
    '0x1a4',
    '6 44',
    '0889',
    '-644',
    '_644',
    '644_',
    '6__44',
    'rw-r--r--',
    '\ufeff644',
    '\x1c644',
  ])
    assert.deepEqual(readMode(mode), { kind: 'invalid' }, JSON.stringify(mode));
});

test('underscores between digits: Python 3 reads them, Python 2 does not', () => {
  for (const mode of ['0_644', '0o_644', '000_400']) assert.deepEqual(readMode(mode), { kind: 'depends' }, mode);
});

function findings(mode: string, content = '/etc/issue'): string[] {
  const text = `Resources:
  Instance:
    Type: AWS::EC2::Instance
    Metadata:
      AWS::CloudFormation::Init:
        config:
          files:
            /home/ubuntu/link:
${content ? `              content: ${content}\n` : '              source: https://example.com/app\n'}              mode: ${JSON.stringify(mode)}
    Properties:
      ImageId: ami-12345678
`;
  return analyzeTemplate(text, { fileName: 't.yaml' })
    .findings.map((f) => f.ruleId)
    .filter((id) => id.startsWith('FILE-'));
}

test('FILE-MODE-INVALID and FILE-SYMLINK-NO-TARGET read the mode as cfn-init does', () => {
  assert.deepEqual(findings(' 120000'), []);
  assert.deepEqual(findings('0o644'), []);
  assert.deepEqual(findings('0_644'), [], 'depends on the Python: silent');
  assert.deepEqual(findings('0644r'), ['FILE-MODE-INVALID']);
  assert.deepEqual(findings('0000644'), ['FILE-MODE-INVALID'], 'more than six digits');
  // A link made with a spaced mode still needs its target (in content, not a download).
  assert.deepEqual(findings(' 120000', ''), ['FILE-SYMLINK-NO-TARGET']);
});

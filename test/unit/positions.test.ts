import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../src/core';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { covered, findings, replaceOnce } from './helpers/analyze';

test('LineIndex: positions and offsets round-trip over \\n, \\r\\n and \\r line ends', () => {
  const text = 'a\nbc\r\nd\re';
  const index = new LineIndex(text);
  assert.equal(index.lineCount, 4);
  assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
  assert.deepEqual(index.positionAt(3), { line: 1, character: 1 });
  assert.deepEqual(index.positionAt(6), { line: 2, character: 0 });
  assert.deepEqual(index.positionAt(8), { line: 3, character: 0 });
  for (let i = 0; i <= text.length; i++) {
    if (text[i - 1] === '\r' && text[i] === '\n') continue; // between \r and \n is not a position an editor shows
    assert.equal(index.offsetAt(index.positionAt(i)), i);
  }
  assert.deepEqual(index.positionAt(999), index.positionAt(text.length));
});

test('LineIndex counts UTF-16 code units, as VS Code does', () => {
  const text = '😀x\nz';
  const index = new LineIndex(text);
  assert.deepEqual(index.positionAt(2), { line: 0, character: 2 });
  assert.deepEqual(index.positionAt(text.indexOf('z')), { line: 1, character: 0 });
});

test('YAML !Sub | block: interval=0 points at the 0 inside the block', () => {
  const text = replaceOnce(LINUX_YAML, 'interval=1', 'interval=0');
  const f = findings(text).find((x) => x.ruleId === 'HUP-INTERVAL-INVALID')!;
  assert.equal(f.start, text.indexOf('interval=0') + 'interval='.length);
  assert.equal(covered(text, f), '0');
});

test('YAML with CRLF line ends: ranges stay exact', () => {
  const text = replaceOnce(LINUX_YAML, 'interval=1', 'interval=0').replace(/\n/g, '\r\n');
  const f = findings(text).find((x) => x.ruleId === 'HUP-INTERVAL-INVALID')!;
  assert.equal(covered(text, f), '0');
  const pos = new LineIndex(text).positionAt(f.start);
  const lines = text.split('\r\n');
  assert.equal(lines[pos.line]!.slice(pos.character, pos.character + 1), '0');
});

test('JSON with CRLF line ends: ranges stay exact', () => {
  const text = replaceOnce(WINDOWS_JSON, '"interval=1\\n"', '"interval=0\\n"').replace(/\n/g, '\r\n');
  const f = findings(text, { fileName: 't.json' }).find((x) => x.ruleId === 'HUP-INTERVAL-INVALID')!;
  assert.equal(covered(text, f), '0');
});

test('characters outside the BMP before a finding do not shift it (UTF-16 offsets)', () => {
  const text = replaceOnce(LINUX_YAML, 'interval=1', 'interval=0').replace(
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Description: "🚀 release pipeline 😀"\nAWSTemplateFormatVersion: "2010-09-09"',
  );
  const f = findings(text).find((x) => x.ruleId === 'HUP-INTERVAL-INVALID')!;
  assert.equal(covered(text, f), '0');
});

test('JSON escapes: a finding after \\n escapes in the same string points at the right characters', () => {
  const text = replaceOnce(WINDOWS_JSON, '"interval=1\\n"', '"x=1\\n\\tinterval=0\\n"');
  const all = findings(text, { fileName: 't.json' });
  const f = all.find((x) => x.ruleId === 'HUP-INDENTED-KEY' || x.ruleId === 'HOOK-INDENTED-KEY');
  assert.ok(f, JSON.stringify(all));
  assert.ok(covered(text, f!).includes('interval=0'), covered(text, f!));
});

test('YAML double-quoted !Sub with escapes: the range covers the value', () => {
  const text = replaceOnce(
    LINUX_YAML,
    `content: !Sub |
                [main]
                stack=\${AWS::StackId}
                region=\${AWS::Region}
                interval=1
`,
    `content: !Sub "[main]\\nstack=\${AWS::StackId}\\nregion=\${AWS::Region}\\ninterval=0\\n"
`,
  );
  const f = findings(text).find((x) => x.ruleId === 'HUP-INTERVAL-INVALID')!;
  assert.equal(covered(text, f), '0');
});

test('YAML folded block (>): a file folded onto one line is reported', () => {
  const text = replaceOnce(
    LINUX_YAML,
    `content: !Sub |
                [main]`,
    `content: !Sub >
                [main]`,
  );
  const ids = findings(text).map((f) => f.ruleId);
  assert.ok(ids.includes('HUP-ONE-LINE'), ids.join(','));
});

test('a byte-order mark does not break parsing or shift ranges', () => {
  const text = '\ufeff' + replaceOnce(LINUX_YAML, 'interval=1', 'interval=0');
  const f = findings(text).find((x) => x.ruleId === 'HUP-INTERVAL-INVALID')!;
  assert.equal(covered(text, f), '0');
});

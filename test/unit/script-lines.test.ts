import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineAt, lineBefore, logicalLines, type Line, type ScriptKind } from '../../src/core/rules/scriptLines';

/**
 * SIGNAL-EXIT-CODE reads only the lines around a cfn-signal, built backwards from where the name
 * is (issue 12). They must be the lines a front-to-back cut gives: the reference below is the
 * cut the rule used before, compared on scripts made of line breaks, \r, runs of `\` and backticks.
 */
function reference(text: string, kind: ScriptKind): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let pending: Line | undefined;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end).replace(/\r$/, '');
    const line: Line = pending
      ? { text: pending.text + ' ' + raw, start: pending.start, end }
      : { text: raw, start, end };
    const continued = kind === 'shell' ? /(^|[^\\])(\\\\)*\\$/.test(raw) : kind === 'powershell' && /`$/.test(raw);
    if (continued) pending = { ...line, text: line.text.replace(/[\\`]$/, '') };
    else {
      pending = undefined;
      lines.push(line);
    }
    start = end + 1;
  }
  if (pending) lines.push(pending);
  return lines;
}

const PIECES = ['a', 'cfn-signal -e $?', ' ', '\\', '\\\\', '`', '\n', '\r', '\r\n', 'x\\\n', '#c'];

test('lines read backwards from any character are the lines of a front-to-back cut', () => {
  let seed = 12;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let round = 0; round < 3000; round++) {
    let text = '';
    for (let i = random(12); i > 0; i--) text += PIECES[random(PIECES.length)];
    for (const kind of ['shell', 'powershell', 'cmd'] as const) {
      const expected = reference(text, kind);
      assert.deepEqual(logicalLines(text, kind), expected, JSON.stringify({ text, kind }));
      for (let offset = 0; offset < text.length; offset++) {
        if (text[offset] === '\n') continue;
        const at = lineAt(text, offset, kind);
        const index = expected.findIndex((l) => l.start <= offset && offset < Math.max(l.end, l.start + 1));
        assert.deepEqual(at, expected[index], JSON.stringify({ text, kind, offset }));
        assert.deepEqual(lineBefore(text, at, kind), expected[index - 1], JSON.stringify({ text, kind, offset }));
      }
    }
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextProgram, PROGRAM_SOURCE } from '../../src/core/cfnhup/programSearch';
import { BacktickParity } from '../../src/core/cfnhup/commandLine';
import { parseIni } from '../../src/core/cfnhup/ini';
import { parseHookPath } from '../../src/core/cfnhup/hookPath';
import { referenceParseIni, referenceSubPath } from './helpers/extractionReference';

/**
 * Differential tests for the hand-made shortcuts of the cfn-hup extraction: each must give
 * exactly what the plain form it replaced gives, on texts built to hit its edges.
 */

/** A deterministic generator, so a failure names a reproducible seed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Texts made of the pieces that decide a match: separators, path characters, the name, `.exe`. */
function shellLikeText(next: () => number): string {
  const pieces = [
    'cfn-init',
    'cfn-init',
    '.exe',
    '/',
    '\\',
    ' ',
    '\n',
    '"',
    "'",
    '`',
    ';',
    '&',
    '|',
    '(',
    ')',
    '=',
    '>',
    '<',
    'a',
    'Z',
    '0',
    '_',
    '.',
    ':',
    '~',
    '-',
    '$',
    '{',
    'bin',
    '/opt/aws/bin/',
    'C:\\cfn\\',
    'cfn-init/',
    'x=',
    '\t',
    'é',
  ];
  let text = '';
  const n = Math.floor(next() * 14);
  for (let i = 0; i < n; i++) text += pieces[Math.floor(next() * pieces.length)]!;
  return text;
}

function describe(m: RegExpExecArray | null): unknown {
  return m && { index: m.index, whole: m[0], g1: m[1], g2: m[2], g3: m[3] };
}

test('nextProgram finds what the global program regex finds from every offset', () => {
  const global = new RegExp(PROGRAM_SOURCE, 'g');
  const next = random(12);
  for (let round = 0; round < 20000; round++) {
    const text = shellLikeText(next);
    for (let from = 0; from <= text.length; from++) {
      global.lastIndex = from;
      assert.deepEqual(describe(nextProgram(text, from)), describe(global.exec(text)), JSON.stringify({ text, from }));
    }
  }
});

/** INI-like text: headers (closed, empty, unclosed), options, blanks of every `\s` kind, comments. */
function iniLikeText(next: () => number): string {
  const pieces = [
    '[main]',
    '[',
    ']',
    '[]',
    'stack',
    '=',
    ':',
    ' ',
    '\t',
    '\u00a0',
    '\u2028',
    '\ufeff',
    '\n',
    '\r\n',
    '\r',
    '#',
    ';',
    'a',
    'B',
    'path',
    'action=x',
    ' cont',
    '[hook] x',
    '[DEFAULT]',
  ];
  let text = '';
  const n = Math.floor(next() * 24);
  for (let i = 0; i < n; i++) text += pieces[Math.floor(next() * pieces.length)]!;
  return text;
}

test('parseIni reads headers, blank lines and indentation as the trim() and regex form did', () => {
  const next = random(7);
  for (let round = 0; round < 30000; round++) {
    const text = iniLikeText(next);
    assert.deepEqual(parseIni(text), referenceParseIni(text), JSON.stringify(text));
  }
});

test('parseHookPath splits keys below Metadata as the character-at-a-time form did', () => {
  const next = random(3);
  const pieces = ['a', 'Init', '.', '\\', '\\.', '..', 'é', ':', '\ud83d'];
  for (let round = 0; round < 30000; round++) {
    let sub = '';
    const n = Math.floor(next() * 10);
    for (let i = 0; i < n; i++) sub += pieces[Math.floor(next() * pieces.length)]!;
    const path = 'Resources.R.Metadata.' + sub;
    const parsed = parseHookPath(path);
    const reference = referenceSubPath(sub, 'Resources.R.Metadata.'.length);
    assert.deepEqual(
      { keys: parsed.subPath, starts: parsed.subPathStarts, dots: parsed.subPathDots },
      reference,
      JSON.stringify(path),
    );
  }
});

test('BacktickParity answers increasing offsets as counting the backticks since the line break', () => {
  // The plain form: unescaped backticks between the last line break before the offset and the offset.
  const reference = (text: string, offset: number) => {
    let odd = false;
    for (let p = text.lastIndexOf('\n', offset - 1) + 1; p < offset; p++)
      if (text[p] === '`' && text[p - 1] !== '\\') odd = !odd;
    return odd;
  };
  const next = random(5);
  const pieces = ['`', '\\`', '\n', '\n\n', 'a', 'cfn-init', '\\', ' ', '$(', '\r\n'];
  for (let round = 0; round < 20000; round++) {
    let text = '';
    const n = Math.floor(next() * 16);
    for (let i = 0; i < n; i++) text += pieces[Math.floor(next() * pieces.length)]!;
    const parity = new BacktickParity(text);
    for (let offset = 0; offset <= text.length; offset += 1 + Math.floor(next() * 4))
      assert.equal(parity.inside(offset), reference(text, offset), JSON.stringify({ text, offset }));
  }
});

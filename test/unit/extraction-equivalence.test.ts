import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextProgram, PROGRAM_SOURCE } from '../../src/core/cfnhup/programSearch';

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

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTemplate } from '../../src/core';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { corpusOrSkip } from './helpers/corpus';
import { mulberry32 } from './helpers/random';

/**
 * Thousands of random mutations of real templates — what a half-typed file
 * looks like. The engine must never throw, never report a rule crash, keep
 * every range inside the text, and finish each run within a generous bound
 * (a guard against runaway backtracking, not a speed measure: see npm run bench).
 */
const CORPUS = corpusOrSkip().dir ?? '';
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const TIME_BOUND_MS = 3000;

function seeds(): { name: string; text: string }[] {
  const list = [
    { name: 'linux.yaml', text: LINUX_YAML },
    { name: 'windows.json', text: WINDOWS_JSON },
  ];
  const dir = join(CORPUS, 'templates');
  if (existsSync(dir))
    for (const f of readdirSync(dir).sort()) list.push({ name: f, text: readFileSync(join(dir, f), 'utf8') });
  return list;
}

const NOISE = [
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '"',
  "'",
  '\n',
  ' ',
  '!Sub ',
  '!Ref',
  '|',
  '>',
  '%',
  '${',
  '\\',
  '\t',
  '#',
  '- ',
  '&a',
  '*a',
  '\r\n',
  '\u0000',
  '😀',
  '=',
  '[main]',
  'path=Resources.',
  'cfn-init -r ',
  '--configsets ',
  'Fn::If',
];

function mutate(text: string, rand: () => number): string {
  const pick = (n: number) => Math.floor(rand() * n);
  const at = pick(text.length + 1);
  const span = Math.min(text.length - at, 1 + pick(64));
  switch (pick(6)) {
    case 0:
      return text.slice(0, at) + text.slice(at + span); // delete
    case 1:
      return text.slice(0, at) + NOISE[pick(NOISE.length)] + text.slice(at); // insert
    case 2:
      return text.slice(0, at); // truncate: a half-typed file
    case 3:
      return text.slice(0, at) + text.slice(at, at + span) + text.slice(at); // duplicate
    case 4: {
      const lines = text.split('\n');
      const i = pick(lines.length);
      const j = pick(lines.length);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join('\n');
    }
    default:
      return text.slice(0, at) + ' '.repeat(1 + pick(4)) + text.slice(at); // indentation shifts
  }
}

test(`fuzz: ${ITERATIONS} mutated templates never crash the engine`, () => {
  const rand = mulberry32(SEED);
  const pool = seeds();
  let slowest = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const seed = pool[Math.floor(rand() * pool.length)]!;
    let text = seed.text;
    const rounds = 1 + Math.floor(rand() * 3);
    for (let r = 0; r < rounds; r++) text = mutate(text, rand);
    const started = performance.now();
    let result;
    try {
      result = analyzeTemplate(text, { fileName: seed.name });
    } catch (e) {
      assert.fail(`iteration ${i} (${seed.name}, seed ${SEED}) threw: ${(e as Error).stack}`);
    }
    const elapsed = performance.now() - started;
    slowest = Math.max(slowest, elapsed);
    assert.ok(elapsed < TIME_BOUND_MS, `iteration ${i} (${seed.name}) took ${elapsed.toFixed(0)} ms`);
    for (const f of result.findings) {
      assert.notEqual(f.ruleId, 'INTERNAL-ERROR', `iteration ${i} (${seed.name}): ${f.message}`);
      assert.ok(
        f.start >= 0 && f.start <= f.end && f.end <= text.length,
        `iteration ${i}: range ${f.start}-${f.end} outside 0-${text.length}`,
      );
      for (const e of f.fix?.edits ?? [])
        assert.ok(
          e.start >= 0 && e.start <= e.end && e.end <= text.length,
          `iteration ${i}: fix edit outside the text`,
        );
    }
  }
  assert.ok(slowest >= 0);
});

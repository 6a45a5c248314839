import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEvents, type Event } from 'js-yaml';
import { fastYamlEvents } from '../../src/core/template/yamlFastEvents';
import { MAX_NESTING } from '../../src/core/template/parseYaml';
import { generatedTemplate } from '../bench/generated';
import { findCorpus } from './helpers/corpus';
import { LINUX_YAML } from './helpers/templates';
import { mulberry32 } from './helpers/random';

/**
 * The YAML fast path (issue 12) against js-yaml, differentially: whenever the fast scanner gives
 * events they must be exactly js-yaml's `parseEvents` events (the tree builder reads nothing else,
 * so equal events are an equal located tree), and whenever js-yaml rejects a text the scanner must
 * give none (the slow path then reports or repairs). Inputs: the corpus, the bench's generated
 * templates, the YAML written into the parser tests, hand-written constructs, and seeded
 * mutations of all of them (cuts, deleted/duplicated lines, shifted indentation, inserted
 * indicators, tabs, CRs).
 */
const CORPUS = findCorpus() ?? join(__dirname, 'shared-corpus-not-found');
const ROOT = resolve(__dirname, '..', '..', '..');

type Outcome = { kind: 'fast' } | { kind: 'bail' };

/** One differential check; throws an assertion error naming `label` on any difference. */
function check(text: string, label: string): Outcome {
  let reference: Event[] | undefined;
  try {
    reference = parseEvents(text, { maxDepth: MAX_NESTING });
  } catch {
    reference = undefined;
  }
  let fast: Event[] | undefined;
  try {
    fast = fastYamlEvents(text, MAX_NESTING);
  } catch (e) {
    assert.fail(`${label}: the fast scanner threw ${(e as Error).stack}\n--- input ---\n${text.slice(0, 400)}`);
  }
  if (!fast) return { kind: 'bail' };
  if (!reference) assert.fail(`${label}: js-yaml rejects it, the fast scanner gave events\n--- input ---\n${text}`);
  const n = Math.max(fast.length, reference.length);
  let i = 0;
  while (i < n && sameEvent(fast[i], reference[i])) i++;
  if (i < n) {
    assert.deepStrictEqual(
      { at: i, event: fast[i], label },
      { at: i, event: reference[i], label },
      `${label}: event ${i} differs\n--- input ---\n${text.length > 2000 ? text.slice(0, 2000) + '…' : text}`,
    );
  }
  return { kind: 'fast' };
}

function sameEvent(a: Event | undefined, b: Event | undefined): boolean {
  if (!a || !b) return a === b;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const k of ka) {
    const x = ra[k];
    const y = rb[k];
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false; // document directives: [] on both sides in the subset
    } else if (x !== y) return false;
  }
  return true;
}

function corpusYaml(): { name: string; text: string }[] {
  const dir = join(CORPUS, 'templates');
  assert.ok(existsSync(dir), `the shared corpus is required here (looked at ${dir})`);
  return readdirSync(dir)
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }))
    .filter((f) => !f.name.endsWith('.json') && !/^\s*[{[]/.test(f.text));
}

/**
 * The YAML the parser tests are written with: every string literal (quoted or a template literal
 * without substitutions) of those test files that looks like YAML. Read from their sources, so
 * new cases there are checked here too.
 */
function testInputs(): { name: string; text: string }[] {
  const files = [
    'test/unit/positions.test.ts',
    'test/unit/fuzz.test.ts',
    'test/unit/yamlIndentation.test.ts',
    'test/unit/yamlDifferential.test.ts',
    'test/unit/duplicate-keys.test.ts',
    'test/unit/helpers/templates.ts',
  ];
  const out: { name: string; text: string }[] = [];
  for (const file of files) {
    const path = join(ROOT, file);
    assert.ok(existsSync(path), `${path} is read for its YAML inputs`);
    const strings = stringLiterals(readFileSync(path, 'utf8'));
    strings.forEach((s, i) => {
      if (s.length >= 6 && /[:-]/.test(s) && /\n/.test(s)) out.push({ name: `${file}#${i}`, text: s });
    });
  }
  return out;
}

/** String literals of TypeScript source, escapes decoded; template literals with `${` are skipped. */
function stringLiterals(source: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '/' && source[i + 1] === '/') {
      i = source.indexOf('\n', i);
      if (i < 0) break;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      i = source.indexOf('*/', i + 2);
      if (i < 0) break;
      i += 2;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let value = '';
      let j = i + 1;
      let substituted = false;
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\') {
          const e = source[j + 1]!;
          const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', v: '\v' };
          if (e in simple) value += simple[e];
          else if (e === 'u' && source[j + 2] === '{') {
            const close = source.indexOf('}', j);
            value += String.fromCodePoint(parseInt(source.slice(j + 3, close), 16));
            j = close - 1;
          } else if (e === 'u') {
            value += String.fromCharCode(parseInt(source.slice(j + 2, j + 6), 16));
            j += 4;
          } else if (e === 'x') {
            value += String.fromCharCode(parseInt(source.slice(j + 2, j + 4), 16));
            j += 2;
          } else if (e === '\n') value += '';
          else value += e;
          j += 2;
          continue;
        }
        if (c === '`' && source[j] === '$' && source[j + 1] === '{') substituted = true;
        if (c !== '`' && source[j] === '\n') break; // not a string after all (a regex, say)
        value += source[j];
        j++;
      }
      if (!substituted) out.push(value);
      i = j + 1;
      continue;
    }
    i++;
  }
  return out;
}

/** Constructs real templates use, one small document each (and combined below). */
const CONSTRUCTS = [
  'A: 1\n',
  '---\nA: 1\n',
  '--- # start\n# comment\nA: 1\n',
  '# only\n\nA: b # c\nB: "d" # e\nC: \'f\'\n',
  'A:\n  B: 1\n  C:\n    - x\n    - y\n  D: [a, b, "c", \'d\']\n',
  'A:\n- x\n- y: 1\n  z: 2\nB: 3\n',
  'A:\n  - - a\n    - b\n  - c\n',
  'A: !Ref B\nC: !Sub "x-${B}"\nD: !GetAtt E.F\nG: !GetAtt [E, F]\nH: !Join ["", [a, !Ref B]]\n',
  'A: !If\n  - C\n  - !Ref B\n  - !Ref AWS::NoValue\nB: !Base64\n  Fn::Sub: |\n    #!/bin/bash\n    echo ${X}\n',
  'A: |\n  line\n\n  more\nB: >\n  folded\n  text\n\n  para\nC: |-\n  strip\nD: >+\n  keep\n\nE: |+\n\nF: x\n',
  'A:\n  B: |\n      deeper\n    shallower\n  C: 1\n',
  'A: { Ref: B }\nC: {a: 1, "b": [x, {c: d}], e: !Ref f}\nD: []\nE: {}\n',
  'A: plain text\n  continued here\n  and here\nB: 1\n',
  'A: \'single\n  continued\'\nB: "double\\\n  escaped break \\u00e9"\n',
  'A:\n  # comment between\n  B: 1\n    # deeper comment\n  C: 2\n',
  'A: x\n  # comment after a plain value\nB: y\n',
  'A: !GetAZs\nB: !GetAZs ""\nC:\n  - !GetAZs\n  - x\n',
  'A: [a,\n  b, # c\n  c]\nB: {x: 1,\n  y: 2}\n',
  'A:\n  "quoted key": 1\n  \'single key\' : 2\n  key with spaces: 3\n  Fn::Sub: 4\n',
  'A: -1\nB: -.5\nC: :x\nD: a:b\nE: a#b\nF: http://x/y?z=1#f\n',
  'A:\r\n  B: 1\r\n  C: |\r\n    x\r\n    y\r\n  D: [a, b]\r\n',
  'A:\n  B: x\t# tab before a comment\n  C: "y"\t\n',
  'A:\n-\n- ""\n-   # empty entry\n- x\n',
  'A:\n  - B: 1\n    C:\n    - d\n    E: 2\n',
  "A: \"\\x41\\u0042\\U00000043\\t\\\"\\\\\"\nB: 'it''s'\n",
  'A:\n  !Sub "on its own line"\nB:\n  plain on its own line\nC:\n  [x, y]\n',
  'A: !Sub\n  - "${x}"\n  - x: !Ref y\n',
  'A: >-\n  a\n   more indented\n  b\n',
  'A: |\n\n\n  after blank lines\n',
  'A: x\n\n\n\n',
  'A: x\n   ',
  'A:',
  'A: |',
  'A: 😀 unicode “quotes” é\n',
  'A: !Select [0, Fn::GetAZs: !Ref "AWS::Region"]\nB: [a: 1, "b": [c], {d: e}: f]\n',
  'A:\n  - |2\n      two more\n     one more\n  - >-1\n    x\n  - |+3\n\n       y\n',
  'A:\n  !GetAtt\n    - B\n    - C\nD:\n  - E:\n      !Sub\n        x: y\n',
];

function generatedInputs(): { name: string; text: string }[] {
  const rand = mulberry32(12);
  const out = CONSTRUCTS.map((text, i) => ({ name: `construct ${i}`, text }));
  for (let n = 0; n < 40; n++) {
    // Constructs nested under keys at random depths: the same shapes at other indentations.
    const parts: string[] = [];
    for (let k = 0; k < 4; k++) {
      let body = CONSTRUCTS[Math.floor(rand() * CONSTRUCTS.length)]!.replace(/^(?:#.*\n|---.*\n)+/, '');
      for (let depth = Math.floor(rand() * 3); depth > 0; depth--)
        body = `K${k}x${depth}:\n` + body.replace(/^(?=.)/gm, '  ');
      parts.push(body.endsWith('\n') ? body : body + '\n');
    }
    out.push({ name: `combined ${n}`, text: parts.join('\n') });
  }
  out.push({ name: 'generated 64 KB', text: generatedTemplate(64 * 1024) });
  out.push({ name: 'generated 64 KB, all cfn-hup', text: generatedTemplate(64 * 1024, true) });
  out.push({ name: 'LINUX_YAML', text: LINUX_YAML });
  return out;
}

const INSERTS = [
  ':',
  ': ',
  '#',
  ' #',
  '&',
  '*',
  '!',
  '!!',
  '|',
  '>',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '-',
  '- ',
  '?',
  '? ',
  '\t',
  '\r',
  '\n',
  ' ',
  '\\',
  '%',
  '---\n',
  '...\n',
  ',',
  '@',
  '`',
  '|2',
  '\u00a0',
  '\ufeff',
];

/** Inserted where YAML structure is decided: a line start, a node start, after a key, a line end. */
const SNIPPETS = [
  '- ',
  '-',
  '  ',
  '\t',
  ' # c',
  ': ',
  '!Ref ',
  '!Sub\n',
  '|\n',
  '>-\n',
  '|2\n',
  "'",
  '"',
  '[a, b]',
  '{a: b}',
  'k: v\n',
  '\r\n',
  '\n   ',
  '? ',
  '&a ',
  '*a',
  '!!str ',
  '"a\n b"',
  "'a\n\n b'",
  'x\n  y',
  '- k: v\n  j: w\n',
];

/** One seeded mutation. */
function mutate(text: string, rand: () => number): string {
  const pick = (n: number) => Math.floor(rand() * n);
  const at = pick(text.length + 1);
  const lines = text.split('\n');
  const i = pick(lines.length);
  const line = lines[i]!;
  switch (pick(8)) {
    case 0:
      return text.slice(0, at); // cut
    case 1:
      lines.splice(i, 1); // a line deleted
      return lines.join('\n');
    case 2:
      lines.splice(i, 0, line); // a line duplicated
      return lines.join('\n');
    case 3:
      lines[i] = rand() < 0.5 ? ' ' + line : line.replace(/^ /, ''); // indentation shifted by one
      return lines.join('\n');
    case 4: {
      // A snippet where structure is decided.
      const snippet = SNIPPETS[pick(SNIPPETS.length)]!;
      const content = line.search(/\S/) < 0 ? line.length : line.search(/\S/);
      const key = line.indexOf(': ') < 0 ? line.length : line.indexOf(': ') + 2;
      const where = [0, content, key, line.length][pick(4)]!;
      lines[i] = line.slice(0, where) + snippet + line.slice(where);
      return lines.join('\n');
    }
    default:
      return text.slice(0, at) + INSERTS[pick(INSERTS.length)] + text.slice(at); // a character inserted
  }
}

function mutations(text: string, count: number, seed: number): string[] {
  const rand = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let t = text;
    const rounds = 1 + (i % 3 === 2 ? Math.floor(rand() * 3) : 0);
    for (let r = 0; r < rounds; r++) t = mutate(t, rand);
    out.push(t);
  }
  return out;
}

function hashName(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

test('the corpus YAML: the fast path is taken on nearly every template, with js-yaml events', () => {
  const files = corpusYaml();
  assert.ok(files.length >= 40, `only ${files.length} YAML templates found`);
  const bailed = files.filter((f) => check(f.text, f.name).kind === 'bail').map((f) => f.name);
  assert.ok(
    files.length - bailed.length >= files.length - 3,
    `fast path on ${files.length - bailed.length} of ${files.length}; slow path: ${bailed.join(', ')}`,
  );
});

test('generated templates, constructs and the parser tests’ YAML: same events or none', () => {
  const inputs = [...generatedInputs(), ...testInputs()];
  let fast = 0;
  for (const input of inputs) if (check(input.text, input.name).kind === 'fast') fast++;
  assert.ok(inputs.length > 100, `${inputs.length} inputs`);
  // The big generated templates, and every construct js-yaml accepts, are in the subset.
  for (const input of generatedInputs().filter((i) => /^generated|^LINUX/.test(i.name)))
    assert.equal(check(input.text, input.name).kind, 'fast', `${input.name} takes the slow path`);
  CONSTRUCTS.forEach((text, i) => {
    let valid = true;
    try {
      parseEvents(text, { maxDepth: MAX_NESTING });
    } catch {
      valid = false;
    }
    if (valid) assert.equal(check(text, `construct ${i}`).kind, 'fast', `construct ${i} takes the slow path`);
  });
  assert.ok(fast > inputs.length / 3, `fast path on ${fast} of ${inputs.length}`);
});

test('mutations of every input: whenever the fast scanner answers, js-yaml agrees; it never answers where js-yaml fails', (t) => {
  const bases = [...corpusYaml(), ...generatedInputs(), ...testInputs()];
  let total = 0;
  let fast = 0;
  for (const base of bases) {
    // Big templates get fewer mutations (each is a full parse twice), small ones more.
    const count = base.text.length > 20_000 ? 40 : 80;
    for (const [i, text] of mutations(base.text, count, hashName(base.name)).entries()) {
      total++;
      if (check(text, `${base.name}, mutation ${i}`).kind === 'fast') fast++;
    }
  }
  t.diagnostic(`${bases.length} inputs, ${total} mutations, ${fast} of them on the fast path`);
  assert.ok(total > 10_000, `${total} mutations`);
  // Enough mutated inputs stay in the subset for the comparison to mean something.
  assert.ok(fast > total / 4, `fast path on ${fast} of ${total} mutations`);
});

test('deep nesting near js-yaml’s limit: never an answer where js-yaml refuses, never a stack overflow', () => {
  for (const depth of [100, 240, 245, 250, 260, MAX_NESTING, 2000]) {
    let mapping = '';
    for (let i = 0; i < depth; i++) mapping += `${' '.repeat(i)}k${i}:\n`;
    let sequenceOfMappings = 'A:\n';
    for (let i = 0; i < depth; i++) sequenceOfMappings += `${' '.repeat(2 * i + 2)}- k${i}:\n`;
    const shapes = {
      mapping: `${mapping}${' '.repeat(depth)}v\n`,
      'compact sequences': `A:\n${'- '.repeat(depth)}x\n`,
      'flow sequences': `A: ${'['.repeat(depth)}x${']'.repeat(depth)}\n`,
      'sequence of mappings': sequenceOfMappings,
    };
    for (const [shape, text] of Object.entries(shapes)) check(text, `${shape}, depth ${depth}`);
  }
});

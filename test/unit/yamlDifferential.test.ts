import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlTemplate } from '../../src/core/template/parseYaml';
import type { CfnNode } from '../../src/core/template/ast';
import { parseYamlReference } from './helpers/yamlReference';
import { LINUX_YAML } from './helpers/templates';
import { findCorpus } from './helpers/corpus';
import { mulberry32 } from './helpers/random';

/**
 * The fast YAML reader (js-yaml's event stream) against the reference: the
 * `yaml` package, which the engine used before, kept here as an independent
 * implementation. Both must give the same located tree — every key, value,
 * style, tag and source offset — on the shared corpus and on generated
 * templates that use every scalar style, chomping indicator, short-form tag,
 * YAML 1.1 number form, anchors and CRLF line ends.
 *
 * The reference's misreading of `E3014` (NaN, see below) is not copied.
 * One normalisation: where a *block* collection ends. The reference counts
 * trailing blank and comment lines into it by an indentation rule of its own;
 * both ends are compared once trailing blanks and comment lines are dropped.
 */
// The corpus is required here (an assertion, not a skip): findCorpus looks above a worktree too.
const CORPUS = findCorpus() ?? join(__dirname, 'shared-corpus-not-found');

function trimBack(text: string, end: number): number {
  let p = end;
  for (;;) {
    while (p > 0 && /\s/.test(text[p - 1]!)) p--;
    const lineStart = text.lastIndexOf('\n', p - 1) + 1;
    const line = text.slice(lineStart, p);
    const hash = line.search(/(^|\s)#/);
    if (hash < 0) return p;
    const before = line.slice(0, hash).trim();
    p = lineStart + (before === '' ? 0 : hash);
    if (before !== '') return lineStart + line.slice(0, hash).trimEnd().length;
  }
}

function isBlockCollection(text: string, n: CfnNode): boolean {
  if (n.kind === 'object' && n.tag) return isBlockCollection(text, n.properties[0]!.value);
  return n.kind !== 'scalar' && text[n.start] !== '[' && text[n.start] !== '{';
}

function diff(text: string, a: CfnNode | undefined, b: CfnNode | undefined, path: string): string | undefined {
  if (!a || !b) return a === b ? undefined : `${path}: ${a ? 'only new' : 'only reference'}`;
  const where = (n: CfnNode) => JSON.stringify(text.slice(n.start, Math.min(n.end, n.start + 40)));
  if (a.kind !== b.kind) return `${path}: kind ${a.kind} vs ${b.kind} at ${where(a)}`;
  if (a.start !== b.start) return `${path}: start ${a.start} vs ${b.start} at ${where(a)} / ${where(b)}`;
  const endA = isBlockCollection(text, a) ? trimBack(text, a.end) : a.end;
  const endB = isBlockCollection(text, b) ? trimBack(text, b.end) : b.end;
  if (endA !== endB) return `${path}: end ${a.end} vs ${b.end} at ${where(a)}`;
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    // The reference's one known misreading: a plain word such as `E3014` matches its YAML 1.1 float pattern and becomes NaN.
    const referenceNaN = Number.isNaN(b.value) && typeof a.value === 'string' && /^[-+]?\.?[eE]/.test(a.value);
    if (!Object.is(a.value, b.value) && !referenceNaN)
      return `${path}: value ${JSON.stringify(a.value)} vs ${JSON.stringify(b.value)} at ${where(a)}`;
    if (a.style !== b.style) return `${path}: style ${a.style} vs ${b.style} at ${where(a)}`;
    if (a.rawSource !== b.rawSource && !referenceNaN) return `${path}: rawSource ${a.rawSource} vs ${b.rawSource}`;
    return undefined;
  }
  if (a.kind === 'array' && b.kind === 'array') {
    if (a.items.length !== b.items.length) return `${path}: ${a.items.length} vs ${b.items.length} items`;
    for (let i = 0; i < a.items.length; i++) {
      const d = diff(text, a.items[i], b.items[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a.kind === 'object' && b.kind === 'object') {
    if (a.tag !== b.tag) return `${path}: tag ${a.tag} vs ${b.tag}`;
    if (a.properties.length !== b.properties.length)
      return `${path}: keys ${a.properties.map((p) => p.key).join(',')} vs ${b.properties.map((p) => p.key).join(',')}`;
    for (let i = 0; i < a.properties.length; i++) {
      const pa = a.properties[i]!;
      const pb = b.properties[i]!;
      if (pa.key !== pb.key || pa.keyStart !== pb.keyStart || pa.keyEnd !== pb.keyEnd)
        return `${path}: key ${pa.key}@${pa.keyStart}-${pa.keyEnd} vs ${pb.key}@${pb.keyStart}-${pb.keyEnd}`;
      const d = diff(text, pa.value, pb.value, `${path}.${pa.key}`);
      if (d) return d;
    }
  }
  return undefined;
}

function assertSame(text: string, name: string): void {
  const fresh = parseYamlTemplate(text);
  const reference = parseYamlReference(text);
  assert.equal(fresh.problems.length > 0, reference.problems.length > 0, `${name}: problems differ`);
  const d = diff(text, fresh.root, reference.root, '$');
  assert.equal(d, undefined, `${name}: ${d}`);
}

test('the YAML reader gives the reference tree on every YAML template of the shared corpus', () => {
  const dir = join(CORPUS, 'templates');
  assert.ok(existsSync(dir), `the shared corpus is missing: ${dir}`);
  const names = readdirSync(dir).filter((f) => /\.ya?ml$|\.template$/.test(f));
  let yaml = 0;
  for (const name of names) {
    const text = readFileSync(join(dir, name), 'utf8');
    if (text.trimStart().startsWith('{')) continue;
    yaml++;
    assertSame(text, name);
    assertSame(text.replace(/\r?\n/g, '\r\n'), `${name} (CRLF)`);
  }
  assert.ok(yaml >= 20, `only ${yaml} YAML templates in the corpus`);
});

const PLAIN_WORDS = [
  'web',
  'AWS::EC2::Instance',
  '000400',
  '000644',
  '0644',
  '0x1F',
  '1_000',
  '1:30',
  '190:20:30',
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  '~',
  'null',
  'true',
  'False',
  '1e3',
  '.5',
  '-12',
  '+7',
  '3.25',
  '2010-09-09',
  '.inf',
  'arn:aws:s3:::bucket/*',
  'a b  c',
  'x#y',
  '${AWS::Region}',
  '/etc/cfn/cfn-hup.conf',
];
const SHORT_TAGS = ['!Ref', '!Sub', '!GetAtt', '!Join', '!If', '!Select', '!FindInMap', '!Base64', '!Equals', '!Not'];

/** A random YAML template text, written by hand rather than by a library, so it exercises the reader's syntax paths. */
function generate(rand: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  let anchors = 0;
  const defined: string[] = [];
  const scalarText = (indent: string): string => {
    switch (Math.floor(rand() * 9)) {
      case 0:
        return JSON.stringify(pick(PLAIN_WORDS) + (rand() < 0.3 ? '\n\tline "two"' : ''));
      case 1:
        return `'${pick(PLAIN_WORDS).replace(/'/g, "''")}${rand() < 0.3 ? "'' it''s" : ''}'`;
      case 2: {
        const header = pick(['|', '|-', '|+', '>', '>-', '>+', '|2', '>2-']);
        const lines = ['[main]', 'stack=${AWS::StackId}', '  indented more', '', 'interval=1', 'a # not a comment'];
        const body = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => pick(lines));
        const inner = header.includes('2') ? indent + '  ' : indent + '  ';
        return `${header}${rand() < 0.3 ? ' # header comment' : ''}\n${body.map((l) => (l ? inner + l : '')).join('\n')}\n${rand() < 0.5 ? '\n' : ''}`;
      }
      case 3:
        return `${pick(PLAIN_WORDS)}${rand() < 0.3 ? ' # trailing comment' : ''}`;
      case 4:
        return `"multi\n${indent}  line folded\n\n${indent}  para \\" \\u00e9 \\x41 \\\n${indent}  joined"`;
      case 5:
        return defined.length && rand() < 0.6 ? `*${pick(defined)}` : pick(PLAIN_WORDS);
      default:
        return pick(PLAIN_WORDS);
    }
  };
  const value = (indent: string, depth: number): string => {
    const r = rand();
    if (depth > 4 || r < 0.45) {
      const s = scalarText(indent);
      return s.startsWith('|') || s.startsWith('>') ? ' ' + s : ' ' + s + '\n';
    }
    if (r < 0.55) return ` ${pick(SHORT_TAGS)} ${scalarText(indent).replace(/^([|>].*)$/s, 'x')}\n`;
    if (r < 0.62) {
      const tag = pick(SHORT_TAGS);
      return ` ${tag} [${pick(PLAIN_WORDS.filter((w) => !/[#:,]/.test(w)))}, !Ref B, !GetAtt R.Arn, [a, {k: v}], "q"]\n`;
    }
    if (r < 0.68) return ' {a: 1, "b": [x, y], c: !Ref Z}\n';
    if (r < 0.72) return '\n';
    // An anchor can be aliased once its node is complete (an alias inside its own anchor is a cycle, not compared).
    const name = rand() < 0.15 ? `n${anchors++}` : undefined;
    const anchor = name ? ` &${name}` : '';
    let out: string;
    if (r < 0.85) {
      const tag = rand() < 0.3 ? ` ${pick(SHORT_TAGS)}` : '';
      const items = Array.from(
        { length: 1 + Math.floor(rand() * 4) },
        () => `${indent}  -${value(indent + '    ', depth + 1)}`,
      );
      out = `${anchor}${tag}\n${items.join('')}${rand() < 0.3 ? `${indent}  # a comment\n\n` : ''}`;
    } else out = `${anchor}\n${mapping(indent + '  ', depth + 1)}`;
    if (name) defined.push(name);
    return out;
  };
  const mapping = (indent: string, depth: number): string => {
    const n = 1 + Math.floor(rand() * 5);
    let out = '';
    for (let i = 0; i < n; i++) {
      const key = rand() < 0.2 ? `"quoted key ${i}"` : rand() < 0.1 ? `'k${i}'` : `Key${i}`;
      out += `${indent}${key}:${value(indent, depth)}`;
      if (rand() < 0.1) out += `${indent}# between keys\n`;
    }
    return out;
  };
  return `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${mapping('  ', 1)}`;
}

test('the YAML reader gives the reference tree on generated templates (every style, tag and number form)', () => {
  const rand = mulberry32(Number(process.env.FUZZ_SEED ?? 20261130));
  let compared = 0;
  for (let i = 0; i < 300; i++) {
    const text = generate(rand);
    const reference = parseYamlReference(text);
    if (reference.problems.length) continue; // the generator can write invalid YAML; those are not comparable
    compared++;
    assertSame(text, `generated #${i}:\n${text}`);
    assertSame(text.replace(/\n/g, '\r\n'), `generated #${i} (CRLF)`);
    if (i % 10 === 0) assertSame('\ufeff' + text, `generated #${i} (BOM)`);
  }
  assert.ok(compared >= 200, `only ${compared} generated templates were valid YAML`);
});

test('the YAML reader gives the reference tree on the test templates and on edge cases', () => {
  const cases = [
    LINUX_YAML,
    'a:\nb: ~\nc: !Ref\nd: !Sub\n  - "${X}"\n  - X: !Ref Y\n',
    'k: &a {x: 1}\nl: *a\nm: [*a, *a]\n',
    'x: !If [C, !Ref A, !If [D, !GetAtt R.Arn, !Ref "AWS::NoValue"]]\n',
    'x: |2\n    two extra\n  base\n',
    'x: >\n  folded\n  text\n\n  para\n',
    '- 1\n- [a, b]\n- {c: d}\n',
    '? complex\n: value\n',
  ];
  for (const text of cases) assertSame(text, JSON.stringify(text));
});

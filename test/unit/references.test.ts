import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseTemplate } from '../../src/core';
import { getProperty, type CfnNode } from '../../src/core/template/ast';
import { findReferences, hasReferenceWithin, type Reference } from '../../src/core/template/references';
import { corpusOrSkip } from './helpers/corpus';
import { mulberry32 } from './helpers/random';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { generatedTemplate } from '../bench/generated';

/**
 * BUILD-PARAM-UNWATCHED first asks the pruned walk (`hasReferenceWithin`) whether the build parameter is
 * used where a hook watches, and walks the whole template only when it says no. Users rely on the same
 * finding either way: a `true` must never be wrong, and a `false` must be rare enough to matter (here:
 * never, on templates without YAML aliases).
 */
const inside = (r: Reference, ranges: readonly Reference[]) => ranges.some((w) => r.start >= w.start && r.end <= w.end);

function subtrees(node: CfnNode | undefined, out: Reference[] = []): Reference[] {
  if (!node) return out;
  out.push({ start: node.start, end: node.end });
  if (node.kind === 'object') for (const p of node.properties) subtrees(p.value, out);
  else if (node.kind === 'array') for (const i of node.items) subtrees(i, out);
  return out;
}

function agreesWithFullWalk(text: string, fileName: string, seed: number): number {
  const parsed = parseTemplate(text, fileName);
  const resources = getProperty(parsed.root, 'Resources');
  const names = [
    ...(getProperty(parsed.root, 'Parameters')?.kind === 'object'
      ? (getProperty(parsed.root, 'Parameters') as { properties: { key: string }[] }).properties.map((p) => p.key)
      : []),
    'AWS::Region',
    'BuildNumber',
  ];
  const nodes = subtrees(resources);
  const random = mulberry32(seed);
  let checked = 0;
  for (const name of names) {
    const refs = findReferences(resources, name);
    // The ranges a hook could watch are subtrees: each reference's own node and its neighbours, and random ones.
    const candidates: Reference[][] = [[], refs.slice(0, 1), refs.slice(-1)];
    for (let i = 0; i < 6 && nodes.length; i++)
      candidates.push(
        Array.from({ length: 1 + Math.floor(random() * 4) }, () => nodes[Math.floor(random() * nodes.length)]!),
      );
    for (const ranges of candidates) {
      const expected = refs.some((r) => inside(r, ranges));
      assert.equal(
        hasReferenceWithin(resources, name, ranges),
        expected,
        `${fileName}: ${name} within ${JSON.stringify(ranges)}`,
      );
      checked++;
    }
  }
  return checked;
}

const corpus = corpusOrSkip();

test('the pruned walk answers as the full walk does, on the corpus', { skip: corpus.skip }, () => {
  let checked = 0;
  const dir = join(corpus.dir!, 'templates');
  readdirSync(dir)
    .sort()
    .forEach((f, i) => (checked += agreesWithFullWalk(readFileSync(join(dir, f), 'utf8'), f, i + 1)));
  assert.ok(checked > 1000, `only ${checked} questions asked`);
});

test('the pruned walk answers as the full walk does, on examples and generated templates', () => {
  const examples = join(__dirname, '..', '..', '..', 'examples');
  for (const f of readdirSync(examples)) agreesWithFullWalk(readFileSync(join(examples, f), 'utf8'), f, 7);
  agreesWithFullWalk(LINUX_YAML, 'linux.yaml', 1);
  agreesWithFullWalk(WINDOWS_JSON, 'windows.json', 2);
  agreesWithFullWalk(generatedTemplate(32 * 1024), 'generated.yaml', 3);
});

test('Sub variables, a shadowed name, a Ref inside a Ref, and depth: as the full walk', () => {
  const text = JSON.stringify({
    Resources: {
      A: {
        Metadata: {
          sub: { 'Fn::Sub': ['${BuildNumber}-${X}', { X: { Ref: 'BuildNumber' } }] },
          shadowed: { 'Fn::Sub': ['${BuildNumber}', { BuildNumber: 'fixed' }] },
          nested: { Ref: { Ref: 'BuildNumber' } },
          deep: JSON.parse('{"a":'.repeat(210) + '{"Ref":"BuildNumber"}' + '}'.repeat(210)),
        },
      },
    },
  });
  const parsed = parseTemplate(text, 't.json');
  const resources = getProperty(parsed.root, 'Resources');
  const metadata = getProperty(getProperty(resources, 'A'), 'Metadata')!;
  for (const key of ['sub', 'shadowed', 'nested', 'deep']) {
    const node = getProperty(metadata, key)!;
    const ranges = [{ start: node.start, end: node.end }];
    const expected = findReferences(resources, 'BuildNumber').some((r) => inside(r, ranges));
    assert.equal(hasReferenceWithin(resources, 'BuildNumber', ranges), expected, key);
  }
  // The Sub's variables hold a Ref, its template a ${BuildNumber}: found. The others: not found.
  const found = (key: string) => {
    const node = getProperty(metadata, key)!;
    return hasReferenceWithin(resources, 'BuildNumber', [{ start: node.start, end: node.end }]);
  };
  assert.deepEqual(['sub', 'shadowed', 'nested', 'deep'].map(found), [true, false, false, false]);
});

test('YAML aliases: a "false" is only a hint, and a "true" is never wrong', () => {
  const text = `Resources:
  A:
    Metadata:
      build: &b { Ref: BuildNumber }
  B:
    Metadata:
      again: *b
`;
  const parsed = parseTemplate(text, 't.yaml');
  const resources = getProperty(parsed.root, 'Resources');
  for (const id of ['A', 'B']) {
    const metadata = getProperty(getProperty(resources, id), 'Metadata')!;
    const ranges = [{ start: metadata.start, end: metadata.end }];
    const full = findReferences(resources, 'BuildNumber').some((r) => inside(r, ranges));
    if (hasReferenceWithin(resources, 'BuildNumber', ranges)) assert.ok(full, id);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { strictJsonTree } from '../../src/core/template/jsonFast';
import { MAX_JSON_NESTING, parseJsonTemplate, parseJsonTolerant } from '../../src/core/template/parseJson';
import { corpusOrSkip } from './helpers/corpus';
import { mulberry32 } from './helpers/random';
import { WINDOWS_JSON } from './helpers/templates';

/**
 * Issue 12: strict JSON is read in one fast pass (jsonFast.ts); everything else goes to the
 * tolerant jsonc-parser path. What users rely on: the located tree (every key, value, offset,
 * duplicate) is the tolerant path's whenever the fast pass answers, and whatever the tolerant
 * path reports a problem for, the fast pass leaves to it.
 */
function agree(text: string, label: string): boolean {
  const fast = strictJsonTree(text, MAX_JSON_NESTING);
  const tolerant = parseJsonTolerant(text);
  if (fast === undefined) return false;
  assert.deepEqual(tolerant.problems, [], `${label}: the fast pass answered where the tolerant path found a problem`);
  assert.deepEqual(fast, tolerant.root, `${label}: trees differ`);
  return true;
}

const corpus = corpusOrSkip();
const corpusJson = corpus.dir
  ? readdirSync(join(corpus.dir, 'templates'))
      .sort()
      .map((f) => ({ name: f, text: readFileSync(join(corpus.dir, 'templates', f), 'utf8') }))
      .filter((f) => f.text.trimStart().startsWith('{'))
  : [];

test(
  'every JSON template of the corpus takes the fast pass and gets the tolerant path’s tree',
  { skip: corpus.skip },
  () => {
    assert.ok(corpusJson.length >= 30, `corpus JSON files: ${corpusJson.length}`);
    const slow = corpusJson.filter((f) => !agree(f.text, f.name)).map((f) => f.name);
    assert.deepEqual(slow, [], 'corpus templates left to the tolerant path');
  },
);

test('values as jsonc-parser reads them: escapes, numbers, keywords, duplicates, nesting', () => {
  const samples = [
    '{"a": "x\\"y\\\\z\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\ud800", "b": -0, "c": 1.5e+3, "d": 0.25E-2, "e": true, "f": false, "g": null}',
    '{"k": 1, "k": {"k": [1, 2, {"k": "last"}]}, "Resources": {}}',
    ' \r\n\t[ "a" , [ ] , { } , 123456789012345678901234567890 ]\n',
    '"just a string"',
    '{"__proto__": {"x": 1}, "constructor": "y", "": ""}',
    '[' + '['.repeat(MAX_JSON_NESTING - 2) + ']'.repeat(MAX_JSON_NESTING - 2) + ']',
    WINDOWS_JSON,
  ];
  for (const s of samples) assert.ok(agree(s, s.slice(0, 40)), `fast pass taken: ${s.slice(0, 40)}`);
});

test('what only the tolerant path may judge is left to it', () => {
  const tolerantOnly = [
    '{"a": 1,}', // trailing comma
    '{"a": 1 // comment\n}',
    '{"a": /* c */ 1}',
    '{"a": 01}',
    '{"a": 1.}',
    '{"a": .5}',
    '{"a": 1e}',
    '{"a": +1}',
    '{"a": truex}',
    '{"a": tru}',
    '{"a": "\\x"}',
    '{"a": "\\u12"}',
    '{"a": "line\nbreak"}',
    '{"a": "tab\there"}',
    '{"a": "unterminated',
    '{"a" 1}',
    "{'a': 1}",
    '{a: 1}',
    '{"a": 1} {"b": 2}',
    '{"a": 1}]',
    '\u00a0{"a": 1}',
    '{"a":\u20281}',
    '',
    '   ',
    '[' + '['.repeat(MAX_JSON_NESTING) + ']'.repeat(MAX_JSON_NESTING) + ']',
  ];
  for (const s of tolerantOnly) {
    assert.equal(strictJsonTree(s, MAX_JSON_NESTING), undefined, JSON.stringify(s.slice(0, 40)));
    assert.deepEqual(parseJsonTemplate(s), parseJsonTolerant(s), 'the result is the tolerant path’s');
  }
});

test(
  'thousands of mutations of real templates: the fast pass answers only when it agrees',
  { skip: corpus.skip },
  () => {
    const random = mulberry32(12);
    const alphabet = [
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      '\\',
      ' ',
      '\n',
      '\t',
      '/',
      '*',
      '0',
      '-',
      'e',
      '.',
      'a',
      '\u00a0',
      '\r',
    ];
    // Templates under 40 KB keep the run short; every mutation is of a whole template.
    const sources = [...corpusJson.map((f) => f.text).filter((t) => t.length < 40_000), WINDOWS_JSON];
    let answered = 0;
    let mutations = 0;
    for (let i = 0; i < 3000; i++) {
      const text = sources[Math.floor(random() * sources.length)]!;
      const at = Math.floor(random() * text.length);
      const kind = random();
      let mutated: string;
      if (kind < 0.4) {
        // A value swapped for another valid one keeps the text strict JSON (unless it lands in a string).
        const values = ['1', '-2.5e3', '0', 'true', 'null', '"s"', '[]', '{}', '"\\u0041"', '"a\\"b"'];
        const close = text.indexOf(',', at);
        const colon = close > 0 ? text.lastIndexOf(':', close) : -1;
        mutated =
          colon > 0
            ? text.slice(0, colon + 1) + values[Math.floor(random() * values.length)]! + text.slice(close)
            : text;
      } else if (kind < 0.55)
        mutated = text.slice(0, at) + [' ', '\n', '\t', '\r'][Math.floor(random() * 4)]! + text.slice(at);
      else if (kind < 0.8)
        mutated = text.slice(0, at) + alphabet[Math.floor(random() * alphabet.length)]! + text.slice(at);
      else if (kind < 0.95) mutated = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
      else mutated = text.slice(0, at);
      mutations++;
      if (agree(mutated, `mutation ${i}`)) answered++;
    }
    // Both sides of the line were exercised: many mutations stay strict JSON, many do not.
    assert.ok(answered > 300 && answered < mutations - 300, `answered ${answered} of ${mutations}`);
  },
);

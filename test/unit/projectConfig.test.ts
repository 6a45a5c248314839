import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIgnored, mergeSettings, parseProjectConfig } from '../../src/core';

test('a YAML config: rules (any case, bare off), buildParameter, ignore list', () => {
  const text =
    'rules:\n  hup-interval-units: off\n  HOOK-NO-HOOKS: error\nbuildParameter: AppVersion\nignore:\n  - vendor/**\n  - "**/*.generated.yaml"\n';
  const { config, problems } = parseProjectConfig(text, '.cfn-hup-tools.yaml');
  assert.deepEqual(problems, []);
  assert.deepEqual(config, {
    rules: { 'HUP-INTERVAL-UNITS': 'off', 'HOOK-NO-HOOKS': 'error' },
    buildParameter: 'AppVersion',
    ignore: ['vendor/**', '**/*.generated.yaml'],
  });
});

test('a JSON config reads the same; an empty file is an empty config', () => {
  const { config, problems } = parseProjectConfig(
    '{ "rules": { "HOOK-NO-HOOKS": "warning" }, "ignore": "old/" }',
    '.cfn-hup-tools.json',
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(config, { rules: { 'HOOK-NO-HOOKS': 'warning' }, ignore: ['old/'] });
  assert.deepEqual(parseProjectConfig('', '.cfn-hup-tools.yaml'), { config: { rules: {}, ignore: [] }, problems: [] });
});

test('problems are located: unknown rule, bad severity, bad types are errors; unknown keys warnings', () => {
  const text = 'rules:\n  NOPE-RULE: off\n  HOOK-NO-HOOKS: loud\nbuildParameter: [a]\nignore: [1]\ncolour: red\n';
  const { config, problems } = parseProjectConfig(text, '.cfn-hup-tools.yaml');
  const at = problems.map((p) => [p.severity, text.slice(p.start, p.end)]);
  assert.deepEqual(at, [
    ['error', 'NOPE-RULE'],
    ['error', 'loud'],
    ['error', '[a]'],
    ['error', '1'],
    ['warning', 'colour'],
  ]);
  assert.deepEqual(config.rules, {});
  assert.match(problems[0]!.message, /unknown rule "NOPE-RULE"/);
});

test('a syntax error is one located error, not an exception', () => {
  const text = '{ "rules": { "HOOK-NO-HOOKS": } }';
  const { problems } = parseProjectConfig(text, '.cfn-hup-tools.json');
  assert.ok(problems.length >= 1);
  assert.equal(problems[0]!.severity, 'error');
  assert.ok(problems[0]!.start > 10 && problems[0]!.start <= text.length);
  assert.equal(parseProjectConfig('- a\n- b\n', 'x.yaml').problems[0]!.severity, 'error', 'not a mapping');
});

test('precedence: built-in defaults < config file < command line (or editor setting), rule by rule', () => {
  const file = {
    rules: { 'HOOK-NO-HOOKS': 'off' as const, 'HUP-PERCENT': 'error' as const },
    buildParameter: 'AppVersion',
  };
  const flags = { rules: { 'HUP-PERCENT': 'info' as const } };
  assert.deepEqual(mergeSettings(file, flags), {
    rules: { 'HOOK-NO-HOOKS': 'off', 'HUP-PERCENT': 'info' },
    buildParameter: 'AppVersion',
  });
  assert.deepEqual(mergeSettings(file, { buildParameter: 'Build' }).buildParameter, 'Build');
  assert.deepEqual(mergeSettings(undefined, undefined), { rules: {} });
});

test('ignore globs: path or parent folder, * in one folder, ** across, {a,b}', () => {
  assert.ok(isIgnored('vendor/a/b.yaml', ['vendor']));
  assert.ok(isIgnored('vendor/a/b.yaml', ['vendor/**']));
  assert.ok(isIgnored('vendor/a/b.yaml', ['vendor/']));
  assert.ok(isIgnored('x/y/z.generated.yaml', ['**/*.generated.yaml']));
  assert.ok(isIgnored('z.generated.yaml', ['**/*.generated.yaml']));
  assert.ok(isIgnored('templates/old.json', ['templates/*.{json,yml}']));
  assert.ok(!isIgnored('templates/old.yaml', ['templates/*.{json,yml}']));
  assert.ok(!isIgnored('templates/sub/old.json', ['templates/*.json']));
  assert.ok(!isIgnored('vendored/a.yaml', ['vendor']));
  assert.ok(isIgnored('./a+b (1).yaml', ['a+b (1).yaml']), 'regex characters are literal');
});

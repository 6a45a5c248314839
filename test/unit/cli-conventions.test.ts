import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_CATALOGUE } from '../../src/core';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { replaceOnce } from './helpers/analyze';
import { runCli, tempDir } from './helpers/cli';

const BAD_YAML = replaceOnce(LINUX_YAML, 'interval=1', 'interval=0');
/** One warning (HUP-INTERVAL-INVALID turned down to a warning on the command line). */
const WARN = ['--rule', 'HUP-INTERVAL-INVALID=warning'];

test('rules: text lists every rule with severity, title and link; json is machine-readable', async () => {
  const text = await runCli(['rules'], '.');
  assert.equal(text.code, 0);
  for (const r of RULE_CATALOGUE) assert.match(text.stdout, new RegExp(`^${r.id} +${r.severity} +`, 'm'));
  const json = JSON.parse((await runCli(['rules', '--format', 'json'], '.')).stdout);
  assert.equal(json.length, RULE_CATALOGUE.length);
  const parse = json.find((r: { id: string }) => r.id === 'PARSE-ERROR');
  assert.deepEqual(Object.keys(parse).sort(), ['helpUri', 'id', 'severity', 'title']);
  assert.equal(parse.helpUri, 'https://github.com/cfn-hup-tools/cfn-hup-tools/blob/main/docs/rules.md#parse-error');
  assert.equal((await runCli(['rules', '--format', 'xml'], '.')).code, 2);
  const help = await runCli(['rules', '--help'], '.');
  assert.equal(help.code, 0, 'like every other command, --help prints usage and exits 0');
  assert.match(help.stdout, /cfn-hup-tools rules \[--format text\|json\]/);
});

test('every helpUri anchor exists in docs/rules.md, and its base is package.json repository (when set)', () => {
  const root = join(__dirname, '..', '..', '..');
  const docs = readFileSync(join(root, 'docs', 'rules.md'), 'utf8');
  for (const r of RULE_CATALOGUE) assert.ok(docs.includes(`## ${r.id}\n`), r.id);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (repo) assert.match(repo, /github\.com\/cfn-hup-tools\/cfn-hup-tools(\.git)?$/);
});

test('--max-warnings N: exit 1 only when warnings exceed N; errors still exit 1', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'web.yaml'), BAD_YAML);
  assert.equal((await runCli(['lint', ...WARN, 'web.yaml'], dir)).code, 0);
  assert.equal((await runCli(['lint', ...WARN, '--max-warnings', '1', 'web.yaml'], dir)).code, 0);
  const over = await runCli(['lint', ...WARN, '--max-warnings', '0', 'web.yaml'], dir);
  assert.equal(over.code, 1);
  assert.match(over.stderr, /1 warnings exceed --max-warnings 0/);
  assert.equal((await runCli(['lint', '--max-warnings', '5', 'web.yaml'], dir)).code, 1, 'an error is still an error');
  assert.equal((await runCli(['lint', '--max-warnings', 'many', 'web.yaml'], dir)).code, 2);
  assert.equal((await runCli(['lint', '--max-warnings', '-1', 'web.yaml'], dir)).code, 2);
});

test('lint - --stdin-filename: the name and its positions in every format; the name routes JSON/YAML', async () => {
  const dir = tempDir();
  const line = BAD_YAML.split('\n').findIndex((l) => l.includes('interval=0')) + 1;
  const args = ['lint', '-', '--stdin-filename', 'templates/web.yaml'];
  const json = await runCli([...args, '--format', 'json'], dir, BAD_YAML);
  assert.equal(json.code, 1);
  const [f] = JSON.parse(json.stdout);
  assert.equal(f.file, join(dir, 'templates', 'web.yaml'));
  assert.equal(f.line, line);
  const stylish = await runCli(args, dir, BAD_YAML);
  assert.match(stylish.stdout, new RegExp(`^templates/web\\.yaml\\n {2}${line}:\\d+ +error`));
  const github = await runCli([...args, '--format', 'github'], dir, BAD_YAML);
  assert.match(github.stdout, new RegExp(`^::error file=templates/web\\.yaml,line=${line},`));
  const sarif = JSON.parse((await runCli([...args, '--format', 'sarif'], dir, BAD_YAML)).stdout);
  const loc = sarif.runs[0].results[0].locations[0].physicalLocation;
  assert.equal(loc.artifactLocation.uri, 'templates/web.yaml');
  assert.equal(loc.region.startLine, line);
  // Without a name: "<stdin>", format by content.
  const anon = await runCli(
    ['lint', '-', '--format', 'json'],
    dir,
    replaceOnce(WINDOWS_JSON, '"interval=1\\n"', '"interval=0\\n"'),
  );
  assert.equal(JSON.parse(anon.stdout)[0].file, '<stdin>');
  // A cfn-hup file by name through stdin.
  const conf = await runCli(
    ['lint', '-', '--stdin-filename', 'etc/cfn/cfn-hup.conf', '--format', 'json'],
    dir,
    '[main]\nstack=s\ninterval=0\n',
  );
  assert.ok(JSON.parse(conf.stdout).some((x: { ruleId: string }) => x.ruleId === 'HUP-INTERVAL-INVALID'));
  assert.equal((await runCli(['lint', '-', 'web.yaml'], dir, '')).code, 2, '- with other paths');
  assert.equal((await runCli(['lint', '--stdin-filename', 'x.yaml', '.'], dir)).code, 2, 'a name without -');
});

test('globs through tinyglobby: braces and ** select files; node_modules is not searched', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'templates', 'nested'), { recursive: true });
  mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
  writeFileSync(join(dir, 'templates', 'a.yaml'), BAD_YAML);
  writeFileSync(
    join(dir, 'templates', 'nested', 'b.json'),
    replaceOnce(WINDOWS_JSON, '"interval=1\\n"', '"interval=0\\n"'),
  );
  writeFileSync(join(dir, 'templates', 'nested', 'c.yml'), BAD_YAML);
  writeFileSync(join(dir, 'node_modules', 'pkg', 'd.yaml'), BAD_YAML);
  const filesOf = (stdout: string) => [...new Set(JSON.parse(stdout).map((f: { file: string }) => f.file))];
  const r = await runCli(['lint', '--format', 'json', 'templates/**/*.{yaml,json}'], dir);
  assert.deepEqual(filesOf(r.stdout), [join(dir, 'templates', 'a.yaml'), join(dir, 'templates', 'nested', 'b.json')]);
  assert.equal(r.code, 1);
  const all = await runCli(['lint', '--format', 'json', '**/*.yaml'], dir);
  assert.deepEqual(filesOf(all.stdout), [join(dir, 'templates', 'a.yaml')]);
});

test('--format is looked up safely: toString, __proto__, constructor are usage errors (exit 2)', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'web.yaml'), LINUX_YAML);
  for (const format of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
    const r = await runCli(['lint', '--format', format, 'web.yaml'], dir);
    assert.equal(r.code, 2, format);
    assert.match(r.stderr, /unknown --format/);
    assert.equal(r.stdout, '');
  }
});

test('SARIF carries the tool version and a helpUri for every rule', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'web.yaml'), BAD_YAML);
  const log = JSON.parse((await runCli(['lint', '--format', 'sarif', 'web.yaml'], dir)).stdout);
  const driver = log.runs[0].tool.driver;
  assert.equal(driver.version, 'test');
  for (const rule of driver.rules)
    assert.match(
      rule.helpUri,
      /^https:\/\/github\.com\/cfn-hup-tools\/cfn-hup-tools\/blob\/main\/docs\/rules\.md#[a-z0-9-]+$/,
    );
  assert.ok(driver.rules.some((r: { id: string }) => r.id === 'SUPPRESS-UNKNOWN-RULE'));
});

test('file routing: a template named .cfn or without extension is linted as a template; other files are skipped (--verbose says so)', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'web.cfn'), BAD_YAML);
  writeFileSync(join(dir, 'Stackfile'), replaceOnce(WINDOWS_JSON, '"interval=1\\n"', '"interval=0\\n"'));
  writeFileSync(join(dir, 'notes.txt'), 'nothing to see [main]\n');
  const r = await runCli(['lint', '--format', 'json', '--verbose', 'web.cfn', 'Stackfile', 'notes.txt'], dir);
  assert.deepEqual(
    JSON.parse(r.stdout).map((f: { ruleId: string }) => f.ruleId),
    ['HUP-INTERVAL-INVALID', 'HUP-INTERVAL-INVALID'],
  );
  assert.match(r.stderr, /skipped notes\.txt: neither a CloudFormation template/);
  assert.doesNotMatch(r.stderr, /HUP-MAIN-SECTION/);
  const quiet = await runCli(['lint', 'notes.txt'], dir);
  assert.equal(quiet.stderr, '');
  assert.match(quiet.stdout, /0 files checked/);
});

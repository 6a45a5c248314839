import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { replaceOnce } from './helpers/analyze';

async function run(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} });
  return { code, stdout, stderr };
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-hup-cli-'));
  mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
  writeFileSync(join(dir, 'good.yaml'), LINUX_YAML);
  writeFileSync(join(dir, 'nested', 'windows.template'), WINDOWS_JSON);
  writeFileSync(
    join(dir, 'nested', 'deeper', 'bad.json'),
    replaceOnce(WINDOWS_JSON, '"interval=1\\n"', '"interval=0\\n"'),
  );
  writeFileSync(join(dir, 'package.json'), '{ "name": "not-a-template", "version": "1.0.0" }');
  writeFileSync(join(dir, 'notes.yml'), 'just: yaml\nnot: a template\n');
  return dir;
}

test('lint --format json: one array of findings with 1-based positions; exit 1 on an error', async () => {
  const dir = workspace();
  const { code, stdout, stderr } = await run(['lint', '--format', 'json', '.'], dir);
  assert.equal(stderr, '');
  assert.equal(code, 1);
  const findings = JSON.parse(stdout);
  assert.equal(findings.length, 1);
  const f = findings[0];
  assert.equal(f.file, join(dir, 'nested', 'deeper', 'bad.json'));
  assert.equal(f.ruleId, 'HUP-INTERVAL-INVALID');
  assert.equal(f.severity, 'error');
  const line = replaceOnce(WINDOWS_JSON, '"interval=1\\n"', '"interval=0\\n"')
    .split('\n')
    .findIndex((l) => l.includes('interval=0'));
  assert.equal(f.line, line + 1);
  assert.equal(f.endLine, line + 1);
  assert.equal(f.endColumn - f.column, 1);
  assert.deepEqual(Object.keys(f).sort(), [
    'column',
    'endColumn',
    'endLine',
    'file',
    'line',
    'message',
    'ruleId',
    'severity',
  ]);
});

test('lint exits 0 when nothing is wrong, and skips files that are not templates', async () => {
  const dir = workspace();
  const { code, stdout } = await run(
    ['lint', 'good.yaml', 'nested/windows.template', 'package.json', 'notes.yml'],
    dir,
  );
  assert.equal(code, 0);
  assert.match(stdout, /No cfn-hup problems \(2 files checked\)/);
});

test('--rule ID=off silences a rule; ID=warning turns an error into a warning (exit 0)', async () => {
  const dir = workspace();
  assert.equal((await run(['lint', '--rule', 'HUP-INTERVAL-INVALID=off', '.'], dir)).code, 0);
  const r = await run(['lint', '--format', 'json', '--rule', 'hup-interval-invalid=warning', '.'], dir);
  assert.equal(r.code, 0);
  assert.equal(JSON.parse(r.stdout)[0].severity, 'warning');
});

test('stylish output names the file, position, severity, message and rule', async () => {
  const { stdout } = await run(['lint', '.'], workspace());
  assert.match(stdout, /nested\/deeper\/bad\.json\n {2}\d+:\d+ +error +cfn-hup interval=0 .* HUP-INTERVAL-INVALID\n/);
  assert.match(stdout, /1 error, 0 warnings, 0 info \(3 files checked\)\./);
});

test('github format prints workflow annotations with escaped properties', async () => {
  const { stdout } = await run(['lint', '--format', 'github', '.'], workspace());
  assert.match(
    stdout,
    /^::error file=nested\/deeper\/bad\.json,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=HUP-INTERVAL-INVALID::cfn-hup interval=0/,
  );
});

test('sarif format is SARIF 2.1.0 with the rule catalogue and a located result', async () => {
  const { stdout, code } = await run(['lint', '--format', 'sarif', '.'], workspace());
  assert.equal(code, 1);
  const log = JSON.parse(stdout);
  assert.equal(log.version, '2.1.0');
  const run0 = log.runs[0];
  assert.equal(run0.tool.driver.name, 'cfn-hup-tools');
  const result = run0.results[0];
  assert.equal(result.ruleId, 'HUP-INTERVAL-INVALID');
  assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 'HUP-INTERVAL-INVALID');
  assert.equal(result.level, 'error');
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'nested/deeper/bad.json');
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uriBaseId, 'SRCROOT');
  assert.ok(result.locations[0].physicalLocation.region.startLine > 1);
});

test('globs select files; a glob or path that matches nothing is a usage error (exit 2)', async () => {
  const dir = workspace();
  const r = await run(['lint', '--format', 'json', '**/*.json'], dir);
  assert.equal(JSON.parse(r.stdout).length, 1);
  const missing = await run(['lint', 'nope/*.yaml'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file or directory: nope\/\*\.yaml/);
});

test('usage errors exit 2 with a message and no stack trace', async () => {
  const dir = workspace();
  for (const args of [
    ['lint', '--format', 'xml'],
    ['lint', '--rule', 'NOPE=off'],
    ['lint', '--rule', 'HUP-PERCENT=loud'],
    ['lint', '--bogus'],
    ['frobnicate'],
  ]) {
    const r = await run(args, dir);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /^cfn-hup-tools: /);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test('a half-typed template gives one clear parse finding, not a crash', async () => {
  const dir = workspace();
  writeFileSync(
    join(dir, 'half.yaml'),
    LINUX_YAML.slice(0, LINUX_YAML.indexOf('    Properties:')) + '    Properties: { ImageId: [ami-1,\n',
  );
  writeFileSync(join(dir, 'half.json'), WINDOWS_JSON.slice(0, 400));
  const r = await run(['lint', '--format', 'json', 'half.yaml', 'half.json'], dir);
  const findings = JSON.parse(r.stdout);
  assert.deepEqual(
    findings.map((f: { ruleId: string }) => f.ruleId),
    ['PARSE-ERROR', 'PARSE-ERROR'],
  );
  assert.equal(r.code, 1);
});

test('a binary file is a FILE-NOT-CHECKED warning, never a silent skip; UTF-16 and BOM-prefixed templates are read', async () => {
  const dir = workspace();
  writeFileSync(join(dir, 'blob.json'), Buffer.from([0x7b, 0x00, 0x01, 0x02, 0xff, 0x00]));
  const bad = replaceOnce(LINUX_YAML, 'interval=1', 'interval=0');
  writeFileSync(join(dir, 'utf16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bad, 'utf16le')]));
  writeFileSync(join(dir, 'bom.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(bad, 'utf8')]));
  const r = await run(['lint', '--format', 'json', 'blob.json', 'utf16.yaml', 'bom.yaml'], dir);
  const findings = JSON.parse(r.stdout);
  assert.deepEqual(
    findings.map((f: { ruleId: string }) => f.ruleId),
    ['FILE-NOT-CHECKED', 'HUP-INTERVAL-INVALID', 'HUP-INTERVAL-INVALID'],
  );
  assert.equal(findings[0].severity, 'warning');
  assert.match(findings[0].message, /binary/);
  const line = bad.split('\n').findIndex((l) => l.includes('interval=0')) + 1;
  assert.deepEqual(
    findings.map((f: { line: number }) => f.line),
    [1, line, line],
  );
});

test('--version and --help', async () => {
  assert.match((await run(['--version'], '.')).stdout, /^\S+\n$/);
  const help = await run(['--help'], '.');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /cfn-hup-tools lint/);
});

test('cfn-hup files found on an instance are linted too: cfn-hup.conf, hooks.d/*', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-hup-etc-'));
  mkdirSync(join(dir, 'cfn', 'hooks.d'), { recursive: true });
  writeFileSync(
    join(dir, 'cfn', 'cfn-hup.conf'),
    '[main]\nstack=arn:aws:cloudformation:eu-west-1:1:stack/s/1\nregion=eu-west-1\ninterval=0\n',
  );
  writeFileSync(
    join(dir, 'cfn', 'hooks.d', 'reloader'),
    '[h]\ntriggers=post.update\npath=Resources.LC.Metadata\naction=echo %s\n',
  );
  writeFileSync(join(dir, 'cfn', 'other.conf'), 'not cfn-hup at all');
  const r = await run(['lint', '--format', 'json', '.'], dir);
  assert.deepEqual(
    JSON.parse(r.stdout).map((f: { ruleId: string; line: number }) => `${f.ruleId}@${f.line}`),
    ['HUP-INTERVAL-INVALID@4', 'HUP-PERCENT@4'],
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LINUX_YAML } from './helpers/templates';
import { replaceOnce } from './helpers/analyze';
import { runCli, tempDir } from './helpers/cli';

const BAD_YAML = replaceOnce(LINUX_YAML, 'interval=1', 'interval=0');
const RULE = 'HUP-INTERVAL-INVALID';

/** repo/.git, repo/templates/web.yaml (bad), repo/vendor/x.yaml (bad). */
function repo(): string {
  const dir = tempDir('cfn-hup-cfg-');
  mkdirSync(join(dir, '.git'));
  mkdirSync(join(dir, 'templates', 'deep'), { recursive: true });
  mkdirSync(join(dir, 'vendor'));
  writeFileSync(join(dir, 'templates', 'deep', 'web.yaml'), BAD_YAML);
  writeFileSync(join(dir, 'vendor', 'x.yaml'), BAD_YAML);
  return dir;
}

async function severities(args: string[], cwd: string): Promise<string[]> {
  const r = await runCli(['lint', '--format', 'json', ...args], cwd);
  assert.ok(r.code !== 2, r.stderr);
  return JSON.parse(r.stdout).map(
    (f: { file: string; severity: string }) => `${f.file.slice(cwd.length + 1)}:${f.severity}`,
  );
}

test('the nearest .cfn-hup-tools.yaml up to the repository root sets severities and ignores files', async () => {
  const dir = repo();
  writeFileSync(join(dir, '.cfn-hup-tools.yaml'), `rules:\n  ${RULE}: warning\nignore:\n  - vendor\n`);
  assert.deepEqual(await severities(['.'], dir), ['templates/deep/web.yaml:warning']);
  // From a subfolder as cwd, too; and a closer config wins over the root one.
  writeFileSync(join(dir, 'templates', '.cfn-hup-tools.json'), `{ "rules": { "${RULE}": "info" } }`);
  assert.deepEqual(await severities(['deep'], join(dir, 'templates')), ['deep/web.yaml:info']);
  // --verbose says which file the ignore came from.
  const v = await runCli(['lint', '--verbose', 'vendor/x.yaml'], dir);
  assert.match(v.stderr, /skipped vendor\/x\.yaml: ignored by \.cfn-hup-tools\.yaml/);
});

test('the search stops at the repository root (.git): a config above it is not read', async () => {
  const outer = tempDir('cfn-hup-outer-');
  writeFileSync(join(outer, '.cfn-hup-tools.yaml'), `rules:\n  ${RULE}: off\n`);
  const dir = join(outer, 'repo');
  mkdirSync(join(dir, '.git'), { recursive: true });
  writeFileSync(join(dir, 'web.yaml'), BAD_YAML);
  assert.deepEqual(await severities(['.'], dir), ['web.yaml:error']);
  // Without a .git the walk goes on up and finds it.
  const plain = join(outer, 'plain');
  mkdirSync(plain);
  writeFileSync(join(plain, 'web.yaml'), BAD_YAML);
  assert.deepEqual(await severities(['.'], plain), []);
});

test('precedence: built-in default < config file < --rule; buildParameter likewise', async () => {
  const dir = repo();
  writeFileSync(join(dir, '.cfn-hup-tools.yaml'), `rules:\n  ${RULE}: warning\nignore: [vendor]\n`);
  assert.deepEqual(await severities(['--rule', `${RULE}=info`, '.'], dir), ['templates/deep/web.yaml:info']);
  assert.deepEqual(await severities(['--no-config', '.'], dir), [
    'templates/deep/web.yaml:error',
    'vendor/x.yaml:error',
  ]);
  // --build-parameter over the config's buildParameter: the config names one the template lacks.
  const build = tempDir('cfn-hup-build-');
  mkdirSync(join(build, '.git'));
  // AppVersion is declared but used nowhere: as the build parameter it gets BUILD-PARAM-UNWATCHED.
  writeFileSync(
    join(build, 'web.yaml'),
    replaceOnce(LINUX_YAML, 'Parameters:\n', 'Parameters:\n  AppVersion:\n    Type: String\n'),
  );
  writeFileSync(join(build, '.cfn-hup-tools.yaml'), 'buildParameter: AppVersion\n');
  const withConfig = await runCli(['lint', '--format', 'json', '.'], build);
  const withFlag = await runCli(['lint', '--format', 'json', '--build-parameter', 'BuildNumber', '.'], build);
  const noConfig = await runCli(['lint', '--format', 'json', '--no-config', '.'], build);
  assert.deepEqual(JSON.parse(withFlag.stdout), JSON.parse(noConfig.stdout));
  assert.deepEqual(JSON.parse(noConfig.stdout), []);
  assert.deepEqual(
    JSON.parse(withConfig.stdout).map((f: { ruleId: string }) => f.ruleId),
    ['BUILD-PARAM-UNWATCHED'],
    'the config buildParameter is used',
  );
});

test('--config FILE applies to every file; --no-config reads none; both together is a usage error', async () => {
  const dir = repo();
  writeFileSync(join(dir, '.cfn-hup-tools.yaml'), `rules:\n  ${RULE}: off\n`);
  const other = join(tempDir('cfn-hup-other-'), 'team.json');
  writeFileSync(other, `{ "rules": { "${RULE}": "warning" } }`);
  assert.deepEqual(await severities(['--config', other, '.'], dir), [
    'templates/deep/web.yaml:warning',
    'vendor/x.yaml:warning',
  ]);
  assert.equal((await runCli(['lint', '--config', other, '--no-config', '.'], dir)).code, 2);
  const missing = await runCli(['lint', '--config', 'nope.yaml', '.'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read the config file .*nope\.yaml \(no such file\)/);
});

test('an invalid config stops with exit 2 and file:line:col; an unknown key only warns', async () => {
  const dir = repo();
  writeFileSync(join(dir, '.cfn-hup-tools.yaml'), `rules:\n  ${RULE}: loud\n`);
  const bad = await runCli(['lint', '.'], dir);
  assert.equal(bad.code, 2);
  assert.match(
    bad.stderr,
    /\.cfn-hup-tools\.yaml:2:25: error: HUP-INTERVAL-INVALID must be off, info, warning or error/,
  );
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
  writeFileSync(join(dir, '.cfn-hup-tools.yaml'), `colour: red\nrules:\n  ${RULE}: warning\n`);
  const warned = await runCli(['lint', '--format', 'json', '.'], dir);
  assert.equal(warned.code, 0);
  assert.match(warned.stderr, /\.cfn-hup-tools\.yaml:1:1: warning: unknown key "colour"/);
});

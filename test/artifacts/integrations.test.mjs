// The CI integrations a team adopts on day one, run as their hosts run them:
// - the GitHub Action's lint step (scripts/action/lint.sh, what action.yml runs) with INPUT_* variables;
// - the pre-commit hook (.pre-commit-hooks.yaml) through the real `pre-commit try-repo` (Debian's
//   package; .ci/run installs it). pre-commit builds the hook like a user's machine would: npm install
//   in a clone of this repository, npm pack, npm install -g. npm runs offline from the cache that
//   `npm ci` filled, so no network is used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/test-host/config.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'cfn-hup-tools-integrations-'));
const BAD = join(repoRoot, 'examples', 'silent-failures.yaml');
const GOOD = join(repoRoot, 'examples', 'linux-launch-template.yaml');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error) throw r.error;
  return r;
}

function ensureCli() {
  if (!existsSync(join(repoRoot, 'dist', 'cli.js'))) {
    assert.equal(run(process.execPath, ['scripts/build.mjs', '--cli-only']).status, 0);
  }
}

function action(inputs) {
  ensureCli();
  const outputFile = join(scratch, `github-output-${Math.random().toString(36).slice(2)}`);
  writeFileSync(outputFile, '');
  const r = run('bash', [join(repoRoot, 'scripts', 'action', 'lint.sh')], {
    cwd: scratch,
    env: { ...process.env, GITHUB_OUTPUT: outputFile, ...inputs },
  });
  return { ...r, outputs: readFileSync(outputFile, 'utf8') };
}

test('GitHub Action: a bad template fails the step with annotations and a SARIF report', () => {
  const sarifFile = join(scratch, 'bad.sarif');
  const r = action({ INPUT_PATHS: BAD, INPUT_FORMAT: 'github', INPUT_MAX_WARNINGS: '-1', INPUT_SARIF_FILE: sarifFile });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^::error file=.*silent-failures\.yaml,line=\d+,col=\d+.*title=HUP-ONE-LINE::/m);
  const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  assert.ok(sarif.runs[0].results.some((x) => x.ruleId === 'HUP-ONE-LINE' && x.level === 'error'));
  assert.equal(r.outputs.trim(), `sarif-file=${sarifFile}`);
});

test('GitHub Action: a correct template passes; paths are split on spaces, globs left to the CLI', () => {
  const dir = join(scratch, 'repo with space');
  mkdirSync(join(dir, 'templates'), { recursive: true });
  copyFileSync(GOOD, join(dir, 'templates', 'web.yaml'));
  const r = run('bash', [join(repoRoot, 'scripts', 'action', 'lint.sh')], {
    cwd: dir,
    env: { ...process.env, INPUT_PATHS: 'templates', INPUT_FORMAT: 'stylish', INPUT_SARIF_FILE: '' },
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /1 file checked|1 files checked|no problems|0 errors/i);
});

test('GitHub Action: max-warnings fails the step on warnings alone; -1 lets them pass', () => {
  const dir = join(scratch, 'warnings');
  mkdirSync(dir, { recursive: true });
  // An unquoted mode: a FILE-MODE-YAML-OCTAL warning and no error.
  const template = readFileSync(GOOD, 'utf8').replace(/mode: "(0\d+)"/, 'mode: $1');
  writeFileSync(join(dir, 'web.yaml'), template);
  const strict = action({ INPUT_PATHS: join(dir, 'web.yaml'), INPUT_MAX_WARNINGS: '0', INPUT_SARIF_FILE: '' });
  assert.equal(strict.status, 1, strict.stdout + strict.stderr);
  assert.match(strict.stdout, /^::warning .*title=FILE-MODE-YAML-OCTAL::/m);
  const lenient = action({ INPUT_PATHS: join(dir, 'web.yaml'), INPUT_MAX_WARNINGS: '-1', INPUT_SARIF_FILE: '' });
  assert.equal(lenient.status, 0, lenient.stdout + lenient.stderr);
});

test('pre-commit: the cfn-hup-tools-lint hook fails on a bad template and passes on a good one', () => {
  const which = run('sh', ['-c', 'command -v pre-commit']);
  if (which.status !== 0) {
    assert.ok(!process.env.CI, 'pre-commit is missing under CI=true: .ci/run installs it (Debian package pre-commit)');
    return test.skip?.('pre-commit is not installed (apt-get install pre-commit)');
  }
  const work = join(scratch, 'precommit-repo');
  mkdirSync(work, { recursive: true });
  const git = (...args) => assert.equal(run('git', args, { cwd: work }).status, 0, `git ${args.join(' ')}`);
  git('init', '-q');
  git('config', 'user.email', 'test@example.invalid');
  git('config', 'user.name', 'test');
  copyFileSync(BAD, join(work, 'bad.yaml'));
  copyFileSync(GOOD, join(work, 'good.yaml'));
  git('add', '.');
  const env = {
    ...process.env,
    PRE_COMMIT_HOME: join(scratch, 'pre-commit-home'),
    // npm inside pre-commit's node environment: from the cache `npm ci` filled, never the network.
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  const tryRepo = (file) =>
    run('pre-commit', ['try-repo', repoRoot, 'cfn-hup-tools-lint', '--files', file], { cwd: work, env });

  const bad = tryRepo('bad.yaml');
  assert.equal(bad.status, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout, /cfn-hup-tools lint\.+Failed/);
  assert.match(bad.stdout, /HUP-ONE-LINE/);

  const good = tryRepo('good.yaml');
  assert.equal(good.status, 0, good.stdout + good.stderr);
  assert.match(good.stdout, /cfn-hup-tools lint\.+Passed/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Issue 12: lint, --version, --help, `rules` and the extension's activation never load the AWS SDK.
 * The shipped bundles are built into a temporary folder and run in fresh processes that report,
 * at exit, every module file they loaded. The SDK lives in aws.js (scripts/esbuild-plugins.mjs).
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const dist = mkdtempSync(join(tmpdir(), 'cfn-hup-lazy-'));
execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), `--outdir=${dist}`], { cwd: ROOT, stdio: 'pipe' });
const hook = join(dist, 'report-modules.cjs');
writeFileSync(
  hook,
  `process.on('exit', () => require('node:fs').writeSync(2, '\\nMODULES ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));\n`,
);

function loadedBy(args: string[]): { modules: string[]; status: number | null } {
  const r = spawnSync(process.execPath, ['--require', hook, join(dist, 'cli.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      AWS_ACCESS_KEY_ID: 'AKIDTESTTESTTESTTEST',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith('MODULES '));
  assert.ok(line, `no module report; stderr: ${r.stderr}`);
  return { modules: JSON.parse(line.slice('MODULES '.length)) as string[], status: r.status };
}

const sdkModules = (modules: string[]) => modules.filter((m) => m === join(dist, 'aws.js') || m.includes('@aws-sdk'));

for (const args of [['lint', 'examples'], ['--version'], ['--help'], ['rules'], ['lint', '--help']]) {
  test(`cfn-hup-tools ${args.join(' ')} loads no AWS SDK module`, () => {
    const { modules } = loadedBy(args);
    assert.ok(modules.includes(join(dist, 'cli.js')), 'the report covers the CLI bundle');
    assert.deepEqual(sdkModules(modules), []);
  });
}

test('--version and --help are answered by dist/cli.js alone, with the usage text the CLI proper prints', () => {
  for (const args of [['--version'], ['--help'], ['-h'], ['help'], []]) {
    const { modules } = loadedBy(args);
    assert.deepEqual(
      modules.filter((m) => m.startsWith(dist) && m !== hook),
      [join(dist, 'cli.js')],
      `cfn-hup-tools ${args.join(' ')} reads only the small entry`,
    );
  }
  const { modules } = loadedBy(['rules']);
  assert.ok(modules.includes(join(dist, 'cli-main.js')), 'any other command loads the CLI proper');
  for (const args of [['--help'], ['--version'], []]) {
    const entry = spawnSync(process.execPath, [join(dist, 'cli.js'), ...args], { encoding: 'utf8' });
    const full = spawnSync(process.execPath, [join(dist, 'cli-main.js'), ...args], { encoding: 'utf8' });
    assert.equal(entry.stdout, full.stdout, args.join(' '));
    assert.equal(entry.status, full.status, args.join(' '));
  }
});

test('an AWS command does load the SDK bundle (the check above can fail)', () => {
  // Port 9 on loopback refuses at once: the command fails with a message after loading the SDK.
  const { modules, status } = loadedBy([
    'status',
    '--stack',
    'web',
    '--region',
    'us-east-1',
    '--endpoint-url',
    'http://127.0.0.1:9',
  ]);
  assert.equal(status, 1);
  assert.deepEqual(sdkModules(modules), [join(dist, 'aws.js')]);
});

test('activating the extension loads no AWS SDK module', () => {
  const out = execFileSync(process.execPath, [join(ROOT, 'test', 'bench', 'probe-activation.cjs'), dist], {
    encoding: 'utf8',
  });
  const { loaded } = JSON.parse(out) as { loaded: string[] };
  assert.deepEqual(loaded, [join(dist, 'extension.js')]);
});

test('the shipped lint exits as soon as its output is out, with all of it written and its exit code', () => {
  // bin.ts ends lint with process.exit once stdout and stderr are flushed. Output well over a pipe's
  // buffer (64 KiB), read by a reader that starts late, must still arrive whole. (Linux writes pipes
  // synchronously, so this guards the code path; on macOS, where pipes are asynchronous, the wait matters.)
  const many = mkdtempSync(join(tmpdir(), 'cfn-hup-many-'));
  const example = readFileSync(join(ROOT, 'examples', 'silent-failures.yaml'), 'utf8');
  for (let i = 0; i < 100; i++) writeFileSync(join(many, `t${i}.yaml`), example);
  const args = [join(dist, 'cli.js'), 'lint', '--format', 'json', many];
  const slowReader = spawnSync('sh', ['-c', `"${process.execPath}" "${args.join('" "')}" | (sleep 0.3; cat)`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const atOnce = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.ok(atOnce.stdout.length > 256 * 1024, `output of ${atOnce.stdout.length} bytes`);
  const files = new Set((JSON.parse(atOnce.stdout) as { file: string }[]).map((f) => f.file));
  assert.equal(files.size, 100, 'findings for every file');
  assert.equal(slowReader.stdout, atOnce.stdout);
  assert.equal(atOnce.status, 1, 'the example has errors: exit 1');
});

// The artifacts users install, built and used as a user would (`npm run test:artifacts`, part of
// `npm test`): the VSIX from `npm run package`, installed by VS Code itself and exercised by the
// integration suite's smoke subset; the npm tarball from `npm pack`, installed globally into a
// temporary prefix and run. Offline: the tarball has no dependencies, and VS Code installs a
// local VSIX without the marketplace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { hostLayout, repoRoot } from '../../scripts/test-host/config.mjs';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const MB = 1_000_000;
const scratch = mkdtempSync(join(tmpdir(), 'cfn-hup-tools-artifacts-'));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * MB, ...opts });
  if (r.error) throw r.error;
  return r;
}

function ok(cmd, args, opts) {
  const r = run(cmd, args, opts);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Every file below dir, relative to it. */
function walk(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath ?? d.path, d.name)));
}

const dirSize = (dir) => walk(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);

let installedExtension;

test('npm run package builds a VSIX under 1 MB (plain `vsce package`, no flags)', () => {
  const vsix = join(repoRoot, `${pkg.name}-${pkg.version}.vsix`);
  ok(NPM, ['run', 'package', '--silent']);
  assert.ok(existsSync(vsix), `${vsix} was written`);
  const size = statSync(vsix).size;
  assert.ok(size < MB, `the VSIX is ${size} bytes`);

  // VS Code's own installer (the server's --install-extension) unpacks it as it would for a user.
  const host = hostLayout();
  const extensionsDir = join(scratch, 'extensions');
  const r = ok(host.nodeBin, [
    host.serverMain,
    '--install-extension',
    vsix,
    '--extensions-dir',
    extensionsDir,
    '--accept-server-license-terms',
  ]);
  assert.match(r.stdout, /successfully installed/);
  installedExtension = join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  const files = walk(installedExtension);
  assert.ok(files.includes(join('dist', 'extension.js')), 'the bundle is installed');
  assert.ok(files.includes(join('media', 'icon.png')), 'the marketplace icon is installed');
  assert.ok(files.includes('LICENSE.txt') || files.includes('LICENSE'), 'the licence is installed');
  const unwanted = files.filter((f) => /\.map$|\.ts$|^(src|test|scripts|node_modules)\//.test(f));
  assert.deepEqual(unwanted, [], 'no source maps, sources, tests or node_modules in the VSIX');
  const bundle = readFileSync(join(installedExtension, 'dist', 'extension.js'), 'utf8');
  assert.ok(!bundle.includes('sourceMappingURL'), 'production bundle without source maps');
});

test('the integration smoke subset passes against the extension VS Code installed from the VSIX', () => {
  assert.ok(installedExtension, 'the VSIX was installed by the previous test');
  const r = run(process.execPath, [join(repoRoot, 'scripts', 'test-host', 'run.mjs')], {
    env: {
      ...process.env,
      CFN_HUP_TOOLS_HOST: 'web',
      CFN_HUP_TOOLS_EXTENSION_PATH: installedExtension,
      // Activation, diagnostics, every command registered, rule docs, and the explorer against moto
      // (the AWS SDK as bundled in the VSIX).
      CFN_HUP_TOOLS_GREP:
        '^(Activation|Diagnostics from the core engine|Commands and settings|AWS explorer against moto) ',
    },
  });
  process.stdout.write(
    r.stdout
      .split('\n')
      .filter((l) => /^\s*(✔|✓|\d+\)|integration:)/.test(l))
      .join('\n') + '\n',
  );
  assert.equal(r.status, 0, `smoke run failed:\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-2000)}`);
  assert.match(
    r.stdout,
    new RegExp(`against the extension in ${installedExtension.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  );
  const m = /^integration: (\d+) passed, (\d+) failed/m.exec(r.stdout);
  assert.ok(m && Number(m[1]) >= 10 && m[2] === '0', `smoke counts: ${m?.[0]}`);
});

let tarball;

test('npm pack makes a CLI-only tarball under 1 MB', () => {
  const r = ok(NPM, ['pack', '--json', '--pack-destination', scratch]);
  const [info] = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')));
  tarball = join(scratch, info.filename);
  assert.ok(info.size < MB, `the tarball is ${info.size} bytes`);
  assert.deepEqual(info.files.map((f) => f.path).sort(), [
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'dist/aws.js', // the AWS SDK half, loaded by the AWS commands only
    'dist/cli-main.js', // the CLI proper; dist/cli.js answers --version and --help without it
    'dist/cli.js',
    'dist/lint-worker.js', // lint --jobs N
    'package.json',
  ]);
  assert.deepEqual(pkg.dependencies ?? {}, {}, 'runtime libraries are bundled: nothing to install');
});

test('a global install from the tarball is under 10 MB, prints its version and lints', () => {
  assert.ok(tarball, 'the tarball was packed by the previous test');
  const prefix = join(scratch, 'prefix');
  ok(NPM, ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball]);
  const installed = join(prefix, 'lib', 'node_modules', pkg.name);
  const size = dirSize(installed);
  assert.ok(size < 10 * MB, `the install is ${size} bytes`);
  const bin = join(prefix, 'bin', 'cfn-hup-tools');

  assert.equal(ok(bin, ['--version']).stdout.trim(), pkg.version);
  const bad = run(bin, ['lint', '--format', 'json', join(repoRoot, 'examples', 'silent-failures.yaml')]);
  assert.equal(bad.status, 1, bad.stderr);
  const findings = JSON.parse(bad.stdout);
  assert.ok(
    findings.some((f) => f.severity === 'error' && f.ruleId),
    'errors found in the example that is wrong on purpose',
  );
  const goodFiles = readdirSync(join(repoRoot, 'examples'))
    .filter((f) => f !== 'silent-failures.yaml' && /\.(ya?ml|json)$/.test(f))
    .map((f) => join(repoRoot, 'examples', f));
  const good = run(bin, ['lint', ...goodFiles]);
  assert.equal(good.status, 0, good.stdout + good.stderr);

  // lint --jobs loads dist/lint-worker.js from the install (8 files or more go to the pool).
  const many = Array.from({ length: 8 }, (_, i) => {
    const copy = join(scratch, `copy-${i}.yaml`);
    copyFileSync(join(repoRoot, 'examples', 'silent-failures.yaml'), copy);
    return copy;
  });
  const pooled = run(bin, ['lint', '--jobs', '2', '--format', 'json', ...many]);
  assert.equal(pooled.status, 1, pooled.stderr);
  assert.equal(JSON.parse(pooled.stdout).length, findings.length * 8, 'the same findings for each of the 8 files');

  // An AWS command loads dist/aws.js from the install: against a loopback port where nothing
  // listens it ends with the "could not reach" message (exit 1), not a missing module (exit 2).
  // Twice: the first run writes dist/aws.js's code cache, the second loads the SDK through it
  // (vm.Script, where an import() left in the bundle would fail every request).
  const cacheDir = mkdtempSync(join(scratch, 'code-cache-'));
  const status = () =>
    run(bin, ['status', '--stack', 'web', '--region', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:9'], {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_EC2_METADATA_DISABLED: 'true',
        CFN_HUP_TOOLS_CACHE_DIR: cacheDir,
      },
    });
  const first = status();
  assert.equal(first.status, 1, first.stdout + first.stderr);
  assert.doesNotMatch(first.stderr, /Cannot find module|internal error|dynamic import/i);
  assert.ok(
    readdirSync(cacheDir).some((f) => f.startsWith('aws-sdk-')),
    `no code cache of dist/aws.js in ${readdirSync(cacheDir).join(', ')}`,
  );
  const cached = status();
  assert.equal(cached.status, 1, cached.stdout + cached.stderr);
  assert.equal(cached.stderr, first.stderr, 'the same answer with the SDK loaded through its code cache');
});

test('npx runs the CLI straight from the tarball', () => {
  assert.ok(tarball);
  const r = ok(NPM, ['exec', '--yes', '--offline', `--package=${tarball}`, '--', 'cfn-hup-tools', '--version'], {
    cwd: scratch,
  });
  assert.equal(r.stdout.trim(), pkg.version);
});

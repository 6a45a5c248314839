import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { lintFile } from '../../src/cli/lintFile';
import { readRegularFile } from '../../src/cli/read';
import { stylish } from '../../src/cli/formatters/stylish';
import type { CliFinding } from '../../src/cli/formatters/types';
import { LINUX_YAML } from './helpers/templates';
import { replaceOnce } from './helpers/analyze';
import { runCli, tempDir } from './helpers/cli';
import { runAsCliIfChild, spawnCli } from './helpers/cliChild';

const BAD_YAML = replaceOnce(LINUX_YAML, 'interval=1', 'interval=0');
const BAD_LINE = BAD_YAML.split('\n').findIndex((l) => l.includes('interval=0')) + 1;

interface Out {
  file: string;
  ruleId: string;
  severity: string;
  message: string;
  line: number;
}

async function lintJson(args: string[], cwd: string) {
  const r = await runCli(['lint', '--format', 'json', ...args], cwd);
  return { ...r, findings: JSON.parse(r.stdout || '[]') as Out[] };
}

if (!runAsCliIfChild()) {
  test('a FIFO is refused at once with a FILE-NOT-CHECKED warning; the other files are still checked', async () => {
    const dir = tempDir();
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    writeFileSync(join(dir, 'web.yaml'), BAD_YAML);
    const r = await lintJson(['pipe.yaml', 'web.yaml'], dir);
    assert.deepEqual(
      r.findings.map((f) => `${f.file.slice(dir.length + 1)}:${f.ruleId}:${f.severity}`),
      ['pipe.yaml:FILE-NOT-CHECKED:warning', 'web.yaml:HUP-INTERVAL-INVALID:error'],
    );
    assert.match(r.findings[0]!.message, /not a regular file \(a FIFO\)/);
    // Found by walking the folder, too.
    const walked = await lintJson(['.'], dir);
    assert.ok(walked.findings.every((f) => f.ruleId !== 'FILE-NOT-CHECKED' || /FIFO/.test(f.message)));
  });

  test('devices (/dev/zero, /dev/null) are refused, never read', async () => {
    const r = await lintJson(['/dev/zero', '/dev/null'], tempDir());
    assert.deepEqual(
      r.findings.map((f) => [f.file, f.ruleId, /a device/.test(f.message)]),
      [
        ['/dev/null', 'FILE-NOT-CHECKED', true],
        ['/dev/zero', 'FILE-NOT-CHECKED', true],
      ],
    );
    assert.equal(r.code, 0);
    assert.equal((await runCli(['lint', '--max-warnings', '0', '/dev/zero'], tempDir())).code, 1);
  });

  test('the size cap counts bytes read, not stat.size: a /proc file (size 0) is cut at the cap', async () => {
    assert.ok(existsSync('/proc/self/maps'), 'this test needs Linux /proc');
    const r = await readRegularFile('/proc/self/maps', 16);
    assert.equal(r.ok, false);
    assert.match((r as { reason: string }).reason, /larger than/);
    assert.equal((await readRegularFile('/proc/self/maps')).ok, true);
  });

  test('a file over 50 MB is a FILE-NOT-CHECKED warning that counts for --max-warnings, not a silent green', async () => {
    const dir = tempDir();
    const big = join(dir, 'big.yaml');
    writeFileSync(big, LINUX_YAML);
    truncateSync(big, 51 * 1024 * 1024); // sparse: cheap to make and to read
    const r = await lintJson(['big.yaml'], dir);
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0]!.ruleId, 'FILE-NOT-CHECKED');
    assert.match(r.findings[0]!.message, /larger than 50 MB/);
    const stylishRun = await runCli(['lint', '--max-warnings', '0', 'big.yaml'], dir);
    assert.equal(stylishRun.code, 1);
    assert.match(stylishRun.stdout, /0 errors, 1 warning, 0 info \(0 files checked\)/);
  });

  test('UTF-16 without BOM (LE and BE) is recognised by content and positions are right', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'le.yaml'), Buffer.from(BAD_YAML, 'utf16le'));
    writeFileSync(join(dir, 'be.yaml'), Buffer.from(BAD_YAML, 'utf16le').swap16());
    const r = await lintJson(['le.yaml', 'be.yaml'], dir);
    assert.deepEqual(
      r.findings.map((f) => `${f.file.slice(dir.length + 1)}:${f.ruleId}:${f.line}`),
      [`be.yaml:HUP-INTERVAL-INVALID:${BAD_LINE}`, `le.yaml:HUP-INTERVAL-INVALID:${BAD_LINE}`],
    );
  });

  test('NUL bytes in the first 8 KB (not UTF-16) are a FILE-NOT-CHECKED warning, not a silent skip', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'nul.yaml'), BAD_YAML.slice(0, 200) + '\0' + BAD_YAML.slice(200));
    const r = await lintJson(['nul.yaml'], dir);
    assert.deepEqual(
      r.findings.map((f) => f.ruleId),
      ['FILE-NOT-CHECKED'],
    );
    assert.match(r.findings[0]!.message, /binary/);
  });

  test('an unreadable file (permission denied) is a finding on that file; the run goes on', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'secret.yaml'), BAD_YAML);
    chmodSync(join(dir, 'secret.yaml'), 0o000);
    writeFileSync(join(dir, 'web.yaml'), BAD_YAML);
    chmodSync(join(dir, 'web.yaml'), 0o644);
    const args = ['lint', '--format', 'json', join(dir, 'secret.yaml'), join(dir, 'web.yaml')];
    let stdout: string;
    if (process.getuid?.() === 0) {
      // root reads anything: run the CLI as "nobody" to meet a real EACCES.
      const child = spawnCli(__filename, args, { uid: 65534, gid: 65534, cwd: '/' });
      let out = '';
      let err = '';
      child.stdout!.on('data', (d: Buffer) => (out += d));
      child.stderr!.on('data', (d: Buffer) => (err += d));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(err, '');
      assert.equal(code, 1);
      stdout = out;
    } else {
      const r = await runCli(args, dir);
      assert.equal(r.code, 1);
      stdout = r.stdout;
    }
    const findings = JSON.parse(stdout) as Out[];
    assert.deepEqual(
      findings.map((f) => `${f.file.slice(dir.length + 1)}:${f.ruleId}`),
      ['secret.yaml:FILE-NOT-CHECKED', 'web.yaml:HUP-INTERVAL-INVALID'],
    );
    assert.match(findings[0]!.message, /permission denied/);
  });

  test('each file is analysed in its own guard: an internal failure is an INTERNAL-ERROR finding on that file', async () => {
    // Settings that throw when read make the analysis itself fail.
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    const dir = tempDir();
    writeFileSync(join(dir, 'web.yaml'), BAD_YAML);
    const outcome = await lintFile({ path: join(dir, 'web.yaml'), name: join(dir, 'web.yaml'), rules: hostile });
    assert.deepEqual(
      outcome.findings.map((f) => [f.ruleId, f.severity]),
      [['INTERNAL-ERROR', 'error']],
    );
    assert.match(outcome.findings[0]!.message, /boom/);
  });

  test('deeply nested JSON and YAML never cost the other files their findings', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'a-deep.json'),
      '{"AWSTemplateFormatVersion":"2010-09-09","Resources":' + '['.repeat(20000) + ']'.repeat(20000) + '}',
    );
    writeFileSync(
      join(dir, 'b-deep.yaml'),
      'AWSTemplateFormatVersion: "2010-09-09"\nResources: ' + '['.repeat(20000) + ']'.repeat(20000) + '\n',
    );
    writeFileSync(join(dir, 'c-web.yaml'), BAD_YAML);
    const r = await lintJson(['.'], dir);
    assert.ok(r.code === 1 || r.code === 2, r.stderr);
    assert.ok(r.findings.some((f) => f.file.endsWith('c-web.yaml') && f.ruleId === 'HUP-INTERVAL-INVALID'));
    assert.equal(
      r.findings.filter((f) => f.ruleId === 'INTERNAL-ERROR').length === 0,
      r.code === 1,
      'exit 2 exactly when a file hit an internal error',
    );
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test('stylish is linear: 200,000 findings in one file format correctly', () => {
    const findings: CliFinding[] = [];
    for (let i = 0; i < 200_000; i++)
      findings.push({
        file: '/w/t.yaml',
        line: i + 1,
        column: 1,
        endLine: i + 1,
        endColumn: 2,
        severity: i % 2 ? 'warning' : 'error',
        ruleId: 'X-Y',
        message: 'm',
      });
    const out = stylish(findings, { cwd: '/w', filesChecked: 1, version: 'test' });
    const lines = out.split('\n');
    assert.equal(lines[0], 't.yaml');
    assert.equal(lines.length, 200_000 + 4);
    assert.match(out, /100000 errors, 100000 warnings, 0 info \(1 file checked\)\.\n$/);
  });

  test('output into a closed pipe ends quietly: no stack trace, no EPIPE message', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 't'));
    for (let i = 0; i < 3; i++) writeFileSync(join(dir, 't', `web${i}.yaml`), BAD_YAML);
    const child = spawnCli(__filename, ['lint', '--format', 'json', join(dir, 't')], { cwd: dir });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d));
    // Like `| head -1` that has already exited: the reading end is closed before the CLI writes.
    child.stdout!.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(err, '');
    assert.ok(code === 0 || code === 1, `exit ${code}`);
  });

  test('metadata --compare and --config refuse devices and FIFOs at once (no AWS call is made)', async () => {
    const dir = tempDir();
    execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
    for (const target of ['/dev/zero', join(dir, 'fifo.yaml')]) {
      const m = await runCli(['metadata', '--stack', 's', '--resource', 'R', '--compare', target], dir);
      assert.equal(m.code, 2, target);
      assert.match(m.stderr, /cannot read --compare file .*: not a regular file/);
      const c = await runCli(['lint', '--config', target, '.'], dir);
      assert.equal(c.code, 2, target);
      assert.match(c.stderr, /cannot read the config file .*not a regular file/);
    }
  });
}

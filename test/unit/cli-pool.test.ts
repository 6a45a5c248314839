import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeInPool } from '../../src/cli/pool';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { replaceOnce } from './helpers/analyze';
import { runCli, tempDir } from './helpers/cli';

/** 40 files of every kind: templates with and without findings, cfn-hup files, skipped, refused. */
function mixedTree(): string {
  const dir = tempDir('cfn-hup-pool-');
  mkdirSync(join(dir, 't', 'hooks.d'), { recursive: true });
  for (let i = 0; i < 12; i++) {
    writeFileSync(
      join(dir, 't', `bad${i}.yaml`),
      replaceOnce(LINUX_YAML, 'interval=1', `interval=${i % 3 === 0 ? 0 : 'x'}`),
    );
    writeFileSync(join(dir, 't', `win${i}.json`), replaceOnce(WINDOWS_JSON, '"interval=1\\n"', '"interval=0\\n"'));
    writeFileSync(join(dir, 't', `good${i}.template`), LINUX_YAML);
  }
  writeFileSync(join(dir, 't', 'cfn-hup.conf'), '[main]\nstack=s\ninterval=0\n');
  writeFileSync(
    join(dir, 't', 'hooks.d', 'r.conf'),
    '[h]\ntriggers=post.update\npath=Resources.X.Metadata\naction=echo %s\n',
  );
  writeFileSync(join(dir, 't', 'notes.yml'), 'just: yaml\n');
  writeFileSync(join(dir, 't', 'blob.json'), Buffer.from([0x7b, 0, 1, 2, 0xff, 0]));
  execFileSync('mkfifo', [join(dir, 't', 'fifo.yaml')]);
  return dir;
}

test('worker threads give byte-for-byte the output of one thread, in the same order (JSON and stylish)', async () => {
  const dir = mixedTree();
  for (const format of ['json', 'stylish']) {
    const one = await runCli(['lint', '--format', format, '--jobs', '1', 't'], dir);
    const three = await runCli(['lint', '--format', format, '--jobs', '3', '--verbose', 't'], dir);
    assert.equal(three.stdout, one.stdout, format);
    assert.equal(three.code, one.code);
    assert.match(three.stderr, /analysed 40 files on this thread and 2 worker threads/);
  }
  const json = JSON.parse((await runCli(['lint', '--format', 'json', '--jobs', '2', 't'], dir)).stdout);
  assert.ok(json.length >= 25, String(json.length));
  assert.ok(json.some((f: { ruleId: string }) => f.ruleId === 'FILE-NOT-CHECKED'));
});

test('the pool only starts for 8 files or more, and only when asked (--jobs)', async () => {
  const dir = mixedTree();
  const few = await runCli(['lint', '--verbose', '--jobs', '4', 't/bad0.yaml', 't/bad1.yaml'], dir);
  assert.doesNotMatch(few.stderr, /worker threads/);
  const none = await runCli(['lint', '--verbose', 't'], dir);
  assert.doesNotMatch(none.stderr, /worker threads/);
  assert.equal((await runCli(['lint', '--jobs', 'all', 't'], dir)).code, 2);
});

test('a worker that dies hands its files back: every outcome is there, in order', async () => {
  const dir = mixedTree();
  const crash = join(dir, 'crash-worker.js');
  writeFileSync(crash, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
  const files = ['bad0.yaml', 'win1.json', 'good2.template', 'notes.yml'];
  const tasks = [...files, ...files, ...files].map((f) => ({
    path: join(dir, 't', f),
    name: join(dir, 't', f),
    rules: {},
  }));
  const { outcomes, threads } = await analyzeInPool(tasks, { jobs: 3, workerFile: crash });
  assert.equal(threads, 2);
  const expected = [
    [true, 'HUP-INTERVAL-INVALID'],
    [true, 'HUP-INTERVAL-INVALID'],
    [true, ''],
    [false, ''],
  ];
  assert.deepEqual(
    outcomes.map((o) => [o.checked, o.findings.map((f) => f.ruleId).join()]),
    [...expected, ...expected, ...expected],
  );
});

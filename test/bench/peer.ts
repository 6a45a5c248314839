/**
 * Our CLI against the peer linter, cfn-lint, on the same corpus files, each as
 * one process started from scratch (load, parse, rules, output), in the same
 * run. Skipped with a note when cfn-lint is not installed; CFN_HUP_BENCH_PEER=0
 * skips it (cfn-lint takes tens of seconds on the corpus).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verdict } from './verdict';

function wall(command: string, args: string[], env = process.env): { ms: number; ok: boolean; error?: string } {
  const start = performance.now();
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env });
  const ms = performance.now() - start;
  // Both exit non-zero when they find errors; only a failure to start (or a crash) makes the timing meaningless.
  if (r.error) return { ms, ok: false, error: r.error.message };
  if (r.status === null || r.status > 31)
    return { ms, ok: false, error: `exit ${r.status ?? r.signal}: ${r.stderr.slice(0, 200)}` };
  return { ms, ok: true };
}

function cfnLintCommand(): [string, string[]] | undefined {
  const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (!probe.error && probe.status === 0) return ['cfn-lint', []];
  const py = spawnSync('python3', ['-c', 'import cfnlint.runner'], { encoding: 'utf8' });
  if (!py.error && py.status === 0)
    return ['python3', ['-c', 'import sys; from cfnlint.runner import main; sys.exit(main())']];
  return undefined;
}

export function comparePeer(templatesDir: string, cli: string): void {
  console.log('');
  if (process.env.CFN_HUP_BENCH_PEER === '0') {
    console.log('cfn-lint comparison skipped (CFN_HUP_BENCH_PEER=0)');
    return;
  }
  const peer = cfnLintCommand();
  if (!peer) {
    console.log('cfn-lint is not installed (pip install cfn-lint): comparison skipped');
    return;
  }
  if (!existsSync(cli)) {
    console.log(`${cli} is missing (npm run build): comparison skipped`);
    return;
  }
  const files = readdirSync(templatesDir)
    .sort()
    .map((f) => join(templatesDir, f));
  // The CLI keeps V8's compiled code in a cache (src/cli/codeCache.ts, as Python keeps .pyc files):
  // an empty one for the first run (as right after install), then the runs a user sees every day.
  const env = { ...process.env, CFN_HUP_TOOLS_CACHE_DIR: mkdtempSync(join(tmpdir(), 'cfn-hup-bench-cache-')) };
  let first = 0;
  let ours = Infinity;
  for (let i = 0; i < 6; i++) {
    const r = wall(process.execPath, [cli, 'lint', '--format', 'json', ...files], env);
    if (!r.ok) {
      console.log(`cfn-hup-tools lint failed: ${r.error}`);
      return;
    }
    if (i === 0) first = r.ms;
    else ours = Math.min(ours, r.ms);
  }
  const theirs = wall(peer[0], [...peer[1], '--format', 'json', '--', ...files]);
  if (!theirs.ok) {
    console.log(`cfn-lint failed: ${theirs.error}`);
    return;
  }
  console.log(
    `corpus (${files.length} files), one process each: cfn-hup-tools lint ${ours.toFixed(0)} ms (fastest of 5), ` +
      `cfn-lint ${(theirs.ms / 1000).toFixed(1)} s (one run) → ${(theirs.ms / ours).toFixed(1)}× faster; ` +
      `the first run, with an empty code cache: ${first.toFixed(0)} ms → ${(theirs.ms / first).toFixed(1)}×; ` +
      verdict('≥ 50×', theirs.ms / ours >= 50),
  );
}

/**
 * npm run bench (second part): cold start of the built CLI and activation of the built extension.
 * - `cfn-hup-tools --version` and `--help` against bare `node -e 0` (target: at most 1.5×);
 * - activation, from the start of loading dist/extension.js to the return of activate(), with
 *   `vscode` replaced by an inert stand-in (test/bench/probe-activation.cjs; target: under 100 ms).
 * Each is the fastest and the median of several fresh processes.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { verdict } from './verdict';

const ROOT = resolve(__dirname, '..', '..', '..');
const DIST = join(ROOT, 'dist');
const PROBE = join(ROOT, 'test', 'bench', 'probe-activation.cjs');
const RUNS = 9;

function wallMs(args: string[]): number {
  const start = performance.now();
  execFileSync(process.execPath, args, { stdio: 'ignore' });
  return performance.now() - start;
}

function stats(samples: number[]): { best: number; median: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { best: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]! };
}

function sample(fn: () => number): { best: number; median: number } {
  fn(); // warm the file cache
  return stats(Array.from({ length: RUNS }, fn));
}

const fmt = (s: { best: number; median: number }) =>
  `best ${s.best.toFixed(0).padStart(4)} ms, median ${s.median.toFixed(0).padStart(4)} ms`;

// Interleaved, so that a burst of load on the machine hits both sides alike.
const bare: number[] = [];
const version: number[] = [];
const help: number[] = [];
wallMs(['-e', '0']);
wallMs([join(DIST, 'cli.js'), '--version']);
for (let i = 0; i < RUNS; i++) {
  bare.push(wallMs(['-e', '0']));
  version.push(wallMs([join(DIST, 'cli.js'), '--version']));
  help.push(wallMs([join(DIST, 'cli.js'), '--help']));
}
const b = stats(bare);
const v = stats(version);
const h = stats(help);
console.log(`\ncold start (fresh processes, ${RUNS} runs each)`);
console.log(`  node -e 0                        ${fmt(b)}`);
console.log(
  `  cfn-hup-tools --version          ${fmt(v)}   ${(v.best / b.best).toFixed(2)}× bare node (best), ${(v.median / b.median).toFixed(2)}× (median); ${verdict('≤ 1.5×', v.best / b.best <= 1.5)}`,
);
console.log(
  `  cfn-hup-tools --help             ${fmt(h)}   ${(h.best / b.best).toFixed(2)}× bare node (best), ${(h.median / b.median).toFixed(2)}× (median)`,
);

const activation = sample(() => {
  const out = execFileSync(process.execPath, [PROBE, DIST], { encoding: 'utf8' });
  return (JSON.parse(out) as { activateMs: number }).activateMs;
});
console.log(
  `  extension activation             ${fmt(activation)}   (module load → activate() returns); ${verdict('< 100 ms', activation.best < 100)}`,
);

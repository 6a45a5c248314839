/**
 * npm run bench (third part): how long the extension host is blocked by the analysis of a
 * 1 MB template after an edit, on the host thread (what documents under the worker threshold
 * get) and through the analysis worker (src/vscode/analysis, the built dist/analysisWorker.js).
 * A 1 ms interval timer runs on this thread meanwhile; its longest gap is the longest task here.
 */
import { join, resolve } from 'node:path';
import { LineIndex } from '../../src/core';
import { analyzeText } from '../../src/vscode/analysis/analyzeText';
import { AnalysisWorker } from '../../src/vscode/analysis/pool';
import { LINUX_YAML } from '../unit/helpers/templates';
import { verdict } from './verdict';

const ROOT = resolve(__dirname, '..', '..', '..');
const settings = { rules: {}, buildParameter: 'BuildNumber' };

function template(targetBytes: number): string {
  const [head, body] = LINUX_YAML.split('Resources:\n') as [string, string];
  const parts = [head + 'Resources:\n'];
  for (let i = 0, size = 0; size < targetBytes; i++) {
    const copy = body.replace(/LaunchConfig/g, `LaunchConfig${i}`).replace(/\bGroup\b/g, `Group${i}`);
    parts.push(copy);
    size += copy.length;
  }
  return parts.join('');
}

/** Runs `work` while a 1 ms timer measures the longest stretch this thread was busy. */
async function longestTask(work: () => Promise<void> | void): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 20));
  last = performance.now();
  longest = 0;
  await work();
  await new Promise((r) => setTimeout(r, 5));
  clearInterval(probe);
  return longest;
}

async function main(): Promise<void> {
  const text = template(1024 * 1024);
  const edits = Array.from({ length: 5 }, (_, n) => text.replace('interval=1', `interval=${n + 1}`));
  let hostMs = Infinity;
  for (const edited of edits) {
    const start = performance.now();
    analyzeText(edited, 'big.yaml', settings, false);
    hostMs = Math.min(hostMs, performance.now() - start);
  }

  const worker = new AnalysisWorker(join(ROOT, 'dist', 'analysisWorker.js'));
  // Warm: the worker thread starts and compiles the engine once.
  await worker.analyze(
    { kind: 'analyze', key: 'big', version: 0, text, fileName: 'big.yaml', conf: false, settings },
    60_000,
  );
  const blocked: number[] = [];
  const walls: number[] = [];
  for (const [version, edited] of edits.entries()) {
    const start = performance.now();
    blocked.push(
      await longestTask(async () => {
        const outcome = await worker.analyze(
          { kind: 'analyze', key: 'big', version, text: edited, fileName: 'big.yaml', conf: false, settings },
          60_000,
        );
        // What the extension does with the answer: offsets to positions for each diagnostic.
        if (outcome.kind === 'analyzed') {
          const index = new LineIndex(edited);
          for (const f of outcome.findings) index.positionAt(f.start);
        }
      }),
    );
    walls.push(performance.now() - start);
  }
  worker.dispose();
  const kib = (Buffer.byteLength(text) / 1024).toFixed(0);
  console.log(`\neditor: a ${kib} KiB YAML template after an edit (best of ${edits.length})`);
  console.log(`  on the extension host's thread     blocks it ${hostMs.toFixed(0).padStart(5)} ms`);
  console.log(
    `  in the analysis worker             longest host task ${Math.min(...blocked).toFixed(1)} ms (worst ${Math.max(...blocked).toFixed(1)} ms), result after ${Math.min(...walls).toFixed(0)} ms; ${verdict('no task over 50 ms', Math.max(...blocked) <= 50)}`,
  );
}

void main();

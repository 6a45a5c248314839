import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import type * as WorkerThreads from 'node:worker_threads';
import { lintFile, type FileOutcome, type FileTask } from './lintFile';

/** Below this many files a worker's start-up (loading the bundle) costs more than it saves. */
export const POOL_MIN_FILES = 8;

export interface PoolOptions {
  /**
   * Threads (this one included); 0 or 1: this thread only, the default. Measured on the
   * corpus (74 files) and on four copies of it on the shared 2-core machine (README, lint
   * options), a worker costs about 0.6 s of CPU (it loads and warms up the analysis on its
   * own) and the pool was slower end to end at both sizes, so it is opt-in.
   */
  jobs?: number;
  /** The worker script; by default lint-worker.js beside this bundle. */
  workerFile?: string;
}

/**
 * Analyse every task, on worker threads when it pays, and return the outcomes in
 * task order, so the output is the same as a run on one thread. Each worker takes
 * the next file when it is done with one (files differ a lot in size). A worker
 * that dies hands its file back to this thread; nothing is lost.
 */
/** The threads used: this one plus `threads - 1` workers; 0 when no worker started. */
export async function analyzeInPool(
  tasks: FileTask[],
  options: PoolOptions = {},
): Promise<{ outcomes: FileOutcome[]; threads: number }> {
  const workerFile = options.workerFile ?? path.join(__dirname, 'lint-worker.js');
  // At most twice the cores, and a few files per thread at least.
  const wanted = tasks.length >= POOL_MIN_FILES ? Math.min(options.jobs ?? 1, availableParallelism() * 2) : 1;
  const threads = Math.min(wanted, Math.ceil(tasks.length / 4));
  if (threads <= 1 || !existsSync(workerFile)) return { outcomes: await serial(tasks), threads: 0 };

  // Loaded only when threads are used: the module costs a serial run ~3 ms of start-up.
  const { Worker } = require('node:worker_threads') as typeof WorkerThreads;
  const outcomes: FileOutcome[] = new Array<FileOutcome>(tasks.length);
  let next = 0;
  const runWorker = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(workerFile);
      let current = -1;
      let done = false;
      const feed = () => {
        if (next >= tasks.length) {
          current = -1;
          done = true;
          void worker.terminate().then(() => resolve());
          return;
        }
        current = next++;
        worker.postMessage({ index: current, task: tasks[current] });
      };
      worker.on('message', (m: { index: number; outcome: FileOutcome }) => {
        outcomes[m.index] = m.outcome;
        feed();
      });
      const fail = () => {
        if (done) return;
        done = true;
        worker.removeAllListeners();
        // Finish here what this worker had, and leave the rest to the others (or to us).
        const mine = current;
        current = -1;
        void (async () => {
          if (mine >= 0) outcomes[mine] = await lintFile(tasks[mine]!);
          while (next < tasks.length) {
            const i = next++;
            outcomes[i] = await lintFile(tasks[i]!);
          }
          resolve();
        })();
      };
      worker.on('error', fail);
      worker.on('exit', () => {
        if (!done) fail();
      });
      feed();
    });
  // This thread takes files too: with N cores, N-1 workers and this one keep every core busy.
  const here = async () => {
    while (next < tasks.length) {
      const i = next++;
      outcomes[i] = await lintFile(tasks[i]!);
      await new Promise((r) => setImmediate(r)); // let the workers' results in to hand them the next file
    }
  };
  await Promise.all([...Array.from({ length: threads - 1 }, runWorker), here()]);
  return { outcomes, threads: threads - 1 };
}

/** One thread, files in order (each read synchronously: see readRegularFileSync). */
async function serial(tasks: FileTask[]): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = [];
  for (const task of tasks) outcomes.push(await lintFile(task));
  return outcomes;
}

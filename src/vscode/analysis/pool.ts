import { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './protocol';

/** What a request to the worker came to: its answer, or why there is none. */
export type WorkerOutcome =
  | WorkerResponse
  /** Over its time budget: the worker was stopped (a new one starts for the next request). */
  | { kind: 'timedOut' }
  /** A newer analysis of the same document was asked for before this one started, or the worker was disposed. */
  | { kind: 'superseded' };

type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

interface Job {
  request: Request;
  budgetMs: number | undefined;
  resolve(outcome: WorkerOutcome): void;
}

/**
 * One long-lived worker thread (./worker.ts) for the analyses too large to run
 * on the extension host's thread. Requests run one at a time, so each one's
 * time budget counts only its own work; a queued analysis is dropped when a
 * newer one of the same document arrives. A request over its budget stops the
 * worker: the document gets "analysis took too long", nothing freezes. No
 * vscode import, so the bench drives it as the extension does.
 */
export class AnalysisWorker {
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private running: { id: number; job: Job; timer: ReturnType<typeof setTimeout> | undefined } | undefined;
  private nextId = 1;
  private disposed = false;

  /** `script`: the built worker, dist/analysisWorker.js. */
  constructor(
    private readonly script: string,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Analyse one document version; a queued, not yet started analysis of the same document is superseded. */
  analyze(request: Extract<Request, { kind: 'analyze' }>, budgetMs: number): Promise<WorkerOutcome> {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const queued = this.queue[i]!;
      if (queued.request.kind === 'analyze' && queued.request.key === request.key) {
        this.queue.splice(i, 1);
        queued.resolve({ kind: 'superseded' });
      }
    }
    return this.enqueue(request, budgetMs);
  }

  /** Completions, hovers and forgetting a closed document: quick questions about the worker's own parse. */
  ask(request: Exclude<Request, { kind: 'analyze' }>): Promise<WorkerOutcome> {
    return this.enqueue(request, undefined);
  }

  private enqueue(request: Request, budgetMs: number | undefined): Promise<WorkerOutcome> {
    if (this.disposed) return Promise.resolve({ kind: 'superseded' });
    return new Promise((resolve) => {
      this.queue.push({ request, budgetMs, resolve });
      this.pump();
    });
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const job = this.queue.shift();
    if (!job) return;
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const timer =
      job.budgetMs === undefined
        ? undefined
        : setTimeout(() => {
            this.log(`analysis worker: over its ${job.budgetMs} ms budget; restarting it`);
            this.stopWorker();
            this.finish(id, { kind: 'timedOut' });
          }, job.budgetMs);
    this.running = { id, job, timer };
    worker.postMessage({ ...job.request, id } as WorkerRequest);
  }

  private finish(id: number, outcome: WorkerOutcome): void {
    const running = this.running;
    if (!running || running.id !== id) return;
    if (running.timer) clearTimeout(running.timer);
    this.running = undefined;
    running.job.resolve(outcome);
    this.pump();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', (response: WorkerResponse) => this.finish(response.id, response));
    const lost = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.log(`analysis worker: ${why}`);
      if (this.running) this.finish(this.running.id, { id: this.running.id, kind: 'failed', message: why });
    };
    worker.on('error', (e) => lost(`failed: ${e.message}`));
    worker.on('exit', (code) => lost(`exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  dispose(): void {
    this.disposed = true;
    this.stopWorker();
    if (this.running?.timer) clearTimeout(this.running.timer);
    const pending = [...(this.running ? [this.running.job] : []), ...this.queue.splice(0)];
    this.running = undefined;
    for (const job of pending) job.resolve({ kind: 'superseded' });
  }
}

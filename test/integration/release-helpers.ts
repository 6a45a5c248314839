// Helpers of 6-release.test.ts: moto on loopback, started from the extension host, and a
// Prompter that answers the release commands' questions from a script.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  InputOptions,
  ModalOptions,
  PickItem,
  PickOptions,
  ReleasePrompter,
} from '../../src/vscode/release/types';

/** Passed explicitly to every client: no credential chain, no instance-metadata probe. */
export const DUMMY_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing', sessionToken: 'testing' };
export const REGION = 'us-east-1';

export interface Moto {
  endpoint: string;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export function motoSkipReason(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import moto.server, flask'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error) return 'python3 is not installed: the release tests need python3 with moto[server]';
  if (probe.status !== 0)
    return 'moto (with its server extra) is not installed for python3: pip install "moto[server]"';
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function ping(endpoint: string): Promise<boolean> {
  try {
    return (await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/** `python3 -m moto.server` on 127.0.0.1 and a free port; ready when /moto-api/ answers (bounded retries). */
export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'cfn-hup-moto-'));
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`moto exited (${code}) before it was ready: ${stderr}`))),
  );
  exited.catch(() => undefined);
  let ready = false;
  // Up to ~30 s; each attempt waits for the previous answer (or the 2 s time-out), then 100 ms.
  for (let attempt = 0; attempt < 200 && !ready; attempt++) {
    ready = await Promise.race([ping(endpoint), exited]);
    if (!ready) await new Promise((r) => setTimeout(r, 100));
  }
  if (!ready) {
    child.kill('SIGTERM');
    throw new Error(`moto did not answer on ${endpoint}: ${stderr}`);
  }
  return {
    endpoint,
    async reset() {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset failed: ${res.status}`);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** Answer an InputBox with the value it proposes. */
export const KEEP = Symbol('keep the proposed value');
export type Answer = string | undefined | typeof KEEP;

export interface Asked {
  kind: 'pick' | 'input' | 'modal';
  title?: string;
  message?: string;
  detail?: string;
  items?: string[];
  value?: string;
  /** validateInput's answers for the proposed value, then for each probe. */
  validation?: (string | undefined)[];
}

/** A Prompter with scripted answers, in order; it records every question and fails on one it did not expect. */
export class ScriptedPrompter implements ReleasePrompter {
  readonly asked: Asked[] = [];
  constructor(
    private readonly answers: Answer[],
    private readonly probes: string[] = [],
  ) {}
  private next(kind: string, what: string): Answer {
    if (!this.answers.length) throw new Error(`unexpected ${kind} "${what}": the script has no answer left`);
    return this.answers.shift();
  }
  get unanswered(): number {
    return this.answers.length;
  }
  async showQuickPick<T extends PickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined> {
    this.asked.push({ kind: 'pick', title: options.title, items: items.map((i) => i.label) });
    const a = this.next('QuickPick', options.title ?? '');
    return typeof a === 'string' ? items.find((i) => i.label === a) : undefined;
  }
  async showInputBox(options: InputOptions): Promise<string | undefined> {
    const validation = options.validateInput
      ? await Promise.all([options.value ?? '', ...this.probes].map((v) => options.validateInput!(v)))
      : undefined;
    this.asked.push({ kind: 'input', title: options.title, message: options.prompt, value: options.value, validation });
    const a = this.next('InputBox', options.title ?? '');
    return a === KEEP ? options.value : a;
  }
  async showWarningMessage(message: string, options: ModalOptions, ...items: string[]): Promise<string | undefined> {
    this.asked.push({ kind: 'modal', message, detail: options.detail, items });
    const a = this.next('modal', message);
    return a === KEEP ? undefined : a;
  }
}

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A moto server on loopback for one test file: started in `before`, reset
 * between tests, killed in `after`. Readiness is polled with bounded retries;
 * there is no fixed sleep. When python3 or moto is missing, `skipReason` says
 * so and the tests that need it are skipped rather than failed.
 */
export interface Moto {
  endpoint: string;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Dummy credentials, passed explicitly: the machine's ~/.aws is never read. */
// The pinned SDK supports Node 20; its notice about future versions is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const DUMMY_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing', sessionToken: 'testing' };
export const REGION = 'us-east-1';

export function motoSkipReason(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import moto.server, flask; print(moto.__version__)'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (probe.error) return 'python3 is not installed: the moto end-to-end tests need python3 with moto[server]';
  if (probe.status !== 0)
    return 'moto (with its server extra) is not installed for python3: pip install "moto[server]"';
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'moto-'));
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`moto exited (${code}) before it was ready: ${stderr}`))),
  );
  // Bounded readiness polling: up to ~30 s, each attempt waits for the previous answer.
  let ready = false;
  for (let attempt = 0; attempt < 300 && !ready; attempt++) {
    ready = await Promise.race([ping(endpoint), exited]);
    if (!ready) await new Promise((r) => setTimeout(r, 100));
  }
  if (!ready) {
    child.kill('SIGTERM');
    throw new Error(`moto did not answer on ${endpoint}: ${stderr}`);
  }
  exited.catch(() => undefined);
  return {
    endpoint,
    async reset() {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset failed: ${res.status}`);
    },
    async stop() {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

async function ping(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../../src/cli/main';
import { readStream } from '../../../src/cli/read';

/** Run the CLI in-process; `stdin` is what `lint -` reads. */
export async function runCli(args: string[], cwd: string, stdin?: string | Buffer) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
    readStdin: (max) => readStream(Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]), max),
  });
  return { code, stdout, stderr };
}

export function tempDir(prefix = 'cfn-hup-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

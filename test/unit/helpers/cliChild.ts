import { spawn, type SpawnOptions } from 'node:child_process';
import { main } from '../../../src/cli/main';
import { endQuietlyOnClosedPipe } from '../../../src/cli/pipe';
import { readStream } from '../../../src/cli/read';

/**
 * Some behaviour needs a real process: a closed stdout pipe, or another user's
 * permissions. A test bundle re-runs itself as the CLI (with bin.ts's wiring)
 * when this variable is set, instead of defining its tests.
 */
const CHILD = 'CFN_HUP_TOOLS_TEST_CLI_ARGS';

export function runAsCliIfChild(): boolean {
  const args = process.env[CHILD];
  if (args === undefined) return false;
  endQuietlyOnClosedPipe();
  void main(JSON.parse(args) as string[], {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    readStdin: (max) => readStream(process.stdin, max),
  }).then((code) => {
    process.exitCode = code;
  });
  return true;
}

/** Start `bundle` (a test file's own bundle, __filename) as the CLI with these arguments. */
export function spawnCli(bundle: string, args: string[], options: SpawnOptions = {}) {
  return spawn(process.execPath, [bundle], {
    ...options,
    env: { PATH: process.env.PATH ?? '', [CHILD]: JSON.stringify(args) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

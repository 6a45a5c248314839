/**
 * The executable's first file (dist/cli.js), kept tiny on purpose (issue 12): `--version` and
 * `--help` are answered here, before the rest of the CLI (dist/cli-main.js, src/cli/bin.ts: a
 * bundle node must read and compile) is loaded; any other command loads it. The usage text is
 * main.ts's own, captured from the built dist/cli-main.js at build time (scripts/build.mjs), and
 * a unit test checks both files print the same. Only ./codeCache.ts is bundled in, and it requires
 * node's modules when called: every import costs start-up.
 */
import type * as Os from 'node:os';
import type * as Path from 'node:path';
import type * as V8 from 'node:v8';
import { codeCacheDir, loadWithCodeCache } from './codeCache';

declare const __VERSION__: string;
/** One code cache per command (each compiles its own part of the CLI); anything else shares one. */
const COMMANDS = new Set(['lint', 'rules', 'status', 'metadata', 'release', 'instances', 'update', 'replace']);
declare const __USAGE__: string;

const first = process.argv[2];
if (
  first === '--version' ||
  first === '-V' ||
  first === undefined ||
  first === '--help' ||
  first === '-h' ||
  first === 'help'
) {
  // As main(): output into a closed pipe ends quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const version = first === '--version' || first === '-V';
  process.stdout.write(version ? `${__VERSION__}\n` : __USAGE__);
  // No command at all is a usage error, as in main().
  process.exitCode = first === undefined ? 2 : 0;
} else {
  // The main chunk, loaded only now (external to this bundle: scripts/build.mjs), through V8's code
  // cache (./codeCache.ts): a fresh process then skips compiling what an earlier run compiled.
  const { homedir } = require('node:os') as typeof Os;
  // Two V8 settings for a process that lives a fraction of a second (issue 12), set before any
  // code is compiled, so the code cache is made and used under the same flags. Both are read by
  // V8 as it goes, so setting them here takes effect (measured: the corpus lint's scavenges and
  // its time, below).
  const v8 = require('node:v8') as typeof V8;
  // A lint run allocates a located tree per template, most of it dead by the next file. The young
  // generation starts at 1 MB and doubles at each collection: a corpus run made ~16 scavenges
  // promoting trees about to die. Growing straight to its usual maximum (16 MB) leaves ~6.
  v8.setFlagsFromString('--semi-space-growth-factor=16');
  // V8 optimises a function after a budget of bytecode run (66 KB by default), tuned for
  // long-lived pages. On the corpus that optimised 97 functions, 20 of them deoptimised again by
  // the next templates' shapes; with four times the budget, 43 and 4 (--trace-opt/--trace-deopt).
  // The corpus lint's median went from 391 to 316 ms, 8 MB of templates from 790 to 631 ms, a
  // 4 MB template from 1267 to 1124 ms (2x and 8x were slower than 4x on the corpus; idle
  // 2-core machine, 7-25 interleaved runs each).
  v8.setFlagsFromString('--interrupt-budget=270336');
  const load = loadWithCodeCache(
    (require('node:path') as typeof Path).join(__dirname, 'cli-main.js'),
    codeCacheDir(process.env, process.platform, homedir()),
    COMMANDS.has(first) ? first : 'other',
  );
  // At exit, so the cache holds every function this run compiled.
  process.once('exit', () => load.save());
}

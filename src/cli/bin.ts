import { homedir } from 'node:os';
import * as path from 'node:path';
import { main } from './main';
import { endQuietlyOnClosedPipe } from './pipe';
import { readStream } from './read';
import { beforeSdkLoad } from '../aws/lazy';
import { codeCacheDir, loadWithCodeCache } from './codeCache';

endQuietlyOnClosedPipe();

const command = process.argv[2];

// The AWS SDK half (dist/aws.js, 2.5 MB) through V8's code cache too, as dist/cli.js loads this
// bundle: loading it took ~140 ms of every AWS command, ~50 ms with the cache. Evaluated here, it is
// registered in require.cache, where src/aws/lazy.ts's require('./aws.js') finds it. One cache for
// every AWS command (~5 MB): most of what they compile is the SDK's own set-up, common to all.
beforeSdkLoad(() => {
  const load = loadWithCodeCache(
    path.join(__dirname, 'aws.js'),
    codeCacheDir(process.env, process.platform, homedir()),
    'sdk',
  );
  process.once('exit', () => load.save());
});

// The executable: real process I/O around the testable main().
main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  readStdin: (maxBytes) => readStream(process.stdin, maxBytes),
}).then(
  (code) => {
    process.exitCode = code;
    // lint and rules have nothing left to do once their output is out. Ending the loop naturally
    // would first wait for V8's background compilations of code that never runs again (tens of
    // milliseconds on a busy 2-core machine). The AWS commands end naturally: nothing of theirs is cut short.
    if (command === 'lint' || command === 'rules') exitOnceFlushed(code);
  },
  () => {
    process.exitCode = 2;
  },
);

/** Exit once everything written so far has reached stdout and stderr (writes are flushed in order). */
function exitOnceFlushed(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

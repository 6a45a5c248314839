import { main } from './main';
import { endQuietlyOnClosedPipe } from './pipe';
import { readStream } from './read';

endQuietlyOnClosedPipe();

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
  },
  () => {
    process.exitCode = 2;
  },
);

import { main } from './main';
import { readStream } from './read';

// Output into a closed pipe (`cfn-hup-tools lint | head -1`): stop quietly, as other CLI tools do.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
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
  },
  () => {
    process.exitCode = 2;
  },
);

// npm start: lint the bundled examples. Findings are the point of the demo, so
// exit 1 ("errors found") is success here; exit 2 (a real failure) is not.
import { spawnSync } from 'node:child_process';

const result = spawnSync(process.execPath, ['dist/cli.js', 'lint', 'examples', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
if (result.status === 1)
  console.log(
    '\nexamples/silent-failures.yaml is wrong on purpose: each finding above is a release that would never reach the fleet.',
  );
process.exitCode = result.status === 0 || result.status === 1 ? 0 : (result.status ?? 2);

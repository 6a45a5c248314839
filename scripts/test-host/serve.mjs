#!/usr/bin/env node
// Starts the offline host's VS Code server with the extension under development and prints the
// workbench address, for a person to open in any browser (forward the port from a remote machine).
//   node scripts/test-host/serve.mjs            the fixture workspace, extension loaded
//   node scripts/test-host/serve.mjs --tests    ... and the integration suite runs in that tab
//   node scripts/test-host/serve.mjs DIR        another folder
// Ctrl+C stops the server. Rebuild (npm run build) and reload the window to pick up changes.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { repoRoot } from './config.mjs';
import { ensureHost } from './install.mjs';
import { startServer, workbenchUrl } from './web.mjs';

const args = process.argv.slice(2);
const withTests = args.includes('--tests');
const folder = resolve(args.find((a) => !a.startsWith('--')) ?? join(repoRoot, 'test', 'fixtures', 'workspace'));
const build = spawnSync(
  process.execPath,
  [join(repoRoot, 'scripts', withTests ? 'test-host/run.mjs' : 'build.mjs'), ...(withTests ? ['--build-only'] : [])],
  { cwd: repoRoot, stdio: 'inherit' },
);
if (build.status !== 0) process.exit(1);
const host = await ensureHost();
const server = await startServer(host, { serverLog: join(repoRoot, 'out', 'test-host', 'server.log') });
const url = workbenchUrl(server.port, {
  workspace: folder,
  extensionTestsPath: withTests ? join(repoRoot, 'out', 'test', 'integration', 'index.js') : undefined,
});
console.log(
  `VS Code server on 127.0.0.1:${server.port} (log: out/test-host/server.log)\nOpen:\n${url}\nCtrl+C to stop.`,
);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

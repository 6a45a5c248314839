// The offline host: VS Code's own server (from the code-server npm package, run with Node 24)
// and its web workbench in Debian's Chromium, driven by playwright-core.
// openWorkbench() is shared by the integration tests (run-web) and the screenshots script.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath, repoRoot } from './config.mjs';
import { ensureHost } from './install.mjs';

/** Settings of the test workbench (not of the extension: its cfnHup.* settings keep their defaults). */
export const WORKBENCH_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  // The web workbench auto-saves after 1 s by default: tests that edit fixtures would save them.
  'files.autoSave': 'off',
};

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Starts VS Code's server on a free loopback port; resolves once it listens. */
export async function startServer(host, { serverLog, machineSettings = WORKBENCH_SETTINGS }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cfn-hup-vscode-server-'));
  // The remote "Machine" settings of this throwaway server: a quiet, repeatable workbench.
  mkdirSync(join(dataDir, 'data', 'Machine'), { recursive: true });
  writeFileSync(join(dataDir, 'data', 'Machine', 'settings.json'), JSON.stringify(machineSettings, null, 2));
  const args = [
    host.serverMain,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--without-connection-token',
    '--accept-server-license-terms',
    // Without it a built workbench ignores extensionDevelopmentPath / extensionTestsPath.
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--server-data-dir',
    dataDir,
  ];
  const out = createWriteStream(serverLog);
  // Own process group, so the server and its extension hosts are stopped together.
  const child = spawn(host.nodeBin, args, {
    cwd: dataDir,
    env: process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.pipe(out);
  const port = await new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error(`the VS Code server did not start in 60 s (log: ${serverLog})`)),
      60_000,
    );
    child.stdout.on('data', (chunk) => {
      out.write(chunk);
      buffer += chunk;
      const m = /Extension host agent listening on (\d+)/.exec(buffer);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
        buffer = '';
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the VS Code server exited with ${code} before listening (log: ${serverLog})`));
    });
  });
  child.stdout.removeAllListeners('data');
  child.stdout.pipe(out);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
    out.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { port, stop };
}

/** The workbench address: the folder to open, and the payload that loads the extension (and its tests). */
export function workbenchUrl(port, { workspace, extensionDevelopmentPath = repoRoot, extensionTestsPath, env = {} }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
    ['skipWelcome', 'true'],
  ];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  // Environment variables of the extension host, and a Node inspector on it (debugging).
  if (Object.keys(env).length) payload.push(['extensionEnvironment', JSON.stringify(env)]);
  if (process.env.CFN_HUP_TOOLS_INSPECT) payload.push(['inspect-extensions', process.env.CFN_HUP_TOOLS_INSPECT]);
  if (process.env.CFN_HUP_TOOLS_INSPECT_BRK)
    payload.push(['inspect-brk-extensions', process.env.CFN_HUP_TOOLS_INSPECT_BRK]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * Opens the workbench on `workspace` with the extension under development loaded (and, when
 * `extensionTestsPath` is given, its tests running). Returns the Playwright page and a close().
 */
export async function openWorkbench({
  workspace,
  extensionDevelopmentPath = repoRoot,
  extensionTestsPath,
  env = {},
  viewport = { width: 1400, height: 900 },
  settings = {},
  onExit = () => {},
  onLog = () => {},
  onPageConsole = () => {},
}) {
  const browserPath = chromiumPath();
  if (!existsSync(browserPath))
    throw new Error(`no Chromium at ${browserPath}: apt-get install -y chromium (or set CFN_HUP_TOOLS_CHROMIUM)`);
  const host = await ensureHost();
  const logDir = join(repoRoot, 'out', 'test-host');
  mkdirSync(logDir, { recursive: true });
  const serverLog = join(logDir, 'server.log');
  const server = await startServer(host, { serverLog, machineSettings: { ...WORKBENCH_SETTINGS, ...settings } });
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: browserPath,
      headless: !process.env.CFN_HUP_TOOLS_HEADED,
      args: CHROMIUM_ARGS,
    });
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    // The workbench calls these (smoke-test driver): the tests' exit code, and the extension host's console.
    await page.exposeFunction('codeAutomationExit', (code) => onExit(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type, args) => onLog(type, args));
    page.on('console', (msg) => onPageConsole(msg));
    const url = workbenchUrl(server.port, { workspace, extensionDevelopmentPath, extensionTestsPath, env });
    await page.goto(url);
    return {
      page,
      url,
      port: server.port,
      serverLog,
      close: async () => {
        await browser.close().catch(() => {});
        await server.stop();
      },
    };
  } catch (e) {
    await browser?.close().catch(() => {});
    await server.stop();
    throw e;
  }
}

#!/usr/bin/env node
// `npm run test:integration`: builds the extension and the integration suite, then runs the
// suite inside a real VS Code. Two hosts, one suite (test/integration/index.ts exports run()):
//   CFN_HUP_TOOLS_HOST=web       VS Code's server (code-server package, Node 24) + headless Chromium;
//                                offline, installed once into a cache (scripts/test-host/install.mjs)
//   CFN_HUP_TOOLS_HOST=electron  VS Code desktop through @vscode/test-electron (downloads VS Code)
// Default: electron where there is a display and this is not CI, else web.
// CFN_HUP_TOOLS_EXTENSION_PATH runs the suite against another copy of the extension (the VSIX as
// VS Code installed it, see test/artifacts) instead of this folder.
// Ends with the line "integration: N passed, N failed"; exits non-zero when a test fails.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { format } from 'node:util';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './config.mjs';

const WORKSPACE = join(repoRoot, 'test', 'fixtures', 'workspace');
const TESTS_OUT = join(repoRoot, 'out', 'test', 'integration');
const RESULTS = join(repoRoot, 'out', 'test-host', 'results.json');
const EXTENSION_PATH = process.env.CFN_HUP_TOOLS_EXTENSION_PATH || repoRoot;
const COUNT_LINE = /^integration: (\d+) passed, (\d+) failed/;
/**
 * The extension host's AWS environment: the SDK never probes the instance-metadata address,
 * never reads the machine's ~/.aws or credentials from AWS_* variables (empty counts as unset),
 * and finds only the fixture profiles, none of which resolves credentials. Tests that reach
 * moto pass dummy credentials explicitly.
 */
const AWS_ISOLATION = {
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: join(repoRoot, 'test', 'fixtures', 'aws', 'profiles', 'config'),
  AWS_SHARED_CREDENTIALS_FILE: join(repoRoot, 'test', 'fixtures', 'aws', 'profiles', 'credentials'),
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_SESSION_TOKEN: '',
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
  AWS_WEB_IDENTITY_TOKEN_FILE: '',
};
/** test/integration/index.ts logs this first. */
const START_MARK = 'integration: running';

function chooseHost() {
  const wanted = process.env.CFN_HUP_TOOLS_HOST;
  if (wanted === 'web' || wanted === 'electron') return wanted;
  if (wanted) throw new Error(`CFN_HUP_TOOLS_HOST must be "web" or "electron", not "${wanted}"`);
  const display = process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
  return display && !process.env.CI ? 'electron' : 'web';
}

async function buildAll() {
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the extension failed');
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js was not built');
  rmSync(TESTS_OUT, { recursive: true, force: true });
  const dir = join(repoRoot, 'test', 'integration');
  const entryPoints = readdirSync(dir)
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => join(dir, f));
  await build({
    entryPoints,
    outdir: TESTS_OUT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // The host provides `vscode`; mocha must be the one instance that index.ts configures.
    external: ['vscode', 'mocha'],
    mainFields: ['module', 'main'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

function readResults() {
  try {
    return JSON.parse(readFileSync(RESULTS, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Workbench chatter that reaches the same console as the tests: offline look-ups, sign-in, chat. */
const NOISE = [
  /^\[ChatModelSelection\]/,
  /^\[AgentHost/,
  /ENOTFOUND/,
  /authentication provider/,
  /^\[AccountPolicyGate\]/,
  /^\[Service Worker\]/,
];

async function runWeb(env) {
  const { openWorkbench } = await import('./web.mjs');
  const verbose = !!process.env.CFN_HUP_TOOLS_VERBOSE;
  const timeoutMs = Number(process.env.CFN_HUP_TOOLS_TIMEOUT_MS || 15 * 60_000);
  const rawLog = createWriteStream(join(repoRoot, 'out', 'test-host', 'workbench-console.log'));
  let countLine;
  let started = false;
  let finish;
  const exited = new Promise((resolve) => {
    finish = resolve;
  });
  // codeAutomationLog gets the workbench's console, the extension host's (mocha's reporter) included.
  const onLog = (type, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    rawLog.write(`[${type}] ${text}\n`);
    if (text.startsWith(START_MARK)) started = true;
    const show = verbose || (started && !NOISE.some((re) => re.test(text)));
    for (const line of text.replace(/\n$/, '').split('\n')) {
      if (COUNT_LINE.test(line)) countLine = line;
      if (show) console.log(line);
    }
  };
  const workbench = await openWorkbench({
    workspace: WORKSPACE,
    extensionDevelopmentPath: EXTENSION_PATH,
    extensionTestsPath: join(TESTS_OUT, 'index.js'),
    env,
    onExit: (code) => finish(code),
    onLog,
    onPageConsole: (msg) => {
      if (verbose) console.log(`[page ${msg.type()}] ${msg.text()}`);
    },
  });
  console.log(`[test-host] web workbench: VS Code server on 127.0.0.1:${workbench.port} (log: ${workbench.serverLog})`);
  const timer = setTimeout(() => {
    console.error(`[test-host] no exit code from the workbench after ${timeoutMs / 1000} s`);
    finish(124);
  }, timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  if (code !== 0 || verbose) {
    await workbench.page.screenshot({ path: join(repoRoot, 'out', 'test-host', 'last-run.png') }).catch(() => {});
  }
  await workbench.close();
  rawLog.end();
  if (code !== 0) {
    const log = readFileSync(workbench.serverLog, 'utf8').split('\n').slice(-40).join('\n');
    console.error(`[test-host] server log (last lines):\n${log}`);
    console.error('[test-host] see also out/test-host/workbench-console.log and out/test-host/last-run.png');
  }
  return { code, countLine };
}

async function runElectron(env) {
  let runTests;
  try {
    ({ runTests } = await import('@vscode/test-electron'));
  } catch {
    throw new Error('@vscode/test-electron is not installed (npm ci)');
  }
  let code = 0;
  try {
    code = await runTests({
      version: process.env.CFN_HUP_TOOLS_VSCODE_VERSION || 'stable',
      extensionDevelopmentPath: EXTENSION_PATH,
      extensionTestsPath: join(TESTS_OUT, 'index.js'),
      extensionTestsEnv: env,
      launchArgs: [
        WORKSPACE,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } catch (e) {
    console.error(`[test-host] ${e.message ?? e}`);
    code = 1;
  }
  return { code, countLine: undefined };
}

async function main() {
  const started = Date.now();
  await buildAll();
  if (process.argv.includes('--build-only')) return;
  const host = chooseHost();
  mkdirSync(join(repoRoot, 'out', 'test-host'), { recursive: true });
  rmSync(RESULTS, { force: true });
  const env = { CFN_HUP_TOOLS_RESULTS: RESULTS, ...AWS_ISOLATION };
  if (process.env.CFN_HUP_TOOLS_GREP) env.CFN_HUP_TOOLS_GREP = process.env.CFN_HUP_TOOLS_GREP;
  const against = EXTENSION_PATH === repoRoot ? '' : ` against the extension in ${EXTENSION_PATH}`;
  console.log(`[test-host] running the integration suite in the ${host} host${against}`);
  const { code, countLine } = host === 'web' ? await runWeb(env) : await runElectron(env);
  const results = readResults();
  const seconds = Math.round((Date.now() - started) / 1000);
  let exitCode = code;
  let line = countLine;
  if (results)
    line = `integration: ${results.passes} passed, ${results.failures} failed${results.pending ? `, ${results.pending} skipped` : ''}`;
  if (!line) {
    line = `integration: 0 passed, 1 failed`;
    console.error('[test-host] the suite reported no results');
    exitCode ||= 1;
  } else {
    const m = COUNT_LINE.exec(line);
    if (m && (Number(m[2]) > 0 || Number(m[1]) === 0)) exitCode ||= 1;
  }
  console.log(`[test-host] ${host} host finished in ${seconds} s with exit code ${exitCode}`);
  console.log(line);
  process.exitCode = exitCode;
}

main().catch((e) => {
  console.error(`[test-host] ${e.stack ?? e}`);
  console.log('integration: 0 passed, 1 failed');
  process.exitCode = 1;
});

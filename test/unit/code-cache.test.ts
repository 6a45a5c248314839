import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCacheDir, loadWithCodeCache } from '../../src/cli/codeCache';

/**
 * Issue 12: the CLI loads its bundle through V8's code cache. What a user relies on: the code
 * that runs is always the bundle on disk (never an older build's cache), a cache anyone else
 * could have written is not trusted, and any cache trouble only means a normal load.
 */
/**
 * Each load runs in a fresh node process, as the CLI does: inside one process V8 reuses the
 * script it compiled already and never looks at the cache, so only a new process tells.
 */
const CHILD = 'CFN_HUP_CODE_CACHE_TEST_CHILD';
if (process.env[CHILD]) {
  const { file, dir, tag } = JSON.parse(process.env[CHILD]) as { file: string; dir: string; tag: string };
  const load = loadWithCodeCache(file, dir, tag);
  const registered = require.cache[file]?.filename === file;
  load.save();
  process.stdout.write(
    JSON.stringify({
      status: load.status,
      ran: (globalThis as { codeCacheProbe?: string }).codeCacheProbe,
      registered,
    }),
  );
  process.exit(0);
}

function load(
  file: string,
  dir: string,
  tag = 'lint',
  nodeFlags: string[] = [],
): { status: string; ran: string; registered: boolean } {
  const r = spawnSync(process.execPath, [...nodeFlags, __filename], {
    encoding: 'utf8',
    env: { ...process.env, [CHILD]: JSON.stringify({ file, dir, tag }) },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { status: string; ran: string; registered: boolean };
}

function fixture(body: string): { dir: string; file: string; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-hup-code-cache-'));
  const file = join(dir, 'bundle.js');
  writeFileSync(file, body);
  writeFileSync(join(dir, 'dep.js'), "module.exports = 'dep';\n");
  return { dir, file, cache: join(dir, 'cache') };
}

// Same length on purpose: V8's own check of a cache against its source compares only the length.
const A = "globalThis.codeCacheProbe = 'A:' + require('./dep.js') + ':' + typeof require.resolve;\n";
const B = "globalThis.codeCacheProbe = 'B:' + require('./dep.js') + ':' + typeof require.resolve;\n";

test('the first run compiles and writes a private cache at exit; the next run uses it', () => {
  const { file, cache } = fixture(A);
  const first = load(file, cache);
  assert.deepEqual(first, { status: 'missing', ran: 'A:dep:function', registered: true });
  const [name] = readdirSync(cache);
  assert.match(name!, /^bundle-lint-[0-9a-f]{16}-[0-9a-f]{8}-v\d+\.\d+\.\d+-\w+\.v8$/);
  if (process.platform !== 'win32') {
    assert.equal(statSync(cache).mode & 0o777, 0o700);
    assert.equal(statSync(join(cache, name!)).mode & 0o777, 0o600);
  }
  assert.deepEqual(load(file, cache), { status: 'accepted', ran: 'A:dep:function', registered: true });
});

test('a rebuilt bundle of the same length never runs the old cache, and the old cache is removed', () => {
  const { file, cache } = fixture(A);
  load(file, cache);
  writeFileSync(file, B);
  const second = load(file, cache);
  assert.equal(second.status, 'missing', 'the cache name follows the bundle');
  assert.equal(second.ran, 'B:dep:function');
  assert.equal(readdirSync(cache).length, 1, 'only the cache of the bundle on disk is kept');
  assert.equal(load(file, cache).status, 'accepted');
});

test('commands keep caches of their own', () => {
  const { file, cache } = fixture(A);
  load(file, cache, 'lint');
  assert.equal(load(file, cache, 'status').status, 'missing');
  assert.equal(load(file, cache, 'lint').status, 'accepted');
  assert.equal(readdirSync(cache).length, 2);
});

test('runs under other node flags keep a cache of their own instead of replacing it each time', () => {
  const { file, cache } = fixture(A);
  const flagged = ['--stack-size=900'];
  assert.equal(load(file, cache).status, 'missing');
  assert.equal(load(file, cache, 'lint', flagged).status, 'missing');
  assert.equal(load(file, cache).status, 'accepted');
  assert.equal(load(file, cache, 'lint', flagged).status, 'accepted');
  assert.equal(readdirSync(cache).length, 2);
});

test('a cache file others can write, or bytes V8 refuses, only mean a normal load', () => {
  const { file, cache } = fixture(A);
  load(file, cache);
  const cached = join(cache, readdirSync(cache)[0]!);
  if (process.platform !== 'win32') {
    chmodSync(cached, 0o666);
    assert.equal(load(file, cache).status, 'missing', 'a world-writable cache is not read');
  }
  writeFileSync(cached, Buffer.from('not a V8 code cache at all'));
  chmodSync(cached, 0o600);
  assert.deepEqual(load(file, cache), { status: 'rejected', ran: 'A:dep:function', registered: true });
  assert.equal(load(file, cache).status, 'accepted', 'the refused cache was replaced');
});

test('an unwritable cache folder, or none, is not an error', () => {
  const { file, dir } = fixture(A);
  const blocked = join(dir, 'a-file-not-a-folder');
  writeFileSync(blocked, '');
  assert.deepEqual(load(file, join(blocked, 'cache')), { status: 'missing', ran: 'A:dep:function', registered: true });
  assert.deepEqual(load(file, ''), { status: 'off', ran: 'A:dep:function', registered: true });
});

test('where the cache lives, and how to turn it off', () => {
  const home = '/home/u';
  assert.equal(codeCacheDir({}, 'linux', home), '/home/u/.cache/cfn-hup-tools');
  assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/x' }, 'linux', home), '/x/cfn-hup-tools');
  assert.equal(codeCacheDir({}, 'darwin', home), '/home/u/Library/Caches/cfn-hup-tools');
  assert.equal(
    codeCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', ''),
    'C:\\Users\\u\\AppData\\Local\\cfn-hup-tools\\Cache',
  );
  assert.equal(codeCacheDir({}, 'win32', ''), undefined);
  assert.equal(codeCacheDir({ CFN_HUP_TOOLS_CACHE_DIR: '/c' }, 'linux', home), '/c');
  assert.equal(
    codeCacheDir({ CFN_HUP_TOOLS_CODE_CACHE: '0', CFN_HUP_TOOLS_CACHE_DIR: '/c' }, 'linux', home),
    undefined,
  );
  assert.equal(codeCacheDir({}, 'linux', ''), undefined, 'no home, no cache');
});

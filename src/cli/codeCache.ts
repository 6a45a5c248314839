/**
 * Load a CommonJS bundle through V8's code cache, as Python keeps `.pyc` files beside its
 * sources (issue 12). Most of a fresh `lint` process is V8 compiling the bundle's functions
 * as they are first called; the cache holds the bytecode of every function the first run
 * compiled, so later runs skip that work. Node 22 has this built in (module.enableCompileCache);
 * node 20, which we support, does not.
 *
 * What keeps it safe:
 * - The cache file's name carries the bundle's size, modification and change times and inode
 *   (what Python checks for a .pyc), the node version, the architecture and node's flags: a
 *   rebuilt, reinstalled or upgraded bundle never meets an old cache (V8's own check compares
 *   only the source length).
 * - It lives in the user's own cache folder, created private (0700); a file another user
 *   could have written is ignored (V8 trusts the bytecode it is given).
 * - Written once, atomically (a temporary file renamed), at exit; older caches of the same
 *   bundle are removed then.
 * - Anything going wrong (no home, read-only disk, a rejected cache) just means V8 compiles
 *   the source as without a cache. CFN_HUP_TOOLS_CODE_CACHE=0 turns it off.
 */
import type * as Fs from 'node:fs';
import type * as Path from 'node:path';
import type * as Vm from 'node:vm';
import type * as NodeModule from 'node:module';

export type CodeCacheStatus =
  /** V8 used the cache. */
  | 'accepted'
  /** V8 refused the cache (another V8 build or flags); a new one is written at save(). */
  | 'rejected'
  /** No cache yet; one is written at save(). */
  | 'missing'
  /** Off (CFN_HUP_TOOLS_CODE_CACHE=0) or no cache folder: loaded as plain require does. */
  | 'off';

export interface CodeCacheLoad {
  status: CodeCacheStatus;
  /** Write the cache when it was missing or rejected; call after the run, so it holds what the run compiled. */
  save(): void;
}

/**
 * The folder for the cache: CFN_HUP_TOOLS_CACHE_DIR, else the platform's user cache folder
 * (XDG_CACHE_HOME or ~/.cache, ~/Library/Caches, %LOCALAPPDATA%). Undefined when off.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv, platform: string, home: string): string | undefined {
  if (env.CFN_HUP_TOOLS_CODE_CACHE === '0') return undefined;
  const join = (...parts: string[]) => parts.join(platform === 'win32' ? '\\' : '/');
  if (env.CFN_HUP_TOOLS_CACHE_DIR) return env.CFN_HUP_TOOLS_CACHE_DIR;
  if (platform === 'win32') return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'cfn-hup-tools', 'Cache') : undefined;
  if (!home) return undefined;
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'cfn-hup-tools');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'cfn-hup-tools');
}

/**
 * Evaluate `file` as a CommonJS module (as `require(file)` would, and registered in
 * require.cache), with the code cache in `dir` when given. `tag` separates caches of the same
 * bundle that different commands fill (lint compiles other functions than release).
 */
export function loadWithCodeCache(file: string, dir: string | undefined, tag: string): CodeCacheLoad {
  // Required here, not at the top: dist/cli.js answers --version without loading anything.
  const fs = require('node:fs') as typeof Fs;
  const path = require('node:path') as typeof Path;
  const vm = require('node:vm') as typeof Vm;
  const { Module, createRequire } = require('node:module') as typeof NodeModule & {
    Module: new (id: string) => NodeJS.Module;
  };
  const plain: CodeCacheLoad = { status: 'off', save: () => undefined };
  if (!dir) {
    require(file);
    return plain;
  }

  // The bundle is named by its size and times, as Python names .pyc sources by mtime and size: a
  // rebuilt or reinstalled bundle gets a new name. (Hashing its bytes needed node:crypto, whose
  // loading alone cost more than the rest of this file.)
  const fd = fs.openSync(file, 'r');
  let bytes: Buffer;
  let stat: Fs.Stats;
  try {
    stat = fs.fstatSync(fd);
    bytes = fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  const hash = hash64(`${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}:${stat.dev}`);
  // V8 refuses a cache made under other V8 flags (node --some-flag, NODE_OPTIONS): one file per
  // flag set, so runs with and without flags do not overwrite each other's cache every time.
  const flags = hash64(`${process.execArgv.join(' ')}\n${process.env.NODE_OPTIONS ?? ''}`).slice(0, 8);
  const base = path.basename(file, '.js');
  const prefix = `${base}-${tag}-`;
  const current = `${prefix}${hash}-`;
  const runtime = `-${process.version}-${process.arch}.v8`;
  const cacheFile = path.join(dir, `${current}${flags}${runtime}`);
  const cached = readOwnFile(fs, cacheFile);

  const script = new vm.Script(wrap(bytes.toString('utf8')), { filename: file, cachedData: cached });
  const status: CodeCacheStatus = !cached ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted';

  const mod = new Module(file);
  mod.filename = file;
  const req = createRequire(file);
  (mod as { paths: string[] }).paths = req.resolve.paths('x') ?? [];
  require.cache[file] = mod;
  const evaluate = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: NodeJS.Module,
    filename: string,
    dirname: string,
  ) => void;
  try {
    evaluate.call(mod.exports, mod.exports, req, mod, file, path.dirname(file));
  } catch (e) {
    // As require does: a module that failed is not left half-made for the next require to find.
    delete require.cache[file];
    throw e;
  }
  (mod as { loaded: boolean }).loaded = true;

  let saved = false;
  return {
    status,
    save() {
      if (saved || status === 'accepted') return;
      saved = true;
      try {
        const data = script.createCachedData();
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        // O_EXCL: never through a link someone left under that name.
        fs.writeFileSync(temporary, data, { mode: 0o600, flag: 'wx' });
        fs.renameSync(temporary, cacheFile);
        // Caches of other builds of this bundle, or of another node, for this command are dead weight
        // (those of other flag sets for this build and node are kept).
        for (const name of fs.readdirSync(dir))
          if (name.startsWith(prefix) && name.endsWith('.v8') && !(name.startsWith(current) && name.endsWith(runtime)))
            fs.rmSync(path.join(dir, name), { force: true });
      } catch {
        // A cache is an optimisation: a read-only or full disk only means no cache.
      }
    },
  };
}

/** Node's CommonJS wrapper (Module.wrap), written out: the bundle sees what require gives a module. */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
}

/** The file's bytes when it is a regular file this user owns and nobody else can write; else undefined. */
function readOwnFile(fs: typeof Fs, file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return undefined;
    if (process.platform !== 'win32') {
      if (process.getuid && stat.uid !== process.getuid()) return undefined;
      if ((stat.mode & 0o022) !== 0) return undefined;
    }
    return fs.readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** 64 bits of FNV-1a (two 32-bit lanes) as 16 hex digits: a name, not a defence (the folder is private). */
function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export const TEMPLATE_EXTENSIONS = ['.json', '.yaml', '.yml', '.template'];
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', 'cdk.out', '.aws-sam']);

export interface Collected {
  files: string[];
  missing: string[];
}

/** Expand arguments (files, directories, simple globs with * ** ?) into template files, sorted. */
export async function collectFiles(args: string[], cwd: string): Promise<Collected> {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const arg of args) {
    if (/[*?[]/.test(arg)) {
      const matched = await expandGlob(arg, cwd);
      if (matched.length === 0) missing.push(arg);
      matched.forEach((f) => files.add(f));
      continue;
    }
    const abs = path.resolve(cwd, arg);
    const stat = await fs.stat(abs).catch(() => undefined);
    if (!stat) missing.push(arg);
    else if (stat.isDirectory()) (await walk(abs)).forEach((f) => files.add(f));
    else files.add(abs);
  }
  return { files: [...files].sort(), missing };
}

/** cfn-hup's own files, as found on an instance: cfn-hup.conf, hooks.conf, hooks.d/*. */
export function isCfnHupFile(file: string): boolean {
  const base = path.basename(file).toLowerCase();
  return (
    base === 'cfn-hup.conf' || base === 'hooks.conf' || path.basename(path.dirname(file)).toLowerCase() === 'hooks.d'
  );
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) out.push(...(await walk(full)));
    } else if (e.isFile() && (TEMPLATE_EXTENSIONS.includes(path.extname(e.name).toLowerCase()) || isCfnHupFile(full)))
      out.push(full);
  }
  return out;
}

async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  const abs = path.resolve(cwd, pattern);
  const parts = abs.split(path.sep);
  const firstGlob = parts.findIndex((p) => /[*?[]/.test(p));
  const base = parts.slice(0, firstGlob).join(path.sep) || path.sep;
  const re = globToRegExp(abs);
  const candidates = await walkAll(base);
  return candidates.filter((f) => re.test(f));
}

async function walkAll(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) out.push(...(await walkAll(full)));
    } else if (e.isFile()) out.push(full);
  }
  return out;
}

export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

import { statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { confKindByName, TEMPLATE_EXTENSIONS } from '../core';

/** Folders no template lives in; skipped when walking a directory or expanding a glob. */
const SKIP_DIRS = ['node_modules', '.git', 'dist', 'out', 'cdk.out', '.aws-sam'];

export interface Collected {
  /** Absolute paths, sorted, each once. */
  files: string[];
  /** Arguments that named nothing. */
  missing: string[];
  /** Of `files`, those named on the command line (not found by walking a folder or a glob). */
  explicit: Set<string>;
}

/**
 * Expand arguments into files: a file is taken as named (its content then decides
 * what it is); a directory is walked for template extensions and cfn-hup's own
 * files; a glob (tinyglobby: `**`, `{a,b}`, `[...]`) selects files by pattern.
 */
export async function collectFiles(args: string[], cwd: string): Promise<Collected> {
  const files = new Set<string>();
  const explicit = new Set<string>();
  const missing: string[] = [];
  for (const arg of args) {
    if (isDynamicPattern(arg)) {
      const matched = await glob(arg, {
        cwd,
        absolute: true,
        onlyFiles: true,
        expandDirectories: false,
        ignore: SKIP_DIRS.map((d) => `**/${d}/**`),
      });
      if (matched.length === 0) missing.push(arg);
      for (const f of matched) files.add(path.normalize(f));
      continue;
    }
    const abs = path.resolve(cwd, arg);
    // Synchronous: a run naming many files waited on the thread pool once per file (~15 ms for 74).
    const stat = statOrWhy(abs);
    if (stat === undefined) missing.push(arg);
    else if (stat?.isDirectory()) (await walk(abs)).forEach((f) => files.add(f));
    else {
      // A file, or something stat could not read (EACCES): reading it reports what is wrong.
      files.add(abs);
      explicit.add(abs);
    }
  }
  return { files: [...files].sort(), missing, explicit };
}

/** The path's stat; undefined when it does not exist, null when it cannot be read (EACCES and the like). */
export function statOrWhy(file: string): Stats | undefined | null {
  try {
    return statSync(file);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : null;
  }
}

/** A file a directory walk picks up: a template extension, or cfn-hup's own file names. */
export function isCandidateName(file: string): boolean {
  return TEMPLATE_EXTENSIONS.includes(path.extname(file).toLowerCase()) || confKindByName(file) !== undefined;
}

async function walk(dir: string): Promise<string[]> {
  const found = await glob('**/*', {
    cwd: dir,
    absolute: true,
    onlyFiles: true,
    dot: false,
    expandDirectories: false,
    followSymbolicLinks: false,
    ignore: SKIP_DIRS.map((d) => `**/${d}/**`),
  });
  return found.map((f) => path.normalize(f)).filter(isCandidateName);
}

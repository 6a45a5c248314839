import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The shared corpus of real templates (third-party: it stays outside the project). CFN_HUP_CORPUS
 * names it; otherwise the nearest `shared/corpus` above this file, so a clone at `X/main` finds
 * `X/shared/corpus` and so does a git worktree nested deeper (`X/wt/name`). Under CI=true a missing
 * corpus fails the test that needs it instead of skipping it.
 */
export function findCorpus(from: string = __dirname): string | undefined {
  if (process.env.CFN_HUP_CORPUS) return resolve(process.env.CFN_HUP_CORPUS);
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'corpus');
    if (existsSync(join(candidate, 'MANIFEST.tsv'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The corpus folder; throws under CI=true when it cannot be found. */
export function corpusOrSkip(): { dir: string; skip: false } | { dir: undefined; skip: string } {
  const dir = findCorpus();
  if (dir) return { dir, skip: false };
  const why = 'the shared corpus was not found (no shared/corpus above the project; set CFN_HUP_CORPUS)';
  if (process.env.CI === 'true') throw new Error(`${why}: under CI=true it must be there`);
  return { dir: undefined, skip: why };
}

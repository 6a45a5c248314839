import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The import graph of src/, type-only imports included (ESLint's import-x/no-cycle skips those):
 * no cycle, and every file is part of what ships (reachable from the extension, the CLI or the
 * docs/snippets generators), so nothing under src/ exists only for the tests.
 */

const ROOT = resolve(__dirname, '..', '..', '..');
/** What ships or generates shipped files: the esbuild entries of scripts/build.mjs, and the docs and snippets generators. */
function entries(): string[] {
  const build = readFileSync(join(ROOT, 'scripts', 'build.mjs'), 'utf8');
  const bundled = [...build.matchAll(/entryPoints:\s*\[\s*'([^']+)'/g)].map((m) => m[1]!);
  assert.ok(bundled.includes('src/vscode/extension.ts') && bundled.includes('src/cli/bin.ts'), 'build entries found');
  return [...bundled, 'scripts/docs.ts', 'scripts/snippets.ts'];
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...tsFiles(full));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Relative specifiers of every import, export-from, side-effect import and import() type in a file. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]/gm,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1]!);
  return out.filter((s) => s.startsWith('.'));
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base])
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return undefined;
}

function graph(files: readonly string[]): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  const queue = [...files];
  while (queue.length) {
    const file = queue.pop()!;
    if (edges.has(file)) continue;
    const targets = specifiers(readFileSync(file, 'utf8'))
      .map((s) => resolveImport(file, s))
      .filter((t): t is string => !!t && t.endsWith('.ts'));
    edges.set(file, targets);
    queue.push(...targets);
  }
  return edges;
}

/** Strongly connected components with more than one file (or a self-import): the cycles. */
function cycles(edges: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (edges.get(v) ?? []).includes(v)) out.push(scc);
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const rel = (f: string) => relative(ROOT, f);

test('src has no import cycle, type-only imports included', () => {
  const found = cycles(graph(tsFiles(join(ROOT, 'src')))).map((c) => c.map(rel).sort());
  assert.deepEqual(found, []);
});

test('every file under src ships: none is imported only by tests (or by nothing)', () => {
  const reachable = new Set(graph(entries().map((e) => join(ROOT, e))).keys());
  const orphans = tsFiles(join(ROOT, 'src'))
    .filter((f) => !reachable.has(f))
    .map(rel);
  assert.deepEqual(orphans, []);
});

test('the import scanner sees every kind of import', () => {
  const text = [
    "import { a } from './a';",
    "import type { B } from '../b';",
    'import {',
    '  c,',
    "} from './c';",
    "export { d } from './d';",
    "export * from './e';",
    "import './f';",
    "type G = import('./g').G;",
    "const h = require('./h') as H;",
    "import * as vscode from 'vscode';",
  ].join('\n');
  assert.deepEqual(specifiers(text).sort(), ['../b', './a', './c', './d', './e', './f', './g', './h']);
});

// Bundles each unit test (and the bench) into out/ so node's own test runner can run them on Node 20.
import { build } from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, suffix) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...find(full, suffix));
    else if (name.endsWith(suffix)) out.push(full);
  }
  return out;
}

rmSync('out/test/unit', { recursive: true, force: true });
const entryPoints = [...find('test/unit', '.test.ts'), ...find('test/bench', '.ts')];
await build({
  entryPoints,
  outdir: 'out',
  outbase: '.',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  define: { __VERSION__: '"test"' },
});

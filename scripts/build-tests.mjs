// Bundles each unit test (and the bench) into out/ so node's own test runner can run them on Node 20.
import { build } from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { awsPartitions } from './esbuild-plugins.mjs';

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
const options = {
  outdir: 'out',
  outbase: '.',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  // ESM dependencies (fdir, under tinyglobby) read import.meta.url, which a CJS bundle lacks.
  define: { __VERSION__: '"test"', 'import.meta.url': 'importMetaUrl' },
  inject: ['scripts/import-meta-url.js'],
  plugins: [awsPartitions],
  // Tests reach AWS only through emulators on loopback: never let the SDK's credential chain
  // probe the instance-metadata address, whatever a test forgets to pass.
  banner: { js: "process.env.AWS_EC2_METADATA_DISABLED = 'true';" },
};
await Promise.all([
  build({ ...options, entryPoints }),
  // The CLI's lint worker, where the CLI tests' bundles look for it (beside them, as beside dist/cli.js).
  build({
    ...options,
    entryPoints: ['src/cli/lintWorker.ts'],
    outdir: undefined,
    outbase: undefined,
    outfile: 'out/test/unit/lint-worker.js',
  }),
]);

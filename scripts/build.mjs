// Bundles the CLI (dist/cli.js), the extension (dist/extension.js, `vscode` external) and the AWS SDK half
// they share (dist/aws.js, loaded on the first AWS call; see src/aws/lazy.ts). --cli-only: no extension.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { awsPartitions, lazyAwsSdk } from './esbuild-plugins.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');
const outdirArg = process.argv.find((a) => a.startsWith('--outdir='));
const outdir = outdirArg ? outdirArg.slice('--outdir='.length) : 'dist';
// --clean empties the output folder first: `npm pack` (prepack) must not pick up an extension bundle
// left by an earlier build, because npm always packs the manifest's "main" file when it exists.
if (process.argv.includes('--clean')) rmSync(outdir, { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // jsonc-parser's UMD build hides its requires from the bundler; its ESM build does not.
  mainFields: ['module', 'main'],
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // ESM dependencies (fdir, under tinyglobby) read import.meta.url, which a CJS bundle lacks.
  define: { __VERSION__: JSON.stringify(pkg.version), 'import.meta.url': 'importMetaUrl' },
  inject: ['scripts/import-meta-url.js'],
  plugins: [awsPartitions, lazyAwsSdk],
};

const entries = [
  // The CLI proper; dist/cli.js (src/cli/entry.ts, built below) loads it for every command but --version/--help.
  { entryPoints: ['src/cli/bin.ts'], outfile: join(outdir, 'cli-main.js') },
  // import() of node's own modules (the SDK has three) written as require: the CLI evaluates this
  // bundle through V8's code cache (src/cli/codeCache.ts, vm.Script), where import() has no loader.
  { entryPoints: ['src/aws/sdk.ts'], outfile: join(outdir, 'aws.js'), supported: { 'dynamic-import': false } },
  // The CLI's lint worker threads (src/cli/pool.ts looks for it beside cli.js).
  { entryPoints: ['src/cli/lintWorker.ts'], outfile: join(outdir, 'lint-worker.js') },
];
if (process.argv.includes('--all') || !process.argv.includes('--cli-only')) {
  try {
    readFileSync(new URL('../src/vscode/extension.ts', import.meta.url));
    entries.push({
      entryPoints: ['src/vscode/extension.ts'],
      outfile: join(outdir, 'extension.js'),
      external: ['vscode'],
    });
    // The extension's analysis worker thread (src/vscode/diagnostics.ts starts it for large documents).
    entries.push({ entryPoints: ['src/vscode/analysis/worker.ts'], outfile: join(outdir, 'analysisWorker.js') });
  } catch {
    // The extension entry does not exist yet in this checkout.
  }
}
await Promise.all(entries.map((e) => build({ ...common, ...e })));

// The executable: a tiny file that answers --version and --help without loading cli-main.js (start-up
// time, issue 12). Its usage text is the one the built CLI prints, so the two cannot disagree.
const usage = execFileSync(process.execPath, [join(outdir, 'cli-main.js'), '--help'], { encoding: 'utf8' });
await build({
  ...common,
  entryPoints: ['src/cli/entry.ts'],
  outfile: join(outdir, 'cli.js'),
  banner: { js: '#!/usr/bin/env node' },
  define: { ...common.define, __USAGE__: JSON.stringify(usage) },
  external: ['./cli-main.js'],
  inject: [],
  sourcemap: false,
});

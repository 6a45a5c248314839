// Bundles the extension and the CLI with esbuild (`vscode` stays external).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');
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
  define: { __VERSION__: JSON.stringify(pkg.version) },
};

const entries = [{ entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }];
if (process.argv.includes('--all') || !process.argv.includes('--cli-only')) {
  try {
    readFileSync(new URL('../src/vscode/extension.ts', import.meta.url));
    entries.push({ entryPoints: ['src/vscode/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
  } catch {
    // The extension entry does not exist yet in this checkout.
  }
}
await Promise.all(entries.map((e) => build({ ...common, ...e })));

// The extensionTestsPath entry: VS Code (desktop through @vscode/test-electron, or the
// VS Code server's web workbench) loads this module in the extension host and awaits run().
// A rejected promise makes the host exit non-zero. Host-agnostic: only `vscode` and mocha.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    timeout: 60_000,
    ...(process.env.CFN_HUP_TOOLS_GREP ? { grep: process.env.CFN_HUP_TOOLS_GREP } : {}),
  });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  // The web host's runner starts echoing the workbench console at this line.
  console.log(
    `integration: running ${files.length} test files in VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`,
  );

  const stats = await new Promise<Mocha.Stats>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve(runner.stats ?? ({ passes: 0, failures: 1, pending: 0 } as Mocha.Stats)));
    } catch (e) {
      reject(e);
    }
  });
  const results = process.env.CFN_HUP_TOOLS_RESULTS;
  if (results) {
    fs.mkdirSync(path.dirname(results), { recursive: true });
    fs.writeFileSync(
      results,
      JSON.stringify({
        passes: stats.passes,
        failures: stats.failures,
        pending: stats.pending,
        vscode: vscode.version,
      }) + '\n',
    );
  }
  const skipped = stats.pending ? `, ${stats.pending} skipped` : '';
  // A closing line CI can count; the host runner repeats it as the last line of the run.
  console.log(`integration: ${stats.passes} passed, ${stats.failures} failed${skipped}`);
  if (stats.failures > 0) throw new Error(`${stats.failures} integration test(s) failed`);
  if (stats.passes === 0) throw new Error('no integration test ran');
}

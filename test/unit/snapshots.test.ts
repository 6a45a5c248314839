import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliFinding } from '../../src/cli/formatters/types';

/**
 * Snapshot tests in cfn-lint's style: the CLI's JSON findings for examples/ and
 * for the integration fixture workspace are committed under test/snapshots/,
 * so any change in what the rules report shows up in review as a diff.
 * `npm run snapshots` rewrites them (this file run with --update); the test
 * compares. A changed snapshot is reviewed like code: every added, moved or
 * removed finding in it should be one the change meant.
 */

const ROOT = resolve(__dirname, '..', '..', '..');
const SNAPSHOTS = join(ROOT, 'test', 'snapshots');
const UPDATE = process.argv.includes('--update');

/** Snapshot name → the folder linted, as a user would: `cfn-hup-tools lint --format json .` inside it. */
const SOURCES: Record<string, string> = {
  examples: 'examples',
  workspace: join('test', 'fixtures', 'workspace'),
};

async function findingsOf(dir: string): Promise<string> {
  const cwd = join(ROOT, dir);
  let stdout = '';
  let stderr = '';
  const code = await main(['lint', '--format', 'json', '.'], {
    cwd,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
  });
  assert.ok(code === 0 || code === 1, `lint ${dir} exited ${code}: ${stderr}`);
  const findings = (JSON.parse(stdout) as CliFinding[]).map((f) => ({
    ...f,
    // Relative to the folder, with forward slashes: the same snapshot on every machine.
    file: relative(cwd, f.file).split(sep).join('/'),
  }));
  findings.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.message.localeCompare(b.message),
  );
  return JSON.stringify(findings, null, 2) + '\n';
}

for (const [name, dir] of Object.entries(SOURCES)) {
  test(`snapshot: the findings for ${dir.split(sep).join('/')} match test/snapshots/${name}.json`, async () => {
    const actual = await findingsOf(dir);
    const file = join(SNAPSHOTS, `${name}.json`);
    if (UPDATE) {
      mkdirSync(SNAPSHOTS, { recursive: true });
      writeFileSync(file, actual);
      return;
    }
    assert.ok(existsSync(file), `test/snapshots/${name}.json is missing: run npm run snapshots`);
    // Multi-line strings: the failure shows a line diff. `npm run snapshots` accepts the change after review.
    assert.equal(
      actual,
      readFileSync(file, 'utf8'),
      `findings for ${dir} changed: review the difference, then run npm run snapshots and commit the snapshot`,
    );
  });
}

test('every committed snapshot has a source (none left over)', () => {
  const committed = readdirSync(SNAPSHOTS).filter((f) => f.endsWith('.json'));
  assert.deepEqual(
    committed.sort(),
    Object.keys(SOURCES)
      .map((n) => `${n}.json`)
      .sort(),
  );
});

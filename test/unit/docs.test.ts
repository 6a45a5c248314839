import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesMarkdown } from '../../src/core/rules/docs';

test('docs/rules.md is up to date with the rules (run npm run docs)', () => {
  const onDisk = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'rules.md'), 'utf8');
  assert.equal(onDisk, rulesMarkdown());
});

test("README's rule counts match the catalogue (cfn-hup rules, and all that `rules` lists)", async () => {
  const { RULE_CATALOGUE } = await import('../../src/core');
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8').replace(/\s+/g, ' ');
  const m =
    /knows what the daemon really does\. (\d+) rules,.*?`cfn-hup-tools rules` lists (\d+): these and ((?:`[A-Z-]+`(?:, | and )?)+)/.exec(
      readme,
    );
  assert.ok(m, 'the feature line with both counts is in README');
  const fileLevel = [...m[3]!.matchAll(/`([A-Z-]+)`/g)].map((x) => x[1]);
  assert.equal(Number(m[2]), RULE_CATALOGUE.length, 'all rules');
  assert.equal(Number(m[1]), RULE_CATALOGUE.length - fileLevel.length, 'the cfn-hup rules');
  for (const id of fileLevel)
    assert.ok(
      RULE_CATALOGUE.some((r) => r.id === id),
      `${id} is a rule`,
    );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesMarkdown } from '../../src/core/rules/docs';

test('docs/rules.md is up to date with the rules (run npm run docs)', () => {
  const onDisk = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'rules.md'), 'utf8');
  assert.equal(onDisk, rulesMarkdown());
});

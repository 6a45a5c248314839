import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { findings } from './helpers/analyze';

test('the Linux auto-reloader pattern in YAML gets no finding at all', () => {
  assert.deepEqual(findings(LINUX_YAML, { fileName: 't.yaml' }), []);
});

test("the article's Windows c:\\cfn pattern in JSON gets no finding at all", () => {
  assert.deepEqual(findings(WINDOWS_JSON, { fileName: 't.json' }), []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeAt, hoverAt, parseTemplate } from '../../src/core';
import { confKindByContent } from '../../src/core/classify';
import { HOOK_KEYS, MAIN_KEYS, TRIGGERS } from '../../src/core/cfnhup/vocabulary';
import { LINUX_YAML } from './helpers/templates';
import { findings, replaceOnce } from './helpers/analyze';

/**
 * One vocabulary: the keys and triggers cfn-hup reads (aws-cfn-bootstrap
 * update_hooks.py parse_config and bin/cfn-hup; cfn-hup-semantics §1.3, §2.2)
 * are what the rules accept, what completions offer (documented ones) and
 * what hovers explain (all of them).
 */
const SOURCE_MAIN = [
  'stack',
  'region',
  'interval',
  'verbose',
  'umask',
  'role',
  'credential-file',
  'url',
  'sqs_url',
  'multi-threaded',
];
const SOURCE_HOOK = ['triggers', 'path', 'action', 'runas', 'singleton', 'send_result'];
const SOURCE_TRIGGERS = ['post.add', 'post.update', 'post.remove', 'on.command'];
const DOCUMENTED_MAIN = ['stack', 'region', 'interval', 'verbose', 'umask', 'role', 'credential-file'];
const DOCUMENTED_HOOK = ['triggers', 'path', 'action', 'runas'];

const CONF = '                [main]\n                stack=${AWS::StackId}\n                region=${AWS::Region}\n';
const HOOK_LINE = '                triggers=post.update\n';

test('the vocabulary holds exactly the keys and triggers aws-cfn-bootstrap reads', () => {
  assert.deepEqual(MAIN_KEYS.map((k) => k.key).sort(), [...SOURCE_MAIN].sort());
  assert.deepEqual(HOOK_KEYS.map((k) => k.key).sort(), [...SOURCE_HOOK].sort());
  assert.deepEqual(TRIGGERS.map((k) => k.key).sort(), [...SOURCE_TRIGGERS].sort());
  assert.deepEqual(
    MAIN_KEYS.filter((k) => !k.legacy).map((k) => k.key),
    DOCUMENTED_MAIN,
  );
  assert.deepEqual(
    HOOK_KEYS.filter((k) => !k.legacy).map((k) => k.key),
    DOCUMENTED_HOOK,
  );
});

for (const key of SOURCE_MAIN) {
  test(`[main] ${key}= is known to the rules and explained by a hover`, () => {
    const text = replaceOnce(LINUX_YAML, CONF, `${CONF}                ${key}=x\n`);
    const unknown = findings(text).filter((f) => f.ruleId === 'HUP-UNKNOWN-KEY');
    assert.deepEqual(unknown, []);
    const at = text.indexOf(`${key}=x`) + 1;
    const h = hoverAt(parseTemplate(text, 't.yaml'), at);
    assert.ok(h && h.markdown.includes(`\`${key}\``), `hover for ${key}`);
  });
}

for (const key of SOURCE_HOOK) {
  test(`hook ${key}= is known to the rules and explained by a hover`, () => {
    const text = replaceOnce(LINUX_YAML, HOOK_LINE, `${HOOK_LINE}                ${key}=true\n`);
    assert.deepEqual(
      findings(text).filter((f) => f.ruleId === 'HOOK-UNKNOWN-KEY'),
      [],
    );
    const h = hoverAt(parseTemplate(text, 't.yaml'), text.indexOf(`${key}=true`) + 1);
    assert.ok(h && h.markdown.includes(`\`${key}\``), `hover for ${key}`);
  });
}

test('completions offer the documented keys and triggers, the rules accept every one of them', () => {
  const main = replaceOnce(LINUX_YAML, CONF, `${CONF}                ‸\n`);
  const offset = main.indexOf('‸');
  const mainText = main.slice(0, offset) + main.slice(offset + 1);
  const mainItems = completeAt(parseTemplate(mainText, 't.yaml'), offset).map((i) => i.label);
  assert.deepEqual(
    mainItems,
    DOCUMENTED_MAIN.map((k) => `${k}=`),
  );
  const hook = replaceOnce(LINUX_YAML, HOOK_LINE, `${HOOK_LINE}                ‸\n`);
  const hookOffset = hook.indexOf('‸');
  const hookText = hook.slice(0, hookOffset) + hook.slice(hookOffset + 1);
  assert.deepEqual(
    completeAt(parseTemplate(hookText, 't.yaml'), hookOffset).map((i) => i.label),
    DOCUMENTED_HOOK.map((k) => `${k}=`),
  );
});

test('every trigger is accepted by the rules; on.command only alone', () => {
  for (const t of ['post.add', 'post.update', 'post.remove', 'on.command']) {
    const text = replaceOnce(LINUX_YAML, 'triggers=post.update', `triggers=${t}`);
    assert.deepEqual(
      findings(text).filter((f) => f.ruleId === 'HOOK-UNKNOWN-TRIGGER'),
      [],
      t,
    );
  }
});

test('file routing recognises standalone cfn-hup files by the same keys', () => {
  assert.equal(confKindByContent('[main]\nsqs_url=https://example\n'), 'hup-conf');
  assert.equal(confKindByContent('[main]\nmulti-threaded=true\n'), 'hup-conf');
});

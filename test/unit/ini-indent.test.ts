import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIni } from '../../src/core/cfnhup/ini';
import { analyzeConf } from '../../src/core';

/**
 * Indentation in cfn-hup's INI files, as Python 3's ConfigParser reads it (aws-cfn-bootstrap 2.x): a line
 * continues the option above only when it is indented further than that option's own line. Python 2 takes
 * any indented line after an option, but refuses a section whose first option is indented, so the two
 * readings differ only in files Python 2 cannot read at all (checked with both: cfn-hup-semantics §1.4).
 */
const options = (text: string) =>
  parseIni(text).sections.map((s) => [s.name, s.options.map((o) => `${o.name}=${o.value.replace(/\n/g, '⏎')}`)]);

test('options indented alike are separate options; one indented further continues the one above', () => {
  assert.deepEqual(options('[main]\n stack=a\n region=b\n'), [['main', ['stack=a', 'region=b']]]);
  assert.deepEqual(options('[main]\nstack=a\n region=b\n'), [['main', ['stack=a⏎region=b']]]);
  assert.deepEqual(options('[h]\n  action=x\n    --y\n  path=p\n'), [['h', ['action=x⏎--y', 'path=p']]]);
});

test('HOOK-INDENTED-KEY only where Python 3 too reads the key as part of the value above', () => {
  const ids = (text: string) =>
    (analyzeConf(text, { fileName: '/etc/cfn/cfn-hup.conf' })?.findings ?? []).map((f) => f.ruleId);
  assert.ok(
    !ids('[main]\n stack=arn:aws:cloudformation:us-east-1:1:stack/s/1\n region=us-west-2\n').includes(
      'HOOK-INDENTED-KEY',
    ),
  );
  assert.ok(
    ids('[main]\nstack=arn:aws:cloudformation:us-east-1:1:stack/s/1\n region=us-west-2\n').includes(
      'HOOK-INDENTED-KEY',
    ),
  );
});

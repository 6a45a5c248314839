import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConf, analyzeTemplate } from '../../src/core';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { replaceOnce } from './helpers/analyze';

/**
 * HUP-FILE-UNREADABLE: cfn-hup reads cfn-hup.conf, hooks.conf and every file in hooks.d with ConfigParser,
 * and dies at start on MissingSectionHeaderError or ParsingError (cfn-hup-semantics §1.2, update_hooks.py
 * L66-74). Users rely on hearing about it, and on silence wherever the text is not certain.
 */
const RULE = 'HUP-FILE-UNREADABLE';
const found = (text: string, fileName = 't.yaml') =>
  analyzeTemplate(text, { fileName })
    .findings.filter((f) => f.ruleId === RULE)
    .map((f) => text.slice(f.start, f.end));

const HOOK_HEADER = '                [cfn-auto-reloader-hook]\n';

test('a script written to hooks.d (a real Windows template wrote a .ps1 there): reported at its first line', () => {
  const text = replaceOnce(
    WINDOWS_JSON,
    '"c:\\\\cfn\\\\cfn-hup.conf": {',
    '"c:\\\\cfn\\\\hooks.d\\\\enable_winrm.ps1": { "content": "#Enable WinRM\\nSet-Item WSMan:\\\\localhost\\\\Service\\\\AllowUnencrypted $true\\n" },\n              "c:\\\\cfn\\\\cfn-hup.conf": {',
  );
  assert.deepEqual(found(text, 't.json'), ['Set-Item WSMan:\\\\localhost\\\\Service\\\\AllowUnencrypted $true']);
  const f = analyzeTemplate(text, { fileName: 't.json' }).findings.find((x) => x.ruleId === RULE)!;
  assert.match(f.message, /MissingSectionHeaderError/);
  assert.match(f.message, /Keep scripts out of hooks\.d/);
});

test('a line that is no option inside a section: ParsingError', () => {
  const text = replaceOnce(
    LINUX_YAML,
    '                triggers=post.update\n',
    '                triggers=post.update\n                post.add\n',
  );
  assert.deepEqual(found(text), ['post.add']);
  assert.match(
    analyzeTemplate(text, { fileName: 't.yaml' }).findings.find((x) => x.ruleId === RULE)!.message,
    /ParsingError/,
  );
});

test('cfn-hup.conf with a setting before [main]: reported; without any section it is HUP-MAIN-SECTION alone', () => {
  const before = replaceOnce(
    LINUX_YAML,
    '                [main]\n',
    '                interval=5\n                [main]\n',
  );
  assert.deepEqual(found(before), ['interval=5']);
  const none = replaceOnce(LINUX_YAML, '                [main]\n', '');
  assert.deepEqual(found(none), []);
  assert.ok(analyzeTemplate(none, { fileName: 't.yaml' }).findings.some((f) => f.ruleId === 'HUP-MAIN-SECTION'));
});

test('silent where the text is not certain: a template value where a [section] line could be, rem lines, unwritten files', () => {
  const param = replaceOnce(
    LINUX_YAML,
    'BuildNumber:\n    Type: Number',
    'BuildNumber:\n    Type: Number\n  HookHeader:\n    Type: String',
  );
  assert.deepEqual(found(replaceOnce(param, HOOK_HEADER, '                ${HookHeader}\n')), []);
  assert.deepEqual(found(replaceOnce(param, HOOK_HEADER, '                # ${HookHeader}\n')), []);
  // An indented [section] line or comment: Python 3 reads it, Python 2 does not: no verdict.
  // (A comment first, so that the block scalar's indentation stays that of the other lines.)
  assert.deepEqual(
    found(
      replaceOnce(LINUX_YAML, HOOK_HEADER, '                # hooks\n                  [cfn-auto-reloader-hook]\n'),
    ),
    [],
  );
  assert.deepEqual(found(replaceOnce(LINUX_YAML, HOOK_HEADER, HOOK_HEADER + '                  # the hook\n')), []);
  // Python 2's ConfigParser skips rem lines; Python 3's does not: no verdict.
  assert.deepEqual(found(replaceOnce(LINUX_YAML, HOOK_HEADER, '                rem hooks\n' + HOOK_HEADER)), []);
  // A pseudo parameter holds no line break: the line before the header is still before it.
  assert.deepEqual(found(replaceOnce(LINUX_YAML, HOOK_HEADER, '                # ${AWS::Region}\n')), [
    'triggers=post.update',
  ]);
  // Written by a config no configSet runs: never on the instance, never read.
  const unselected = replaceOnce(
    replaceOnce(LINUX_YAML, HOOK_HEADER, ''),
    '      AWS::CloudFormation::Init:\n        config:',
    '      AWS::CloudFormation::Init:\n        configSets:\n          default: [other]\n        other:\n          commands:\n            a: { command: "true" }\n        config:',
  );
  assert.deepEqual(found(unselected), []);
});

test('files opened on their own: INI with a bad line is reported; a script in some hooks.d folder is left alone', () => {
  const ids = (text: string, fileName: string) =>
    (analyzeConf(text, { fileName })?.findings ?? [])
      .filter((f) => f.ruleId === RULE)
      .map((f) => text.slice(f.start, f.end));
  assert.deepEqual(
    ids('triggers=post.update\n[hook]\npath=Resources.A.Metadata\naction=x\n', 'etc/cfn/hooks.d/a.conf'),
    ['triggers=post.update'],
  );
  assert.deepEqual(ids('#!/bin/bash\necho deploying\n', 'deploy/hooks.d/notify.sh'), []);
  // `[ -f … ]` is a [section] line to ConfigParser, but a script opened on its own is no cfn-hup file we know of (review).
  assert.deepEqual(
    ids('#!/bin/bash\n[ -f /etc/app/disabled ] && exit 0\nsystemctl restart app\n', 'repo/hooks.d/10-restart'),
    [],
  );
  assert.deepEqual(
    ids('[ -f /etc/app/disabled ] && exit 0\nsystemctl restart app\n', 'repo/hooks.d/10-restart.sh'),
    [],
  );
});

test('content cfn-init does not write as it is: base64, and a symbolic link to the hook file (review)', () => {
  const text = replaceOnce(
    LINUX_YAML,
    '            /opt/app/build.txt:\n',
    `            /opt/app/reloader.conf:
              content: !Sub |
${HOOK_HEADER}                triggers=post.update
                path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init
                action=/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource LaunchConfig --region \${AWS::Region}
            /etc/cfn/hooks.d/linked.conf:
              content: /opt/app/reloader.conf
              mode: "120644"
            /etc/cfn/hooks.d/extra.conf:
              encoding: base64
              content: W2V4dHJhLWhvb2tdCnRyaWdnZXJzPXBvc3QudXBkYXRlCnBhdGg9UmVzb3VyY2VzLkxDLk1ldGFkYXRhCmFjdGlvbj10cnVlCg==
            /opt/app/build.txt:
`,
  );
  const ids = analyzeTemplate(text, { fileName: 't.yaml' }).findings.map((f) => f.ruleId);
  assert.ok(!ids.includes(RULE), ids.join(', '));
  // cfn-hup reads the linked file through hooks.d: it is not "written where cfn-hup does not look".
  assert.ok(!ids.includes('HOOK-LOCATION'), ids.join(', '));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConf, confKind } from '../../src/core';

const HOOK = `[cfn-auto-reloader-hook]
triggers=post.update
path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init
action=/opt/aws/bin/cfn-init -v --stack arn:aws:cloudformation:eu-west-1:123456789012:stack/web/1 --resource LaunchConfig --region eu-west-1
runas=root
`;
const MAIN = `[main]
stack=arn:aws:cloudformation:eu-west-1:123456789012:stack/web/1
region=eu-west-1
interval=1
`;

test('standalone files are recognised by name, then by content', () => {
  assert.equal(confKind('/etc/cfn/cfn-hup.conf', ''), 'hup-conf');
  assert.equal(confKind('/etc/cfn/hooks.conf', ''), 'hook');
  assert.equal(confKind('/etc/cfn/hooks.d/anything', ''), 'hook');
  assert.equal(confKind('C:\\cfn\\hooks.d\\reloader.conf', ''), 'hook');
  assert.equal(confKind('/tmp/copy.conf', MAIN), 'hup-conf');
  assert.equal(confKind('/tmp/copy.conf', HOOK), 'hook');
  assert.equal(confKind('/etc/nginx/nginx.conf', 'server {}'), undefined);
});

test('correct cfn-hup.conf and hook files get no finding', () => {
  assert.deepEqual(analyzeConf(MAIN, { fileName: '/etc/cfn/cfn-hup.conf' })!.findings, []);
  assert.deepEqual(analyzeConf(HOOK, { fileName: '/etc/cfn/hooks.d/cfn-auto-reloader.conf' })!.findings, []);
});

test('conf-level mistakes are found at the right characters', () => {
  const bad = MAIN.replace('interval=1', 'interval=0');
  const f = analyzeConf(bad, { fileName: '/etc/cfn/cfn-hup.conf' })!.findings;
  assert.deepEqual(
    f.map((x) => x.ruleId),
    ['HUP-INTERVAL-INVALID'],
  );
  assert.equal(bad.slice(f[0]!.start, f[0]!.end), '0');

  const hook = HOOK.replace('triggers=post.update', 'triggers=post.updated').replace('action=', 'action=date +%s; ');
  const ids = analyzeConf(hook, { fileName: '/etc/cfn/hooks.d/x.conf' })!
    .findings.map((x) => x.ruleId)
    .sort();
  assert.deepEqual(ids, ['HOOK-UNKNOWN-TRIGGER', 'HUP-PERCENT']);
});

test('rules that need the template stay silent in a standalone file', () => {
  const hook = HOOK.replace('Resources.LaunchConfig', 'Resources.SomethingElse');
  assert.deepEqual(analyzeConf(hook, { fileName: '/etc/cfn/hooks.d/x.conf' })!.findings, []);
});

test('rule settings apply to standalone files too', () => {
  const bad = MAIN.replace('interval=1', 'interval=0');
  assert.deepEqual(
    analyzeConf(bad, { fileName: 'cfn-hup.conf', rules: { 'HUP-INTERVAL-INVALID': 'off' } })!.findings,
    [],
  );
  assert.equal(
    analyzeConf(bad, { fileName: 'cfn-hup.conf', rules: { 'HUP-INTERVAL-INVALID': 'warning' } })!.findings[0]!.severity,
    'warning',
  );
});

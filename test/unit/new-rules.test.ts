import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { covered, findings, replaceOnce } from './helpers/analyze';

/** Where the new rules must speak, and where they must stay silent (in doubt, silent). */
const only = (text: string, rule: string, fileName = 't.yaml') =>
  findings(text, { fileName })
    .filter((f) => f.ruleId === rule)
    .map((f) => [f.severity, covered(text, f)]);

const UD =
  '          /opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}';
const CONFIG_FILES = '        config:\n          files:\n';

test('TEMPLATE-DUPLICATE-KEY: every occurrence in YAML, at its position; identical values are a warning (JSON)', () => {
  const yaml = replaceOnce(
    LINUX_YAML,
    CONFIG_FILES,
    '        config:\n          commands:\n            01_setup:\n              command: yum -y update\n              command: systemctl restart app\n          files:\n',
  );
  assert.deepEqual(only(yaml, 'TEMPLATE-DUPLICATE-KEY'), [
    ['error', 'command'],
    ['error', 'command'],
  ]);
  const json = replaceOnce(
    WINDOWS_JSON,
    '"InstanceType": "t3.medium",',
    '"InstanceType": "t3.medium",\n        "InstanceType": "t3.medium",',
  );
  assert.deepEqual(only(json, 'TEMPLATE-DUPLICATE-KEY', 't.json'), [
    ['warning', '"InstanceType"'],
    ['warning', '"InstanceType"'],
  ]);
});

test('PKG-NOT-MAP: a map of names to versions (JSON and YAML) is fine; a scalar is not', () => {
  const good = replaceOnce(
    LINUX_YAML,
    CONFIG_FILES,
    '        config:\n          packages:\n            yum:\n              httpd: []\n              php: ["7.4"]\n          files:\n',
  );
  assert.deepEqual(only(good, 'PKG-NOT-MAP'), []);
  const scalar = replaceOnce(
    LINUX_YAML,
    CONFIG_FILES,
    '        config:\n          packages:\n            apt: nginx\n          files:\n',
  );
  assert.deepEqual(only(scalar, 'PKG-NOT-MAP'), [['error', 'nginx']]);
  const json = replaceOnce(
    WINDOWS_JSON,
    '"config": {',
    '"config": {\n            "packages": { "msi": ["https://example.com/a.msi"] },',
  );
  assert.deepEqual(only(json, 'PKG-NOT-MAP', 't.json'), [['error', '["https://example.com/a.msi"]']]);
});

test('SUB-NEEDED-INIT: inside !Sub, ${!VAR} and shell variables are fine; a file gets a warning', () => {
  const ok = replaceOnce(
    LINUX_YAML,
    CONFIG_FILES,
    '        config:\n          commands:\n            01_a:\n              command: !Sub echo ${AWS::Region} ${!HOME} > /tmp/r\n            02_b:\n              command: echo ${HOME} $PATH\n          files:\n',
  );
  assert.deepEqual(only(ok, 'SUB-NEEDED-INIT'), []);
  const file = replaceOnce(
    LINUX_YAML,
    '            /opt/app/build.txt:\n',
    '            /etc/app/env:\n              content: "STACK=${AWS::StackName}\\n"\n            /opt/app/build.txt:\n',
  );
  assert.deepEqual(only(file, 'SUB-NEEDED-INIT'), [['warning', '${AWS::StackName}']]);
  const json = replaceOnce(
    WINDOWS_JSON,
    '"config": {',
    '"config": {\n            "commands": { "01": { "command": { "Fn::Join": ["", ["echo ${BuildNumber} > c:\\\\b.txt"]] } } },',
  );
  assert.deepEqual(only(json, 'SUB-NEEDED-INIT', 't.json'), [['error', '${BuildNumber}']]);
});

test('FILE-CONTENT-JSON: silent for .json paths, unknown extensions, intrinsics and mustache context', () => {
  for (const [path, content] of [
    ['/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json', 'agent: { metrics_collection_interval: 60 }'],
    ['/etc/app/settings', 'port: 8080'],
    ['/etc/app/app.conf', '!Join ["\\n", [a, b]]'],
  ]) {
    const text = replaceOnce(
      LINUX_YAML,
      '            /opt/app/build.txt:\n',
      `            ${path}:\n              content: ${content}\n            /opt/app/build.txt:\n`,
    );
    assert.deepEqual(only(text, 'FILE-CONTENT-JSON'), [], path);
  }
  const json = replaceOnce(
    WINDOWS_JSON,
    '"files": {',
    '"files": {\n              "c:\\\\app\\\\run.ps1": { "content": { "a": 1 } },',
  );
  assert.deepEqual(only(json, 'FILE-CONTENT-JSON', 't.json'), [['warning', '"c:\\\\app\\\\run.ps1"']]);
});

test('FILE-CONTENT-JSON: cron files, init scripts and system files, which have no extension to tell (eighth fresh sample)', () => {
  for (const [path, kind] of [
    ['/etc/cron.hourly/cloudwatch-monitoring', 'cron file'],
    ['/etc/cron.d/backup', 'cron file'],
    ['/etc/crontab', 'cron file'],
    ['/etc/init.d/app', 'init script'],
    ['/etc/sudoers.d/deploy', 'system file'],
  ]) {
    const text = replaceOnce(
      LINUX_YAML,
      '            /opt/app/build.txt:\n',
      `            ${path}:\n              content: ["*/5 * * * * root /opt/app/job"]\n            /opt/app/build.txt:\n`,
    );
    const f = findings(text, { fileName: 't.yaml' }).filter((x) => x.ruleId === 'FILE-CONTENT-JSON');
    assert.equal(f.length, 1, path);
    assert.match(f[0]!.message, new RegExp(`not what a ${kind} holds`), path);
  }
  // A folder below them, or a name only like them, tells nothing.
  for (const path of ['/etc/cron.d/sub/x', '/opt/etc/crontab', '/etc/hostsfile'])
    assert.deepEqual(
      only(
        replaceOnce(
          LINUX_YAML,
          '            /opt/app/build.txt:\n',
          `            ${path}:\n              content: { a: 1 }\n            /opt/app/build.txt:\n`,
        ),
        'FILE-CONTENT-JSON',
      ),
      [],
      path,
    );
});

test('HELPER-PATH-OS: silent when the scripts are put in /opt/aws/bin or installed by the RPM', () => {
  for (const install of [
    'python3 -m easy_install --script-dir /opt/aws/bin aws-cfn-bootstrap-py3-latest.tar.gz',
    'pip3 install aws-cfn-bootstrap-py3-latest.tar.gz && ln -s /usr/local/bin/cfn-* /opt/aws/bin/',
    'yum install -y aws-cfn-bootstrap',
  ]) {
    const text = replaceOnce(LINUX_YAML, UD, `          ${install}\n${UD}`);
    assert.deepEqual(only(text, 'HELPER-PATH-OS'), [], install);
  }
  // /usr/local/bin in UserData with no install line: the hook's /opt/aws/bin is wrong (JSON-free YAML case).
  const local = replaceOnce(LINUX_YAML, UD, UD.replace('/opt/aws/bin/cfn-init', '/usr/local/bin/cfn-init'));
  assert.deepEqual(only(local, 'HELPER-PATH-OS'), [['error', '/opt/aws/bin/cfn-init']]);
  // pip alone, cfn-init called from PATH: likely, not certain.
  const pipOnly = replaceOnce(
    LINUX_YAML,
    UD,
    '          pip3 install aws-cfn-bootstrap-py3-latest.tar.gz\n' + UD.replace('/opt/aws/bin/cfn-init', 'cfn-init'),
  );
  assert.deepEqual(only(pipOnly, 'HELPER-PATH-OS'), [['warning', '/opt/aws/bin/cfn-init']]);
});

test('SIGNAL-LAUNCH-CONFIG: a launch template whose group waits (JSON); SIGNAL-RESOURCE says it when the rule is off', () => {
  const text = JSON.stringify({
    Resources: {
      LT: {
        Type: 'AWS::EC2::LaunchTemplate',
        Properties: {
          LaunchTemplateData: {
            UserData: {
              'Fn::Base64': {
                'Fn::Sub':
                  '/opt/aws/bin/cfn-signal -e 0 --stack ${AWS::StackName} --resource LT --region ${AWS::Region}\n',
              },
            },
          },
        },
      },
      ASG: {
        Type: 'AWS::AutoScaling::AutoScalingGroup',
        CreationPolicy: { ResourceSignal: { Timeout: 'PT5M' } },
        Properties: { LaunchTemplate: { LaunchTemplateId: { Ref: 'LT' }, Version: '1' }, MinSize: '1', MaxSize: '1' },
      },
    },
  });
  assert.deepEqual(only(text, 'SIGNAL-LAUNCH-CONFIG', 't.json'), [['error', 'LT']]);
  assert.deepEqual(only(text, 'SIGNAL-RESOURCE', 't.json'), []);
  const off = findings(text, { fileName: 't.json', rules: { 'SIGNAL-LAUNCH-CONFIG': 'off' } }).map((f) => f.ruleId);
  assert.ok(off.includes('SIGNAL-RESOURCE'));
});

test('HUP-STARTED-OTHER-CONFIGSET: silent when UserData runs both sets, or starts cfn-hup itself', () => {
  const SVC = `          services:
            sysvinit:
              cfn-hup:
                enabled: "true"
                ensureRunning: "true"
                files:
                  - /etc/cfn/cfn-hup.conf
                  - /etc/cfn/hooks.d/cfn-auto-reloader.conf
`;
  let base = replaceOnce(LINUX_YAML, SVC, '');
  base = replaceOnce(
    base,
    '        config:\n',
    '        configSets:\n          setup: [config]\n          start: [svc]\n        svc:\n' +
      SVC +
      '        config:\n',
  );
  for (const ud of [
    UD + ' -c setup,start',
    UD + ' -c setup\n' + UD + ' -c start',
    UD + ' -c setup\n          service cfn-hup start',
  ]) {
    const text = replaceOnce(base, UD, ud);
    assert.deepEqual(only(text, 'HUP-STARTED-OTHER-CONFIGSET'), [], ud);
  }
});

test("FILE-UNKNOWN-ATTR: `user: root` is info (a file cfn-init creates is root's anyway); `user: app` stays a warning", () => {
  const withAttr = (attr: string) =>
    replaceOnce(
      LINUX_YAML,
      '            /opt/app/build.txt:\n',
      `            /opt/app/app.conf:\n              content: x=1\n              ${attr}\n            /opt/app/build.txt:\n`,
    );
  assert.deepEqual(only(withAttr('user: root'), 'FILE-UNKNOWN-ATTR'), [['info', 'user']]);
  assert.deepEqual(only(withAttr('user: app'), 'FILE-UNKNOWN-ATTR'), [['warning', 'user']]);
  assert.deepEqual(only(withAttr('permissions: "000644"'), 'FILE-UNKNOWN-ATTR'), [['warning', 'permissions']]);
});

test('CMD-ORDER-NUMERIC: the example pads the number that sorts too late (review: it said "e.g. 10")', () => {
  const text = replaceOnce(
    LINUX_YAML,
    '        config:\n          files:\n',
    '        config:\n          commands:\n            1_a:\n              command: echo a\n            10_c:\n              command: echo c\n          files:\n',
  );
  const f = findings(text, { fileName: 't.yaml' }).find((x) => x.ruleId === 'CMD-ORDER-NUMERIC')!;
  assert.match(f.message, /e\.g\. "01_a" for "1_a"/);
});

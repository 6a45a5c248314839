import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { covered, findings, replaceOnce } from './helpers/analyze';

/**
 * Registering a service (update-rc.d X defaults, chkconfig --add X, chkconfig X on,
 * systemctl enable X without --now, Set-Service -StartupType) makes it start at the
 * next boot; it does not start it now. cfn-hup "never started" and "started twice"
 * must tell the two apart.
 */
const SVC_BLOCK = `          services:
            sysvinit:
              cfn-hup:
                enabled: "true"
                ensureRunning: "true"
                files:
                  - /etc/cfn/cfn-hup.conf
                  - /etc/cfn/hooks.d/cfn-auto-reloader.conf
`;
const UD =
  '          /opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}';

function withoutService(extraUserData: string): string {
  const text = replaceOnce(LINUX_YAML, SVC_BLOCK, '');
  return replaceOnce(text, UD, UD + '\n' + extraUserData);
}

const rules = (text: string, fileName = 't.yaml') => findings(text, { fileName }).map((f) => f.ruleId);

for (const register of [
  'update-rc.d cfn-hup defaults',
  'chkconfig --add cfn-hup',
  'chkconfig cfn-hup on',
  'systemctl enable cfn-hup.service',
  'sudo systemctl enable cfn-hup',
  'ln -s /usr/local/init/ubuntu/cfn-hup /etc/init.d/cfn-hup && chmod +x /etc/init.d/cfn-hup',
]) {
  test(`registering is not starting: "${register}" alone leaves cfn-hup stopped (YAML UserData)`, () => {
    const text = withoutService(`          ${register}`);
    assert.ok(rules(text).includes('HUP-NOT-STARTED'), rules(text).join(', '));
  });
}

for (const start of [
  'service cfn-hup start',
  'systemctl start cfn-hup.service',
  'systemctl enable --now cfn-hup',
  '/etc/init.d/cfn-hup start',
  '/opt/aws/bin/cfn-hup',
  'update-rc.d cfn-hup defaults && service cfn-hup start',
]) {
  test(`starting: "${start}" starts cfn-hup (YAML UserData)`, () => {
    const text = withoutService(`          ${start}`);
    assert.ok(!rules(text).includes('HUP-NOT-STARTED'), rules(text).join(', '));
  });
}

test('registering is not starting in an Init command either (YAML commands)', () => {
  let text = replaceOnce(LINUX_YAML, SVC_BLOCK, '');
  text = replaceOnce(
    text,
    '          files:\n            /opt/app/build.txt:',
    '          commands:\n            01_register:\n              command: chkconfig --add cfn-hup\n          files:\n            /opt/app/build.txt:',
  );
  assert.ok(rules(text).includes('HUP-NOT-STARTED'), rules(text).join(', '));
});

test('Windows: Set-Service -StartupType only registers; Start-Service starts (JSON)', () => {
  const noService = replaceOnce(
    WINDOWS_JSON,
    `"services": {
              "windows": {
                "cfn-hup": {
                  "enabled": "true",
                  "ensureRunning": "true",
                  "files": ["c:\\\\cfn\\\\cfn-hup.conf", "c:\\\\cfn\\\\hooks.d\\\\cfn-auto-reloader.conf"]
                }
              }
            }`,
    '"services": {}',
  );
  const register = replaceOnce(
    noService,
    '"</script>"',
    '"powershell -Command Set-Service cfn-hup -StartupType Automatic\\n", "</script>"',
  );
  assert.ok(rules(register, 't.json').includes('HUP-NOT-STARTED'));
  const start = replaceOnce(noService, '"</script>"', '"powershell -Command Start-Service cfn-hup\\n", "</script>"');
  assert.ok(!rules(start, 't.json').includes('HUP-NOT-STARTED'));
});

test('registering next to the services entry is not "started twice" (YAML)', () => {
  const text = replaceOnce(
    LINUX_YAML,
    UD,
    UD +
      '\n          cp /usr/local/init/ubuntu/cfn-hup /etc/init.d/cfn-hup\n          chmod +x /etc/init.d/cfn-hup\n          update-rc.d cfn-hup defaults',
  );
  assert.deepEqual(
    findings(text, { fileName: 't.yaml' }).filter((f) => f.ruleId === 'HUP-STARTED-TWICE'),
    [],
  );
});

test('running the daemon next to the services entry is still "started twice" (YAML)', () => {
  const text = replaceOnce(LINUX_YAML, UD, UD + '\n          /opt/aws/bin/cfn-hup || echo failed');
  const twice = findings(text, { fileName: 't.yaml' }).filter((f) => f.ruleId === 'HUP-STARTED-TWICE');
  assert.deepEqual(
    twice.map((f) => covered(text, f).startsWith('/opt/aws/bin/cfn-hup')),
    [true],
  );
});

test('a crontab written by Init that runs the daemon starts cfn-hup (JSON, YAML)', () => {
  const yaml = replaceOnce(
    replaceOnce(LINUX_YAML, SVC_BLOCK, ''),
    '            /opt/app/build.txt:\n',
    '            /tmp/cfn-hup-crontab.txt:\n              content: |\n                MAIL=""\n                * * * * * /opt/aws/bin/cfn-hup -f\n            /opt/app/build.txt:\n',
  );
  assert.ok(!rules(yaml).includes('HUP-NOT-STARTED'), rules(yaml).join(', '));
  const noService = replaceOnce(
    WINDOWS_JSON,
    `"services": {
              "windows": {
                "cfn-hup": {
                  "enabled": "true",
                  "ensureRunning": "true",
                  "files": ["c:\\\\cfn\\\\cfn-hup.conf", "c:\\\\cfn\\\\hooks.d\\\\cfn-auto-reloader.conf"]
                }
              }
            }`,
    '"services": {}',
  );
  const json = replaceOnce(
    noService,
    '"files": {',
    '"files": {\n              "c:\\\\cfn\\\\hup.cron": { "content": { "Fn::Join": ["", ["@reboot root ", "c:\\\\cfn\\\\bin\\\\cfn-hup.exe --no-daemon\\n"]] } },',
  );
  assert.ok(!rules(json, 't.json').includes('HUP-NOT-STARTED'), rules(json, 't.json').join(', '));
  // A crontab line that only mentions cfn-hup in a path does not start it.
  const mention = replaceOnce(
    replaceOnce(LINUX_YAML, SVC_BLOCK, ''),
    '            /opt/app/build.txt:\n',
    '            /tmp/backup.cron:\n              content: |\n                0 3 * * * tar czf /tmp/cfn.tgz /etc/cfn/cfn-hup.conf\n            /opt/app/build.txt:\n',
  );
  assert.ok(rules(mention).includes('HUP-NOT-STARTED'));
});

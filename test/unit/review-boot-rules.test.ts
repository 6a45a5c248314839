import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LINUX_YAML } from './helpers/templates';
import { covered, findings, replaceOnce } from './helpers/analyze';
import { only, SIGNAL, UD, withScript } from './helpers/bootScript';

/**
 * A review of the boot rules (UserData): an ERR trap that signals the failure, a cfn-init piped into
 * tee, the line INIT-NEVER-RUN asks to add, and an Amazon Linux image named by a parameter's default.
 */
const TRAP =
  "          trap '/opt/aws/bin/cfn-signal -e 1 --stack ${AWS::StackName} --resource Group --region ${AWS::Region}' ERR";

test('SIGNAL-EXIT-CODE: an ERR trap that signals the failure is enough, as for SIGNAL-ALWAYS-SUCCESS', () => {
  const between = [UD, '          systemctl enable --now httpd', SIGNAL];
  assert.deepEqual(only(withScript(between), 'SIGNAL-EXIT-CODE'), [['warning', '$?']], 'the control');
  assert.deepEqual(only(withScript([TRAP, ...between]), 'SIGNAL-EXIT-CODE'), []);
});

test('SIGNAL-EXIT-CODE: cfn-init piped into tee sends the exit code of tee unless pipefail is set', () => {
  const piped = [`${UD} 2>&1 | tee -a /var/log/cfn-init-boot.log`, SIGNAL];
  const found = findings(withScript(piped), { fileName: 't.yaml' }).filter((f) => f.ruleId === 'SIGNAL-EXIT-CODE');
  assert.equal(found.length, 1);
  assert.equal(covered(withScript(piped), found[0]!), '$?');
  assert.match(found[0]!.message, /"tee", the last command of the pipeline .* "set -o pipefail"/);
  // errexit does not help: the pipeline's status is tee's. pipefail does, in the shebang or a set line.
  assert.equal(only(withScript(['          set -e', ...piped]), 'SIGNAL-EXIT-CODE').length, 1);
  assert.deepEqual(only(withScript(['          set -euo pipefail', ...piped]), 'SIGNAL-EXIT-CODE'), []);
  assert.deepEqual(
    only(replaceOnce(withScript(piped), '#!/bin/bash', '#!/bin/bash -eo pipefail'), 'SIGNAL-EXIT-CODE'),
    [],
  );
  // A plain cfn-init right before cfn-signal stays silent.
  assert.deepEqual(only(withScript([UD, SIGNAL]), 'SIGNAL-EXIT-CODE'), []);
});

test('INIT-NEVER-RUN: the line to add calls cfn-init where the hooks do, filled in the way the UserData is', () => {
  const pip = LINUX_YAML.replace(
    /UserData: !Base64\n {8}Fn::Sub: \|\n {10}#!\/bin\/bash -xe\n.*\n/,
    'UserData: !Base64 |\n          #!/bin/bash\n          pip3 install https://s3.amazonaws.com/cloudformation-examples/aws-cfn-bootstrap-py3-latest.tar.gz\n',
  );
  assert.notEqual(pip, LINUX_YAML, 'the UserData was replaced');
  const local = pip.replace(/action=\/opt\/aws\/bin\/cfn-init/, 'action=/usr/local/bin/cfn-init');
  const f = findings(local, { fileName: 't.yaml' }).find((x) => x.ruleId === 'INIT-NEVER-RUN')!;
  assert.match(f.message, /Add "\/usr\/local\/bin\/cfn-init -v --stack/);
  assert.match(f.message, /inside Fn::Sub/);
});

test('HELPER-PATH-OS: an Amazon Linux 2 image named by the default of the ImageId parameter', () => {
  const pip = replaceOnce(
    LINUX_YAML,
    '          #!/bin/bash -xe\n',
    '          #!/bin/bash -xe\n          pip3 install https://s3.amazonaws.com/cloudformation-examples/aws-cfn-bootstrap-py3-latest.tar.gz\n',
  );
  assert.ok(only(pip, 'HELPER-PATH-OS').length > 0, 'the control: pip and /opt/aws/bin');
  const al2 = replaceOnce(
    replaceOnce(pip, 'ImageId: ami-12345678', 'ImageId: !Ref LatestAmiId'),
    'Parameters:\n',
    "Parameters:\n  LatestAmiId:\n    Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>'\n    Default: /aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2\n",
  );
  assert.deepEqual(only(al2, 'HELPER-PATH-OS'), []);
});

test('SIGNAL-EXIT-CODE: a trap on EXIT only cleans up (reported); a pipe in a comment or a quoted URL is no pipe', () => {
  const between = [UD, '          yum -y update', SIGNAL];
  const exitTrap = "          trap 'rm -f /tmp/boot.lock' EXIT";
  assert.deepEqual(only(withScript([exitTrap, ...between]), 'SIGNAL-EXIT-CODE'), [['warning', '$?']]);
  const errFunction = '          trap \'error_exit "line $LINENO"\' ERR';
  assert.deepEqual(
    only(withScript([errFunction, ...between]), 'SIGNAL-EXIT-CODE'),
    [],
    'an ERR trap, whatever it runs',
  );
  for (const line of [
    `${UD} # output: see /var/log/cfn-init.log | cfn-init-cmd.log`,
    `${UD} --url "https://cloudformation.example/a|b"`,
  ])
    assert.deepEqual(only(withScript([line, SIGNAL]), 'SIGNAL-EXIT-CODE'), [], line);
});

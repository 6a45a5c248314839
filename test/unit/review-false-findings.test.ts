import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTemplate } from '../../src/core';
import { HUP_CONF_FILE, reloaderHookFile } from './helpers/templates';

/**
 * False findings that two reviews of the rules found on plausible templates (each confirmed with the
 * CLI before the fix): Fn::If and intrinsics where the rules expected literal maps, command lines in
 * forms the word splitter did not know, and HELPER-PATH-OS evidence read from comments and tests.
 */
const ids = (text: string, fileName = 't.yaml') => analyzeTemplate(text, { fileName }).findings.map((f) => f.ruleId);

function instance(init: string, userData: string, image = 'ami-12345678'): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: {Type: String}
  Extra: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Instance:
    Type: AWS::EC2::Instance
    Metadata:
      AWS::CloudFormation::Init:
${init}    Properties:
      ImageId: ${image}
      UserData:
        Fn::Base64: !Sub |
${userData
  .split('\n')
  .map((l) => (l ? `          ${l}` : l))
  .join('\n')}
`;
}

const HUP = `        setup:
          files:
${HUP_CONF_FILE}${reloaderHookFile('Instance')}`;
const CFN_INIT = '/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource Instance --region ${AWS::Region}\n';

test('configSets, a ConfigSet item or services given by an intrinsic: no verdict on what CloudFormation decides', () => {
  const init = `        configSets:
          Fn::If:
            - IsProd
            - default: [setup, prod]
            - default: [setup]
        prod:
          commands:
            01_x: {command: "echo prod"}
${HUP}          services:
            Fn::If:
              - IsProd
              - sysvinit: {cfn-hup: {enabled: 'true', ensureRunning: 'true'}}
              - systemd: {cfn-hup: {enabled: 'true', ensureRunning: 'true'}}
`;
  const found = ids(instance(init, `#!/bin/bash\n${CFN_INIT}`));
  for (const rule of [
    'INIT-CONFIGSET-UNKNOWN-CONFIG',
    'INIT-CONFIGSET-BAD-ITEM',
    'INIT-UNUSED-CONFIG',
    'INIT-CLI-CONFIGSET-UNDEFINED',
    'SVC-UNKNOWN-MANAGER',
  ])
    assert.ok(!found.includes(rule), `${rule} in ${found.join(', ')}`);
  const refItem = `        configSets:
          default: [setup, {ConfigSet: !Ref Extra}]
${HUP}`;
  assert.ok(!ids(instance(refItem, `#!/bin/bash\n${CFN_INIT}`)).includes('INIT-CONFIGSET-BAD-ITEM'));
});

test('content and source each under an Fn::If (one of them AWS::NoValue in each branch): not both given', () => {
  const init = `        config:
          files:
            /etc/app.conf:
              content: !If [IsProd, !Ref AWS::NoValue, "x=1"]
              source: !If [IsProd, !Ref Extra, !Ref AWS::NoValue]
`;
  assert.ok(!ids(instance(init, `#!/bin/bash\n${CFN_INIT}`)).includes('FILE-CONTENT-AND-SOURCE'));
});

test('region= in [DEFAULT] is [main]s too (ConfigParser)', () => {
  const init = HUP.replace('setup:', 'config:')
    .replace('[main]\n', '[DEFAULT]\n                region=eu-west-1\n                [main]\n')
    .replace('                region=${AWS::Region}\n            /etc/cfn/hooks.d', '            /etc/cfn/hooks.d');
  assert.ok(!init.includes('region=${AWS::Region}\n            /etc/cfn/hooks.d'), 'the [main] region is gone');
  const text = instance(init, `#!/bin/bash\n${CFN_INIT}`);
  assert.ok(!ids(text).includes('HUP-REGION-MISSING'));
  // Without the [DEFAULT] one, the region is missing.
  assert.ok(ids(text.replace('                region=eu-west-1\n', '')).includes('HUP-REGION-MISSING'));
});

test("command lines in forms the splitter did not know: cmd ^, $'…', a bare --, PowerShell *>, @splat and --%, %VAR% in <script>", () => {
  const clean = (userData: string) =>
    ids(instance(`${HUP.replace('setup:', 'config:')}`, userData)).filter((r) => r.startsWith('INIT-CLI'));
  for (const userData of [
    '<script>\ncfn-init.exe -v -s ${AWS::StackName} ^\n  -r Instance --region ${AWS::Region}\n</script>\n',
    "#!/bin/bash\n/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource $'Instance' --region ${AWS::Region}\n",
    '#!/bin/bash\n/opt/aws/bin/cfn-init -v -c $"full" --stack ${AWS::StackName} --resource Instance --region ${AWS::Region}\n',
    '#!/bin/bash\n/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource Instance --region ${AWS::Region} --\n',
    '<powershell>\ncfn-init.exe -v -s ${AWS::StackName} -r Instance --region ${AWS::Region} *> C:\\cfn\\log\\init.txt\n</powershell>\n',
    '<powershell>\ncfn-init.exe -v -s ${AWS::StackName} --region ${AWS::Region} @extra\n</powershell>\n',
    '<script>\ncfn-init -v -s ${AWS::StackName} -r %RESOURCE% -c %SETS% --region ${AWS::Region}\n</script>\n',
    '#!/bin/bash\n/opt/aws/bin/cfn-init -v -c "" --stack ${AWS::StackName} --resource Instance --region ${AWS::Region}\n',
  ])
    assert.deepEqual(clean(userData), [], userData);
  // PowerShell's stop-parsing token --% is not passed to cfn-init; the options after it still are.
  const stopParsing =
    '<powershell>\ncfn-init.exe --% -v -s ${AWS::StackName} -r Instance --region ${AWS::Region}\n</powershell>\n';
  assert.deepEqual(clean(stopParsing), []);
  assert.deepEqual(clean(stopParsing.replace('-r Instance', '-r Instanc')), ['INIT-CLI-RESOURCE-UNKNOWN']);
  // A word after -- is still a stray argument to cfn-init.
  assert.ok(
    clean('#!/bin/bash\n/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource Instance -- extra\n').includes(
      'INIT-CLI-POSITIONAL',
    ),
  );
});

test('HELPER-PATH-OS: no evidence from comments, existence tests, or an Amazon Linux image', () => {
  const pip =
    '#!/bin/bash\npip3 install https://s3.amazonaws.com/cloudformation-examples/aws-cfn-bootstrap-py3-latest.tar.gz\n';
  const init = HUP.replace('setup:', 'config:');
  const helper = (userData: string, image?: string) => ids(instance(init, userData, image)).includes('HELPER-PATH-OS');
  // The control: pip and a call into /opt/aws/bin.
  assert.ok(helper(`${pip}${CFN_INIT}`));
  assert.ok(
    !helper(
      `${pip}if [ -x /opt/aws/bin/cfn-init ]; then\n  ${CFN_INIT}else\n  ${CFN_INIT.replace('/opt/aws/bin', '/usr/local/bin')}fi\n`,
    ),
  );
  assert.ok(!helper(`#!/bin/bash\n# on Ubuntu they are in /usr/local/bin/cfn-init\n${CFN_INIT}`));
  assert.ok(
    !helper(
      `${pip}${CFN_INIT}`,
      "'{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}'",
    ),
  );
});

test('HUP-NOT-STARTED: cfn-hup started by a list-form command, or through sudo -u root', () => {
  const started = (command: string) =>
    !ids(
      instance(
        `${HUP.replace('setup:', 'config:')}          commands:\n            01_start:\n              command: ${command}\n`,
        `#!/bin/bash\n${CFN_INIT}`,
      ),
    ).includes('HUP-NOT-STARTED');
  assert.ok(!started('echo nothing'), 'the control: nothing starts it');
  assert.ok(started('[systemctl, enable, --now, cfn-hup]'));
  assert.ok(started('sudo -u root /opt/aws/bin/cfn-hup'));
});

test('A spot fleet: the UserData of its launch specifications is read, through Fn::If too', () => {
  const spec = (script: string, indent: string) =>
    `ImageId: ami-12345678
${indent}UserData:
${indent}  Fn::Base64: !Sub |
${script
  .split('\n')
  .map((l) => `${indent}    ${l}`)
  .join('\n')}
`;
  const fleet = (specs: string) => `Parameters:
  Size: {Type: String}
Conditions:
  Big: !Equals [!Ref Size, big]
Resources:
  Fleet:
    Type: AWS::EC2::SpotFleet
    Metadata:
      AWS::CloudFormation::Init:
        config:
          files:
${HUP_CONF_FILE}${reloaderHookFile('Fleet')}    Properties:
      SpotFleetRequestConfigData:
        IamFleetRole: arn:aws:iam::123456789012:role/fleet
        TargetCapacity: 2
        LaunchSpecifications:${specs}`;
  const boot = (start: string) =>
    `#!/bin/bash\n/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource Fleet --region \${AWS::Region}\n${start}`;
  const plain = (script: string) => `\n          - ${spec(script, '            ')}`;
  const eachInIf = (script: string) =>
    `\n          - !If\n            - Big\n            - ${spec(script, '              ')}            - ${spec(script, '              ')}`;
  const listInIf = (script: string) =>
    ` !If\n          - Big\n          - - ${spec(script, '              ')}          - - ${spec(script, '              ')}`;
  for (const shape of [plain, eachInIf, listInIf]) {
    assert.ok(ids(fleet(shape(boot('echo ready')))).includes('HUP-NOT-STARTED'), `the control: ${shape.name}`);
    assert.deepEqual(
      ids(fleet(shape(boot('/opt/aws/bin/cfn-hup')))).filter((r) => r.startsWith('HUP-')),
      [],
      shape.name,
    );
  }
  // INIT-NEVER-RUN when no specification's UserData runs cfn-init, silent when one does.
  const noInit = '#!/bin/bash\nyum install -y httpd';
  assert.ok(ids(fleet(plain(noInit) + plain(noInit))).includes('INIT-NEVER-RUN'));
  assert.ok(!ids(fleet(plain(noInit) + plain(boot('/opt/aws/bin/cfn-hup')))).includes('INIT-NEVER-RUN'));
});

test('HUP-SVC-FILES-MISSING: only files written on the same instances, and the right advice across configs', () => {
  const text = `Resources:
  AppConfig:
    Type: AWS::CloudFormation::WaitConditionHandle
    Metadata:
      AWS::CloudFormation::Init:
        configSets:
          web: [common, web]
          worker: [common, worker]
        common:
          files:
            /etc/cfn/cfn-hup.conf:
              content: !Sub "[main]\\nstack=\${AWS::StackId}\\nregion=\${AWS::Region}\\n"
${['web', 'worker']
  .map(
    (set) => `        ${set}:
          files:
            /etc/cfn/hooks.d/${set}.conf:
              content: !Sub "[${set}]\\ntriggers=post.update\\npath=Resources.AppConfig.Metadata.AWS::CloudFormation::Init\\naction=/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource AppConfig --region \${AWS::Region} -c ${set}\\n"
          services:
            sysvinit:
              cfn-hup:
                enabled: 'true'
                ensureRunning: 'true'
                files: [/etc/cfn/hooks.d/${set}.conf]
`,
  )
  .join('')}${['web', 'worker']
    .map(
      (set) => `  ${set}Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      UserData: !Base64
        Fn::Sub: "#!/bin/bash\\n/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource AppConfig --region \${AWS::Region} -c ${set}\\n"
`,
    )
    .join('')}`;
  const messages = analyzeTemplate(text, { fileName: 't.yaml' })
    .findings.filter((f) => f.ruleId === 'HUP-SVC-FILES-MISSING')
    .map((f) => f.message);
  // The web service is never asked to list the worker's hook, nor the reverse.
  assert.ok(!messages.some((m) => /web.*worker\.conf|worker.*web\.conf/.test(m)), messages.join('\n'));
  // cfn-hup.conf is written by "common": listing it would not restart cfn-hup; the advice says where the entry belongs.
  assert.equal(messages.length, 2, messages.join('\n'));
  for (const m of messages)
    assert.match(
      m,
      /which config "common" writes, and the service entry is in config "(web|worker)".*move services\.sysvinit\.cfn-hup into "common"/,
    );
});

test('HUP-STARTED-TWICE: only a UserData that runs the Init with the service counts', () => {
  const init = `${HUP.replace('setup:', 'config:')}          services:\n            sysvinit:\n              cfn-hup: {enabled: 'true', ensureRunning: 'true'}\n`;
  const twice = (userData: string) => ids(instance(init, userData)).includes('HUP-STARTED-TWICE');
  assert.ok(twice(`#!/bin/bash\n${CFN_INIT}/opt/aws/bin/cfn-hup\n`), 'the control: the same instance starts it again');
  // Another instance's UserData (it runs no cfn-init for this Init) starts a cfn-hup of its own.
  const bastion = instance(init, `#!/bin/bash\n${CFN_INIT}`).replace(
    'Resources:\n',
    'Resources:\n  Bastion:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-1\n      UserData: !Base64 "#!/bin/bash\\n/opt/aws/bin/cfn-hup\\n"\n',
  );
  assert.ok(!ids(bastion).includes('HUP-STARTED-TWICE'));
});

test('a hook action continued with `\\` and blanks after it: ConfigParser strips the blanks, the shell continues the line', () => {
  const init = HUP.replace('setup:', 'config:').replace(
    'action=/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource Instance --region ${AWS::Region}\n',
    'action=/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} \\  \n                  --resource Instance --region ${AWS::Region}\n',
  );
  assert.ok(init.includes('\\  \n'));
  assert.deepEqual(
    ids(instance(init, `#!/bin/bash\n${CFN_INIT}`)).filter((r) => r.startsWith('INIT-CLI')),
    [],
  );
  // In UserData (no ConfigParser), `\` then a blank is an escaped blank: the next line is a command of its own.
  const userData =
    '#!/bin/bash\n/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} \\ \n  --resource Instance --region ${AWS::Region}\n';
  assert.ok(ids(instance(HUP.replace('setup:', 'config:'), userData)).includes('INIT-CLI-STACK-RESOURCE'));
});

test('CMD-RUNAS-WINDOWS: a Linux configSet of an Init that also serves Windows instances is not judged as Windows', () => {
  const holder = (linuxRunas: string) => `Resources:
  SharedConfig:
    Type: AWS::CloudFormation::WaitConditionHandle
    Metadata:
      AWS::CloudFormation::Init:
        configSets:
          linux: [lin]
          windows: [win]
        lin:
          commands:
            01_app: {command: /opt/app/setup.sh, runas: app}
        win:
          commands:
            01_app: {command: 'c:\\app\\setup.cmd'${linuxRunas}}
          services:
            windows:
              cfn-hup: {enabled: 'true', ensureRunning: 'true'}
`;
  const runas = (text: string) => ids(text).filter((r) => r === 'CMD-RUNAS-WINDOWS').length;
  assert.equal(runas(holder('')), 0);
  // The Windows set's own runas is still reported.
  assert.equal(runas(holder(', runas: Administrator')), 1);
});

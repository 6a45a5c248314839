import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { applyEdits, findings, replaceOnce } from './helpers/analyze';
import { only, SIGNAL, UD, withScript } from './helpers/bootScript';

/**
 * The misses found while judging the fresh sample: each rule speaks on the
 * mistake in several shapes (JSON and YAML), and stays silent on the good
 * shapes and wherever the text cannot be followed for certain.
 */
// INIT-KEY-CASE

test('INIT-KEY-CASE: every wrong casing and colon run, YAML and JSON; the right key and other Metadata keys are silent', () => {
  for (const key of [
    'AWS::Cloudformation::Init',
    'AWS::CloudFormation::init',
    'aws::cloudformation::init',
    'AWS::CloudFormation:Init',
  ]) {
    const yaml = replaceOnce(LINUX_YAML, 'AWS::CloudFormation::Init:', `${key}:`);
    assert.deepEqual(only(yaml, 'INIT-KEY-CASE'), [['error', key]], key);
  }
  const json = replaceOnce(WINDOWS_JSON, '"AWS::CloudFormation::Init": {', '"AWS::Cloudformation::Init": {');
  assert.deepEqual(only(json, 'INIT-KEY-CASE', 't.json'), [['error', '"AWS::Cloudformation::Init"']]);
  assert.deepEqual(only(LINUX_YAML, 'INIT-KEY-CASE'), []);
  const others = replaceOnce(
    LINUX_YAML,
    '    Metadata:\n',
    '    Metadata:\n      AWS::CloudFormation::Interface: {}\n      AWS::CloudFormation::Authentication: {}\n      Init: {}\n',
  );
  assert.deepEqual(only(others, 'INIT-KEY-CASE'), []);
});

test('INIT-KEY-CASE: the fix renames the key and the hook path that names it; with the right key beside it, no fix', () => {
  const bad = replaceOnce(
    replaceOnce(LINUX_YAML, 'AWS::CloudFormation::Init:', "'AWS::Cloudformation::Init':"),
    'Metadata.AWS::CloudFormation::Init',
    'Metadata.AWS::Cloudformation::Init',
  );
  const f = findings(bad, { fileName: 't.yaml' }).find((x) => x.ruleId === 'INIT-KEY-CASE')!;
  assert.match(f.message, /exits 0/);
  assert.equal(
    applyEdits(bad, f.fix!.edits),
    replaceOnce(LINUX_YAML, 'AWS::CloudFormation::Init:', "'AWS::CloudFormation::Init':"),
  );
  const both = replaceOnce(LINUX_YAML, '    Metadata:\n', '    Metadata:\n      AWS::Cloudformation::Init: {}\n');
  const g = findings(both, { fileName: 't.yaml' }).filter((x) => x.ruleId === 'INIT-KEY-CASE');
  assert.equal(g.length, 1);
  assert.equal(g[0]!.fix, undefined);
  assert.match(g[0]!.message, /never applies this one/);
});

test('INIT-KEY-CASE: cfn-init --resource on that resource is explained at the key, not by INIT-CLI-RESOURCE-NO-INIT', () => {
  const bad = replaceOnce(LINUX_YAML, 'AWS::CloudFormation::Init:', 'AWS::Cloudformation::Init:');
  assert.deepEqual(only(bad, 'INIT-CLI-RESOURCE-NO-INIT'), []);
  const noMetadataInit = replaceOnce(UD, '--resource LaunchConfig', '--resource Group');
  assert.deepEqual(
    only(replaceOnce(LINUX_YAML, UD, noMetadataInit), 'INIT-CLI-RESOURCE-NO-INIT').map(([s]) => s),
    ['error'],
  );
});

// FILE-MODE-DECIMAL

test('FILE-MODE-DECIMAL: decimal modes in JSON and YAML; a failing value is an error, a wrong mode a warning', () => {
  const yaml = (mode: string) => replaceOnce(LINUX_YAML, 'mode: "000400"', `mode: ${mode}`);
  assert.deepEqual(only(yaml('256'), 'FILE-MODE-DECIMAL'), [['warning', '256']]);
  assert.deepEqual(only(yaml('420'), 'FILE-MODE-DECIMAL'), [['warning', '420']]);
  assert.deepEqual(only(yaml('384'), 'FILE-MODE-DECIMAL'), [['error', '384']]);
  const json = (mode: string) =>
    replaceOnce(WINDOWS_JSON, '"c:\\\\cfn\\\\cfn-hup.conf": {', `"c:\\\\cfn\\\\cfn-hup.conf": { "mode": ${mode},`);
  assert.deepEqual(only(json('493'), 'FILE-MODE-DECIMAL', 't.json'), [['error', '493']]);
  assert.deepEqual(only(json('416'), 'FILE-MODE-DECIMAL', 't.json'), [['warning', '416']]);
  const f = findings(json('292'), { fileName: 't.json' }).find((x) => x.ruleId === 'FILE-MODE-DECIMAL')!;
  assert.match(f.message, /0444/);
  assert.equal(f.fix!.edits[0]!.newText, '"000444"');
});

test('FILE-MODE-DECIMAL: silent on strings, on numbers that are octal digits already, on 511/504, and on YAML 0644', () => {
  const yaml = (mode: string) => replaceOnce(LINUX_YAML, 'mode: "000400"', `mode: ${mode}`);
  for (const mode of ['"000400"', "'420'", '644', '755', '400', '511', '504', '420.0'])
    assert.deepEqual(only(yaml(mode), 'FILE-MODE-DECIMAL'), [], mode);
  assert.deepEqual(only(yaml('000644'), 'FILE-MODE-DECIMAL'), []); // FILE-MODE-YAML-OCTAL's case
  assert.deepEqual(only(yaml('000644'), 'FILE-MODE-YAML-OCTAL').length, 1);
  const json = replaceOnce(
    WINDOWS_JSON,
    '"c:\\\\cfn\\\\cfn-hup.conf": {',
    '"c:\\\\cfn\\\\cfn-hup.conf": { "mode": "420",',
  );
  assert.deepEqual(only(json, 'FILE-MODE-DECIMAL', 't.json'), []);
});

// SIGNAL-EXIT-CODE

test('SIGNAL-EXIT-CODE: a command between cfn-init and cfn-signal -e $? (several shapes)', () => {
  const shapes: [string[], string][] = [
    [[UD, '          yum -y update', SIGNAL], '$?'],
    [
      [
        UD,
        '          # start the app',
        '',
        '          systemctl start app',
        '          echo done >> /var/log/boot.log',
        SIGNAL,
      ],
      '$?',
    ],
    [[UD, '          /opt/aws/bin/cfn-hup', SIGNAL.replace('-e $?', '--exit-code $?')], '$?'],
    [
      [
        UD.replace(' --stack', ' \\\n            --stack'),
        '          APP_HOME=/opt/app',
        SIGNAL.replace('-e $?', '-e "$?"'),
      ],
      '"$?"',
    ],
  ];
  for (const [lines, covers] of shapes) {
    const text = withScript(lines);
    assert.deepEqual(only(text, 'SIGNAL-EXIT-CODE'), [['warning', covers]], lines.join('\n'));
  }
});

test('SIGNAL-EXIT-CODE: in JSON with Fn::Join pieces, and on Windows after a native program', () => {
  const linux = `{"Resources": {"I": {"Type": "AWS::EC2::Instance", "Properties": {"ImageId": "ami-1",
    "UserData": {"Fn::Base64": {"Fn::Join": ["", ["#!/bin/bash\\n",
      "/opt/aws/bin/cfn-init -v --stack ", {"Ref": "AWS::StackName"}, " --resource I --region ", {"Ref": "AWS::Region"}, "\\n",
      "yum -y update\\n",
      "/opt/aws/bin/cfn-signal -e $? --stack ", {"Ref": "AWS::StackName"}, " --resource I\\n"]]}}},
    "CreationPolicy": {"ResourceSignal": {"Timeout": "PT10M"}}}}}`;
  assert.deepEqual(only(linux, 'SIGNAL-EXIT-CODE', 't.json'), [['warning', '$?']]);
  const cmd = replaceOnce(
    WINDOWS_JSON,
    '"\\n",\n          "</script>"',
    '"\\n",\n          "msiexec /i c:\\\\app.msi /qn\\n",\n          "cfn-signal.exe -e %ERRORLEVEL% --stack ", { "Ref": "AWS::StackId" }, " --resource WebServerLaunchConfiguration\\n",\n          "</script>"',
  );
  assert.deepEqual(only(cmd, 'SIGNAL-EXIT-CODE', 't.json'), [['warning', '%ERRORLEVEL%']]);
  const ps = `Resources:
  I:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      UserData: !Base64
        Fn::Sub: |
          <powershell>
          cfn-init.exe -v -s \${AWS::StackName} -r I --region \${AWS::Region}
          choco install -y nodejs
          cfn-signal.exe -e $lastexitcode --stack \${AWS::StackName} --resource I --region \${AWS::Region}
          </powershell>
`;
  assert.deepEqual(only(ps, 'SIGNAL-EXIT-CODE'), [['warning', '$lastexitcode']]);
});

test('SIGNAL-EXIT-CODE: silent right after cfn-init, and on every construct it cannot follow', () => {
  const silent: string[][] = [
    [UD, SIGNAL],
    [UD, '', '          # comment only', SIGNAL],
    ['          yum -y update', UD, SIGNAL],
    [UD, '          yum -y update', SIGNAL.replace('-e $?', '-e 0')],
    [UD + ' || error_exit "cfn-init failed"', '          echo ok', SIGNAL],
    [UD + ' && echo ok', SIGNAL],
    [UD, '          yum -y update && echo ok', SIGNAL],
    [UD, '          if [ -f /tmp/x ]; then', '            yum -y update', '          fi', SIGNAL],
    [UD, '          RC=$?', '          yum -y update', SIGNAL.replace('$?', '$RC')],
    [UD, '          [ $? -eq 0 ] || exit 1', SIGNAL],
    [UD, '          $EXTRA_STEP', SIGNAL],
    [UD, '          set -e', '          yum -y update', SIGNAL],
    ['          set -euo pipefail', UD, '          yum -y update', SIGNAL],
    [UD + ' &', '          yum -y update', SIGNAL],
    ['          yum -y update', SIGNAL],
  ];
  for (const lines of silent) assert.deepEqual(only(withScript(lines), 'SIGNAL-EXIT-CODE'), [], lines.join('\n'));
  // cfn-init inside a heredoc run by an inner `bash -ex` (a real template): the line before cfn-signal is the
  // heredoc's end, and $? is the inner bash's. Also a heredoc whose end this reading cannot find.
  const heredocs: string[][] = [
    ['          bash -ex << "TRY"', '  ' + UD, '          TRY', SIGNAL],
    ["          bash -ex <<-'TRY'", '          yum -y update', UD, '          TRY', SIGNAL],
    ['          bash -ex << TRY', UD, '          yum -y update', SIGNAL],
    // With a cfn-init before it too: $? is still the inner shell's (review).
    [UD, '          bash -ex << "TRY"', '  ' + UD, '          TRY', SIGNAL],
  ];
  for (const lines of heredocs) assert.deepEqual(only(withScript(lines), 'SIGNAL-EXIT-CODE'), [], lines.join('\n'));
  // A heredoc between cfn-init and cfn-signal: $? is the exit code of the command that opened it.
  const between = withScript([UD, '          cat > /etc/motd <<EOF', '          hello', '          EOF', SIGNAL]);
  assert.deepEqual(only(between, 'SIGNAL-EXIT-CODE'), [['warning', '$?']]);
  assert.match(findings(between).find((f) => f.ruleId === 'SIGNAL-EXIT-CODE')!.message, /"cat > \/etc\/motd <<EOF"/);
  // A heredoc closed before cfn-init changes nothing.
  const before = withScript([
    '          cat > /etc/motd <<EOF',
    '          hello',
    '          EOF',
    UD,
    '          yum -y update',
    SIGNAL,
  ]);
  assert.deepEqual(only(before, 'SIGNAL-EXIT-CODE').length, 1);
  // #!/bin/bash -xe: a failing cfn-init stops the script, cfn-signal never sends success.
  const errexit = replaceOnce(withScript([UD, '          yum -y update', SIGNAL]), '#!/bin/bash', '#!/bin/bash -xe');
  assert.deepEqual(only(errexit, 'SIGNAL-EXIT-CODE'), []);
  const plain = replaceOnce(withScript([UD, '          yum -y update', SIGNAL]), '#!/bin/bash', '#!/bin/bash -x');
  assert.deepEqual(only(plain, 'SIGNAL-EXIT-CODE').length, 1);
  // A template value in command position may be nothing at all.
  const param = replaceOnce(
    withScript([UD, '          ${ExtraCommands}', SIGNAL]),
    'Parameters:\n',
    'Parameters:\n  ExtraCommands:\n    Type: String\n',
  );
  assert.deepEqual(only(param, 'SIGNAL-EXIT-CODE'), []);
  // cmd built-ins may leave %ERRORLEVEL% as it was.
  const builtin = replaceOnce(
    WINDOWS_JSON,
    '"\\n",\n          "</script>"',
    '"\\n",\n          "echo done\\n",\n          "cfn-signal.exe -e %ERRORLEVEL% --resource WebServerLaunchConfiguration\\n",\n          "</script>"',
  );
  assert.deepEqual(only(builtin, 'SIGNAL-EXIT-CODE', 't.json'), []);
});

// INIT-NEVER-RUN

const NO_INIT_UD = (lines: string[]) =>
  replaceOnce(LINUX_YAML, UD, lines.length ? lines.join('\n') : '          echo booted');

test('INIT-NEVER-RUN: a plain script that never runs cfn-init, YAML and JSON', () => {
  const yaml = NO_INIT_UD([
    '          yum install -y aws-cfn-bootstrap',
    '          mkdir -p /opt/app',
    '          export APP=1',
  ]);
  assert.deepEqual(only(yaml, 'INIT-NEVER-RUN'), [['warning', 'AWS::CloudFormation::Init']]);
  const json = `{"Resources": {"I": {"Type": "AWS::EC2::Instance",
    "Metadata": {"AWS::CloudFormation::Init": {"config": {"files": {"/etc/cfn/cfn-hup.conf": {"content": {"Fn::Join": ["", ["[main]\\nstack=", {"Ref": "AWS::StackId"}, "\\nregion=", {"Ref": "AWS::Region"}, "\\n"]]}}}}}},
    "Properties": {"ImageId": "ami-1", "UserData": {"Fn::Base64": {"Fn::Join": ["", ["#!/bin/bash -xe\\n", "apt-get install -y python3-pip\\n", "pip3 install https://s3.amazonaws.com/cloudformation-examples/aws-cfn-bootstrap-py3-latest.tar.gz\\n"]]}}}}}}`;
  assert.deepEqual(only(json, 'INIT-NEVER-RUN', 't.json'), [['warning', '"AWS::CloudFormation::Init"']]);
});

test('INIT-NEVER-RUN: silent when cfn-init runs, may run, or the instance may run it without UserData', () => {
  const silent: string[] = [
    LINUX_YAML,
    NO_INIT_UD(['          /opt/bootstrap.sh']),
    NO_INIT_UD(['          curl -s https://example.com/setup | bash']),
    NO_INIT_UD(['          aws s3 cp s3://bucket/setup.sh /tmp/setup.sh', '          bash /tmp/setup.sh']),
    NO_INIT_UD(['          python3 /opt/app/boot.py']),
    NO_INIT_UD(['          cat > /etc/rc.local <<EOF', '          cfn-init', '          EOF']),
    NO_INIT_UD(['          yum -y update', '          ${Bootstrap}']),
    replaceOnce(LINUX_YAML, '      UserData: !Base64\n        Fn::Sub: |\n          #!/bin/bash -xe\n' + UD + '\n', ''),
    replaceOnce(LINUX_YAML, '          #!/bin/bash -xe\n' + UD, '          #cloud-config\n          packages: [httpd]'),
  ];
  for (const text of silent) assert.deepEqual(only(text, 'INIT-NEVER-RUN'), [], text.slice(text.indexOf('UserData')));
  // Another resource's UserData runs cfn-init for it.
  const other = replaceOnce(
    NO_INIT_UD(['          yum -y update']),
    '  Group:\n',
    `  Runner:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-1\n      UserData: !Base64\n        Fn::Sub: |\n          #!/bin/bash\n${UD}\n  Group:\n`,
  );
  assert.deepEqual(only(other, 'INIT-NEVER-RUN'), []);
  // An SSM association (or anything else in the template) that runs cfn-init may apply it.
  const ssm = replaceOnce(
    NO_INIT_UD(['          yum -y update']),
    '  Group:\n',
    '  Apply:\n    Type: AWS::SSM::Association\n    Properties:\n      Name: AWS-RunShellScript\n      Parameters:\n        commands:\n          - !Sub /opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}\n  Group:\n',
  );
  assert.deepEqual(only(ssm, 'INIT-NEVER-RUN'), []);
  // An Init without cfn-hup setup is not this rule's business.
  const noHup = replaceOnce(
    NO_INIT_UD(['          yum -y update']),
    '            /etc/cfn/cfn-hup.conf:',
    '            /etc/app/app.conf:',
  );
  assert.deepEqual(only(noHup, 'INIT-NEVER-RUN'), []);
});

// HOOK-PATH-UNKNOWN-RESOURCE with a literal ${AWS::StackId}

test('HOOK-PATH-UNKNOWN-RESOURCE: a cfn-hup.conf with a literal ${AWS::StackId} (no Fn::Sub) still means this stack', () => {
  const json = replaceOnce(
    replaceOnce(
      WINDOWS_JSON,
      '"content": { "Fn::Join": ["", [\n                  "[main]\\n",\n                  "stack=", { "Ref": "AWS::StackId" }, "\\n",',
      '"content": { "Fn::Join": ["", [\n                  "[main]\\n",\n                  "stack=${AWS::StackId}\\n",',
    ),
    'path=Resources.WebServerLaunchConfiguration.Metadata',
    'path=Resources.ContainerInstances.Metadata',
  );
  assert.deepEqual(only(json, 'HOOK-PATH-UNKNOWN-RESOURCE', 't.json'), [['error', 'ContainerInstances']]);
  assert.deepEqual(only(json, 'SUB-NEEDED', 't.json'), [['error', '${AWS::StackId}']]);
  const yaml = replaceOnce(
    replaceOnce(LINUX_YAML, 'path=Resources.LaunchConfig.Metadata', 'path=Resources.Instances.Metadata'),
    '              content: !Sub |\n                [main]',
    '              content: |\n                [main]',
  );
  assert.deepEqual(only(yaml, 'HOOK-PATH-UNKNOWN-RESOURCE'), [['error', 'Instances']]);
  // Another stack, literal or not, stays unjudged.
  const foreign = replaceOnce(
    replaceOnce(LINUX_YAML, 'path=Resources.LaunchConfig.Metadata', 'path=Resources.Instances.Metadata'),
    'stack=${AWS::StackId}',
    'stack=shared-${Env}',
  );
  assert.deepEqual(only(foreign, 'HOOK-PATH-UNKNOWN-RESOURCE'), []);
});

// SIGNAL-ALWAYS-SUCCESS

const SUCCESS = SIGNAL.replace('-e $?', '-e 0');
/** The base's Group waits for the signal (a signal nothing waits for is SIGNAL-RESOURCE's, and changes nothing). */
const waiting = (text: string) =>
  replaceOnce(
    text,
    '    Type: AWS::AutoScaling::AutoScalingGroup\n',
    '    Type: AWS::AutoScaling::AutoScalingGroup\n    CreationPolicy:\n      ResourceSignal:\n        Timeout: PT15M\n',
  );
const withSignal = (lines: string[]) => waiting(withScript(lines));

test('SIGNAL-ALWAYS-SUCCESS: -e 0, or no -e, after a cfn-init nothing checks; the fix sends cfn-init exit code', () => {
  const zero = withSignal([UD, SUCCESS]);
  assert.deepEqual(only(zero, 'SIGNAL-ALWAYS-SUCCESS'), [['warning', '0']]);
  const f = findings(zero).find((x) => x.ruleId === 'SIGNAL-ALWAYS-SUCCESS')!;
  const fixed = applyEdits(zero, f.fix!.edits);
  assert.equal(fixed, withSignal([UD, SIGNAL]));
  assert.deepEqual(only(fixed, 'SIGNAL-ALWAYS-SUCCESS'), []);
  assert.deepEqual(only(fixed, 'SIGNAL-EXIT-CODE'), []);

  const none = withSignal([UD, SIGNAL.replace('-e $? ', '')]);
  assert.deepEqual(only(none, 'SIGNAL-ALWAYS-SUCCESS'), [['warning', '/opt/aws/bin/cfn-signal']]);
  const g = findings(none).find((x) => x.ruleId === 'SIGNAL-ALWAYS-SUCCESS')!;
  assert.equal(applyEdits(none, g.fix!.edits), withSignal([UD, SIGNAL]));

  // Commands between: no fix ($? would be theirs), the advice says where cfn-signal belongs.
  const between = withSignal([UD, '          yum -y update', SUCCESS.replace('-e 0', '--exit-code=0')]);
  const h = findings(between).find((x) => x.ruleId === 'SIGNAL-ALWAYS-SUCCESS')!;
  assert.equal(h.fix, undefined);
  assert.match(h.message, /right after cfn-init/);
});

test('SIGNAL-ALWAYS-SUCCESS: on Windows, with the script language own exit code', () => {
  const cmd = replaceOnce(
    WINDOWS_JSON,
    '"\\n",\n          "</script>"',
    '"\\n",\n          "cfn-signal.exe -e 0 --stack ", { "Ref": "AWS::StackId" }, " --resource WebServerGroup\\n",\n          "</script>"',
  );
  const f = findings(cmd, { fileName: 't.json' }).find((x) => x.ruleId === 'SIGNAL-ALWAYS-SUCCESS')!;
  assert.ok(f, 'reported in a <script> block');
  assert.match(applyEdits(cmd, f.fix!.edits), /cfn-signal\.exe -e %ERRORLEVEL% --stack/);
});

test('SIGNAL-ALWAYS-SUCCESS: the fix puts -e after a quoted program name, not inside its quotes', () => {
  const ps = `Resources:
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    CreationPolicy:
      ResourceSignal:
        Timeout: PT15M
    Properties:
      MinSize: "1"
      MaxSize: "1"
  I:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      UserData: !Base64
        Fn::Sub: |
          <powershell>
          & "cfn-init.exe" -v -s \${AWS::StackName} -r I --region \${AWS::Region}
          & "cfn-signal.exe" -s true --stack \${AWS::StackName} --resource Group --region \${AWS::Region}
          </powershell>
`;
  const f = findings(ps).find((x) => x.ruleId === 'SIGNAL-ALWAYS-SUCCESS')!;
  assert.match(applyEdits(ps, f.fix!.edits), /& "cfn-signal\.exe" -e \$LASTEXITCODE -s true --stack/);
});

test('SIGNAL-ALWAYS-SUCCESS: silent where a failed cfn-init is reported, or the script cannot be followed', () => {
  const silent: string[][] = [
    [UD, SIGNAL],
    [UD, SUCCESS.replace('-e 0', '-e 1')],
    [UD, SUCCESS.replace('-e 0', '-e "$RC"')],
    [UD + ' || error_exit "cfn-init failed"', SUCCESS],
    [UD + ' && echo ok', SUCCESS],
    [UD + '; ' + SUCCESS.trim()],
    ['          set -e', UD, SUCCESS],
    ["          trap '/opt/aws/bin/cfn-signal -e 1 --stack ${AWS::StackName} --resource Group' ERR", UD, SUCCESS],
    ['          if ' + UD.trim() + '; then', '  ' + SUCCESS, '          fi'],
    [UD, '          $NEXT_STEP', SUCCESS],
    [SUCCESS],
    [UD, SIGNAL.replace('-e $? ', '--success false ')],
    ['          bash -ex << "TRY"', '  ' + UD, '          TRY', SUCCESS],
    // Options it cannot see: a shell variable, a substitution, a parameter (review of this rule).
    [UD, SIGNAL.replace('-e $? ', '$SIGNAL_ARGS ')],
    [UD, SIGNAL.replace('-e $? ', '$(signal_args) ')],
    [UD, SIGNAL.replace('-e $? ', '${SignalOptions} ')],
  ];
  for (const lines of silent) assert.deepEqual(only(withSignal(lines), 'SIGNAL-ALWAYS-SUCCESS'), [], lines.join('\n'));
  // Nothing waits for the signal (the base's Group has no CreationPolicy): SIGNAL-RESOURCE says so.
  assert.deepEqual(only(withScript([UD, SUCCESS]), 'SIGNAL-ALWAYS-SUCCESS'), []);
  // bash -e (the base template's #!/bin/bash -xe) stops at a failing cfn-init.
  assert.deepEqual(
    only(replaceOnce(withSignal([UD, SUCCESS]), '#!/bin/bash', '#!/bin/bash -xe'), 'SIGNAL-ALWAYS-SUCCESS'),
    [],
  );
  // A cfn-signal -e 0 the Init runs as its last command: cfn-init stops at the first failing command.
  const inInit = replaceOnce(
    LINUX_YAML,
    '          services:',
    `          commands:\n            99_signal:\n              command: !Sub "/opt/aws/bin/cfn-signal -e 0 --stack \${AWS::StackName} --resource Group"\n          services:`,
  );
  assert.deepEqual(only(inInit, 'SIGNAL-ALWAYS-SUCCESS'), []);
});

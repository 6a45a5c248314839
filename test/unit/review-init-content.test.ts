import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTemplate } from '../../src/core';

/**
 * False findings (and unclear messages) a review found in the Init content rules, each confirmed
 * with the CLI before the fix: the Init part of an EC2 instance with one String parameter.
 */
function instance(init: string): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Environment: {Type: String}
Resources:
  Instance:
    Type: AWS::EC2::Instance
    Metadata:
      AWS::CloudFormation::Init:
${init
  .split('\n')
  .map((l) => (l ? `        ${l}` : l))
  .join('\n')}
    Properties:
      ImageId: ami-12345678
`;
}

const findings = (init: string, rule: string) =>
  analyzeTemplate(instance(init), { fileName: 't.yaml' }).findings.filter((f) => f.ruleId === rule);

test('SUB-NEEDED-INIT: a command whose env supplies the variable, or that sets it before use, is silent', () => {
  const silent = [
    `01_deploy:\n  command: '/opt/app/deploy.sh "\${Environment}"'\n  env:\n    Environment: !Ref Environment`,
    `01_set:\n  command: 'Environment=prod; echo \${Environment}'`,
    `01_export:\n  command: 'export Environment=prod && echo \${Environment}'`,
    `01_for:\n  command: 'for Environment in a b; do echo \${Environment}; done'`,
    `01_read:\n  command: 'read -r Environment < /etc/env; echo \${Environment}'`,
  ];
  for (const command of silent) {
    const init = `config:\n  commands:\n${command.replace(/^/gm, '    ')}\n`;
    assert.deepEqual(findings(init, 'SUB-NEEDED-INIT'), [], command);
  }
  // Set after the use, or another name in env: still the shell's empty string.
  const firing = [
    `01_late:\n  command: 'echo \${Environment}; Environment=prod'`,
    `01_other:\n  command: 'echo \${Environment}'\n  env:\n    OTHER: x`,
    // env cannot make "\${AWS::Region}" a shell variable: it stays a "bad substitution".
    `01_pseudo:\n  command: 'echo \${AWS::Region}'\n  env:\n    AWS: x`,
  ];
  for (const command of firing) {
    const init = `config:\n  commands:\n${command.replace(/^/gm, '    ')}\n`;
    assert.equal(findings(init, 'SUB-NEEDED-INIT').length, 1, command);
  }
});

const files = (entries: string) => `config:\n  files:\n${entries.replace(/^/gm, '    ')}\n`;

test('SUB-NEEDED-INIT on files: silent when ${Name} is meant for another tool the template supplies it to', () => {
  const compose = `/opt/app/docker-compose.yml:\n  content: |\n    services:\n      app:\n        image: "app:\${Environment}"\n`;
  const php = `/var/www/html/index.php:\n  content: |\n    <?php echo "Env: \${Environment}"; ?>\n`;
  const silent: [string, string][] = [
    // compose fills ${Environment} itself (from its environment and .env)
    ['compose file', files(compose)],
    ['compose.yaml', files(compose.replace('docker-compose.yml', 'compose.yaml'))],
    // a .env file written with the value (Fn::Sub) next to it
    [
      '.env written by Fn::Sub',
      files(
        `/opt/app/app.yml:\n  content: |\n    image: "app:\${Environment}"\n/opt/app/.env:\n  content: !Sub |\n    Environment=\${Environment}\n`,
      ),
    ],
    [
      'export in another file',
      files(`${php}/etc/profile.d/app.sh:\n  content: !Sub "export Environment=\${Environment}\\n"\n`),
    ],
    // a command of the same Init has it in env
    [
      'a command env',
      `${files(php)}  commands:\n    01_run:\n      command: /opt/app/run.sh\n      env:\n        Environment: !Ref Environment\n`,
    ],
    // a systemd unit that sets variables: systemd expands ${Name} in its Exec lines
    [
      'systemd unit with EnvironmentFile=',
      files(
        `/etc/systemd/system/app.service:\n  content: |\n    [Service]\n    EnvironmentFile=/etc/app/app.env\n    ExecStart=/opt/app/run --env \${Environment}\n`,
      ),
    ],
  ];
  for (const [what, init] of silent) assert.deepEqual(findings(init, 'SUB-NEEDED-INIT'), [], what);

  const firing: [string, string][] = [
    ['PHP file, no other supply', files(php)],
    [
      'unit without Environment=',
      files(
        `/etc/systemd/system/app.service:\n  content: |\n    [Service]\n    ExecStart=/opt/app/run --env \${Environment}\n`,
      ),
    ],
    // no tool uses ${AWS::…} or ${Res.Attr}: CloudFormation's forms, whatever else is set
    ['AWS:: in a compose file', files(compose.replace('${Environment}', '${AWS::Region}'))],
    ['Res.Attr in a compose file', files(compose.replace('${Environment}', '${Instance.PrivateIp}'))],
    [
      'pseudo parameter next to a .env',
      files(
        `/opt/app/app.yml:\n  content: |\n    region: \${AWS::Region}\n/opt/app/.env:\n  content: !Sub |\n    AWS=x\n`,
      ),
    ],
    // the file's own Name=${Name} without Fn::Sub is the text cfn-init writes, not a supply
    ['a .env without Fn::Sub', files(`/opt/app/.env:\n  content: |\n    Environment=\${Environment}\n`)],
  ];
  for (const [what, init] of firing) assert.equal(findings(init, 'SUB-NEEDED-INIT').length, 1, what);
});

test('SUB-NEEDED-INIT on files in JSON: a .env written by Fn::Join supplies the name', () => {
  const template = (env: string) =>
    JSON.stringify({
      Parameters: { Environment: { Type: 'String' } },
      Resources: {
        Instance: {
          Type: 'AWS::EC2::Instance',
          Metadata: {
            'AWS::CloudFormation::Init': {
              config: {
                files: {
                  '/opt/app/app.yml': { content: 'image: "app:${Environment}"\n' },
                  '/opt/app/.env': { content: { 'Fn::Join': ['', [env, { Ref: 'Environment' }, '\n']] } },
                },
              },
            },
          },
          Properties: { ImageId: 'ami-12345678' },
        },
      },
    });
  const sub = (env: string) =>
    analyzeTemplate(template(env), { fileName: 't.json' }).findings.filter((f) => f.ruleId === 'SUB-NEEDED-INIT');
  assert.deepEqual(sub('Environment='), []);
  assert.deepEqual(sub('# build\nEnvironment='), []);
  assert.equal(sub('Stage=').length, 1);
});

test('PKG-NOT-MAP: not on a manager cfn-init skips, not on an empty apt list, and an empty list is told what to write', () => {
  const pkg = (packages: string) =>
    findings(`config:\n  packages:\n${packages.replace(/^/gm, '    ')}\n`, 'PKG-NOT-MAP');
  // construction.py calls only the tools in _packageTools: "Unsupported package manager" and skipped
  assert.deepEqual(pkg('dnf: [nginx]'), []);
  assert.equal(findings(`config:\n  packages:\n    dnf: [nginx]\n`, 'PKG-UNKNOWN-MANAGER').length, 1);
  // apt_tool.py: `if not action: return`, so an empty list (or string) installs nothing and fails nothing
  assert.deepEqual(pkg('apt: []'), []);
  assert.deepEqual(pkg(`apt: ''`), []);
  assert.equal(pkg('apt: [nginx]').length, 1);
  // yum, rpm, python, rubygems and msi call action.keys(): a list fails, empty or not
  for (const manager of ['yum', 'rpm', 'python', 'rubygems', 'msi']) {
    const found = pkg(`${manager}: []`);
    assert.equal(found.length, 1, manager);
    assert.match(found[0]!.message, /Write a map such as \{httpd: \[\]\}, or remove packages\./, manager);
  }
  assert.match(pkg('yum: [httpd, php]')[0]!.message, /Write httpd: \[\], php: \[\]\.$/);
});

test('INIT-CONFIG-NOT-OBJECT: only on a config cfn-init builds (config without configSets, or one a configSet names)', () => {
  const install = `install:\n  commands:\n    01_x: {command: "echo x"}\n`;
  const rule = 'INIT-CONFIG-NOT-OBJECT';
  assert.deepEqual(findings(`configSets:\n  default: [install]\nversion: "7"\n${install}`, rule), []);
  assert.deepEqual(findings(`version: "7"\nconfig:\n  commands:\n    01_x: {command: "echo x"}\n`, rule), []);
  // used: named by a configSet (also in a branch of Fn::If or a nested list), or "config" without configSets
  assert.equal(findings(`configSets:\n  default: [install, version]\nversion: "7"\n${install}`, rule).length, 1);
  assert.equal(findings(`configSets:\n  default: [[install], [version]]\nversion: "7"\n${install}`, rule).length, 1);
  assert.equal(
    findings(`configSets:\n  default: !If [IsProd, [install], [install, version]]\nversion: "7"\n${install}`, rule)
      .length,
    1,
  );
  assert.equal(findings(`config: [files]\n`, rule).length, 1);
  // a set name in {ConfigSet: …} is no config
  assert.deepEqual(
    findings(`configSets:\n  version: [install]\n  default: [{ConfigSet: version}]\nversion: "7"\n${install}`, rule),
    [],
  );
});

test('FILE-CONTENT-JSON: silent for places whose readers take JSON (CNI network configs, cloud-init .cfg)', () => {
  const mapping = (path: string) =>
    findings(files(`${path}:\n  content:\n    cniVersion: "0.4.0"\n    name: bridge\n`), 'FILE-CONTENT-JSON');
  assert.deepEqual(mapping('/etc/cni/net.d/10-bridge.conf'), []);
  assert.deepEqual(mapping('/etc/cni/net.d/10-bridge.conflist'), []);
  assert.deepEqual(mapping('/etc/cloud/cloud.cfg.d/99-host.cfg'), []);
  assert.deepEqual(mapping('/etc/cloud/cloud.cfg'), []);
  // elsewhere a .conf or .cfg still is no JSON
  assert.equal(mapping('/etc/app/app.conf').length, 1);
  assert.equal(mapping('/etc/cni/app.conf').length, 1);
  assert.equal(mapping('/etc/cloud/other.cfg').length, 1);
});

test('FILE-BASE64-INVALID: reads content as Python b64decode does (non-strict a2b_base64); data after a padding is a warning', () => {
  // Each verdict checked with python 2.7, 3.6, 3.11 and 3.13: base64.b64decode(s) raises (error),
  // returns the data before a padding with more base64 after it (warning), or decodes it all (silent).
  const cases: [string, 'silent' | 'warning' | 'error'][] = [
    ['YWJj=', 'silent'], // 'abc': the stray "=" completes nothing and is skipped
    ['aGVsbG8gd29ybGQ=', 'silent'],
    ['YW Jj\r\nZGVm', 'silent'], // blanks and line breaks are skipped
    ['YW*Jj', 'silent'], // so is any character outside the alphabet
    ['=YWJj', 'silent'],
    ['Y=Q==', 'silent'], // 'a'
    ['YQ = =', 'silent'], // 'a': blanks between the two "="
    ['YQ==-', 'silent'], // nothing base64 after the padding
    ['====', 'silent'],
    ['YQ==\nYg==\n', 'warning'], // 'a': "Yg==" is dropped
    ['YWI=YWJj', 'warning'], // 'ab'
    ['YWJjZA==\n# comment', 'warning'], // the letters of the comment are base64 data, dropped
    ['YQ', 'error'], // Incorrect padding
    ['YQ=', 'error'],
    ['YWJjZA=', 'error'],
    ['YQ=YWJj=', 'error'], // the first "=" completes nothing; "YWJj=" then lacks one
    ['Y', 'error'], // 1 more than a multiple of 4
    ['YWJjZ', 'error'],
    ['hello world', 'error'],
    ['YWJ\u00e9j', 'error'], // not ASCII: ValueError (Python 3), UnicodeEncodeError (Python 2)
  ];
  for (const [content, expected] of cases) {
    const found = findings(
      files(`/opt/app/data.bin:\n  encoding: base64\n  content: ${JSON.stringify(content)}\n`),
      'FILE-BASE64-INVALID',
    );
    const got = found.length === 0 ? 'silent' : found.length === 1 ? found[0]!.severity : `${found.length} findings`;
    assert.equal(got, expected, JSON.stringify(content));
    if (expected === 'warning') assert.match(found[0]!.message, /writes only the data before the first padding/);
  }
});

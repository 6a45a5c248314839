import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTemplate } from '../../src/core';
import { applyEdits } from './helpers/analyze';

/**
 * USERDATA-NOT-RUN: cloud-init runs a script only when it begins with "#!" (tenth fresh sample:
 * `#/bin/bash`, so cfn-init never ran). Every other beginning cloud-init knows stays silent.
 */
function template(userData: string, parameters = ''): string {
  return `${parameters}Resources:
  Instance:
    Type: AWS::EC2::Instance
    Metadata:
      AWS::CloudFormation::Init:
        config:
          files:
            /opt/app.conf:
              content: x=1
    Properties:
      ImageId: ami-12345678
      UserData:
        Fn::Base64: !Sub |
${userData
  .split('\n')
  .map((l) => (l ? `          ${l}` : l))
  .join('\n')}
`;
}

const CFN_INIT = '/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource Instance --region ${AWS::Region}\n';
const found = (text: string) =>
  analyzeTemplate(text, { fileName: 't.yaml' }).findings.filter((f) => f.ruleId === 'USERDATA-NOT-RUN');

test('a mistyped shebang: reported, and the fix writes it as one', () => {
  for (const [first, fixed] of [
    ['#/bin/bash', '#!/bin/bash'],
    ['# !/bin/bash -xe', '#!/bin/bash -xe'],
    ['#/usr/bin/env bash', '#!/usr/bin/env bash'],
  ]) {
    const text = template(`${first}\n${CFN_INIT}`);
    const f = found(text);
    assert.equal(f.length, 1, first);
    assert.equal(applyEdits(text, f[0]!.fix!.edits), template(`${fixed}\n${CFN_INIT}`), first);
    assert.equal(found(template(`${fixed}\n${CFN_INIT}`)).length, 0, fixed);
  }
});

test('!# for #!: reported; no fix (it would write a # into the text)', () => {
  const f = found(template(`!#/bin/sh\n${CFN_INIT}`));
  assert.equal(f.length, 1);
  assert.match(f[0]!.message, /Write the first line as "#!\/bin\/sh"/);
});

test('a script with no header at all: reported, without a fix', () => {
  const f = found(template(`yum update -y aws-cfn-bootstrap\n${CFN_INIT}`));
  assert.equal(f.length, 1);
  assert.equal(f[0]!.fix, undefined);
  assert.match(f[0]!.message, /Begin the script with "#!\/bin\/bash"/);
});

test('every beginning cloud-init knows, Windows UserData, a value first, or no cfn-init: silent', () => {
  for (const userData of [
    `#!/bin/bash\n${CFN_INIT}`,
    `\n  #!/bin/bash\n${CFN_INIT}`,
    `#cloud-config\nruncmd:\n  - ${CFN_INIT}`,
    `#Cloud-Config\nruncmd:\n  - ${CFN_INIT}`,
    `Content-Type: multipart/mixed; boundary="//"\nMIME-Version: 1.0\n\n--//\nContent-Type: text/x-shellscript\n\n#!/bin/bash\n${CFN_INIT}--//--\n`,
    `MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="//"\n\n--//\nContent-Type: text/x-shellscript\n\n#!/bin/bash\n${CFN_INIT}--//--\n`,
    `#cloud-boothook\n${CFN_INIT}`,
    `<powershell>\ncfn-init.exe -v -s \${AWS::StackName} -r Instance --region \${AWS::Region}\n</powershell>\n`,
    `<script>\ncfn-init.exe -v -s \${AWS::StackName} -r Instance --region \${AWS::Region}\n</script>\n`,
    `version: 1.0\ntasks:\n- task: executeScript\n  inputs:\n  - frequency: once\n    type: powershell\n    runAs: localSystem\n    content: |-\n      cfn-init -v -s \${AWS::StackName} -r Instance --region \${AWS::Region}\n`,
    `cfn-init.exe -v -s \${AWS::StackName} -r Instance --region \${AWS::Region}\n`,
    `\${Header}\n${CFN_INIT}`,
    `#/bin/bash\nyum -y update\n`,
  ])
    assert.deepEqual(
      found(template(userData, '')).map((f) => f.message),
      [],
      userData,
    );
});

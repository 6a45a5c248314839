import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTemplate } from '../../src/core';
import { applyEdits } from './helpers/analyze';
import { HUP_CONF_FILE, reloaderHookFile } from './helpers/templates';

/**
 * HOOK-WATCHES-OTHER-INIT: a hook copied from another resource and not renamed (eighth fresh sample,
 * the HashiCorp Consul Quick Start: the servers' hook watches and runs the clients' Init).
 */
function lc(id: string, hookFor: string, bootExtra = ''): string {
  return `  ${id}:
    Type: AWS::AutoScaling::LaunchConfiguration
    Metadata:
      AWS::CloudFormation::Init:
        config:
          files:
${HUP_CONF_FILE}${reloaderHookFile(hookFor)}            /opt/${id}.conf:
              content: role=${id}
          services:
            sysvinit:
              cfn-hup:
                enabled: true
                ensureRunning: true
                files: [/etc/cfn/cfn-hup.conf, /etc/cfn/hooks.d/cfn-auto-reloader.conf]
    Properties:
      ImageId: ami-12345678
      InstanceType: t3.micro
      UserData: !Base64
        Fn::Sub: |
          #!/bin/bash -xe
          /opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource ${id} --region \${AWS::Region}
${bootExtra}`;
}

const template = (server: string, client = lc('ClientLC', 'ClientLC')) => `Resources:\n${server}${client}`;
const ids = (text: string) => analyzeTemplate(text, { fileName: 't.yaml' }).findings.map((f) => f.ruleId);

test("the server's hook copied from the client: reported, and the fix watches and runs the server", () => {
  const text = template(lc('ServerLC', 'ClientLC'));
  const found = analyzeTemplate(text, { fileName: 't.yaml' }).findings.filter(
    (f) => f.ruleId === 'HOOK-WATCHES-OTHER-INIT',
  );
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /written by "ServerLC".*watches "ClientLC"/);
  const fixed = applyEdits(text, found[0]!.fix!.edits);
  assert.equal(fixed, template(lc('ServerLC', 'ServerLC')));
  assert.ok(!ids(fixed).includes('HOOK-WATCHES-OTHER-INIT'));
});

test('silent when each hook watches its own resource, or the servers also boot with the other Init', () => {
  assert.ok(!ids(template(lc('ServerLC', 'ServerLC'))).includes('HOOK-WATCHES-OTHER-INIT'));
  const both = lc(
    'ServerLC',
    'ClientLC',
    '          /opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource ClientLC --region ${AWS::Region}\n',
  );
  assert.ok(!ids(template(both)).includes('HOOK-WATCHES-OTHER-INIT'));
});

test("silent when the servers' own Init chains to the other Init (an Init command runs cfn-init --resource ClientLC)", () => {
  const chained = lc('ServerLC', 'ClientLC').replace(
    '          services:\n',
    '          commands:\n            01_client:\n              command: !Sub /opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource ClientLC --region ${AWS::Region}\n          services:\n',
  );
  assert.ok(chained.includes('01_client'));
  assert.ok(!ids(template(chained)).includes('HOOK-WATCHES-OTHER-INIT'));
});

test('silent when the watched resource has no Init, or the path and the action disagree (another rule)', () => {
  const noInit = `  Holder:\n    Type: AWS::CloudFormation::WaitConditionHandle\n    Metadata:\n      Note: x\n`;
  assert.ok(!ids(template(lc('ServerLC', 'Holder'), noInit)).includes('HOOK-WATCHES-OTHER-INIT'));
  const disagree = lc('ServerLC', 'ClientLC').replace('--resource ClientLC', '--resource ServerLC');
  const found = ids(template(disagree));
  assert.ok(!found.includes('HOOK-WATCHES-OTHER-INIT'));
  assert.ok(found.includes('HOOK-ACTION-RESOURCE-MISMATCH'));
});

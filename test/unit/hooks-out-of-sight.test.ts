import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTemplate, parseTemplate } from '../../src/core';
import { TemplateModel } from '../../src/core/template/model';
import type { ObjectNode } from '../../src/core/template/ast';
import { hooksOutOfReach, writesHooksOutsideInit } from '../../src/core/cfnhup/hooksElsewhere';
import { summarizeChangeSet } from '../../src/core/release/changeSetSummary';
import { HUP_CONF_FILE } from './helpers/templates';

/**
 * Rules that conclude "no hook" or "no hook watches this" from the hooks they read must stay silent
 * when cfn-hup may run hooks they cannot read (sixth fresh sample: a CDK template writes its hook
 * from a UserData heredoc and restarts cfn-hup; we said it had none). Every other finding stays.
 */
const RULES = ['HOOK-NO-HOOKS', 'BUILD-PARAM-UNWATCHED', 'UPD-METADATA-NEEDS-HUP'];

interface Parts {
  parameters?: string;
  files?: string;
  commands?: string;
  sources?: string;
  userData?: string;
}

function template(p: Parts): string {
  return `Parameters:
  BuildNumber:
    Type: String
${p.parameters ?? ''}Resources:
  Instance:
    Type: AWS::EC2::Instance
    Metadata:
      AWS::CloudFormation::Init:
        config:
          files:
${HUP_CONF_FILE}              mode: "000400"
            /opt/app/build.txt:
              content: !Ref BuildNumber
${p.files ?? ''}${p.commands ?? ''}${p.sources ?? ''}          services:
            sysvinit:
              cfn-hup:
                enabled: true
                ensureRunning: true
                files: [/etc/cfn/cfn-hup.conf]
    Properties:
      ImageId: ami-12345678
      InstanceType: t3.micro
      UserData:
        Fn::Base64: !Sub |
          #!/bin/bash
          /opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource Instance --region \${AWS::Region}
${p.userData ?? ''}`;
}

function reported(text: string): string[] {
  const ids = analyzeTemplate(text, { fileName: 't.yaml' }).findings.map((f) => f.ruleId);
  return RULES.filter((id) => ids.includes(id));
}

const HOOK_LINES = `[cfn-auto-reloader-hook]
triggers=post.update
path=Resources.Instance.Metadata.AWS::CloudFormation::Init
action=/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource Instance --region \${AWS::Region}`;

test('hooks the analysis reads all: "no hook" is reported, and with a hook "nothing watches" and "not watched"', () => {
  // No hook file at all: cfn-hup runs only hooks the image brings, which may watch anything (review).
  assert.deepEqual(reported(template({})), ['HOOK-NO-HOOKS']);
  const other = `            /etc/cfn/hooks.d/cfn-auto-reloader.conf:
              content: !Sub |
${HOOK_LINES.replace('Resources.Instance.', 'Resources.Other.').replace(/^/gm, '                ')}
`;
  assert.deepEqual(reported(template({ files: other })), ['BUILD-PARAM-UNWATCHED', 'UPD-METADATA-NEEDS-HUP']);
});

test('a hook written by a UserData heredoc (the CDK case): silent', () => {
  const userData = `          mkdir -p /etc/cfn/hooks.d && cat << EOF > /etc/cfn/hooks.d/cfn-auto-reloader.conf
${HOOK_LINES.replace(/^/gm, '          ')}
          EOF
          service cfn-hup restart
`;
  assert.deepEqual(reported(template({ userData })), []);
});

test('a hook written by an Init command, or unpacked from an archive into /etc/cfn: silent', () => {
  const commands = `          commands:
            01_hook:
              command: aws s3 cp s3://bucket/reloader.conf /etc/cfn/hooks.d/reloader.conf
`;
  assert.deepEqual(reported(template({ commands })), []);
  for (const target of ['/etc/cfn', '/etc/cfn/hooks.d/', '/etc', '/'])
    assert.deepEqual(
      reported(template({ sources: `          sources:\n            ${target}: https://example.com/cfn.tgz\n` })),
      [],
      target,
    );
  // An archive elsewhere writes no hook.
  assert.deepEqual(
    reported(template({ sources: '          sources:\n            /opt/app: https://example.com/app.tgz\n' })),
    ['HOOK-NO-HOOKS'],
  );
});

test('a hook written by a script the Init writes and a command runs: silent (review)', () => {
  const files = `            /usr/local/bin/setup-hooks.sh:
              content: |
                #!/bin/bash
                cat > /etc/cfn/hooks.d/reloader.conf <<EOF
                [reloader]
                EOF
              mode: "000755"
`;
  const commands = `          commands:
            01_hooks:
              command: /usr/local/bin/setup-hooks.sh
`;
  assert.deepEqual(reported(template({ files, commands })), []);
});

test('a hook file whose text is unknown (a source URL, a parameter), or whose path names a resource through a value: silent on "not watched"', () => {
  const fromUrl = `            /etc/cfn/hooks.d/cfn-auto-reloader.conf:
              source: https://example.com/reloader.conf
`;
  const fromParameter = `            /etc/cfn/hooks.d/cfn-auto-reloader.conf:
              content: !Ref HookText
`;
  const unknownResource = `            /etc/cfn/hooks.d/cfn-auto-reloader.conf:
              content: !Sub |
${HOOK_LINES.replace('Resources.Instance.', 'Resources.${Target}.').replace(/^/gm, '                ')}
`;
  assert.deepEqual(reported(template({ files: fromUrl })), []);
  assert.deepEqual(reported(template({ files: fromParameter, parameters: '  HookText:\n    Type: String\n' })), []);
  assert.deepEqual(reported(template({ files: unknownResource, parameters: '  Target:\n    Type: String\n' })), []);
  // Pseudo parameters in the action, as every auto-reloader has, hide nothing.
  const known = `            /etc/cfn/hooks.d/cfn-auto-reloader.conf:
              content: !Sub |
${HOOK_LINES.replace('Resources.Instance.', 'Resources.Other.').replace(/^/gm, '                ')}
`;
  assert.deepEqual(reported(template({ files: known })), ['BUILD-PARAM-UNWATCHED', 'UPD-METADATA-NEEDS-HUP']);
});

test('the other findings of such a template stay', () => {
  const userData = `          cat << EOF > /etc/cfn/hooks.d/cfn-auto-reloader.conf
${HOOK_LINES.replace(/^/gm, '          ')}
          EOF
`;
  const text = template({ userData }).replace(
    'region=${AWS::Region}',
    'region=${AWS::Region}\n                interval=0',
  );
  const ids = analyzeTemplate(text, { fileName: 't.yaml' }).findings.map((f) => f.ruleId);
  assert.ok(ids.includes('HUP-INTERVAL-INVALID'), ids.join(', '));
});

test('a release preview does not claim instances will not apply it when hooks are written outside the Init', () => {
  const model = (text: string) => new TemplateModel(parseTemplate(text, 't.yaml').root as ObjectNode);
  const heredoc = template({ userData: '          cat << EOF > /etc/cfn/hooks.d/reloader.conf\n          EOF\n' });
  assert.equal(writesHooksOutsideInit(model(heredoc)), true);
  assert.equal(writesHooksOutsideInit(model(template({}))), false);
  // A downloaded hook file: its hooks are in no template either (review).
  const downloaded = template({
    files: '            /etc/cfn/hooks.d/reloader.conf:\n              source: https://example.com/reloader.conf\n',
  });
  assert.equal(writesHooksOutsideInit(model(downloaded)), false);
  assert.equal(hooksOutOfReach(model(downloaded)), true);
  // Without any hook file cfn-hup runs only hooks the image brings: out of reach too (review).
  assert.equal(hooksOutOfReach(model(template({}))), true);
  const readable = template({
    files: `            /etc/cfn/hooks.d/reloader.conf:\n              content: !Sub |\n${HOOK_LINES.replace(/^/gm, '                ')}\n`,
  });
  assert.equal(hooksOutOfReach(model(readable)), false);
  const encoded = template({
    files:
      '            /etc/cfn/hooks.d/reloader.conf:\n              encoding: base64\n              content: W2hdCg==\n',
  });
  assert.equal(hooksOutOfReach(model(encoded)), true);
  const changeSet = { id: 'id', name: 'cs', status: 'CREATE_COMPLETE', changes: [] };
  assert.match(summarizeChangeSet(changeSet, [], true).lines.join('\n'), /hooks cfn-hup-tools cannot read/);
  assert.match(summarizeChangeSet(changeSet, [], false).lines.join('\n'), /will not apply this release in place/);
});

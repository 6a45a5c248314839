import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTemplate, parseTemplate } from '../../src/core';
import { TemplateModel } from '../../src/core/template/model';
import type { ObjectNode } from '../../src/core/template/ast';
import { configuresHupWithoutHooks, hooksOutOfReach } from '../../src/core/cfnhup/hooksElsewhere';
import { summarizeChangeSet } from '../../src/core/release/changeSetSummary';
import { HUP_CONF_FILE, reloaderHookFile } from './helpers/templates';

/**
 * The release rules (BUILD-PARAM-UNWATCHED, UPD-METADATA-NEEDS-HUP, UPD-ASG-NO-ROLL) on templates a
 * review found them wrong on, each confirmed with the CLI before the fix: builds that reach running
 * instances another way than a hook (a rolling replacement, a nested stack, an SSM association), hooks
 * the template does not show, and a hook that watches the build but never fires on an update.
 */
const RULES = ['BUILD-PARAM-UNWATCHED', 'UPD-METADATA-NEEDS-HUP', 'UPD-ASG-NO-ROLL', 'HOOK-NO-HOOKS'];

function findings(text: string) {
  return analyzeTemplate(text, { fileName: 't.yaml' }).findings.filter((f) => RULES.includes(f.ruleId));
}

const reported = (text: string) => findings(text).map((f) => f.ruleId);

interface Parts {
  /** Init `files` entries besides cfn-hup.conf (default: the auto-reloader hook watching the launch template). */
  files?: string;
  /** Lines added to the launch template's UserData script (10 spaces in). */
  userData?: string;
  /** The group's UpdatePolicy (4 spaces in), e.g. `    UpdatePolicy:\n      AutoScalingRollingUpdate: {}\n`. */
  updatePolicy?: string;
  /** The group's LaunchTemplate Version. */
  version?: string;
  /** More resources (2 spaces in). */
  resources?: string;
}

/**
 * A launch template whose Init writes cfn-hup.conf (and by default its auto-reloader hook), launched by an
 * Auto Scaling group; BuildNumber is used wherever the parts put it.
 */
function stack(p: Parts = {}): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  BuildNumber:
    Type: String
Resources:
  LaunchTemplate:
    Type: AWS::EC2::LaunchTemplate
    Metadata:
      AWS::CloudFormation::Init:
        config:
          files:
${HUP_CONF_FILE}              mode: "000400"
${p.files ?? reloaderHookFile('LaunchTemplate')}          services:
            sysvinit:
              cfn-hup:
                enabled: "true"
                ensureRunning: "true"
    Properties:
      LaunchTemplateData:
        ImageId: ami-12345678
        InstanceType: t3.micro
        UserData:
          Fn::Base64: !Sub |
            #!/bin/bash
            /opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource LaunchTemplate --region \${AWS::Region}
${p.userData ?? ''}  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
${p.updatePolicy ?? ''}    Properties:
      LaunchTemplate:
        LaunchTemplateId: !Ref LaunchTemplate
        Version: ${p.version ?? '!GetAtt LaunchTemplate.LatestVersionNumber'}
      MinSize: "1"
      MaxSize: "2"
      AvailabilityZones: !GetAZs ""
${p.resources ?? ''}`;
}

const ROLLING = '    UpdatePolicy:\n      AutoScalingRollingUpdate:\n        MinInstancesInService: "1"\n';

/** The hook lines of the auto-reloader, written by a UserData heredoc (12 spaces in). */
const HEREDOC_HOOK = `            cat > /etc/cfn/hooks.d/reloader.conf <<EOF
            [cfn-auto-reloader-hook]
            triggers=post.update
            path=Resources.LaunchTemplate.Metadata.AWS::CloudFormation::Init
            action=/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource LaunchTemplate --region \${AWS::Region}
            EOF
            systemctl restart cfn-hup
`;

/** A file the Init writes (12 spaces in). */
const BUILD_FILE = '            /opt/app/build.txt:\n              content: !Ref BuildNumber\n';

test('the fixture: a watched build is silent; an unwatched Init with a rolling group gets the three findings', () => {
  assert.deepEqual(reported(stack({ files: reloaderHookFile('LaunchTemplate') + BUILD_FILE })), []);
  const other = reloaderHookFile('LaunchTemplate').replace('path=Resources.LaunchTemplate.', 'path=Resources.Group.');
  assert.deepEqual(reported(stack({ files: other + BUILD_FILE, updatePolicy: ROLLING })).sort(), [
    'BUILD-PARAM-UNWATCHED',
    'UPD-ASG-NO-ROLL',
    'UPD-METADATA-NEEDS-HUP',
  ]);
});

test('UPD-ASG-NO-ROLL: silent when a UserData heredoc writes the hook (hooks out of sight)', () => {
  const text = stack({ files: BUILD_FILE, userData: HEREDOC_HOOK, updatePolicy: ROLLING });
  assert.deepEqual(reported(text), []);
});

test('cfn-hup set up and no hook file in the template (hooks in the image): only HOOK-NO-HOOKS, which says so', () => {
  const text = stack({ files: BUILD_FILE, updatePolicy: ROLLING });
  assert.deepEqual(reported(text), ['HOOK-NO-HOOKS']);
  assert.match(findings(text)[0]!.message, /unless the AMI has hooks/);
  // The release preview does not claim running instances will not apply the release either.
  const model = new TemplateModel(parseTemplate(text, 't.yaml').root as ObjectNode);
  assert.equal(hooksOutOfReach(model), true);
  assert.equal(configuresHupWithoutHooks(model), true);
  assert.equal(
    configuresHupWithoutHooks(new TemplateModel(parseTemplate(stack(), 't.yaml').root as ObjectNode)),
    false,
  );
  const changeSet = { id: 'id', name: 'cs', status: 'CREATE_COMPLETE', changes: [] };
  assert.match(summarizeChangeSet(changeSet, [], true).lines.join('\n'), /brought by the image/);
  // No cfn-hup.conf in the template either: nothing tells that cfn-hup runs; the findings stay.
  const noConf = stack({ files: BUILD_FILE, updatePolicy: ROLLING }).replace(
    `${HUP_CONF_FILE}              mode: "000400"\n`,
    '',
  );
  assert.deepEqual(reported(noConf).sort(), ['BUILD-PARAM-UNWATCHED', 'UPD-ASG-NO-ROLL', 'UPD-METADATA-NEEDS-HUP']);
});

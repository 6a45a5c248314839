import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTemplate, parseTemplate } from '../../src/core';
import { TemplateModel } from '../../src/core/template/model';
import type { ObjectNode } from '../../src/core/template/ast';
import { configuresHupWithoutHooks, hooksOutOfReach } from '../../src/core/cfnhup/hooksElsewhere';
import { summarizeChangeSet } from '../../src/core/release/changeSetSummary';
import { HUP_CONF_FILE, LINUX_YAML, reloaderHookFile } from './helpers/templates';

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

test('BUILD-PARAM-UNWATCHED: a hook that watches the build but fires only on post.add is named; post.update or an unread trigger watches', () => {
  const hook = (triggers: string) =>
    reloaderHookFile('LaunchTemplate').replace('triggers=post.update', `triggers=${triggers}`) + BUILD_FILE;
  const addOnly = findings(stack({ files: hook('post.add') }));
  assert.deepEqual(
    addOnly.map((f) => f.ruleId),
    ['BUILD-PARAM-UNWATCHED'],
  );
  assert.match(addOnly[0]!.message, /hook \[cfn-auto-reloader-hook\] watches it but fires only on post\.add/);
  assert.match(addOnly[0]!.message, /triggers=post\.add,post\.update/);
  assert.doesNotMatch(addOnly[0]!.message, /no cfn-hup hook watches/);
  assert.match(findings(stack({ files: hook('post.add, post.remove') }))[0]!.message, /post\.add and post\.remove/);
  assert.deepEqual(reported(stack({ files: hook('post.add,post.update') })), []);
  // A mistyped post.update is HOOK-UNKNOWN-TRIGGER's; a trigger from a template value may be anything.
  assert.deepEqual(reported(stack({ files: hook('post.updat') })), []);
  assert.deepEqual(reported(stack({ files: hook('${AWS::Region}') })), []);
});

test('BUILD-PARAM-UNWATCHED: triggers= twice or a hook name two files share leave the triggers to the duplicate rules', () => {
  const twice = reloaderHookFile('LaunchTemplate').replace(
    'triggers=post.update\n',
    'triggers=post.update\n                triggers=post.add\n',
  );
  assert.deepEqual(reported(stack({ files: twice + BUILD_FILE })), []);
  // Merged by name, the hook may keep post.update from one file and the Init path from the other.
  const addOnly = reloaderHookFile('LaunchTemplate').replace('triggers=post.update', 'triggers=post.add');
  const other = reloaderHookFile('LaunchTemplate')
    .replace('cfn-auto-reloader.conf', 'second.conf')
    .replace('path=Resources.LaunchTemplate.Metadata.AWS::CloudFormation::Init', 'path=Resources.Group');
  assert.deepEqual(
    findings(stack({ files: addOnly + other + BUILD_FILE })).filter((f) => f.ruleId === 'BUILD-PARAM-UNWATCHED'),
    [],
  );
});

test('BUILD-PARAM-UNWATCHED: silent when the build is passed to a nested stack (its template may hold the Init and the hook)', () => {
  const nested = `  AppStack:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://s3.amazonaws.com/bucket/app.yaml
      Parameters:
        BuildNumber: !Ref BuildNumber
`;
  assert.deepEqual(reported(stack({ resources: nested })), []);
  const serverless = `  AppStack:
    Type: AWS::Serverless::Application
    Properties:
      Location: https://s3.amazonaws.com/bucket/app.yaml
      Parameters:
        Build: !Sub "build-\${BuildNumber}"
`;
  assert.deepEqual(reported(stack({ resources: serverless })), []);
  // Anywhere else, and nothing watches it: the warning stays.
  const queue = '  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref BuildNumber\n';
  assert.deepEqual(reported(stack({ resources: queue })), ['BUILD-PARAM-UNWATCHED']);
});

test('BUILD-PARAM-UNWATCHED: silent when an SSM association deploys the build (updating it runs the document again)', () => {
  const association = `  Deploy:
    Type: AWS::SSM::Association
    Properties:
      Name: AWS-RunShellScript
      Targets:
        - Key: tag:aws:autoscaling:groupName
          Values: [!Ref Group]
      Parameters:
        commands:
          - !Sub "/opt/app/deploy.sh \${BuildNumber}"
`;
  assert.deepEqual(reported(stack({ resources: association })), []);
});

test('BUILD-PARAM-UNWATCHED: silent when a rolling or replacing group ships the build in its launch template or configuration', () => {
  const userData = '            echo "${BuildNumber}" > /opt/app/build\n';
  const build = (p: Parts) => reported(stack({ userData, ...p }));
  assert.deepEqual(build({}), ['BUILD-PARAM-UNWATCHED'], 'no update policy: only new instances get it');
  assert.deepEqual(build({ updatePolicy: ROLLING }), []);
  const replacing = (will: string) =>
    `    UpdatePolicy:\n      AutoScalingReplacingUpdate:\n        WillReplace: ${will}\n`;
  assert.deepEqual(build({ updatePolicy: replacing('true') }), []);
  assert.deepEqual(build({ updatePolicy: replacing('false') }), ['BUILD-PARAM-UNWATCHED']);
  // The group must follow the new version: a literal one does not; one that cannot be told is not guessed.
  assert.deepEqual(build({ updatePolicy: ROLLING, version: '"1"' }), ['BUILD-PARAM-UNWATCHED']);
  assert.deepEqual(build({ updatePolicy: ROLLING, version: '"$Latest"' }), []);
  assert.deepEqual(build({ updatePolicy: ROLLING, version: '!GetAtt LaunchTemplate.DefaultVersionNumber' }), []);
  // A rolling group that launches from another template does not ship this one.
  const other = stack({ userData, updatePolicy: ROLLING }).replace(
    'LaunchTemplateId: !Ref LaunchTemplate',
    'LaunchTemplateId: !Ref OtherTemplate',
  );
  assert.deepEqual(reported(other), ['BUILD-PARAM-UNWATCHED']);
  // MixedInstancesPolicy names the template too.
  const mixed = stack({ userData, updatePolicy: ROLLING }).replace(
    '      LaunchTemplate:\n        LaunchTemplateId: !Ref LaunchTemplate\n        Version: !GetAtt LaunchTemplate.LatestVersionNumber\n',
    '      MixedInstancesPolicy:\n        LaunchTemplate:\n          LaunchTemplateSpecification:\n            LaunchTemplateId: !Ref LaunchTemplate\n            Version: !GetAtt LaunchTemplate.LatestVersionNumber\n',
  );
  assert.ok(mixed.includes('MixedInstancesPolicy'));
  assert.deepEqual(reported(mixed), []);
});

test('BUILD-PARAM-UNWATCHED: a launch configuration in a rolling group ships the build; an instance UserData does not', () => {
  const lc = LINUX_YAML.replace('content: !Sub "build ${BuildNumber}\\n"', 'content: "static\\n"').replace(
    '          /opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}\n',
    '          /opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}\n          echo "${BuildNumber}" > /opt/app/build\n',
  );
  assert.ok(lc.includes('echo "${BuildNumber}"'));
  assert.deepEqual(reported(lc), ['BUILD-PARAM-UNWATCHED']);
  assert.deepEqual(
    reported(
      lc.replace(
        '    Type: AWS::AutoScaling::AutoScalingGroup\n',
        `    Type: AWS::AutoScaling::AutoScalingGroup\n${ROLLING}`,
      ),
    ),
    [],
  );
  // UserData runs once: an instance never gets a new build this way, rolling group or not.
  const instance = `  Server:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      UserData:
        Fn::Base64: !Sub |
          #!/bin/bash
          echo "\${BuildNumber}" > /opt/app/build
`;
  assert.deepEqual(reported(stack({ updatePolicy: ROLLING, resources: instance })), ['BUILD-PARAM-UNWATCHED']);
});

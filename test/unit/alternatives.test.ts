import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { covered, findings } from './helpers/analyze';

/**
 * Configs (or files) chosen by Fn::If exclude each other: one instance runs one
 * branch. Two alternatives that write the same hook, list different cfn-hup
 * files or start cfn-hup differently duplicate nothing. A mistake that holds in
 * no single branch is not reported; one that holds in every branch still is.
 */
type Json = Record<string, unknown>;

const CROSS_RULES = [
  'HOOK-DUPLICATE-NAME',
  'HUP-SVC-FILES-MISSING',
  'SVC-RESTART-REF-UNRESOLVED',
  'HUP-STARTED-TWICE',
  'HUP-NOT-STARTED',
  'HOOK-NO-HOOKS',
  'FILE-NOT-ABSOLUTE',
];

const hupConf = (interval: number) => ({
  content: { 'Fn::Sub': `[main]\nstack=\${AWS::StackId}\nregion=\${AWS::Region}\ninterval=${interval}\n` },
});
const hook = (configSet: string) => ({
  content: {
    'Fn::Sub': `[cfn-auto-reloader-hook]\ntriggers=post.update\npath=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init\naction=/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource LaunchConfig -c ${configSet} --region \${AWS::Region}\n`,
  },
});
const service = (...files: string[]) => ({
  sysvinit: { 'cfn-hup': { enabled: 'true', ensureRunning: 'true', files } },
});

/** A launch configuration whose Init is given; UserData runs cfn-init with the given configSet. */
function template(init: Json, userDataExtra = ''): Json {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { Env: { Type: 'String' } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    Resources: {
      LaunchConfig: {
        Type: 'AWS::AutoScaling::LaunchConfiguration',
        Metadata: { 'AWS::CloudFormation::Init': init },
        Properties: {
          ImageId: 'ami-12345678',
          InstanceType: 't3.micro',
          UserData: {
            'Fn::Base64': {
              'Fn::Sub': `#!/bin/bash\n/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource LaunchConfig -c default --region \${AWS::Region}\n${userDataExtra}`,
            },
          },
        },
      },
    },
  };
}

/** Two alternative configs, each complete: its own cfn-hup.conf, hook file and service entry. */
const prod = {
  files: {
    '/etc/cfn/cfn-hup.conf': hupConf(1),
    '/etc/cfn/hooks.d/prod.conf': hook('default'),
  },
  services: service('/etc/cfn/cfn-hup.conf', '/etc/cfn/hooks.d/prod.conf'),
};
const dev = {
  files: {
    '/etc/cfn/cfn-hup.conf': hupConf(15),
    '/etc/cfn/hooks.d/dev.conf': hook('default'),
  },
  services: service('/etc/cfn/cfn-hup.conf', '/etc/cfn/hooks.d/dev.conf'),
};

const SHAPES: { name: string; init: Json }[] = [
  {
    name: 'an item of a configSet list is Fn::If',
    init: { configSets: { default: [{ 'Fn::If': ['IsProd', 'prod', 'dev'] }] }, prod, dev },
  },
  {
    name: 'a whole configSet is Fn::If',
    init: { configSets: { default: { 'Fn::If': ['IsProd', ['prod'], ['dev']] } }, prod, dev },
  },
  {
    name: 'items are Fn::If with AWS::NoValue',
    init: {
      configSets: {
        default: [
          { 'Fn::If': ['IsProd', 'prod', { Ref: 'AWS::NoValue' }] },
          { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, 'dev'] },
        ],
      },
      prod,
      dev,
    },
  },
  {
    name: 'a nested {ConfigSet} reference chosen by Fn::If',
    init: {
      configSets: {
        prodSet: ['prod'],
        devSet: ['dev'],
        default: [{ 'Fn::If': ['IsProd', { ConfigSet: 'prodSet' }, { ConfigSet: 'devSet' }] }],
      },
      prod,
      dev,
    },
  },
  {
    name: 'the files map of one config is Fn::If',
    init: {
      config: {
        files: {
          'Fn::If': [
            'IsProd',
            { '/etc/cfn/cfn-hup.conf': hupConf(1), '/etc/cfn/hooks.d/prod.conf': hook('default') },
            { '/etc/cfn/cfn-hup.conf': hupConf(15), '/etc/cfn/hooks.d/dev.conf': hook('default') },
          ],
        },
        services: {
          'Fn::If': [
            'IsProd',
            service('/etc/cfn/cfn-hup.conf', '/etc/cfn/hooks.d/prod.conf'),
            service('/etc/cfn/cfn-hup.conf', '/etc/cfn/hooks.d/dev.conf'),
          ],
        },
      },
    },
  },
  {
    name: 'a config is Fn::If with AWS::NoValue',
    init: {
      configSets: { default: ['prod', 'dev'] },
      prod: { 'Fn::If': ['IsProd', prod, { Ref: 'AWS::NoValue' }] },
      dev: { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, dev] },
    },
  },
];

function cross(text: string, fileName: string) {
  return findings(text, { fileName })
    .filter((f) => CROSS_RULES.includes(f.ruleId))
    .map((f) => [f.ruleId, covered(text, f)]);
}

for (const shape of SHAPES) {
  for (const format of ['json', 'yaml'] as const) {
    test(`alternatives are not duplicates (${format}): ${shape.name}`, () => {
      const t = template(shape.init);
      const text = format === 'json' ? JSON.stringify(t, null, 2) : stringify(t);
      assert.deepEqual(cross(text, `t.${format}`), []);
    });
  }
}

test('alternatives in short-form YAML: the same hook name in two exclusive configs', () => {
  const text = `Conditions:
  IsProd: !Equals [!Ref Env, prod]
Parameters:
  Env:
    Type: String
Resources:
  LaunchConfig:
    Type: AWS::AutoScaling::LaunchConfiguration
    Metadata:
      AWS::CloudFormation::Init:
        configSets:
          default:
            - !If [IsProd, prodHup, devHup]
        prodHup:
          files:
            /etc/cfn/cfn-hup.conf:
              content: !Sub |
                [main]
                stack=\${AWS::StackId}
                region=\${AWS::Region}
            /etc/cfn/hooks.d/reloader.conf:
              content: !Sub |
                [reloader]
                triggers=post.update
                path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init
                action=/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource LaunchConfig --region \${AWS::Region}
          services:
            sysvinit:
              cfn-hup:
                enabled: "true"
                ensureRunning: "true"
                files: [/etc/cfn/cfn-hup.conf, /etc/cfn/hooks.d/reloader.conf]
        devHup:
          files:
            /etc/cfn/cfn-hup.conf:
              content: !Sub |
                [main]
                stack=\${AWS::StackId}
                region=\${AWS::Region}
                interval=15
            /etc/cfn/hooks.d/reloader-dev.conf:
              content: !Sub |
                [reloader]
                triggers=post.update
                path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init
                action=/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource LaunchConfig --region \${AWS::Region} -c default
          services:
            sysvinit:
              cfn-hup:
                enabled: "true"
                ensureRunning: "true"
                files: [/etc/cfn/cfn-hup.conf, /etc/cfn/hooks.d/reloader-dev.conf]
    Properties:
      ImageId: ami-12345678
      UserData: !Base64
        Fn::Sub: |
          #!/bin/bash
          /opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource LaunchConfig --region \${AWS::Region}
`;
  assert.deepEqual(cross(text, 't.yaml'), []);
});

test('the daemon started in UserData only in the branch without the services entry is not "started twice"', () => {
  const init = {
    configSets: { default: ['files', { 'Fn::If': ['IsProd', 'svc', { Ref: 'AWS::NoValue' }] }] },
    files: { files: { '/etc/cfn/cfn-hup.conf': hupConf(1), '/etc/cfn/hooks.d/r.conf': hook('default') } },
    svc: { services: service() },
  };
  for (const format of ['json', 'yaml'] as const) {
    const t = template(init) as { Resources: { LaunchConfig: { Properties: { UserData: unknown } } } };
    t.Resources.LaunchConfig.Properties.UserData = {
      'Fn::Base64': {
        'Fn::Join': [
          '',
          [
            '#!/bin/bash\n/opt/aws/bin/cfn-init -v --stack ',
            { Ref: 'AWS::StackName' },
            ' --resource LaunchConfig --region ',
            { Ref: 'AWS::Region' },
            '\n',
            { 'Fn::If': ['IsProd', '', '/opt/aws/bin/cfn-hup\n'] },
          ],
        ],
      },
    };
    const text = format === 'json' ? JSON.stringify(t, null, 2) : stringify(t);
    assert.deepEqual(
      findings(text, { fileName: `t.${format}` })
        .filter((f) => f.ruleId === 'HUP-STARTED-TWICE' || f.ruleId === 'HUP-NOT-STARTED')
        .map((f) => f.ruleId),
      [],
      format,
    );
  }
});

test('a real duplicate in every branch is still reported', () => {
  // Both configs run together (no Fn::If between them): the same hook name twice is an error.
  const init = {
    configSets: { default: ['prod', 'dev'] },
    prod: { files: { '/etc/cfn/cfn-hup.conf': hupConf(1), '/etc/cfn/hooks.d/a.conf': hook('default') } },
    dev: {
      files: {
        '/etc/cfn/hooks.d/b.conf': {
          content: {
            'Fn::Sub':
              '[cfn-auto-reloader-hook]\ntriggers=post.add\npath=Resources.LaunchConfig.Metadata\naction=/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig -c default --region ${AWS::Region}\n',
          },
        },
      },
      services: service('/etc/cfn/cfn-hup.conf', '/etc/cfn/hooks.d/a.conf', '/etc/cfn/hooks.d/b.conf'),
    },
  };
  for (const format of ['json', 'yaml'] as const) {
    const t = template(init);
    const text = format === 'json' ? JSON.stringify(t, null, 2) : stringify(t);
    const dup = findings(text, { fileName: `t.${format}` }).filter((f) => f.ruleId === 'HOOK-DUPLICATE-NAME');
    assert.equal(dup.length, 1, format);
    assert.equal(dup[0]!.severity, 'error', format);
  }
});

test('a duplicate in one branch only is a warning, said to be in one branch', () => {
  const init = {
    configSets: { default: ['prod', { 'Fn::If': ['IsProd', 'dev', { Ref: 'AWS::NoValue' }] }] },
    prod: {
      files: { '/etc/cfn/cfn-hup.conf': hupConf(1), '/etc/cfn/hooks.d/a.conf': hook('default') },
      services: service('/etc/cfn/cfn-hup.conf', '/etc/cfn/hooks.d/a.conf'),
    },
    dev: {
      files: {
        '/etc/cfn/hooks.d/b.conf': {
          content: {
            'Fn::Sub':
              '[cfn-auto-reloader-hook]\ntriggers=post.add\npath=Resources.LaunchConfig.Metadata\naction=/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig -c default --region ${AWS::Region}\n',
          },
        },
      },
    },
  };
  const t = template(init);
  const text = stringify(t);
  const dup = findings(text, { fileName: 't.yaml' }).filter((f) => f.ruleId === 'HOOK-DUPLICATE-NAME');
  assert.equal(dup.length, 1);
  assert.equal(dup[0]!.severity, 'warning');
  assert.match(dup[0]!.message, /one branch of an Fn::If/);
});

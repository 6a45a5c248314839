import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConf, analyzeTemplate, type Finding } from '../../src/core';
import { applyEdits, covered, replaceOnce } from './helpers/analyze';
import { LINUX_YAML } from './helpers/templates';

/**
 * HUP-INLINE-COMMENT: `interval=5 ; minutes`. Python 3's ConfigParser (aws-cfn-bootstrap 2.x) keeps the
 * comment in the value, Python 2's (1.4) strips it: one finding that says so, instead of a "certain crash"
 * from HUP-INTERVAL-INVALID and a trigger fix that made "only" and "updates" triggers. The other rules judge
 * the value as its author meant it, without the comment.
 */
function template(
  main: string,
  hook: string,
  action = '/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource Instance --region ${AWS::Region}',
): string {
  return `Resources:
  Instance:
    Type: AWS::EC2::Instance
    Metadata:
      AWS::CloudFormation::Init:
        config:
          files:
            /etc/cfn/cfn-hup.conf:
              content: !Sub |
${main
  .split('\n')
  .map((l) => `                ${l}`)
  .join('\n')}
            /etc/cfn/hooks.d/cfn-auto-reloader.conf:
              content: !Sub |
${hook
  .split('\n')
  .map((l) => `                ${l}`)
  .join('\n')}
                action=${action}
          services:
            sysvinit:
              cfn-hup:
                enabled: true
                ensureRunning: true
                files: [/etc/cfn/cfn-hup.conf, /etc/cfn/hooks.d/cfn-auto-reloader.conf]
    Properties:
      ImageId: ami-12345678
      UserData:
        Fn::Base64: !Sub |
          #!/bin/bash
          /opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource Instance --region \${AWS::Region}
`;
}

const MAIN = '[main]\nstack=${AWS::StackId}\nregion=${AWS::Region}\ninterval=5';
const HOOK =
  '[cfn-auto-reloader-hook]\ntriggers=post.update\npath=Resources.Instance.Metadata.AWS::CloudFormation::Init';

const analyse = (text: string, off = false): Finding[] =>
  analyzeTemplate(text, { fileName: 't.yaml', rules: off ? { 'HUP-INLINE-COMMENT': 'off' } : undefined }).findings;
const errorsAndWarnings = (fs: Finding[]) => fs.filter((f) => f.severity !== 'info').map((f) => f.ruleId);

test('the control: the template without comments has no error or warning', () => {
  assert.deepEqual(errorsAndWarnings(analyse(template(MAIN, HOOK))), []);
});

test('a comment after each value cfn-hup reads: one finding each, on the comment, and no other rule speaks', () => {
  const main =
    '[main]\nstack=${AWS::StackId} ; ours\nregion=${AWS::Region} ; here\ninterval=5 ; minutes\nverbose=true ; loud\numask=022 ; default';
  const hook = `[cfn-auto-reloader-hook]\ntriggers=post.update ; only updates\npath=Resources.Instance.Metadata.AWS::CloudFormation::Init ; see docs.aws\nrunas=root ; as root`;
  const text = template(main, hook);
  const found = analyse(text);
  assert.deepEqual(errorsAndWarnings(found), Array(8).fill('HUP-INLINE-COMMENT'));
  const interval = found.find((f) => f.message.startsWith('interval='))!;
  assert.equal(covered(text, interval), '; minutes');
  assert.match(
    interval.message,
    /runs on Python 3, whose ConfigParser keeps an inline comment.*crashes at start; only 1\.4, on Python 2, strips it \(to "5"\)/,
  );
  const path = found.find((f) => f.message.includes('path='))!;
  assert.match(path.message, /^Hook \[cfn-auto-reloader-hook\]: path=".*; see docs\.aws": .*never fires/);
  // Every fix removes its comment and the blanks before it; all of them together leave a clean template.
  const fixed = applyEdits(
    text,
    found.flatMap((f) => f.fix?.edits ?? []),
  );
  assert.equal(fixed, template(`${MAIN}\nverbose=true\numask=022`, `${HOOK}\nrunas=root`));
  assert.deepEqual(errorsAndWarnings(analyse(fixed)), []);
});

test('switched off, the value rules judge the value as Python 3 reads it, and the trigger fix keeps only triggers', () => {
  const found = analyse(
    template(
      MAIN.replace('interval=5', 'interval=5 ; minutes'),
      HOOK.replace('post.update', 'post.update ; only updates'),
    ),
    true,
  );
  assert.ok(found.some((f) => f.ruleId === 'HUP-INTERVAL-INVALID'));
  const trigger = found.find((f) => f.ruleId === 'HOOK-UNKNOWN-TRIGGER')!;
  assert.equal(trigger.fix?.title, 'Use "post.update"');
  // Words run together still become triggers: the fix HOOK-UNKNOWN-TRIGGER gave before.
  const together = analyse(template(MAIN, HOOK.replace('post.update', 'post.update post.add'))).find(
    (f) => f.ruleId === 'HOOK-UNKNOWN-TRIGGER',
  )!;
  assert.equal(together.fix?.title, 'Use "post.update,post.add"');
});

test('silent where Python 2 and 3 agree or the text is not known: action, no blank before the ;, a # comment', () => {
  const ids = (main: string, hook = HOOK, action?: string) => errorsAndWarnings(analyse(template(main, hook, action)));
  // A `;` in the action is the shell's command separator, and Python 3 passes it to the shell.
  assert.deepEqual(
    ids(
      MAIN,
      HOOK,
      '/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource Instance --region ${AWS::Region} ; echo done',
    ),
    [],
  );
  // No blank before `;`: both keep it, and the value rule says what is wrong.
  assert.deepEqual(ids(MAIN.replace('interval=5', 'interval=5;minutes')), ['HUP-INTERVAL-INVALID']);
  // Only a blank then `;` is a comment to Python 2: `#` is kept by both (HOOK-PATH-MISSING-KEY speaks).
  assert.deepEqual(ids(MAIN, HOOK.replace('::Init', '::Init # the init')), ['HOOK-PATH-MISSING-KEY']);
});

test('a standalone cfn-hup.conf and hook file, as edited on an instance', () => {
  const conf = analyzeConf(
    '[main]\nstack=arn:aws:cloudformation:eu-west-1:123456789012:stack/app/1\nregion=eu-west-1\ninterval=5 ; minutes\n',
    {
      fileName: '/etc/cfn/cfn-hup.conf',
    },
  )!;
  assert.deepEqual(
    conf.findings.map((f) => f.ruleId),
    ['HUP-INLINE-COMMENT'],
  );
  const hook = analyzeConf(
    `${HOOK.replace('post.update', 'post.update ; on update')}\naction=/opt/aws/bin/cfn-init -s app -r Instance\n`,
    {
      fileName: '/etc/cfn/hooks.d/reloader.conf',
    },
  )!;
  assert.ok(hook.findings.some((f) => f.ruleId === 'HUP-INLINE-COMMENT'));
  assert.ok(!hook.findings.some((f) => f.ruleId === 'HOOK-UNKNOWN-TRIGGER'));
});

test('JSON: the comment in a literal piece of Fn::Join is reported and removed', () => {
  const text = JSON.stringify(
    {
      Resources: {
        Instance: {
          Type: 'AWS::EC2::Instance',
          Metadata: {
            'AWS::CloudFormation::Init': {
              config: {
                files: {
                  '/etc/cfn/cfn-hup.conf': {
                    content: {
                      'Fn::Join': [
                        '',
                        [
                          '[main]\n',
                          'stack=',
                          { Ref: 'AWS::StackId' },
                          '\n',
                          'region=',
                          { Ref: 'AWS::Region' },
                          '\n',
                          'interval=5 ; minutes\n',
                        ],
                      ],
                    },
                  },
                },
              },
            },
          },
          Properties: { ImageId: 'ami-12345678' },
        },
      },
    },
    null,
    2,
  );
  const f = analyzeTemplate(text, { fileName: 't.json' }).findings.find((x) => x.ruleId === 'HUP-INLINE-COMMENT')!;
  assert.ok(f, 'reported');
  assert.ok(applyEdits(text, f.fix!.edits).includes('"interval=5\\n"'));
});

const ruleIds = (text: string) => errorsAndWarnings(analyse(text)).sort();

test('a value wrong without its comment too: both findings, each for its own cause', () => {
  assert.deepEqual(ruleIds(template(MAIN.replace('interval=5', 'interval=0 ; minutes'), HOOK)), [
    'HUP-INLINE-COMMENT',
    'HUP-INTERVAL-INVALID',
  ]);
  assert.deepEqual(ruleIds(template(MAIN, HOOK.replace('post.update', 'post.updated ; on update'))), [
    'HOOK-UNKNOWN-TRIGGER',
    'HUP-INLINE-COMMENT',
  ]);
  assert.deepEqual(ruleIds(template(MAIN, HOOK.replace('Resources.Instance', 'Resources.Nope') + ' ; c')), [
    'HOOK-PATH-UNKNOWN-RESOURCE',
    'HUP-INLINE-COMMENT',
  ]);
  // Fatal on both Pythons: the first part is not "Resources".
  assert.deepEqual(ruleIds(template(MAIN, HOOK.replace('Resources.Instance', 'Resource.Instance') + ' ; c')), [
    'HOOK-PATH-FATAL',
    'HUP-INLINE-COMMENT',
  ]);
});

test('a path the comment makes fatal on Python 3 says so', () => {
  const text = template(MAIN, HOOK.replace('.AWS::CloudFormation::Init', ' ; the whole metadata'));
  const found = analyse(text);
  assert.deepEqual(errorsAndWarnings(found), ['HUP-INLINE-COMMENT']);
  assert.match(found[0]!.message, /fatal error, and every other hook with it/);
});

test('triggers=post.add ; post.update: a separator, not a comment (HOOK-UNKNOWN-TRIGGER joins them)', () => {
  const found = analyse(template(MAIN, HOOK.replace('post.update', 'post.add ; post.update')));
  assert.deepEqual(errorsAndWarnings(found), ['HOOK-UNKNOWN-TRIGGER']);
  assert.equal(found.find((f) => f.ruleId === 'HOOK-UNKNOWN-TRIGGER')!.fix?.title, 'Use "post.add,post.update"');
  // One good trigger and a comment on the other: the message names the broken one.
  const one = analyse(template(MAIN, HOOK.replace('post.update', 'post.add,post.update ; on update')));
  assert.match(
    one.find((f) => f.ruleId === 'HUP-INLINE-COMMENT')!.message,
    /trigger "post\.update ; on update" is none/,
  );
});

test('a comment that holds a template value is still one (no fix: the value is not the template text)', () => {
  const found = analyse(template(MAIN.replace('interval=5', 'interval=5 ; in ${AWS::Region}'), HOOK));
  const f = found.find((x) => x.ruleId === 'HUP-INLINE-COMMENT');
  assert.ok(f, 'reported');
  assert.deepEqual(errorsAndWarnings(found), ['HUP-INLINE-COMMENT']);
});

test('the rules that read what a hook watches read the path as meant (UPD-ASG-NO-ROLL stays silent)', () => {
  const rolling = replaceOnce(
    LINUX_YAML,
    '    Type: AWS::AutoScaling::AutoScalingGroup\n',
    '    Type: AWS::AutoScaling::AutoScalingGroup\n    UpdatePolicy:\n      AutoScalingRollingUpdate: {MinInstancesInService: "1"}\n',
  );
  assert.deepEqual(ruleIds(rolling), [], 'the control');
  const commented = replaceOnce(
    rolling,
    'path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init',
    'path=Resources.LaunchConfig ; any update of it',
  );
  assert.deepEqual(ruleIds(commented), ['HUP-INLINE-COMMENT']);
});

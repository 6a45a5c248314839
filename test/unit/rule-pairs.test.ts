import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { findings, replaceOnce } from './helpers/analyze';

/**
 * Some rules stay silent because another rule already explains the mistake.
 * Turning that other rule off must not hide the mistake: the first rule then
 * reports it. Each pair: with both on, only the explaining rule fires; with
 * it off, the other one does.
 */
interface Pair {
  /** The rule that stays silent while the other explains. */
  rule: string;
  /** The rule that explains the mistake. */
  explainedBy: string;
  name: string;
  base?: 'linux' | 'windows';
  edits: [string, string][];
}

const UD =
  '          /opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}';
const CONF = '                [main]\n                stack=${AWS::StackId}\n                region=${AWS::Region}\n';
const HOOK_KEYS =
  '                triggers=post.update\n                path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init\n';

const PAIRS: Pair[] = [
  {
    rule: 'INIT-CLI-STACK-RESOURCE',
    explainedBy: 'INIT-CLI-UNKNOWN-OPTION',
    name: '--stack-name instead of --stack',
    edits: [[UD, UD.replace('--stack ${AWS::StackName}', '--stack-name my-stack')]],
  },
  {
    rule: 'INIT-CLI-STACK-RESOURCE',
    explainedBy: 'INIT-CLI-GLUED-TOKENS',
    name: '-v--stack glued (JSON)',
    base: 'windows',
    edits: [['"cfn-init.exe -v -s ", { "Ref": "AWS::StackId" }, " -r', '"cfn-init.exe -v--stack my-stack -r']],
  },
  {
    rule: 'INIT-CLI-RESOURCE-UNKNOWN',
    explainedBy: 'INIT-CLI-POSITIONAL',
    name: 'single-dash -resource',
    edits: [[UD, UD.replace('--resource LaunchConfig', '-resource LaunchConfig')]],
  },
  {
    rule: 'HOOK-MISSING-KEY',
    explainedBy: 'HUP-ONE-LINE',
    name: 'hook settings on the header line',
    edits: [['[cfn-auto-reloader-hook]\n                triggers=', '[cfn-auto-reloader-hook] triggers=']],
  },
  {
    rule: 'HOOK-MISSING-KEY',
    explainedBy: 'HOOK-INDENTED-KEY',
    name: 'indented path= after triggers=',
    edits: [
      [
        HOOK_KEYS,
        '                triggers=post.update\n                  path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init\n',
      ],
    ],
  },
  {
    rule: 'HOOK-UNKNOWN-TRIGGER',
    explainedBy: 'HOOK-INDENTED-KEY',
    name: 'indented path= continues the triggers value',
    edits: [
      [
        HOOK_KEYS,
        '                triggers=post.update\n                  path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init\n',
      ],
    ],
  },
  {
    rule: 'HOOK-ACTION-RESOURCE-MISMATCH',
    explainedBy: 'HOOK-PATH-UNKNOWN-RESOURCE',
    name: 'path names a resource that does not exist',
    edits: [['path=Resources.LaunchConfig.Metadata', 'path=Resources.WebServer.Metadata']],
  },
  {
    rule: 'HUP-STACK-MISSING',
    explainedBy: 'HUP-ONE-LINE',
    name: '[main] and its settings on one line',
    edits: [[CONF, '                [main] stack=${AWS::StackId} region=${AWS::Region}\n']],
  },
  {
    rule: 'HUP-REGION-MISSING',
    explainedBy: 'HUP-ONE-LINE',
    name: 'region= run together with stack=',
    edits: [[CONF, '                [main]\n                stack=${AWS::StackId} region=${AWS::Region}\n']],
  },
  {
    rule: 'HUP-STACK-MISSING',
    explainedBy: 'HUP-ONE-LINE',
    name: '[main] joined with a space (JSON)',
    base: 'windows',
    edits: [['"[main]\\n",', '"[main] ",']],
  },
  {
    rule: 'INIT-CLI-RESOURCE-NO-INIT',
    explainedBy: 'INIT-KEY-CASE',
    name: 'AWS::Cloudformation::Init: cfn-init --resource finds no Init',
    edits: [['AWS::CloudFormation::Init:', 'AWS::Cloudformation::Init:']],
  },
];

for (const p of PAIRS) {
  test(`${p.rule} reports when ${p.explainedBy} is off: ${p.name}`, () => {
    let text = p.base === 'windows' ? WINDOWS_JSON : LINUX_YAML;
    const fileName = p.base === 'windows' ? 't.json' : 't.yaml';
    for (const [search, replacement] of p.edits) text = replaceOnce(text, search, replacement);
    const both = findings(text, { fileName }).map((f) => f.ruleId);
    assert.ok(both.includes(p.explainedBy), `${p.explainedBy} should explain it; got ${both.join(', ')}`);
    assert.ok(!both.includes(p.rule), `${p.rule} stays silent while ${p.explainedBy} reports`);
    const alone = findings(text, { fileName, rules: { [p.explainedBy]: 'off' } }).map((f) => f.ruleId);
    assert.ok(alone.includes(p.rule), `with ${p.explainedBy} off, ${p.rule} must report; got ${alone.join(', ')}`);
  });
}

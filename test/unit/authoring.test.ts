import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTemplate, completeAt, hoverAt, parseTemplate, type CompletionItem } from '../../src/core';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { applyEdits } from './helpers/analyze';

/** Complete at the place marked ‸ (the marker is removed). */
function complete(marked: string, fileName = 't.yaml'): { items: CompletionItem[]; text: string; offset: number } {
  const offset = marked.indexOf('‸');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { items: completeAt(parseTemplate(text, fileName), offset), text, offset };
}

function hover(marked: string, fileName = 't.yaml') {
  const offset = marked.indexOf('‸');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return hoverAt(parseTemplate(text, fileName), offset);
}

const at = (search: string, insert = '‸', base = LINUX_YAML) => base.replace(search, search + insert);

test('triggers= offers post.update, post.add, post.remove, minus those already listed', () => {
  const { items } = complete(LINUX_YAML.replace('triggers=post.update', 'triggers=‸'));
  assert.deepEqual(
    items.map((i) => i.label),
    ['post.update', 'post.add', 'post.remove'],
  );
  const more = complete(LINUX_YAML.replace('triggers=post.update', 'triggers=post.update,‸'));
  assert.deepEqual(
    more.items.map((i) => i.label),
    ['post.add', 'post.remove'],
  );
});

test("path= offers the template's own resources with Init, and their configs, replacing what is typed", () => {
  const { items, text, offset } = complete(
    LINUX_YAML.replace('path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init', 'path=Resources.La‸'),
  );
  assert.deepEqual(
    items.map((i) => i.label),
    [
      'Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init',
      'Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init.config',
    ],
  );
  assert.equal(text.slice(items[0]!.start, items[0]!.end), 'Resources.La');
  assert.equal(items[0]!.end, offset);
  const applied = applyEdits(text, [{ start: items[0]!.start, end: items[0]!.end, newText: items[0]!.insertText }]);
  assert.equal(applied, LINUX_YAML);
});

test('path= completion works inside a JSON Fn::Join piece', () => {
  const { items } = complete(
    WINDOWS_JSON.replace(
      '"path=Resources.WebServerLaunchConfiguration.Metadata.AWS::CloudFormation::Init\\n"',
      '"path=‸"',
    ),
    't.json',
  );
  assert.equal(items[0]!.label, 'Resources.WebServerLaunchConfiguration.Metadata.AWS::CloudFormation::Init');
});

test("-r / --resource offers resources with Init; -c offers that resource's configSets", () => {
  const r = complete(LINUX_YAML.replace('--resource LaunchConfig --region ${AWS::Region}\n  Group', '--resource ‸'));
  assert.deepEqual(
    r.items.map((i) => i.label),
    ['LaunchConfig'],
  );
  const withSets = LINUX_YAML.replace(
    '        config:\n',
    '        configSets:\n          default: [config]\n          deploy: [config]\n        config:\n',
  );
  const c = complete(
    withSets.replace(
      '/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}\n  Group',
      '/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig -c de‸',
    ),
  );
  assert.deepEqual(
    c.items.map((i) => i.label),
    ['default', 'deploy'],
  );
});

test('a new line in cfn-hup.conf offers its keys; in a hook, the hook keys', () => {
  const conf = complete(at('interval=1\n', '                ‸'));
  assert.ok(conf.items.some((i) => i.label === 'region=' && i.documentation!.includes('us-east-1')));
  const hook = complete(at('triggers=post.update\n', '                ‸'));
  assert.deepEqual(
    hook.items.map((i) => i.label),
    ['triggers=', 'path=', 'action=', 'runas='],
  );
});

test('inside a resource\'s Metadata: "Add cfn-hup auto-reloader" for that resource, and the result lints clean', () => {
  const bare = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  WebServer:
    Type: AWS::EC2::Instance
    Metadata:
      ‸
    Properties:
      ImageId: ami-12345678
`;
  const { items, text } = complete(bare);
  assert.equal(items.length, 1);
  const item = items[0]!;
  assert.equal(item.label, 'Add cfn-hup auto-reloader');
  const result = applyEdits(text, [{ start: item.start, end: item.end, newText: item.insertText }]);
  assert.match(result, /path=Resources\.WebServer\.Metadata\.AWS::CloudFormation::Init/);
  assert.match(result, /--resource WebServer/);
  assert.deepEqual(
    analyzeTemplate(result, { fileName: 't.yaml' }).findings.map((f) => f.ruleId),
    [],
  );
});

test('the auto-reloader follows the OS the resource targets: Windows c:\\cfn for a <powershell> UserData (JSON)', () => {
  const bare = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Web": {
      "Type": "AWS::EC2::Instance",
      "Metadata": { ‸ },
      "Properties": { "ImageId": "ami-1", "UserData": { "Fn::Base64": "<powershell>Write-Host hi</powershell>" } }
    }
  }
}
`;
  const { items, text } = complete(bare, 't.json');
  const result = applyEdits(text, [{ start: items[0]!.start, end: items[0]!.end, newText: items[0]!.insertText }]);
  assert.match(result, /c:\\\\cfn\\\\hooks\.d\\\\cfn-auto-reloader\.conf/);
  assert.match(result, /"windows"/);
  assert.deepEqual(
    analyzeTemplate(result, { fileName: 't.json' }).findings.map((f) => f.ruleId),
    [],
  );
});

test('no completions outside cfn-hup places', () => {
  assert.deepEqual(complete(at('InstanceType: t3.')).items, []);
});

test('hover on a cfn-hup.conf key, a trigger and a cfn-init option explains it', () => {
  assert.match(hover(LINUX_YAML.replace('interval=1', 'inter‸val=1'))!.markdown, /Minutes between polls/);
  assert.match(
    hover(LINUX_YAML.replace('triggers=post.update', 'triggers=post.up‸date'))!.markdown,
    /Never on the first poll/,
  );
  assert.match(
    hover(
      LINUX_YAML.replace(
        '--resource LaunchConfig --region ${AWS::Region}\n  Group',
        '--reso‸urce LaunchConfig --region ${AWS::Region}\n  Group',
      ),
    )!.markdown,
    /logical id whose/,
  );
});

test('hover on a hook path says what it resolves to, and whether BuildNumber is under it', () => {
  const md = hover(LINUX_YAML.replace('path=Resources.LaunchConfig', 'path=Resources.Launch‸Config'))!.markdown;
  assert.match(md, /Watches the Metadata of \*\*LaunchConfig\*\* \(AWS::AutoScaling::LaunchConfiguration\)/);
  assert.match(md, /✓ `BuildNumber` is used here/);
  const broken = hover(LINUX_YAML.replace('path=Resources.LaunchConfig', 'path=Resources.Launch‸Confg'))!.markdown;
  assert.match(broken, /no resource \*\*LaunchConfg\*\*/);
});

test('hover on the -r value names the resource and whether it has Init', () => {
  const md = hover(
    LINUX_YAML.replace(
      '--resource LaunchConfig --region ${AWS::Region}\n  Group',
      '--resource Launch‸Config --region ${AWS::Region}\n  Group',
    ),
  )!.markdown;
  assert.match(md, /applies the `AWS::CloudFormation::Init` of \*\*LaunchConfig\*\*/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplate } from '../../src/core';
import { getProperty, stringValue } from '../../src/core/template/ast';
import { LINUX_YAML } from './helpers/templates';
import { covered, findings, replaceOnce } from './helpers/analyze';

/**
 * Issue 10: a key written twice in one object. CloudFormation's parsers keep
 * the last value (JSON parsers; PyYAML for YAML), so every lookup and every
 * rule must see the last one, while TEMPLATE-DUPLICATE-KEY still reports each
 * occurrence where it is written.
 */

const SERVICES = `          services:
            sysvinit:
              cfn-hup:
                enabled: "true"
                ensureRunning: "true"
                files:
                  - /etc/cfn/cfn-hup.conf
                  - /etc/cfn/hooks.d/cfn-auto-reloader.conf
`;

/** LINUX_YAML with cfn-hup handled by two `commands:` maps in one config instead of `services`. */
function twoCommandMaps(first: string, second: string): string {
  return replaceOnce(
    LINUX_YAML,
    SERVICES,
    `          commands:\n            01_hup:\n              command: ${first}\n          commands:\n            01_hup:\n              command: ${second}\n`,
  );
}

/** The same as JSON: a Linux launch configuration whose config has `commands` twice. */
function twoCommandMapsJson(first: string, second: string): string {
  const hup = '[main]\\nstack=s\\nregion=us-east-1\\ninterval=1\\n';
  const hook =
    '[cfn-auto-reloader-hook]\\ntriggers=post.update\\npath=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init\\naction=/opt/aws/bin/cfn-init -v --stack s --resource LaunchConfig --region us-east-1\\n';
  return `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "LaunchConfig": {
      "Type": "AWS::AutoScaling::LaunchConfiguration",
      "Metadata": {
        "AWS::CloudFormation::Init": {
          "config": {
            "files": {
              "/etc/cfn/cfn-hup.conf": { "content": "${hup}", "mode": "000400" },
              "/etc/cfn/hooks.d/cfn-auto-reloader.conf": { "content": "${hook}" }
            },
            "commands": { "01_hup": { "command": "${first}" } },
            "commands": { "01_hup": { "command": "${second}" } }
          }
        }
      },
      "Properties": {
        "ImageId": "ami-12345678",
        "InstanceType": "t3.micro",
        "UserData": { "Fn::Base64": { "Fn::Sub": "#!/bin/bash\\n/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource LaunchConfig --region \${AWS::Region}\\n" } }
      }
    }
  }
}
`;
}

const REGISTER = 'update-rc.d cfn-hup defaults';
const START = 'systemctl start cfn-hup.service';

for (const [format, build, fileName] of [
  ['YAML', twoCommandMaps, 't.yaml'],
  ['JSON', twoCommandMapsJson, 't.json'],
] as const) {
  test(`${format}: two "commands" maps, the last starts cfn-hup: HUP-NOT-STARTED stays silent, both keys reported`, () => {
    const text = build(REGISTER, START);
    const all = findings(text, { fileName });
    const ids = all.map((f) => f.ruleId);
    assert.ok(!ids.includes('HUP-NOT-STARTED'), ids.join(', '));
    const duplicates = all.filter((f) => f.ruleId === 'TEMPLATE-DUPLICATE-KEY');
    const quote = format === 'JSON' ? '"' : '';
    assert.deepEqual(
      duplicates.map((f) => covered(text, f)),
      [`${quote}commands${quote}`, `${quote}commands${quote}`],
    );
    // Each at its own place: the first and the second occurrence.
    const first = text.indexOf(`${quote}commands${quote}`);
    assert.deepEqual(
      duplicates.map((f) => f.start).sort((a, b) => a - b),
      [first, text.indexOf(`${quote}commands${quote}`, first + 1)],
    );
    assert.match(duplicates.find((f) => f.start === first)!.message, /so this one is dropped/);
  });

  test(`${format}: two "commands" maps, only the first starts cfn-hup: HUP-NOT-STARTED fires (the last one wins)`, () => {
    const ids = findings(build(START, REGISTER), { fileName }).map((f) => f.ruleId);
    assert.ok(ids.includes('HUP-NOT-STARTED'), ids.join(', '));
  });

  test(`${format}: getProperty sees the last value of a duplicated key, kept where it is written`, () => {
    const parsed = parseTemplate(build(REGISTER, START), fileName);
    const config = getProperty(
      getProperty(
        getProperty(getProperty(getProperty(parsed.root, 'Resources'), 'LaunchConfig'), 'Metadata'),
        'AWS::CloudFormation::Init',
      ),
      'config',
    );
    assert.ok(config?.kind === 'object');
    assert.deepEqual(
      config.properties.map((p) => p.key),
      ['files', 'commands'],
    );
    assert.equal(stringValue(getProperty(getProperty(getProperty(config, 'commands'), '01_hup'), 'command')), START);
    assert.equal(config.duplicates?.length, 1);
  });
}

test('three duplicates of one key and one of another: the last of each kept, in source order', () => {
  const parsed = parseTemplate('{"a": 1, "b": 2, "a": 3, "c": 4, "b": 5, "a": 6}', 't.json');
  const root = parsed.root!;
  assert.ok(root.kind === 'object');
  assert.deepEqual(
    root.properties.map((p) => [p.key, (p.value as { value: unknown }).value]),
    [
      ['c', 4],
      ['b', 5],
      ['a', 6],
    ],
  );
  assert.deepEqual(
    root.duplicates!.map((p) => [p.key, (p.value as { value: unknown }).value]),
    [
      ['a', 1],
      ['b', 2],
      ['a', 3],
    ],
  );
  const yaml = parseTemplate('a: 1\nb: 2\na: 3\nc: 4\nb: 5\na: 6\n', 't.yaml').root!;
  // Source order: offsets ascend, as the editor's code expects when it finds or inserts an entry.
  assert.ok(yaml.kind === 'object');
  assert.deepEqual(
    yaml.properties.map((p) => [p.key, (p.value as { value: unknown }).value]),
    [
      ['c', 4],
      ['b', 5],
      ['a', 6],
    ],
  );
});

test('kept entries stay in source order: every key offset ascends (JSON and YAML)', () => {
  for (const [text, file] of [
    ['{"a": 1, "b": 2, "a": 3, "c": 4, "b": 5}', 't.json'],
    ['a: 1\nb: 2\na: 3\nc: 4\nb: 5\n', 't.yaml'],
  ] as const) {
    const root = parseTemplate(text, file).root!;
    assert.ok(root.kind === 'object');
    const starts = root.properties.map((p) => p.keyStart);
    assert.deepEqual(
      starts,
      [...starts].sort((x, y) => x - y),
    );
  }
});

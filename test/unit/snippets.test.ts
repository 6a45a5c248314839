import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTemplate, snippetFiles } from '../../src/core';

const ROOT = join(__dirname, '..', '..', '..');

/** What VS Code inserts for a snippet body when the user accepts the defaults. */
function expand(body: string[], indent: string): string {
  return body
    .map((l, i) => (i === 0 ? '' : indent) + l)
    .join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\\\$/g, '$');
}

test('snippets/*.json are generated from the core definitions (run npm run snippets)', () => {
  const files = snippetFiles();
  assert.deepEqual(JSON.parse(readFileSync(join(ROOT, 'snippets', 'yaml.json'), 'utf8')), files.yaml);
  assert.deepEqual(JSON.parse(readFileSync(join(ROOT, 'snippets', 'json.json'), 'utf8')), files.json);
});

for (const [name, os, allowed] of [
  ['cfn-hup: auto-reloading Init (Linux)', 'linux', []],
  ['cfn-hup: auto-reloading Init (Linux, systemd)', 'linux', ['SVC-SYSTEMD-VERSION']],
  ['cfn-hup: auto-reloading Init (Windows)', 'windows', []],
] as const) {
  test(`snippet "${name}" gives a template with no finding, in YAML and in JSON`, () => {
    const { yaml, json } = snippetFiles();
    const userData =
      os === 'windows'
        ? '<powershell>cfn-init.exe -v -s ${AWS::StackId} -r WebServerLaunchConfig --region ${AWS::Region}</powershell>'
        : '#!/bin/bash\n/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource WebServerLaunchConfig --region ${AWS::Region}';
    const yamlTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  WebServerLaunchConfig:
    Type: AWS::AutoScaling::LaunchConfiguration
    Metadata:
      ${expand(yaml[name]!.body, '      ')}
    Properties:
      ImageId: ami-12345678
      InstanceType: t3.micro
      UserData: !Base64
        Fn::Sub: ${JSON.stringify(userData)}
`;
    const ids = (t: string, f: string) =>
      analyzeTemplate(t, { fileName: f })
        .findings.map((x) => x.ruleId)
        .filter((id) => !(allowed as readonly string[]).includes(id));
    assert.deepEqual(ids(yamlTemplate, 't.yaml'), []);
    const jsonTemplate = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "WebServerLaunchConfig": {
      "Type": "AWS::AutoScaling::LaunchConfiguration",
      "Metadata": {
        ${expand(json[name]!.body, '        ')}
      },
      "Properties": { "ImageId": "ami-12345678", "InstanceType": "t3.micro", "UserData": { "Fn::Base64": { "Fn::Sub": ${JSON.stringify(userData)} } } }
    }
  }
}`;
    assert.deepEqual(ids(jsonTemplate, 't.json'), []);
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTemplate } from '../../src/core';

/**
 * False findings (and unclear messages) a review found in the Init content rules, each confirmed
 * with the CLI before the fix: the Init part of an EC2 instance with one String parameter.
 */
function instance(init: string): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Environment: {Type: String}
Resources:
  Instance:
    Type: AWS::EC2::Instance
    Metadata:
      AWS::CloudFormation::Init:
${init
  .split('\n')
  .map((l) => (l ? `        ${l}` : l))
  .join('\n')}
    Properties:
      ImageId: ami-12345678
`;
}

const findings = (init: string, rule: string) =>
  analyzeTemplate(instance(init), { fileName: 't.yaml' }).findings.filter((f) => f.ruleId === rule);

test('SUB-NEEDED-INIT: a command whose env supplies the variable, or that sets it before use, is silent', () => {
  const silent = [
    `01_deploy:\n  command: '/opt/app/deploy.sh "\${Environment}"'\n  env:\n    Environment: !Ref Environment`,
    `01_set:\n  command: 'Environment=prod; echo \${Environment}'`,
    `01_export:\n  command: 'export Environment=prod && echo \${Environment}'`,
    `01_for:\n  command: 'for Environment in a b; do echo \${Environment}; done'`,
    `01_read:\n  command: 'read -r Environment < /etc/env; echo \${Environment}'`,
  ];
  for (const command of silent) {
    const init = `config:\n  commands:\n${command.replace(/^/gm, '    ')}\n`;
    assert.deepEqual(findings(init, 'SUB-NEEDED-INIT'), [], command);
  }
  // Set after the use, or another name in env: still the shell's empty string.
  const firing = [
    `01_late:\n  command: 'echo \${Environment}; Environment=prod'`,
    `01_other:\n  command: 'echo \${Environment}'\n  env:\n    OTHER: x`,
    // env cannot make "\${AWS::Region}" a shell variable: it stays a "bad substitution".
    `01_pseudo:\n  command: 'echo \${AWS::Region}'\n  env:\n    AWS: x`,
  ];
  for (const command of firing) {
    const init = `config:\n  commands:\n${command.replace(/^/gm, '    ')}\n`;
    assert.equal(findings(init, 'SUB-NEEDED-INIT').length, 1, command);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { covered, findings, replaceOnce } from './helpers/analyze';

/**
 * A shell expansion in a cfn-init command line ($VAR, ${VAR}, $(…), backticks,
 * %VAR% in cmd.exe) is unknown here: it may expand to nothing or to several
 * valid options. No rule may call it a stray or unknown argument, or say an
 * option is missing because of it; the literal words around it are still checked.
 */
const CLI_RULES = [
  'INIT-CLI-POSITIONAL',
  'INIT-CLI-UNKNOWN-OPTION',
  'INIT-CLI-STACK-RESOURCE',
  'INIT-CLI-REGION-MISSING',
  'INIT-CLI-CONFIGSET-UNDEFINED',
  'INIT-CLI-RESOURCE-UNKNOWN',
  'INIT-CLI-GLUED-TOKENS',
];

const UD =
  '          /opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}';
const ACTION =
  'action=/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}';

function cliFindings(text: string, fileName: string) {
  return findings(text, { fileName }).filter((f) => CLI_RULES.includes(f.ruleId));
}

const SILENT: { name: string; base?: 'windows'; edits: [string, string][] }[] = [
  {
    name: 'UserData: options in an unquoted $VAR',
    edits: [[UD, '          ARGS="--region ${AWS::Region}"\n' + UD.replace(' --region ${AWS::Region}', ' $ARGS')]],
  },
  {
    name: 'UserData: ${!VAR} (a shell ${VAR} written inside !Sub)',
    edits: [[UD, UD.replace('--region ${AWS::Region}', '${!EXTRA_ARGS}')]],
  },
  {
    name: 'UserData: $(…) with spaces and a closing parenthesis',
    edits: [[UD, UD.replace('--region ${AWS::Region}', '$(cat /etc/cfn/init-args | tr -d "\\n")')]],
  },
  {
    name: 'UserData: backticks as the region value and as extra arguments',
    edits: [
      [
        UD,
        '          /opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --region `curl -s http://169.254.169.254/latest/meta-data/placement/region` `cat /etc/extra args` --resource LaunchConfig',
      ],
    ],
  },
  {
    name: 'hook action: "$@" and $CFN_CONFIGSETS',
    edits: [[ACTION, ACTION.replace('-v --stack', '-v "$@" $CFN_CONFIGSETS --stack')]],
  },
  {
    name: 'hook action: -c taken from a variable',
    edits: [[ACTION, ACTION + ' -c $SETS']],
  },
  {
    name: 'Windows cmd: %CFN_ARGS% (JSON)',
    base: 'windows',
    edits: [
      ['" -r WebServerLaunchConfiguration --region "', '" -r WebServerLaunchConfiguration %CFN_ARGS% --region "'],
    ],
  },
  {
    name: 'Windows cmd: region from %AWS_REGION% (JSON)',
    base: 'windows',
    edits: [
      [
        '" -r WebServerLaunchConfiguration --region ", { "Ref": "AWS::Region" }, "\\n",\n          "</script>"',
        '" -r WebServerLaunchConfiguration %MORE_ARGS%\\n",\n          "</script>"',
      ],
    ],
  },
];

for (const c of SILENT) {
  test(`shell expansions are not stray arguments: ${c.name}`, () => {
    let text = c.base === 'windows' ? WINDOWS_JSON : LINUX_YAML;
    const fileName = c.base === 'windows' ? 't.json' : 't.yaml';
    for (const [s, r] of c.edits) text = replaceOnce(text, s, r);
    const got = cliFindings(text, fileName);
    assert.deepEqual(
      got.map((f) => [f.ruleId, covered(text, f)]),
      [],
    );
  });
}

test('literal words around an expansion are still checked: unknown option (YAML)', () => {
  const text = replaceOnce(LINUX_YAML, UD, UD.replace('-v --stack', '$OPTS --stak'));
  const got = cliFindings(text, 't.yaml');
  assert.deepEqual(
    got.map((f) => [f.ruleId, covered(text, f)]),
    [['INIT-CLI-UNKNOWN-OPTION', '--stak']],
  );
});

test('literal words around an expansion are still checked: a resource that does not exist (YAML hook)', () => {
  const text = replaceOnce(
    LINUX_YAML,
    ACTION,
    ACTION.replace('--resource LaunchConfig', '$EXTRA --resource LaunchConfg'),
  );
  const got = findings(text, { fileName: 't.yaml' }).filter((f) => f.ruleId === 'INIT-CLI-RESOURCE-UNKNOWN');
  assert.deepEqual(
    got.map((f) => covered(text, f)),
    ['LaunchConfg'],
  );
});

test('literal words around an expansion are still checked: stray literal word after %VAR% (JSON)', () => {
  const text = replaceOnce(
    WINDOWS_JSON,
    '" -r WebServerLaunchConfiguration --region "',
    '" -r WebServerLaunchConfiguration %CFN_ARGS% stray --region "',
  );
  const got = cliFindings(text, 't.json');
  assert.deepEqual(
    got.map((f) => [f.ruleId, covered(text, f)]),
    [['INIT-CLI-POSITIONAL', 'stray']],
  );
});

test('a quoted literal with a dollar sign that is no expansion stays literal', () => {
  // "$" followed by a space or the end is a literal dollar in sh: -c "a$" names configSet "a$".
  const text = replaceOnce(LINUX_YAML, ACTION, ACTION + " -c 'cfg$'");
  const got = cliFindings(text, 't.yaml');
  assert.deepEqual(
    got.map((f) => f.ruleId),
    ['INIT-CLI-CONFIGSET-UNDEFINED'],
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_RULES, type Finding } from '../../src/core';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { applyEdits, covered, findings, replaceOnce } from './helpers/analyze';

/**
 * One case per mistake: take a known-good template, make the mistake, and
 * expect the rule to point at the right characters; where the rule offers a
 * fix, applying it must make the finding go away.
 */
interface Case {
  rule: string;
  name: string;
  base?: 'linux' | 'windows';
  edits: [string, string][];
  /** Exact source text the finding covers. */
  covers?: string;
  /** Or: the covered text starts with this. */
  coversStart?: string;
  severity?: Finding['severity'];
  /** The finding has a fix; applying it removes the finding. */
  fixed?: boolean;
  /** Applying the fix gives back the known-good template. */
  restoresBase?: boolean;
  /** Other rules this mistake also triggers (all others must stay silent). */
  alsoExpect?: string[];
}

const SVC_BLOCK = `          services:
            sysvinit:
              cfn-hup:
                enabled: "true"
                ensureRunning: "true"
                files:
                  - /etc/cfn/cfn-hup.conf
                  - /etc/cfn/hooks.d/cfn-auto-reloader.conf
`;
const HOOK_ACTION =
  'action=/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}';
const USERDATA_CALL =
  '          /opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}';

/** LaunchConfig copied as ServerLC, booting with its own id but keeping LaunchConfig's hook. */
const SERVER_COPY = LINUX_YAML.slice(LINUX_YAML.indexOf('  LaunchConfig:\n'), LINUX_YAML.indexOf('  Group:\n'))
  .replace('  LaunchConfig:\n', '  ServerLC:\n')
  .replace(USERDATA_CALL, USERDATA_CALL.replace('--resource LaunchConfig', '--resource ServerLC'));
const CONF_LINE = (s: string) => `                ${s}\n`;
const FILE_KEY = '            /opt/app/build.txt:\n';
const CONTENT = '              content: !Sub "build ${BuildNumber}\\n"\n';

const CASES: Case[] = [
  // cfn-hup.conf
  {
    rule: 'HUP-MAIN-SECTION',
    name: '[Main] instead of [main]',
    edits: [['[main]', '[Main]']],
    covers: '[Main]',
    fixed: true,
    restoresBase: true,
  },
  { rule: 'HUP-STACK-MISSING', name: 'no stack=', edits: [[CONF_LINE('stack=${AWS::StackId}'), '']], covers: '[main]' },
  {
    rule: 'HUP-ONE-LINE',
    name: 'Fn::Join with a space after [main] (JSON)',
    base: 'windows',
    edits: [['"[main]\\n",', '"[main] ",']],
    coversStart: '[main]',
    fixed: true,
    restoresBase: true,
  },
  {
    rule: 'HUP-ONE-LINE',
    name: 'two settings on one line in a !Sub block',
    edits: [['stack=${AWS::StackId}\n                region=', 'stack=${AWS::StackId} region=']],
    coversStart: 'stack=',
    fixed: true,
    restoresBase: true,
  },
  {
    rule: 'HUP-REGION-MISSING',
    name: 'no region=',
    edits: [[CONF_LINE('region=${AWS::Region}'), '']],
    covers: '[main]',
    severity: 'warning',
  },
  { rule: 'HUP-INTERVAL-INVALID', name: 'interval=0', edits: [['interval=1', 'interval=0']], covers: '0' },
  { rule: 'HUP-INTERVAL-INVALID', name: 'interval=5m', edits: [['interval=1', 'interval=5m']], covers: '5m' },
  {
    rule: 'HUP-INTERVAL-INVALID',
    name: 'interval=0 in a Fn::Join piece (JSON)',
    base: 'windows',
    edits: [['"interval=1\\n"', '"interval=0\\n"']],
    covers: '0',
  },
  {
    rule: 'HUP-INLINE-COMMENT',
    name: 'interval=1 ; minutes (Python 3 keeps the comment)',
    edits: [['interval=1', 'interval=1 ; minutes']],
    covers: '; minutes',
    fixed: true,
    restoresBase: true,
  },
  {
    rule: 'HUP-INLINE-COMMENT',
    name: 'a comment after the hook path (JSON)',
    base: 'windows',
    edits: [['::Init\\n"', '::Init ; the init\\n"']],
    covers: '; the init',
    fixed: true,
    restoresBase: true,
  },
  {
    rule: 'HUP-INTERVAL-UNITS',
    name: 'interval=300 (seconds meant)',
    edits: [['interval=1', 'interval=300']],
    covers: '300',
    severity: 'info',
  },
  {
    rule: 'HUP-VERBOSE-INVALID',
    name: 'verbose=y',
    edits: [['interval=1\n', 'interval=1\n                verbose=y\n']],
    covers: 'y',
  },
  {
    rule: 'HUP-UMASK-INVALID',
    name: 'umask=0o22',
    edits: [['interval=1\n', 'interval=1\n                umask=0o22\n']],
    covers: '0o22',
  },
  {
    rule: 'HUP-UNKNOWN-KEY',
    name: 'intervall=1',
    edits: [['interval=1', 'intervall=1']],
    covers: 'intervall',
    severity: 'warning',
  },
  {
    rule: 'HUP-EXTRA-SECTION',
    name: 'a hook section in cfn-hup.conf',
    edits: [['interval=1\n', 'interval=1\n                [extra-hook]\n                triggers=post.update\n']],
    covers: '[extra-hook]',
    severity: 'warning',
  },
  {
    rule: 'HUP-PERCENT',
    name: 'date +%s in a hook action',
    edits: [[HOOK_ACTION, HOOK_ACTION + ' && date +%s']],
    covers: '%',
    fixed: true,
  },
  {
    rule: 'HUP-ROLE-AND-CREDFILE',
    name: 'role and credential-file',
    edits: [
      ['interval=1\n', 'interval=1\n                role=MyRole\n                credential-file=/etc/cfn/creds\n'],
    ],
    covers: 'credential-file',
    severity: 'info',
  },
  {
    rule: 'HUP-CONF-LOCATION',
    name: '/etc/cfn-hup.conf',
    edits: [['/etc/cfn/cfn-hup.conf:', '/etc/cfn-hup.conf:']],
    covers: '/etc/cfn-hup.conf',
    severity: 'warning',
  },
  // hooks
  {
    rule: 'HOOK-MISSING-KEY',
    name: 'trigger= instead of triggers=',
    edits: [['triggers=post.update', 'trigger=post.update']],
    covers: '[cfn-auto-reloader-hook]',
    alsoExpect: ['HOOK-UNKNOWN-KEY'],
  },
  {
    rule: 'HOOK-UNKNOWN-TRIGGER',
    name: 'post.updated',
    edits: [['triggers=post.update', 'triggers=post.updated']],
    covers: 'post.updated',
    fixed: true,
    restoresBase: true,
  },
  {
    rule: 'HOOK-UNKNOWN-TRIGGER',
    name: 'space-separated triggers',
    edits: [['triggers=post.update', 'triggers=post.add post.update']],
    covers: 'post.add post.update',
    fixed: true,
  },
  {
    rule: 'HOOK-ONCOMMAND-MIXED',
    name: 'on.command with post.update',
    edits: [['triggers=post.update', 'triggers=on.command,post.update']],
    coversStart: 'on.command',
    severity: 'warning',
  },
  {
    rule: 'HOOK-PATH-FATAL',
    name: 'path into Properties',
    edits: [
      [
        'path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init',
        'path=Resources.LaunchConfig.Properties.UserData',
      ],
    ],
    covers: 'Resources.LaunchConfig.Properties.UserData',
    alsoExpect: ['BUILD-PARAM-UNWATCHED'],
  },
  {
    rule: 'HOOK-PATH-UNKNOWN-RESOURCE',
    name: 'typo in the logical id',
    edits: [['path=Resources.LaunchConfig.', 'path=Resources.LaunchConfg.']],
    covers: 'LaunchConfg',
    fixed: true,
    restoresBase: true,
    alsoExpect: ['BUILD-PARAM-UNWATCHED', 'UPD-METADATA-NEEDS-HUP'],
  },
  {
    rule: 'HOOK-PATH-UNKNOWN-RESOURCE',
    name: 'typo in the logical id (JSON Fn::Join)',
    base: 'windows',
    edits: [['"path=Resources.WebServerLaunchConfiguration.', '"path=Resources.WebServerLaunchConfig.']],
    covers: 'WebServerLaunchConfig',
    fixed: true,
    restoresBase: true,
    alsoExpect: ['BUILD-PARAM-UNWATCHED', 'UPD-METADATA-NEEDS-HUP'],
  },
  {
    rule: 'HOOK-PATH-NO-METADATA',
    name: 'path names the Auto Scaling group',
    edits: [['path=Resources.LaunchConfig.', 'path=Resources.Group.']],
    covers: 'Group',
    fixed: true,
    restoresBase: true,
    alsoExpect: ['HOOK-ACTION-RESOURCE-MISMATCH', 'BUILD-PARAM-UNWATCHED', 'UPD-METADATA-NEEDS-HUP'],
  },
  {
    rule: 'HOOK-PATH-MISSING-KEY',
    name: 'AWS::Cloudformation::Init (wrong case)',
    edits: [['LaunchConfig.Metadata.AWS::CloudFormation::Init', 'LaunchConfig.Metadata.AWS::Cloudformation::Init']],
    covers: 'AWS::Cloudformation::Init',
    fixed: true,
    restoresBase: true,
    alsoExpect: ['BUILD-PARAM-UNWATCHED'],
  },
  {
    rule: 'HOOK-PATH-UNESCAPED-DOT',
    name: 'file name with a dot in the path',
    edits: [
      [
        'LaunchConfig.Metadata.AWS::CloudFormation::Init\n',
        'LaunchConfig.Metadata.AWS::CloudFormation::Init.config.files./opt/app/build.txt\n',
      ],
    ],
    coversStart: '/opt/app/build.txt',
    fixed: true,
    alsoExpect: ['BUILD-PARAM-UNWATCHED'],
  },
  {
    rule: 'HOOK-PATH-PHYSID-SUBPATH',
    name: 'keys after PhysicalResourceId',
    edits: [['LaunchConfig.Metadata.AWS::CloudFormation::Init\n', 'LaunchConfig.PhysicalResourceId.Name\n']],
    coversStart: 'Resources.LaunchConfig',
    severity: 'info',
    alsoExpect: ['BUILD-PARAM-UNWATCHED'],
  },
  {
    rule: 'HOOK-WATCHES-OTHER-INIT',
    name: "a second launch configuration carries LaunchConfig's hook, not renamed",
    edits: [['  Group:\n', SERVER_COPY + '  Group:\n']],
    covers: 'LaunchConfig',
    fixed: true,
    alsoExpect: ['UPD-METADATA-NEEDS-HUP'],
  },
  {
    rule: 'HOOK-ACTION-RESOURCE-MISMATCH',
    name: 'hook runs another resource',
    edits: [[HOOK_ACTION, HOOK_ACTION.replace('--resource LaunchConfig', '--resource Group')]],
    covers: 'Group',
    severity: 'warning',
    fixed: true,
    restoresBase: true,
    alsoExpect: ['INIT-CLI-RESOURCE-NO-INIT'],
  },
  {
    rule: 'HOOK-DUPLICATE-NAME',
    name: 'two hook files with one hook name',
    edits: [
      [
        '          services:\n',
        '            /etc/cfn/hooks.d/second.conf:\n              content: |\n                [cfn-auto-reloader-hook]\n                triggers=post.add\n                path=Resources.LaunchConfig\n                action=echo added\n          services:\n',
      ],
    ],
    covers: '[cfn-auto-reloader-hook]',
    alsoExpect: ['HUP-SVC-FILES-MISSING'],
  },
  {
    rule: 'HOOK-DUPLICATE-KEY',
    name: 'triggers twice',
    edits: [['triggers=post.update\n', 'triggers=post.update\n                triggers=post.add\n']],
    covers: 'triggers',
  },
  {
    rule: 'HOOK-UNKNOWN-KEY',
    name: 'command=',
    edits: [['triggers=post.update\n', 'triggers=post.update\n                command=echo\n']],
    covers: 'command',
    severity: 'warning',
  },
  {
    rule: 'HOOK-INDENTED-KEY',
    name: 'indented path=',
    edits: [['                path=Resources', '                  path=Resources']],
    coversStart: '  path=',
    fixed: true,
    restoresBase: true,
    alsoExpect: ['BUILD-PARAM-UNWATCHED', 'UPD-METADATA-NEEDS-HUP'],
  },
  {
    rule: 'HOOK-RUNAS-WINDOWS',
    name: 'runas on Windows',
    base: 'windows',
    edits: [['"triggers=post.update\\n",', '"triggers=post.update\\n", "runas=Administrator\\n",']],
    coversStart: 'runas',
    severity: 'error',
  },
  {
    rule: 'HOOK-LOCATION',
    name: 'hook file outside hooks.d',
    edits: [['/etc/cfn/hooks.d/cfn-auto-reloader.conf:', '/etc/cfn/cfn-auto-reloader.conf:']],
    covers: '/etc/cfn/cfn-auto-reloader.conf',
    severity: 'warning',
    alsoExpect: ['HOOK-NO-HOOKS'],
  },
  {
    rule: 'HOOK-NO-HOOKS',
    name: 'cfn-hup.conf without hooks',
    edits: [['/etc/cfn/hooks.d/cfn-auto-reloader.conf:', '/opt/app/reloader.conf:']],
    covers: '/etc/cfn/cfn-hup.conf',
    severity: 'warning',
    alsoExpect: ['HOOK-LOCATION'],
  },
  {
    rule: 'HOOK-CFNINIT-RELATIVE',
    name: 'bare cfn-init in a hook',
    edits: [['action=/opt/aws/bin/cfn-init', 'action=cfn-init']],
    covers: 'cfn-init',
    severity: 'info',
  },
  // running cfn-hup
  {
    rule: 'HUP-NOT-STARTED',
    name: 'no services entry',
    edits: [[SVC_BLOCK, '']],
    covers: '/etc/cfn/cfn-hup.conf',
    severity: 'warning',
  },
  {
    rule: 'HUP-SVC-FILES-MISSING',
    name: 'service lists the hook under the wrong path',
    edits: [
      [
        '                  - /etc/cfn/hooks.d/cfn-auto-reloader.conf',
        '                  - /etc/cfn/cfn-auto-reloader.conf',
      ],
    ],
    covers: '/etc/cfn/cfn-auto-reloader.conf',
    fixed: true,
    restoresBase: true,
  },
  {
    rule: 'HUP-SVC-FILES-MISSING',
    name: 'service does not list the hook',
    edits: [['                  - /etc/cfn/hooks.d/cfn-auto-reloader.conf\n', '']],
    covers: 'cfn-hup',
    fixed: true,
    restoresBase: true,
  },
  {
    rule: 'HUP-SVC-FILES-MISSING',
    name: 'Windows service lists another hook file name (JSON)',
    base: 'windows',
    edits: [['"c:\\\\cfn\\\\hooks.d\\\\cfn-auto-reloader.conf"]', '"c:\\\\cfn\\\\hooks.d\\\\reloader.conf"]']],
    covers: '"c:\\\\cfn\\\\hooks.d\\\\reloader.conf"',
    fixed: true,
    restoresBase: true,
  },
  {
    rule: 'SVC-RESTART-REF-UNRESOLVED',
    name: 'cfn-hup service in another config than its files',
    edits: [
      ['        config:\n', '        configSets:\n          default: [config, run]\n        config:\n'],
      ['          services:\n', '        run:\n          services:\n'],
    ],
    covers: '/etc/cfn/cfn-hup.conf',
    severity: 'warning',
  },
  {
    rule: 'SVC-UNKNOWN-MANAGER',
    name: 'upstart',
    edits: [['            sysvinit:', '            upstart:']],
    covers: 'upstart',
    alsoExpect: ['HUP-NOT-STARTED'],
  },
  {
    rule: 'SVC-SYSTEMD-VERSION',
    name: 'systemd',
    edits: [['            sysvinit:', '            systemd:']],
    covers: 'cfn-hup',
    severity: 'info',
    alsoExpect: ['SVC-SYSTEMD-NO-UNIT'],
  },
  {
    rule: 'SVC-SYSTEMD-NO-UNIT',
    name: 'systemd without a unit file',
    edits: [['            sysvinit:', '            systemd:']],
    covers: 'cfn-hup',
    severity: 'info',
    alsoExpect: ['SVC-SYSTEMD-VERSION'],
  },
  {
    rule: 'HUP-STARTED-TWICE',
    name: 'daemon started in UserData too',
    edits: [[USERDATA_CALL, USERDATA_CALL + '\n          /opt/aws/bin/cfn-hup']],
    covers: '/opt/aws/bin/cfn-hup',
    severity: 'info',
  },
  // cfn-init command lines
  {
    rule: 'INIT-CLI-STACK-RESOURCE',
    name: 'no --stack',
    edits: [[USERDATA_CALL, '          /opt/aws/bin/cfn-init -v --resource LaunchConfig --region ${AWS::Region}']],
    covers: '/opt/aws/bin/cfn-init',
  },
  {
    rule: 'INIT-CLI-UNKNOWN-OPTION',
    name: '--stack-name',
    edits: [[USERDATA_CALL, USERDATA_CALL.replace('--stack ', '--stack-name ')]],
    covers: '--stack-name',
  },
  {
    rule: 'INIT-CLI-POSITIONAL',
    name: 'single-dash -resource',
    edits: [[HOOK_ACTION, HOOK_ACTION.replace('--resource', '-resource')]],
    covers: 'LaunchConfig',
    // Not HOOK-ACTION-RESOURCE-MISMATCH: cfn-init exits before it runs "esource"'s Init (fresh sample 12).
  },
  {
    rule: 'INIT-CLI-POSITIONAL',
    name: '-c "a, b" unquoted',
    edits: [[USERDATA_CALL, USERDATA_CALL + ' -c default, other']],
    covers: 'other',
    alsoExpect: ['INIT-CLI-CONFIGSET-UNDEFINED'],
  },
  {
    rule: 'INIT-CLI-GLUED-TOKENS',
    name: '-v--stack',
    edits: [[HOOK_ACTION, HOOK_ACTION.replace('-v --stack', '-v--stack')]],
    covers: '-v--stack',
  },
  {
    rule: 'INIT-CLI-RESOURCE-UNKNOWN',
    name: 'typo in --resource',
    edits: [[USERDATA_CALL, USERDATA_CALL.replace('LaunchConfig', 'LaunchConfg')]],
    covers: 'LaunchConfg',
    fixed: true,
    restoresBase: true,
  },
  {
    rule: 'INIT-CLI-RESOURCE-NO-INIT',
    name: '--resource names the group',
    edits: [[USERDATA_CALL, USERDATA_CALL.replace('LaunchConfig', 'Group')]],
    covers: 'Group',
    fixed: true,
    restoresBase: true,
  },
  {
    rule: 'INIT-CLI-REGION-MISSING',
    name: 'no --region',
    edits: [[USERDATA_CALL, USERDATA_CALL.replace(' --region ${AWS::Region}', '')]],
    covers: '/opt/aws/bin/cfn-init',
    severity: 'warning',
  },
  {
    rule: 'INIT-CLI-CONFIGSET-UNDEFINED',
    name: '-c names an undefined configSet',
    edits: [[USERDATA_CALL, USERDATA_CALL + ' -c InstallAndRun']],
    covers: 'InstallAndRun',
    fixed: true,
  },
  {
    rule: 'INIT-CLI-CONFIGSET-UNDEFINED',
    name: '"a, b" is not trimmed',
    edits: [[USERDATA_CALL, USERDATA_CALL + ' -c "default, default"']],
    covers: '"default, default"',
  },
  {
    rule: 'INIT-CLI-CONFIGSET-UNDEFINED',
    name: 'configSets without default and no -c',
    edits: [['        config:\n', '        configSets:\n          full_install: [config]\n        config:\n']],
    covers: '/opt/aws/bin/cfn-init',
  },
  // Init structure
  {
    rule: 'INIT-CONFIGSETS-CASE',
    name: 'ConfigSets',
    edits: [['        config:\n', '        ConfigSets:\n          default: [config]\n        config:\n']],
    covers: 'ConfigSets',
    fixed: true,
  },
  {
    rule: 'INIT-CONFIGSETS-NOT-MAP',
    name: 'configSets as a list',
    edits: [['        config:\n', '        configSets: [config]\n        config:\n']],
    covers: 'configSets',
  },
  {
    rule: 'INIT-CONFIGSET-UNKNOWN-CONFIG',
    name: 'configSet lists a missing config',
    edits: [['        config:\n', '        configSets:\n          default: [config, confgure]\n        config:\n']],
    covers: 'confgure',
  },
  {
    rule: 'INIT-CONFIGSET-CYCLE',
    name: 'configSets include each other',
    edits: [
      [
        '        config:\n',
        '        configSets:\n          default: [{ConfigSet: other}]\n          other: [{ConfigSet: default}]\n        config:\n',
      ],
    ],
    covers: 'default',
    alsoExpect: ['INIT-UNUSED-CONFIG'],
  },
  {
    rule: 'INIT-NO-DEFAULT-CONFIG',
    name: 'only a config named setup',
    edits: [['        config:\n          files:', '        setup:\n          files:']],
    covers: 'AWS::CloudFormation::Init',
    severity: 'warning',
  },
  {
    rule: 'INIT-CONFIG-UNKNOWN-SECTION',
    name: 'service: instead of services:',
    edits: [['          services:\n', '          service:\n']],
    covers: 'service',
    fixed: true,
    restoresBase: true,
    alsoExpect: ['HUP-NOT-STARTED'],
  },
  {
    rule: 'FILE-NOT-ABSOLUTE',
    name: 'relative file path',
    edits: [['/opt/app/build.txt:', 'opt/app/build.txt:']],
    covers: 'opt/app/build.txt',
  },
  {
    rule: 'FILE-NO-CONTENT',
    name: 'empty content',
    edits: [['content: !Sub "build ${BuildNumber}\\n"', 'content: ""']],
    covers: '/opt/app/build.txt',
    alsoExpect: ['BUILD-PARAM-UNWATCHED'],
  },
  {
    rule: 'FILE-ENCODING',
    name: 'Base64 with a capital B',
    edits: [
      [
        'content: !Sub "build ${BuildNumber}\\n"',
        'content: !Sub "build ${BuildNumber}\\n"\n              encoding: Base64',
      ],
    ],
    covers: 'Base64',
  },
  // "0o400" is fine: cfn-init's int(mode, 8) takes the prefix (file-mode.test.ts).
  { rule: 'FILE-MODE-INVALID', name: 'mode u=r', edits: [['mode: "000400"', 'mode: "u=r"']], covers: '"u=r"' },
  {
    rule: 'FILE-MODE-YAML-OCTAL',
    name: 'unquoted 000400',
    edits: [['mode: "000400"', 'mode: 000400']],
    covers: '000400',
    severity: 'warning',
    fixed: true,
    restoresBase: true,
  },
  {
    rule: 'FILE-MODE-DECIMAL',
    name: 'mode 256 (0400 in decimal): wrong mode',
    edits: [['mode: "000400"', 'mode: 256']],
    covers: '256',
    severity: 'warning',
    fixed: true,
    restoresBase: true,
  },
  {
    rule: 'FILE-MODE-DECIMAL',
    name: 'mode 493 (0755 in decimal, JSON): cfn-init fails',
    base: 'windows',
    edits: [['"c:\\\\cfn\\\\cfn-hup.conf": {', '"c:\\\\cfn\\\\cfn-hup.conf": {\n                "mode": 493,']],
    covers: '493',
    fixed: true,
  },
  {
    rule: 'INIT-KEY-CASE',
    name: 'AWS::Cloudformation::Init (lower-case f)',
    edits: [['AWS::CloudFormation::Init:', 'AWS::Cloudformation::Init:']],
    covers: 'AWS::Cloudformation::Init',
    fixed: true,
    restoresBase: true,
  },
  {
    rule: 'INIT-KEY-CASE',
    name: 'the hook path spelt the same way is renamed with the key',
    edits: [
      ['AWS::CloudFormation::Init:', 'AWS::CloudFormation::init:'],
      ['Metadata.AWS::CloudFormation::Init', 'Metadata.AWS::CloudFormation::init'],
    ],
    covers: 'AWS::CloudFormation::init',
    fixed: true,
    restoresBase: true,
  },
  {
    rule: 'INIT-KEY-CASE',
    name: 'a quoted JSON key',
    base: 'windows',
    edits: [['"AWS::CloudFormation::Init": {', '"AWS::Cloudformation::Init": {']],
    covers: '"AWS::Cloudformation::Init"',
    fixed: true,
    restoresBase: true,
  },
  {
    rule: 'WIN-PATH-ESCAPE',
    name: '\\n inside a Windows path',
    base: 'windows',
    edits: [['"files": {\n', '"files": {\n              "c:\\\\app\\new.txt": { "content": "x" },\n']],
    coversStart: '"c:\\\\app\\new.txt"',
  },
  {
    rule: 'SUB-NEEDED',
    name: '${AWS::StackId} without !Sub',
    edits: [['content: !Sub |\n                [main]', 'content: |\n                [main]']],
    covers: '${AWS::StackId}',
  },
  // Init details
  {
    rule: 'INIT-CONFIG-NOT-OBJECT',
    name: 'a config that is a list',
    // only a config cfn-init builds: here one the configSet lists (a key no configSet uses is never read)
    edits: [
      [
        '        config:\n',
        '        configSets:\n          default: [config, other]\n        other: [files]\n        config:\n',
      ],
    ],
    // that rule reads only object configs, so it also says "other" is not defined
    alsoExpect: ['INIT-CONFIGSET-UNKNOWN-CONFIG'],
    covers: 'other',
  },
  {
    rule: 'INIT-CONFIGSET-UNKNOWN-SET',
    name: 'includes an undefined configSet',
    edits: [
      ['        config:\n', '        configSets:\n          default: [config, {ConfigSet: instal}]\n        config:\n'],
    ],
    covers: '{ConfigSet: instal}',
  },
  {
    rule: 'INIT-CONFIGSET-BAD-ITEM',
    name: 'an item that is not a name or ConfigSet',
    edits: [['        config:\n', '        configSets:\n          default: [config, {Config: x}]\n        config:\n']],
    covers: '{Config: x}',
  },
  {
    rule: 'FILE-CONTENT-AND-SOURCE',
    name: 'content and source',
    edits: [[FILE_KEY + CONTENT, FILE_KEY + CONTENT + '              source: https://example.com/build.txt\n']],
    covers: '/opt/app/build.txt',
    severity: 'warning',
  },
  {
    rule: 'FILE-BASE64-INVALID',
    name: 'encoding base64 on plain text',
    edits: [
      [
        FILE_KEY,
        '            /opt/app/blob:\n              content: "not base64!"\n              encoding: base64\n' + FILE_KEY,
      ],
    ],
    covers: '"not base64!"',
  },
  {
    rule: 'FILE-SYMLINK-NO-TARGET',
    name: 'mode 120755 without content',
    edits: [
      [
        FILE_KEY,
        '            /usr/bin/app:\n              source: https://example.com/app\n              mode: "120755"\n' +
          FILE_KEY,
      ],
    ],
    covers: '/usr/bin/app',
  },
  {
    rule: 'FILE-AUTH-UNKNOWN',
    name: 'authentication without Authentication metadata',
    edits: [
      [
        FILE_KEY,
        '            /opt/app/site.zip:\n              source: https://bucket.s3.amazonaws.com/site.zip\n              authentication: S3Creds\n' +
          FILE_KEY,
      ],
    ],
    covers: 'S3Creds',
    severity: 'warning',
  },
  {
    rule: 'FILE-UNKNOWN-ATTR',
    name: 'permissions instead of mode',
    edits: [[FILE_KEY + CONTENT, FILE_KEY + CONTENT + '              permissions: "000644"\n']],
    covers: 'permissions',
    severity: 'warning',
  },
  {
    rule: 'CMD-NO-COMMAND',
    name: 'cmd instead of command',
    edits: [
      [
        '          services:\n',
        '          commands:\n            01_restart:\n              cmd: service app restart\n          services:\n',
      ],
    ],
    covers: '01_restart',
    alsoExpect: ['CMD-UNKNOWN-KEY'],
  },
  {
    rule: 'CMD-UNKNOWN-KEY',
    name: 'ignoreError',
    edits: [
      [
        '          services:\n',
        '          commands:\n            01_restart:\n              command: service app restart\n              ignoreError: "true"\n          services:\n',
      ],
    ],
    covers: 'ignoreError',
    severity: 'warning',
  },
  {
    rule: 'CMD-RUNAS-WINDOWS',
    name: 'runas on Windows',
    base: 'windows',
    edits: [
      [
        '            "services": {\n',
        '            "commands": { "01_setup": { "command": "echo hi", "runas": "Administrator" } },\n            "services": {\n',
      ],
    ],
    covers: '"runas"',
  },
  {
    rule: 'CMD-BOOL',
    name: 'ignoreErrors "on"',
    edits: [
      [
        '          services:\n',
        '          commands:\n            01_restart:\n              command: service app restart\n              ignoreErrors: "on"\n          services:\n',
      ],
    ],
    covers: '"on"',
    severity: 'warning',
  },
  {
    rule: 'CMD-WAIT-INVALID',
    name: 'waitAfterCompletion "30s" on Windows',
    base: 'windows',
    edits: [
      [
        '            "services": {\n',
        '            "commands": { "01_setup": { "command": "echo hi", "waitAfterCompletion": "30s" } },\n            "services": {\n',
      ],
    ],
    covers: '"30s"',
  },
  {
    rule: 'CMD-WAIT-INVALID',
    name: 'waitAfterCompletion "30s" on Linux is only advice',
    edits: [
      [
        '          services:\n',
        '          commands:\n            01_restart:\n              command: service app restart\n              waitAfterCompletion: 30s\n          services:\n',
      ],
    ],
    covers: '30s',
    severity: 'info',
  },
  {
    rule: 'CMD-ORDER-NUMERIC',
    name: '10_ sorts before 2_',
    edits: [
      [
        '          services:\n',
        '          commands:\n            1_install:\n              command: echo 1\n            2_configure:\n              command: echo 2\n            10_start:\n              command: echo 10\n          services:\n',
      ],
    ],
    covers: '10_start',
    severity: 'warning',
  },
  {
    rule: 'CMD-ENV-REPLACES',
    name: 'env without PATH',
    edits: [
      [
        '          services:\n',
        '          commands:\n            01_build:\n              command: make\n              env:\n                APP_ENV: prod\n          services:\n',
      ],
    ],
    covers: 'env',
    severity: 'info',
  },
  {
    rule: 'SVC-UNKNOWN-KEY',
    name: 'running instead of ensureRunning',
    edits: [
      [
        '                ensureRunning: "true"\n',
        '                ensureRunning: "true"\n                running: "true"\n',
      ],
    ],
    covers: 'running',
    severity: 'warning',
  },
  {
    rule: 'PKG-UNKNOWN-MANAGER',
    name: 'dnf',
    edits: [
      [
        '          services:\n',
        '          packages:\n            dnf:\n              nginx: []\n          services:\n',
      ],
    ],
    covers: 'dnf',
    severity: 'warning',
  },
  {
    rule: 'SRC-BAD-VALUE',
    name: 's3:// source',
    edits: [
      [
        '          services:\n',
        '          sources:\n            /var/www: s3://bucket/site.zip\n          services:\n',
      ],
    ],
    covers: 's3://bucket/site.zip',
    severity: 'warning',
  },
  // deployment
  {
    rule: 'HUP-CREDFILE',
    name: 'credential file readable by others',
    edits: [
      ['interval=1\n', 'interval=1\n                credential-file=/etc/cfn/cfn-credentials\n'],
      [
        FILE_KEY,
        '            /etc/cfn/cfn-credentials:\n              content: "AWSAccessKeyId=x\\nAWSSecretKey=y\\n"\n              mode: "000644"\n' +
          FILE_KEY,
      ],
    ],
    covers: '/etc/cfn/cfn-credentials',
  },
  {
    rule: 'HUP-STACK-FOREIGN',
    name: 'another stack without a role',
    edits: [['stack=${AWS::StackId}', 'stack=shared-config']],
    covers: 'shared-config',
    severity: 'info',
  },
  {
    rule: 'SIGNAL-RESOURCE',
    name: 'signals a group that waits for nothing',
    edits: [
      [
        USERDATA_CALL,
        USERDATA_CALL +
          '\n          /opt/aws/bin/cfn-signal -e $? --stack ${AWS::StackName} --resource Group --region ${AWS::Region}',
      ],
    ],
    covers: 'Group',
    severity: 'warning',
  },
  {
    rule: 'SIGNAL-LAUNCH-CONFIG',
    name: 'signals the launch configuration; nothing waits',
    edits: [
      [
        USERDATA_CALL,
        USERDATA_CALL +
          '\n          /opt/aws/bin/cfn-signal -e $? --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}',
      ],
    ],
    covers: 'LaunchConfig',
    severity: 'warning',
  },
  {
    rule: 'SIGNAL-LAUNCH-CONFIG',
    name: 'signals the launch configuration while the group waits for signals',
    edits: [
      [
        USERDATA_CALL,
        USERDATA_CALL +
          '\n          /opt/aws/bin/cfn-signal -e $? --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}',
      ],
      [
        '  Group:\n    Type: AWS::AutoScaling::AutoScalingGroup\n',
        '  Group:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    CreationPolicy:\n      ResourceSignal:\n        Timeout: PT15M\n',
      ],
    ],
    covers: 'LaunchConfig',
  },
  {
    rule: 'HELPER-PATH-OS',
    name: 'pip-installed helpers called from /usr/local/bin, /opt/aws/bin in the hook',
    edits: [
      [
        USERDATA_CALL,
        '          pip3 install https://s3.amazonaws.com/cloudformation-examples/aws-cfn-bootstrap-py3-latest.tar.gz\n' +
          USERDATA_CALL.replace('/opt/aws/bin/cfn-init', '/usr/local/bin/cfn-init'),
      ],
    ],
    covers: '/opt/aws/bin/cfn-init',
  },
  {
    rule: 'HUP-STARTED-OTHER-CONFIGSET',
    name: 'the cfn-hup service is only in a configSet UserData never runs',
    edits: [
      [SVC_BLOCK, ''],
      [
        '        config:\n',
        '        configSets:\n          setup: [config]\n          start: [svc]\n        svc:\n' +
          SVC_BLOCK +
          '        config:\n',
      ],
      [USERDATA_CALL, USERDATA_CALL + ' -c setup'],
      [HOOK_ACTION, HOOK_ACTION + ' -c setup,start'],
    ],
    covers: 'setup',
    alsoExpect: ['SVC-RESTART-REF-UNRESOLVED'],
  },
  {
    rule: 'PKG-NOT-MAP',
    name: 'yum packages as a list',
    edits: [
      [
        '        config:\n          files:\n',
        '        config:\n          packages:\n            yum:\n              - httpd\n          files:\n',
      ],
    ],
    coversStart: '- httpd',
  },
  {
    rule: 'SUB-NEEDED-INIT',
    name: '${AWS::Region} in a command without Fn::Sub',
    edits: [
      [
        '        config:\n          files:\n',
        '        config:\n          commands:\n            01_region:\n              command: echo ${AWS::Region} > /tmp/region\n          files:\n',
      ],
    ],
    covers: '${AWS::Region}',
  },
  {
    rule: 'FILE-CONTENT-JSON',
    name: 'a .conf file given as a mapping',
    edits: [
      [FILE_KEY, '            /etc/app/app.conf:\n              content:\n                port: 8080\n' + FILE_KEY],
    ],
    covers: '/etc/app/app.conf',
  },
  {
    rule: 'TEMPLATE-DUPLICATE-KEY',
    name: 'ImageId twice (JSON)',
    base: 'windows',
    edits: [['"ImageId": "ami-12345678",', '"ImageId": "ami-12345678",\n        "ImageId": "ami-87654321",']],
    covers: '"ImageId"',
  },
  {
    rule: 'INIT-UNUSED-CONFIG',
    name: 'a config no configSet lists',
    edits: [
      [
        '        config:\n',
        '        configSets:\n          default: [config]\n        extra:\n          commands:\n            01_x:\n              command: echo\n        config:\n',
      ],
    ],
    covers: 'extra',
    severity: 'info',
  },
  {
    rule: 'SVC-SYSVINIT-SYSTEMD-DISTRO',
    name: 'sysvinit on AL2023',
    edits: [
      [
        'Parameters:\n',
        'Parameters:\n  LatestAmiId:\n    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>\n    Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64\n',
      ],
      ['ImageId: ami-12345678', 'ImageId: !Ref LatestAmiId'],
    ],
    covers: 'cfn-hup',
    severity: 'info',
  },
  {
    rule: 'UPD-ASG-NO-ROLL',
    name: 'rolling updates relied on for Init changes',
    edits: [
      ['path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init', 'path=Resources.Group'],
      [
        '  Group:\n    Type: AWS::AutoScaling::AutoScalingGroup\n',
        '  Group:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    UpdatePolicy:\n      AutoScalingRollingUpdate:\n        MinInstancesInService: "1"\n',
      ],
    ],
    covers: 'Group',
    severity: 'info',
    alsoExpect: ['HOOK-ACTION-RESOURCE-MISMATCH', 'BUILD-PARAM-UNWATCHED', 'UPD-METADATA-NEEDS-HUP'],
  },
  {
    rule: 'SIGNAL-EXIT-CODE',
    name: 'yum -y update between cfn-init and cfn-signal -e $?',
    edits: [
      ['#!/bin/bash -xe', '#!/bin/bash'],
      [
        USERDATA_CALL,
        USERDATA_CALL +
          '\n          yum -y update\n          /opt/aws/bin/cfn-signal -e $? --stack ${AWS::StackName} --resource Group --region ${AWS::Region}',
      ],
    ],
    covers: '$?',
    alsoExpect: ['SIGNAL-RESOURCE'],
  },
  {
    rule: 'SIGNAL-ALWAYS-SUCCESS',
    name: 'cfn-signal -e 0 right after an unchecked cfn-init',
    edits: [
      ['#!/bin/bash -xe', '#!/bin/bash'],
      [
        '    Type: AWS::AutoScaling::AutoScalingGroup\n',
        '    Type: AWS::AutoScaling::AutoScalingGroup\n    CreationPolicy:\n      ResourceSignal:\n        Timeout: PT15M\n',
      ],
      [
        USERDATA_CALL,
        USERDATA_CALL +
          '\n          /opt/aws/bin/cfn-signal -e 0 --stack ${AWS::StackName} --resource Group --region ${AWS::Region}',
      ],
    ],
    covers: '0',

    fixed: true,
  },
  {
    rule: 'USERDATA-NOT-RUN',
    name: 'the shebang written #/bin/bash',
    edits: [['#!/bin/bash -xe', '#/bin/bash -xe']],
    covers: '#/bin/bash -xe',
    fixed: true,
    restoresBase: true,
  },
  {
    rule: 'INIT-NEVER-RUN',
    name: 'UserData installs the helper scripts but never runs cfn-init',
    edits: [[USERDATA_CALL, '          yum install -y aws-cfn-bootstrap']],
    covers: 'AWS::CloudFormation::Init',
  },
  // releases
  {
    rule: 'BUILD-PARAM-UNWATCHED',
    name: 'BuildNumber only in UserData',
    edits: [
      ['content: !Sub "build ${BuildNumber}\\n"', 'content: "static\\n"'],
      [USERDATA_CALL, USERDATA_CALL + '\n          echo ${BuildNumber}'],
    ],
    covers: 'BuildNumber',
    severity: 'warning',
  },
  {
    rule: 'BUILD-PARAM-UNWATCHED',
    name: 'BuildNumber not used at all',
    edits: [['content: !Sub "build ${BuildNumber}\\n"', 'content: "static\\n"']],
    covers: 'BuildNumber',
    severity: 'warning',
  },
  {
    rule: 'UPD-METADATA-NEEDS-HUP',
    name: 'Init nobody watches',
    edits: [['path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init', 'path=Resources.Group']],
    covers: 'AWS::CloudFormation::Init',
    severity: 'info',
    alsoExpect: ['HOOK-ACTION-RESOURCE-MISMATCH', 'BUILD-PARAM-UNWATCHED'],
  },
  {
    rule: 'USERDATA-UNCLOSED-QUOTE',
    name: 'a quote never closed before cfn-init in UserData: bash stops, cfn-init never runs',
    edits: [['#!/bin/bash -xe\n', "#!/bin/bash -xe\n          echo 'starting the build\n"]],
    covers: "'",
  },
  {
    rule: 'HUP-FILE-UNREADABLE',
    name: 'a hook file without its [section] line: cfn-hup dies at start',
    edits: [['                [cfn-auto-reloader-hook]\n', '']],
    covers: 'triggers=post.update',
    alsoExpect: ['BUILD-PARAM-UNWATCHED', 'UPD-METADATA-NEEDS-HUP'],
  },
  {
    rule: 'SUB-NEEDED',
    name: '${!AWS::StackId} inside Fn::Sub: the escape for the literal text',
    edits: [['stack=${AWS::StackId}', 'stack=${!AWS::StackId}']],
    covers: '${!AWS::StackId}',
    fixed: true,
    restoresBase: true,
  },
  // users and groups
  {
    rule: 'USER-UNKNOWN-KEY',
    name: 'homedir (lower case) for homeDir',
    edits: [
      [
        '        config:\n          files:\n',
        '        config:\n          users:\n            app:\n              homedir: /opt/app\n          files:\n',
      ],
    ],
    covers: 'homedir',
  },
  {
    rule: 'USER-UNKNOWN-KEY',
    name: 'Gid in a group',
    edits: [
      [
        '        config:\n          files:\n',
        '        config:\n          groups:\n            app: {Gid: "501"}\n          files:\n',
      ],
    ],
    covers: 'Gid',
  },
  {
    rule: 'USER-GROUPS-NOT-LIST',
    name: 'groups: docker (one name)',
    edits: [
      [
        '        config:\n          files:\n',
        '        config:\n          users:\n            app:\n              groups: docker\n          files:\n',
      ],
    ],
    covers: 'docker',
  },
  // The file itself
  {
    rule: 'TEMPLATE-NOT-JSON',
    name: 'an unquoted key in a JSON template: CloudFormation reads it as YAML',
    base: 'windows',
    edits: [['"AWSTemplateFormatVersion": "2010-09-09"', 'AWSTemplateFormatVersion: "2010-09-09"']],
    coversStart: 'A',
  },
  {
    rule: 'TEMPLATE-JSON-REFUSED',
    name: 'a comment in a JSON template: CloudFormation refuses it',
    base: 'windows',
    edits: [['"AWSTemplateFormatVersion": "2010-09-09"', '/* v1 */ "AWSTemplateFormatVersion": "2010-09-09"']],
    covers: '/* v1 */',
  },
];

function baseOf(c: Case): { text: string; fileName: string } {
  return c.base === 'windows' ? { text: WINDOWS_JSON, fileName: 't.json' } : { text: LINUX_YAML, fileName: 't.yaml' };
}

for (const c of CASES) {
  test(`${c.rule}: ${c.name}`, () => {
    const { text: base, fileName } = baseOf(c);
    let text = base;
    for (const [search, replacement] of c.edits) text = replaceOnce(text, search, replacement);
    const all = findings(text, { fileName });
    const mine = all.filter((f) => f.ruleId === c.rule);
    assert.ok(
      mine.length > 0,
      `expected ${c.rule}; got ${JSON.stringify(all.map((f) => [f.ruleId, covered(text, f)]))}`,
    );
    const rule = ALL_RULES.find((r) => r.id === c.rule)!;
    const f = mine[0]!;
    assert.equal(f.severity, c.severity ?? rule.severity);
    if (c.covers !== undefined) assert.equal(covered(text, f), c.covers);
    if (c.coversStart !== undefined)
      assert.ok(covered(text, f).startsWith(c.coversStart), `covers "${covered(text, f)}"`);
    assert.ok(f.message.length > 40, 'the message says what happens and what to do');
    const others = [...new Set(all.filter((x) => x.ruleId !== c.rule).map((x) => x.ruleId))].sort();
    assert.deepEqual(others, [...(c.alsoExpect ?? [])].sort(), 'no other rule should fire');
    if (c.fixed) {
      assert.ok(f.fix, 'expected a quick fix');
      const fixedText = applyEdits(text, f.fix!.edits);
      const after = findings(fixedText, { fileName });
      assert.ok(
        !after.some((x) => x.ruleId === c.rule && x.start === f.start),
        `still reported after the fix:\n${fixedText}`,
      );
      if (c.restoresBase) assert.equal(fixedText, base);
    } else {
      assert.equal(f.fix, undefined, 'no fix was expected');
    }
  });
}

test('every rule has at least one case above', () => {
  const covered = new Set(CASES.map((c) => c.rule));
  const missing = ALL_RULES.map((r) => r.id).filter((id) => !covered.has(id));
  assert.deepEqual(missing, []);
});

test('every rule is documented: title, why, source, bad and good example', () => {
  for (const r of ALL_RULES) {
    assert.match(r.id, /^[A-Z0-9]+(-[A-Z0-9]+)+$/);
    for (const field of [r.title, r.doc.why, r.doc.source, r.doc.bad, r.doc.good])
      assert.ok(field.length > 3, `${r.id} lacks documentation`);
  }
  assert.equal(new Set(ALL_RULES.map((r) => r.id)).size, ALL_RULES.length, 'rule ids are unique');
});

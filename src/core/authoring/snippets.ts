import { list, map, str, sub, toJson, toYaml, type Doc } from './emit';
import { cfnHupPaths, hookContent, hupConfContent, reloaderConfig, reloaderInit } from './reloader';

/** A VS Code snippet: the body uses snippet syntax (`${1:Id}`, `\$` for a literal dollar). */
export interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const RES = '__RESOURCE__';
const RES_PLACEHOLDER = '${1:WebServerLaunchConfig}';

/** Escape `$` (snippet variables) and `}` inside placeholders are not used; then put the resource placeholder back. */
function snippetLines(lines: string[]): string[] {
  return lines.map((l) => l.replace(/\$/g, '\\$').split(RES).join(RES_PLACEHOLDER));
}

interface Definition {
  name: string;
  prefix: string;
  description: string;
  /** A document of key: value pairs inserted where the cursor is. */
  doc: Doc;
}

function definitions(): Definition[] {
  const linux = cfnHupPaths('linux');
  const windows = cfnHupPaths('windows');
  const owner: [string, Doc][] = [
    ['mode', str('000400')],
    ['owner', str('root')],
    ['group', str('root')],
  ];
  const service = (manager: string, files: string[]) =>
    map([
      manager,
      map([
        'cfn-hup',
        map(['enabled', str('true')], ['ensureRunning', str('true')], ['files', list(...files.map(str))]),
      ]),
    ]);
  return [
    {
      name: 'cfn-hup: auto-reloading Init (Linux)',
      prefix: 'cfn-hup-init-linux',
      description:
        'AWS::CloudFormation::Init with cfn-hup.conf, the auto-reloader hook and cfn-hup as a sysvinit service',
      doc: reloaderInit({ resourceId: RES, os: 'linux' }),
    },
    {
      name: 'cfn-hup: auto-reloading Init (Linux, systemd)',
      prefix: 'cfn-hup-init-systemd',
      description:
        'AWS::CloudFormation::Init with cfn-hup.conf, the hook, a cfn-hup unit file and cfn-hup as a systemd service',
      doc: reloaderInit({ resourceId: RES, os: 'linux', manager: 'systemd' }),
    },
    {
      name: 'cfn-hup: auto-reloading Init (Windows)',
      prefix: 'cfn-hup-init-windows',
      description: 'AWS::CloudFormation::Init in the classic c:\\cfn layout, with cfn-hup as a Windows service',
      doc: reloaderInit({ resourceId: RES, os: 'windows' }),
    },
    {
      name: 'cfn-hup: reloader config (Linux)',
      prefix: 'cfn-hup-config',
      description: 'The files and services of the auto-reloader, as one config',
      doc: map(['cfn_hup', reloaderConfig({ resourceId: RES, os: 'linux' })]),
    },
    {
      name: 'cfn-hup: cfn-hup.conf file',
      prefix: 'cfn-hup-conf',
      description: '/etc/cfn/cfn-hup.conf polling this stack every minute',
      doc: map([linux.conf, map(['content', sub(hupConfContent(1))], ...owner)]),
    },
    {
      name: 'cfn-hup: cfn-hup.conf file (Windows)',
      prefix: 'cfn-hup-conf-windows',
      description: 'c:\\cfn\\cfn-hup.conf polling this stack every minute',
      doc: map([windows.conf, map(['content', sub(hupConfContent(1))])]),
    },
    {
      name: 'cfn-hup: auto-reloader hook',
      prefix: 'cfn-hup-hook',
      description: '/etc/cfn/hooks.d/cfn-auto-reloader.conf re-running cfn-init when the Init changes',
      doc: map([linux.hook, map(['content', sub(hookContent(RES, 'linux'))], ...owner)]),
    },
    {
      name: 'cfn-hup: auto-reloader hook (Windows)',
      prefix: 'cfn-hup-hook-windows',
      description: 'c:\\cfn\\hooks.d\\cfn-auto-reloader.conf re-running cfn-init.exe when the Init changes',
      doc: map([windows.hook, map(['content', sub(hookContent(RES, 'windows'))])]),
    },
    {
      name: 'cfn-hup: service (sysvinit)',
      prefix: 'cfn-hup-service-sysvinit',
      description: 'Run cfn-hup and restart it when its files change',
      doc: map(['services', service('sysvinit', [linux.conf, linux.hook])]),
    },
    {
      name: 'cfn-hup: service (systemd)',
      prefix: 'cfn-hup-service-systemd',
      description: 'Run cfn-hup under systemd (needs a cfn-hup.service unit and aws-cfn-bootstrap ≥ 2.0-10)',
      doc: map(['services', service('systemd', [linux.conf, linux.hook])]),
    },
    {
      name: 'cfn-hup: service (Windows)',
      prefix: 'cfn-hup-service-windows',
      description: 'Run the cfn-hup Windows service and restart it when its files change',
      doc: map(['services', service('windows', [windows.conf, windows.hook])]),
    },
    {
      name: 'cfn-hup: BuildNumber parameter',
      prefix: 'cfn-hup-build-parameter',
      description: 'The build to release; use it under the Init that cfn-hup watches',
      doc: map([
        'BuildNumber',
        map(
          ['Type', str('Number')],
          ['Description', str('The build to deploy; bump it to release in place')],
          ['MinValue', str('1')],
        ),
      ]),
    },
    {
      name: 'cfn-hup: UserData running cfn-init (Linux)',
      prefix: 'cfn-hup-userdata',
      description: 'Run cfn-init at first boot and signal the result',
      doc: map([
        'UserData',
        map([
          'Fn::Base64',
          sub(
            `#!/bin/bash -xe\n/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource ${RES} --region \${AWS::Region}\n/opt/aws/bin/cfn-signal -e $? --stack \${AWS::StackName} --resource ${RES} --region \${AWS::Region}\n`,
          ),
        ]),
      ]),
    },
    {
      name: 'cfn-hup: UserData running cfn-init (Windows)',
      prefix: 'cfn-hup-userdata-windows',
      description: 'Run cfn-init.exe at first boot',
      doc: map([
        'UserData',
        map([
          'Fn::Base64',
          sub(`<powershell>\ncfn-init.exe -v -s \${AWS::StackId} -r ${RES} --region \${AWS::Region}\n</powershell>\n`),
        ]),
      ]),
    },
  ];
}

/** Snippets for YAML templates and for JSON templates, from one definition. */
export function snippetFiles(): { yaml: Record<string, Snippet>; json: Record<string, Snippet> } {
  const yaml: Record<string, Snippet> = {};
  const json: Record<string, Snippet> = {};
  for (const d of definitions()) {
    yaml[d.name] = { prefix: d.prefix, description: d.description, body: snippetLines(toYaml(d.doc, '')) };
    const text = toJson(d.doc, '');
    // Inside an object: the properties without the outer braces, de-indented one step.
    const inner = text
      .slice(2, text.lastIndexOf('\n}'))
      .split('\n')
      .map((l) => l.replace(/^ {2}/, ''));
    json[d.name] = { prefix: d.prefix, description: d.description, body: snippetLines(inner) };
  }
  return { yaml, json };
}

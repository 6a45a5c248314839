import { list, lit, map, str, sub, type Doc } from './emit';
import type { Os } from '../cfnhup/paths';

export type ServiceManager = 'sysvinit' | 'systemd' | 'windows';

export interface ReloaderOptions {
  resourceId: string;
  os: Os;
  /** Linux only; Windows always uses the windows service manager. */
  manager?: 'sysvinit' | 'systemd';
  /** Poll interval in minutes. */
  interval?: number;
}

export function cfnHupPaths(os: Os): { conf: string; hook: string } {
  return os === 'windows'
    ? { conf: 'c:\\cfn\\cfn-hup.conf', hook: 'c:\\cfn\\hooks.d\\cfn-auto-reloader.conf' }
    : { conf: '/etc/cfn/cfn-hup.conf', hook: '/etc/cfn/hooks.d/cfn-auto-reloader.conf' };
}

export function hupConfContent(interval = 1): string {
  return `[main]\nstack=\${AWS::StackId}\nregion=\${AWS::Region}\ninterval=${interval}\n`;
}

export function hookContent(resourceId: string, os: Os): string {
  const action =
    os === 'windows'
      ? `cfn-init.exe -v -s \${AWS::StackId} -r ${resourceId} --region \${AWS::Region}`
      : `/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource ${resourceId} --region \${AWS::Region}`;
  return `[cfn-auto-reloader-hook]\ntriggers=post.update\npath=Resources.${resourceId}.Metadata.AWS::CloudFormation::Init\naction=${action}\n${os === 'windows' ? '' : 'runas=root\n'}`;
}

const SYSTEMD_UNIT = `[Unit]
Description=cfn-hup daemon

[Service]
Type=simple
ExecStart=/opt/aws/bin/cfn-hup
Restart=always

[Install]
WantedBy=multi-user.target
`;

/** The files and services of the auto-reloader: cfn-hup.conf, the hook, and cfn-hup as a service watching both. */
export function reloaderConfig(o: ReloaderOptions): Doc {
  const paths = cfnHupPaths(o.os);
  const owner: [string, Doc][] =
    o.os === 'windows'
      ? []
      : [
          ['mode', str('000400')],
          ['owner', str('root')],
          ['group', str('root')],
        ];
  const files: [string, Doc][] = [
    [paths.conf, map(['content', sub(hupConfContent(o.interval))], ...owner)],
    [paths.hook, map(['content', sub(hookContent(o.resourceId, o.os))], ...owner)],
  ];
  const manager: ServiceManager = o.os === 'windows' ? 'windows' : (o.manager ?? 'sysvinit');
  const watched = [paths.conf, paths.hook];
  if (manager === 'systemd') {
    files.push([
      '/lib/systemd/system/cfn-hup.service',
      map(['content', lit(SYSTEMD_UNIT)], ['mode', str('000644')], ['owner', str('root')], ['group', str('root')]),
    ]);
  }
  const cfnHupService = map(
    ['enabled', str('true')],
    ['ensureRunning', str('true')],
    ['files', list(...watched.map(str))],
  );
  return map(['files', map(...files)], ['services', map([manager, map(['cfn-hup', cfnHupService])])]);
}

/** The whole `AWS::CloudFormation::Init` key for a resource that has none yet. */
export function reloaderInit(o: ReloaderOptions): Doc {
  return map(['AWS::CloudFormation::Init', map(['config', reloaderConfig(o)])]);
}

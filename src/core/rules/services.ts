import type { Rule, RuleContext } from './rule';
import { isSelected, type InitFile, type ServiceEntry } from '../cfnhup/model';
import { getProperty, getPropertyEntry, intrinsicName, stringValue, type CfnNode } from '../template/ast';
import { isHookRole, normalisePath } from '../cfnhup/paths';
import { renderText } from '../intrinsics/render';
import { keyRange, nodeRange, type Range } from './util';
import { cfnHupStarts } from '../cfnhup/startCommands';
import { callsIn, configsRunWith } from './shared';
import { isUnknownWord, optionValue } from '../cfnhup/commandLine';
import type { TextEdit } from '../findings';

const MANAGERS = new Set(['sysvinit', 'systemd', 'windows']);

/** Whether anything in the template starts cfn-hup, outside the cfn-hup files themselves. */
export function startsCfnHup(ctx: RuleContext): boolean {
  if (cfnHupServices(ctx).length > 0) return true;
  const texts: string[] = [];
  for (const c of ctx.model.commands) {
    if (c.rendered) texts.push(c.rendered.text);
    else {
      // A command given as a list of words (argv; CDK's argvCommand): its literal words, one command.
      const command = getProperty(c.node, 'command');
      const words = command?.kind === 'array' ? command.items.map((i) => stringValue(i)) : [];
      if (words.length > 0 && words.every((w) => w !== undefined)) texts.push(words.join(' '));
    }
  }
  for (const u of ctx.model.userData) texts.push(u.rendered.text);
  for (const f of ctx.model.files) {
    if (f.classified.role !== 'other' || !isSelected(f.config) || !f.content) continue;
    // A script or crontab written by Init may start it (`* * * * * /opt/aws/bin/cfn-hup -f`).
    const raw = ctx.model.text.slice(f.content.value.start, f.content.value.end);
    const r = f.rendered ?? (raw.includes('cfn-hup') ? renderText(f.content.value, ctx.model.ctx) : undefined);
    if (r) texts.push(r.text);
  }
  // Registering it (update-rc.d, chkconfig, systemctl enable) starts nothing until a reboot.
  return texts.some((t) => cfnHupStarts(t).length > 0);
}

/** cfn-hup service entries in configs that run (one branch of an Fn::If at a time). */
function cfnHupServices(ctx: RuleContext): ServiceEntry[] {
  const found: ServiceEntry[] = [];
  for (const s of ctx.model.services)
    if (s.name === 'cfn-hup' && MANAGERS.has(s.manager) && isSelected(s.config)) found.push(s);
  return found;
}

export const hupNotStarted: Rule = {
  id: 'HUP-NOT-STARTED',
  severity: 'warning',
  title: 'cfn-hup is configured but never started',
  doc: {
    why: 'cfn-hup does not run by default: without a `services` entry (sysvinit, systemd or windows) or a command that starts it, the configuration is written and nothing ever polls.',
    source: 'AWS docs, CloudFormation helper scripts reference',
    bad: 'files: /etc/cfn/cfn-hup.conf … and no services entry',
    good: 'services: { sysvinit: { cfn-hup: { enabled: true, ensureRunning: true, files: [/etc/cfn/cfn-hup.conf, /etc/cfn/hooks.d/cfn-auto-reloader.conf] } } }',
  },
  check(ctx) {
    const confs: InitFile[] = [];
    for (const f of ctx.model.hupConfs) if (isSelected(f.config)) confs.push(f);
    if (confs.length === 0 || startsCfnHup(ctx)) return;
    for (const conf of confs) {
      const windows = conf.classified.os === 'windows';
      ctx.report({
        ...keyRange(conf),
        message: `cfn-hup.conf is written but nothing starts cfn-hup: no instance will ever poll for updates. Add services.${windows ? 'windows' : 'sysvinit (or systemd)'}.cfn-hup with enabled and ensureRunning "true" and files listing the cfn-hup files.`,
      });
    }
  },
};

type ListedFile = { value: string; node: CfnNode };

function literalFiles(service: ServiceEntry, ctx: RuleContext): ListedFile[] | undefined {
  const files = getProperty(service.node, 'files');
  if (!files) return [];
  if (files.kind !== 'array') return undefined;
  const result: ListedFile[] = [];
  for (const item of files.items) {
    const r = renderText(item, ctx.model.ctx);
    if (!r || r.opaque.length > 0) return undefined;
    result.push({ value: r.text, node: item });
  }
  return result;
}

export const hupSvcFilesMissing: Rule = {
  id: 'HUP-SVC-FILES-MISSING',
  severity: 'warning',
  title: 'cfn-hup service does not list the cfn-hup files',
  doc: {
    why: 'cfn-hup loads its hooks only at start. cfn-init restarts it only when a file named exactly in `services.*.cfn-hup.files` changed in the same config: a file left out (or spelt differently) is rewritten but cfn-hup keeps running the old hooks.',
    source: 'aws-cfn-bootstrap service_tools.py L58-63, construction.py L222-274; cfn-hup docs',
    bad: 'files: [c:\\cfn\\cfn-hup.conf, c:\\cfn\\hooks.d\\cfn-auto-reloader.conf] while the hook is written to c:\\cfn\\hooks.d\\amazon-cloudwatch-agent-auto-reloader.conf',
    good: 'files: [c:\\cfn\\cfn-hup.conf, c:\\cfn\\hooks.d\\amazon-cloudwatch-agent-auto-reloader.conf]',
  },
  check(ctx) {
    for (const service of cfnHupServices(ctx)) {
      const init = service.config.init;
      // The files of the configs that run, and the cfn-hup files among them (same config directory family).
      const allFiles: InitFile[] = [];
      const written: InitFile[] = [];
      // Only configs that run on the same instances as the service's: those of a configSet that has it.
      const together = configsRunWith(init, service.config.name);
      for (const c of init.configs) {
        if (!isSelected(c) || (together && !together.has(c.name))) continue;
        for (const f of c.files) {
          allFiles.push(f);
          if (f.classified.role === 'hup-conf' || isHookRole(f.classified.role)) written.push(f);
        }
      }
      if (written.length === 0) continue;
      const listed = literalFiles(service, ctx);
      if (!listed) continue;
      const listedExact = new Set(listed.map((l) => l.value));
      const missing = written.filter((f) => !listedExact.has(f.path));
      if (missing.length === 0) continue;
      const writtenPaths = new Set(allFiles.map((f) => f.path));
      const stale = listed.filter((l) => !writtenPaths.has(l.value));
      for (const file of missing) {
        if (file.config !== service.config) {
          // Listing it alone would not help: cfn-init restarts a service only for files its own config changed.
          const what = file.classified.role === 'hup-conf' ? 'settings' : 'hooks';
          const wrong = stale.length === 1 ? stale[0] : undefined;
          ctx.report({
            ...(wrong ? nodeRange(wrong.node) : keyRange(service)),
            message: `cfn-hup's service ${stale.length ? `lists ${stale.map((x) => `"${x.value}"`).join(', ')}, which no config writes, and not` : 'does not list'} "${file.path}", which config "${file.config.name}" writes, and the service entry is in config "${service.config.name}": cfn-init restarts a service only for files changed by its own config, so when that file changes cfn-hup keeps running the old ${what}. List "${file.path}" and move services.${service.manager}.cfn-hup into "${file.config.name}".`,
          });
          continue;
        }
        const near = stale.find((l) => normalisePath(l.value) === normalisePath(file.path));
        const replaced = near ?? (stale.length === 1 && missing.length === 1 ? stale[0] : undefined);
        const edits = repairFilesList(ctx, service, file.path, replaced?.node);
        const range: Range = replaced ? nodeRange(replaced.node) : keyRange(service);
        ctx.report({
          ...range,
          message: near
            ? `cfn-hup's service lists "${near.value}" but the file is written as "${file.path}": cfn-init compares them exactly, so cfn-hup is not restarted when it changes and keeps old hooks. Spell it exactly as the files key.`
            : `cfn-hup's service does not list "${file.path}"${stale.length ? ` (it lists ${stale.map((x) => `"${x.value}"`).join(', ')}, which no config writes)` : ''}: when that file changes cfn-hup is not restarted and keeps running the old ${file.classified.role === 'hup-conf' ? 'settings' : 'hooks'}. List it in services.${service.manager}.cfn-hup.files.`,
          fix: edits ? { title: `List ${file.path} in the cfn-hup service files`, edits } : undefined,
        });
      }
    }
  },
};

export const svcRestartRefUnresolved: Rule = {
  id: 'SVC-RESTART-REF-UNRESOLVED',
  severity: 'warning',
  title: 'Service restart entry written by another config',
  doc: {
    why: 'cfn-init restarts a service only for files, sources, commands or packages changed by the same config in the same run. An entry written by another config of the configSet never triggers the restart, so cfn-hup keeps its old hooks.',
    source: 'aws-cfn-bootstrap construction.py L222-274, service_tools.py L34-63',
    bad: 'config "setup" writes /etc/cfn/hooks.d/reloader.conf; config "service" has services.sysvinit.cfn-hup.files: [/etc/cfn/hooks.d/reloader.conf]',
    good: 'the files and the cfn-hup service entry in the same config',
  },
  check(ctx) {
    for (const service of ctx.model.services) {
      if (!MANAGERS.has(service.manager) || !isSelected(service.config)) continue;
      const listed = literalFiles(service, ctx);
      if (!listed || listed.length === 0) continue; // nothing listed, nothing restarted
      const others = service.config.init.configs.filter((c) => c !== service.config && isSelected(c));
      const sameConfig = new Set(service.config.files.map((f) => f.path));
      const elsewhere = listed.filter(
        (l) => !sameConfig.has(l.value) && others.some((c) => c.files.some((f) => f.path === l.value)),
      );
      for (const l of elsewhere) {
        const other = others.find((c) => c.files.some((f) => f.path === l.value))!;
        ctx.report({
          ...nodeRange(l.node),
          message: `"${l.value}" is written by config "${other.name}", but this ${service.name} service is in config "${service.config.name}": cfn-init restarts a service only for files changed by its own config, so ${service.name} is never restarted when it changes. Move the service entry into "${other.name}".`,
        });
      }
    }
  },
};

/** Replace a stale entry, or append the path to an existing `files` list. */
function repairFilesList(
  ctx: RuleContext,
  service: ServiceEntry,
  path: string,
  replace: CfnNode | undefined,
): TextEdit[] | undefined {
  const json = ctx.model.format === 'json';
  const encoded = json ? JSON.stringify(path) : yamlScalar(path);
  if (replace) {
    if (replace.kind !== 'scalar') return undefined;
    return [
      {
        start: replace.start,
        end: replace.end,
        newText: json || replace.style === 'json' ? JSON.stringify(path) : yamlScalar(path),
      },
    ];
  }
  const files = getPropertyEntry(service.node, 'files');
  if (!files || files.value.kind !== 'array' || files.value.items.length === 0) return undefined;
  const last = files.value.items[files.value.items.length - 1]!;
  const text = ctx.model.text;
  const flow = json || text[files.value.start] === '[';
  if (flow) return [{ start: last.end, end: last.end, newText: `, ${encoded}` }];
  const lineStart = text.lastIndexOf('\n', last.start) + 1;
  const dash = text.slice(lineStart, last.start);
  if (!/^\s*-\s*$/.test(dash)) return undefined;
  const eol = text.indexOf('\n', last.end);
  const at = eol < 0 ? text.length : eol;
  const newline = text[at - 1] === '\r' ? '\r\n' : '\n';
  const insertAt = text[at - 1] === '\r' ? at - 1 : at;
  return [{ start: insertAt, end: insertAt, newText: `${newline}${dash}${encoded}` }];
}

/** A YAML scalar for a path: plain when safe, single-quoted otherwise (backslashes stay literal). */
function yamlScalar(value: string): string {
  return /^[A-Za-z0-9/_.-][^:#'"]*$/.test(value) && !/\s$/.test(value) ? value : `'${value.replace(/'/g, "''")}'`;
}

export const svcUnknownManager: Rule = {
  id: 'SVC-UNKNOWN-MANAGER',
  severity: 'warning',
  title: 'Unknown service manager',
  doc: {
    why: 'cfn-init knows sysvinit, systemd and windows; any other key is skipped with "Unsupported service manager".',
    source: 'aws-cfn-bootstrap construction.py L268-272',
    bad: 'services: { upstart: { cfn-hup: … } }',
    good: 'services: { sysvinit: { cfn-hup: … } }',
  },
  check(ctx) {
    for (const init of ctx.model.inits) {
      for (const config of init.configs) {
        const services = getProperty(config.node, 'services');
        // `services: !If [...]` (or a manager's key that is an intrinsic): chosen by CloudFormation.
        if (!services || services.kind !== 'object' || intrinsicName(services)) continue;
        for (const m of services.properties) {
          if (MANAGERS.has(m.key) || m.key.startsWith('Fn::')) continue;
          ctx.report({
            start: m.keyStart,
            end: m.keyEnd,
            message: `cfn-init skips service manager "${m.key}" ("Unsupported service manager"): its services are never started. Use sysvinit, systemd or windows.`,
          });
        }
      }
    }
  },
};

export const svcSystemdVersion: Rule = {
  id: 'SVC-SYSTEMD-VERSION',
  severity: 'info',
  title: 'services.systemd needs aws-cfn-bootstrap 2.0-10 or later',
  doc: {
    why: 'Older helper scripts log "Unsupported service manager" and skip systemd services.',
    source: 'aws-cfn-bootstrap release history',
    bad: 'services: { systemd: { cfn-hup: … } } on an AMI with aws-cfn-bootstrap 1.4',
    good: 'an AMI with aws-cfn-bootstrap ≥ 2.0-10, or services.sysvinit',
  },
  check(ctx) {
    for (const s of cfnHupServices(ctx)) {
      if (s.manager !== 'systemd') continue;
      ctx.report({
        ...keyRange(s),
        message:
          'services.systemd needs aws-cfn-bootstrap 2.0-10 or later on the instance; older versions skip it and cfn-hup never starts.',
      });
    }
  },
};

export const hupStartedTwice: Rule = {
  id: 'HUP-STARTED-TWICE',
  severity: 'info',
  title: 'cfn-hup started twice',
  doc: {
    why: 'The daemon takes a PID lock; a second cfn-hup started from UserData next to the service blocks or fails.',
    source: 'aws-cfn-bootstrap bin/cfn-hup L214',
    bad: 'services.sysvinit.cfn-hup and "/opt/aws/bin/cfn-hup" in UserData',
    good: 'one of them',
  },
  check(ctx) {
    const services = cfnHupServices(ctx);
    if (services.length === 0) return;
    const withService = new Set(services.map((s) => s.config.init.resource.logicalId));
    for (const u of ctx.model.userData) {
      // Only an instance that runs an Init with the service: its UserData's cfn-init names one (or a value).
      const runsIt = callsIn(ctx.model, u.rendered).some((c) => {
        const r = optionValue(c.call, 'resource')?.value;
        return !r || isUnknownWord(c.rendered, r) || withService.has(r.text);
      });
      if (!runsIt) continue;
      // Only the daemon run directly competes for the PID lock; a service manager start finds it running.
      for (const s of cfnHupStarts(u.rendered.text)) {
        if (s.kind !== 'daemon') continue;
        ctx.report({
          ...u.rendered.sourceRange(s.start, s.end),
          message:
            'cfn-hup is started here and by its services entry: the second daemon waits on the PID lock or fails. Start it in one place.',
        });
      }
    }
  },
};

export const serviceRules: Rule[] = [
  hupNotStarted,
  hupSvcFilesMissing,
  svcRestartRefUnresolved,
  svcUnknownManager,
  svcSystemdVersion,
  hupStartedTwice,
];

export function literalString(node: CfnNode | undefined): string | undefined {
  return stringValue(node);
}

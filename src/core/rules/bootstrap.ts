/**
 * How an instance gets going: where the helper scripts are installed, who a
 * cfn-signal reaches, and whether the configSets that run at boot start cfn-hup.
 */
import type { Rule, RuleContext } from './rule';
import type { InitResource, InitConfig } from '../cfnhup/model';
import { selectedConfigs } from '../cfnhup/model';
import { isUnknownWord, optionValue } from '../cfnhup/commandLine';
import { bootCalls } from './shared';
import { cfnHupStarts } from '../cfnhup/startCommands';
import { renderText } from '../intrinsics/render';
import type { Rendered } from '../intrinsics/rendered';
import type { ResourceEntry } from '../template/model';
import { getProperty, intrinsicName, stringValue, type CfnNode } from '../template/ast';
import { imageHint, LAUNCH_TYPES, signalTargets } from './deployment';

/** UserData that boots this Init's instances: the resource's own, and any that runs cfn-init -r on it. */
function bootUserData(ctx: RuleContext, init: InitResource): Rendered[] {
  const owners = new Set<ResourceEntry>([init.resource]);
  for (const c of bootCalls(ctx.model, init)) owners.add(c.owner);
  const texts: Rendered[] = [];
  for (const u of ctx.model.userData) if (owners.has(u.resource)) texts.push(u.rendered);
  return texts;
}

/**
 * Line tests written as "find the anchor, then look before it" so a long line
 * costs one pass (a `\bpip\b[^\n]*aws-cfn-bootstrap` regex would rescan the line
 * from every `pip`).
 */
function before(line: string, anchor: string | RegExp, words: RegExp): boolean {
  const at = typeof anchor === 'string' ? line.indexOf(anchor) : line.search(anchor);
  return at >= 0 && words.test(line.slice(0, at));
}
/** pip / easy_install of the helper scripts (without a script directory of its own). */
const isPipInstall = (l: string) =>
  before(l, 'aws-cfn-bootstrap', /\b(?:pip3?|easy_install(?:-3)?|python3?\s+-m\s+(?:pip|easy_install))\b/) &&
  !/--(?:script-dir|install-scripts|prefix|root|target)\b/.test(l);
/**
 * Whether some line of the text that names `needle` passes `test` (lines split at \n): only those
 * lines are cut out, so most texts are never split.
 */
function someLineNaming(text: string, needle: string, test: (line: string) => boolean): boolean {
  for (let at = text.indexOf(needle); at >= 0;) {
    const eol = text.indexOf('\n', at);
    if (test(text.slice(text.lastIndexOf('\n', at) + 1, eol < 0 ? text.length : eol))) return true;
    if (eol < 0) return false;
    at = text.indexOf(needle, eol);
  }
  return false;
}

/** Whether a line of the text is a pip install of the helper scripts (it names aws-cfn-bootstrap). */
const namesPipInstall = (text: string) => someLineNaming(text, 'aws-cfn-bootstrap', isPipInstall);
/** Something puts the scripts (or a link to them) under /opt/aws: then /opt/aws/bin may well exist. */
const isOptProvisioned = (l: string) =>
  before(l, /\/opt\/aws\b/, /\b(?:ln|cp|mv|mkdir|install|alternatives|update-alternatives)\b|--script-dir[= ]+$/);
/** The Amazon Linux package puts the scripts in /opt/aws/bin. */
const isRpmInstall = (l: string) => before(l, 'aws-cfn-bootstrap', /\b(?:yum|dnf|rpm)\b/);
/** An image named as Amazon Linux (the SSM public parameters, or an AMI name). */
const AMAZON_LINUX_IMAGE = /ami-amazon-linux-latest|\bamzn2?-ami|\bal2023-ami/i;
/** A test whether the helper scripts are in /opt/aws/bin (`[ -x … ]`, `test -f …`). */
const TESTS_OPT = /(?:^|\s)-[xfe]\s+["']?\/opt\/aws\/bin\b/m;
/** The text without its comment lines (a `#!` line stays). */
function withoutComments(text: string): string {
  return text.includes('#') ? text.replace(/^[ \t]*#(?!!).*$/gm, '') : text;
}
const OPT_CALL = /(^|[\s;&|"'`(=])(\/opt\/aws\/bin\/cfn-(?:init|hup|signal|get-metadata))(?=$|[\s;&|"'`)])/gm;
const LOCAL_CALL = /(^|[\s;&|"'`(=])\/usr\/local\/bin\/cfn-(?:init|hup|signal)(?=$|[\s;&|"'`)])/m;

export const helperPathOs: Rule = {
  id: 'HELPER-PATH-OS',
  severity: 'error',
  title: 'cfn-init / cfn-hup called where this instance does not have it',
  doc: {
    why: '/opt/aws/bin holds the helper scripts on Amazon Linux only. When the template installs them with pip or easy_install (Ubuntu, Debian, RHEL), they land in /usr/local/bin (or on PATH): a hook, command or unit that calls /opt/aws/bin/cfn-init fails with "No such file or directory", every interval. An error when the instance\'s own UserData calls /usr/local/bin/cfn-*; a warning when only a pip install shows it.',
    source:
      'AWS docs, CloudFormation helper scripts reference (install locations); aws-cfn-bootstrap setup.py (console scripts); AWS sample Solutions/OperatingSystems/*_cfn-hup templates',
    bad: 'UserData: pip3 install …/aws-cfn-bootstrap-py3-latest.tar.gz\nhook: action=/opt/aws/bin/cfn-init -v --stack … --resource …',
    good: 'hook: action=/usr/local/bin/cfn-init -v --stack … --resource … (or link: ln -s /usr/local/bin/cfn-* /opt/aws/bin/)',
  },
  check(ctx) {
    if (!mentionsInstallOrLocalCall(ctx)) return; // no text any Init's evidence could come from shows either
    for (const init of ctx.model.inits) {
      const boot = bootUserData(ctx, init);
      const evidence: string[] = [];
      // Comments are no evidence (`# on Ubuntu they are in /usr/local/bin/cfn-init`).
      for (const r of boot) evidence.push(withoutComments(r.text));
      for (const c of init.configs)
        for (const cmd of c.commands) if (cmd.rendered) evidence.push(withoutComments(cmd.rendered.text));
      let pip = false;
      let local = false;
      for (const t of evidence) {
        pip ||= namesPipInstall(t);
        // The call's literal path is looked for first: the pattern's leading class makes the regex try every position.
        local ||= t.includes('/usr/local/bin/cfn-') && LOCAL_CALL.test(t);
      }
      if (!pip && !local) continue;
      // An Amazon Linux image ships the helper scripts in /opt/aws/bin; pip adds another copy elsewhere.
      // Named in the resource, or by the default of the parameter its ImageId refers to.
      const resourceText = ctx.model.text.slice(init.resource.node.start, init.resource.node.end);
      if (AMAZON_LINUX_IMAGE.test(resourceText) || AMAZON_LINUX_IMAGE.test(imageHint(ctx, init.resource))) continue;
      // /opt/aws/bin may exist: only lines naming /opt/aws or aws-cfn-bootstrap can show it.
      const provisions = (l: string) => isOptProvisioned(l) || isRpmInstall(l);
      if (
        evidence.some(
          (t) =>
            someLineNaming(t, '/opt/aws', provisions) ||
            someLineNaming(t, 'aws-cfn-bootstrap', provisions) ||
            TESTS_OPT.test(t), // `if [ -x /opt/aws/bin/cfn-init ]; then … else …`: the script handles both
        )
      )
        continue;
      const why = pip
        ? "the template installs the helper scripts with pip/easy_install, which puts them in pip's bin folder (/usr/local/bin on most distributions), not /opt/aws/bin"
        : 'this instance runs the helper scripts from /usr/local/bin';
      const targets: Rendered[] = [
        ...boot,
        ...init.configs.flatMap((c) => c.commands.flatMap((cmd) => (cmd.rendered ? [cmd.rendered] : []))),
        ...init.configs.flatMap((c) => c.files.flatMap((f) => fileText(ctx, f.path, f.rendered, f.content?.value))),
      ];
      for (const r of targets) {
        if (!r.text.includes('/opt/aws/bin/cfn-')) continue; // the literal path first: the regex tries every position
        OPT_CALL.lastIndex = 0;
        for (let m = OPT_CALL.exec(r.text); m; m = OPT_CALL.exec(r.text)) {
          const at = m.index + m[1]!.length;
          if (/^\s*#/.test(r.text.slice(r.text.lastIndexOf('\n', at) + 1, at))) continue; // in a comment
          if (r.isOpaque(at, at + m[2]!.length)) continue;
          const name = m[2]!.slice('/opt/aws/bin/'.length);
          ctx.report({
            ...r.sourceRange(at, at + m[2]!.length),
            // Certain only when the instance's own UserData calls /usr/local/bin; pip alone may be paired with a baked link.
            severity: local ? undefined : 'warning',
            message: `${m[2]} does not exist on this instance: ${why}, so this call fails ("No such file or directory")${r.text.includes('action=') ? ' every interval' : ''}. ${local ? `Call /usr/local/bin/${name}` : `Call ${name} from there`}, or link the scripts into /opt/aws/bin.`,
          });
        }
      }
    }
  },
};

/**
 * Whether some UserData or Init command names aws-cfn-bootstrap or /usr/local/bin/cfn-: every
 * Init's evidence is among these texts, and a pip install or a /usr/local/bin call names one of them.
 */
function mentionsInstallOrLocalCall(ctx: RuleContext): boolean {
  const names = (t: string) => t.includes('aws-cfn-bootstrap') || t.includes('/usr/local/bin/cfn-');
  for (const u of ctx.model.userData) if (names(u.rendered.text)) return true;
  for (const c of ctx.model.commands) if (c.rendered && names(c.rendered.text)) return true;
  return false;
}

/** Hook files are rendered already; a systemd unit for cfn-hup is rendered here to read its ExecStart. */
function fileText(
  ctx: RuleContext,
  path: string,
  rendered: Rendered | undefined,
  content: CfnNode | undefined,
): Rendered[] {
  if (rendered) return [rendered];
  if (!content || !/\.service$/.test(path) || !ctx.model.text.slice(content.start, content.end).includes('cfn-'))
    return [];
  const r = renderText(content, ctx.model.ctx);
  return r ? [r] : [];
}

/** The Auto Scaling groups launched from a launch configuration or template. */
function groupsLaunchedFrom(ctx: RuleContext, logicalId: string): ResourceEntry[] {
  const refersTo = (node: CfnNode | undefined) =>
    !!node &&
    intrinsicName(node) === 'Ref' &&
    node.kind === 'object' &&
    stringValue(node.properties[0]!.value) === logicalId;
  return [...ctx.model.model.resources.values()].filter((r) => {
    if (r.type !== 'AWS::AutoScaling::AutoScalingGroup') return false;
    const p = r.properties;
    const lt =
      getProperty(p, 'LaunchTemplate') ?? getProperty(getProperty(p, 'MixedInstancesPolicy'), 'LaunchTemplate');
    const spec = getProperty(lt, 'LaunchTemplateSpecification') ?? lt;
    return (
      refersTo(getProperty(p, 'LaunchConfigurationName')) ||
      refersTo(getProperty(spec, 'LaunchTemplateId')) ||
      refersTo(getProperty(spec, 'LaunchTemplateName'))
    );
  });
}

function waitsForSignals(group: ResourceEntry): boolean {
  if (getProperty(group.node, 'CreationPolicy')) return true;
  const w = getProperty(
    getProperty(getProperty(group.node, 'UpdatePolicy'), 'AutoScalingRollingUpdate'),
    'WaitOnResourceSignals',
  );
  return stringValue(w)?.toLowerCase() === 'true';
}

export const signalLaunchConfig: Rule = {
  id: 'SIGNAL-LAUNCH-CONFIG',
  severity: 'error',
  title: 'cfn-signal aimed at a launch configuration or launch template',
  doc: {
    why: 'A LaunchConfiguration or LaunchTemplate cannot have a CreationPolicy, so CloudFormation rejects the signal. The Auto Scaling group launched from it is what waits: it never gets its signals, times out and rolls the stack back.',
    source:
      'AWS docs, CreationPolicy attribute (supported resources) and cfn-signal; updating stacks walkthrough ("signal the Auto Scaling group")',
    bad: '/opt/aws/bin/cfn-signal -e $? --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}',
    good: '/opt/aws/bin/cfn-signal -e $? --stack ${AWS::StackName} --resource WebServerGroup --region ${AWS::Region}',
  },
  check(ctx) {
    for (const s of signalTargets(ctx)) {
      const target = ctx.model.model.resources.get(s.logicalId);
      if (!target || !LAUNCH_TYPES.has(target.type ?? '')) continue;
      const groups = groupsLaunchedFrom(ctx, s.logicalId);
      const waiting = groups.filter(waitsForSignals);
      const group = waiting[0] ?? groups[0];
      ctx.report({
        ...s.range(),
        severity: waiting.length > 0 ? undefined : 'warning',
        message: `cfn-signal signals "${s.logicalId}", a ${target.type!.replace(/^AWS::\w+::/, '')}, which cannot have a CreationPolicy: CloudFormation rejects the signal${waiting.length > 0 ? ` and "${waiting[0]!.logicalId}" waits for signals that never come, so the stack times out and rolls back` : ' and nothing waits for it'}.${group ? ` Signal --resource ${group.logicalId}.` : ' Signal the Auto Scaling group launched from it.'}`,
      });
    }
  },
};

/** Whether these configs start cfn-hup: a services entry, or a command that starts it. */
const HUP_MANAGERS = new Set(['sysvinit', 'systemd', 'windows']);

function startsIn(configs: Iterable<InitConfig>): boolean {
  for (const c of configs) {
    for (const s of c.services) if (s.name === 'cfn-hup' && HUP_MANAGERS.has(s.manager)) return true;
    for (const cmd of c.commands) {
      const literal = stringValue(getProperty(cmd.node, 'command'));
      const raw = literal !== undefined ? literal : cmd.rendered?.text;
      if (raw !== undefined && cfnHupStarts(raw).length > 0) return true;
    }
  }
  return false;
}

export const hupStartedOtherConfigset: Rule = {
  id: 'HUP-STARTED-OTHER-CONFIGSET',
  severity: 'warning',
  title: 'cfn-hup configured by the configSets that run at boot but started only by another configSet',
  doc: {
    why: 'cfn-init runs only the configSets it is given (-c). When the sets run at boot write cfn-hup.conf and the hook but the cfn-hup service entry sits in a config only another configSet runs, cfn-hup never starts: no hook ever fires, and no update reaches the instance.',
    source: 'aws-cfn-bootstrap construction.py L406-407, L514-517 (configSets run as requested); cfn-hup docs',
    bad: 'configSets: { setup: [hup_files], start: [hup_service] }; UserData: cfn-init … -c setup',
    good: 'UserData: cfn-init … -c setup,start (or the service entry in a config of "setup")',
  },
  check(ctx) {
    for (const init of ctx.model.inits) {
      if (!init.configSets) continue;
      const boot = bootCalls(ctx.model, init);
      if (boot.length === 0) continue;
      const requested: string[] = [];
      let unknown = false;
      for (const c of boot) {
        const cs = optionValue(c.call, 'configsets');
        if (c.call.expansions.length > 0 || (cs && (!cs.value || isUnknownWord(c.rendered, cs.value)))) unknown = true;
        else requested.push(...(cs ? cs.value!.text.split(',') : ['default']));
      }
      if (unknown) continue;
      // Both walks run whenever one does: following Fn::If in configSets is how an analysis learns it
      // must judge the other branch too (RenderContext.sawUnknownCondition), so neither is skipped.
      const atBoot = selectedConfigs(init, ctx.model.ctx, requested);
      const all = selectedConfigs(init, ctx.model.ctx, undefined);
      if (!atBoot || !all) continue;
      if (!writesHupConf(atBoot) || startsIn(atBoot)) continue;
      if (ctx.model.userData.some((u) => cfnHupStarts(u.rendered.text).length > 0)) continue; // UserData starts it
      const starter = [...all].find((c) => !atBoot.has(c) && startsIn([c]));
      if (!starter) continue; // nothing starts it anywhere: HUP-NOT-STARTED's case
      const sets = configSetsHolding(ctx, init, starter);
      const call = boot[0]!;
      const cs = optionValue(call.call, 'configsets');
      const range = cs?.value
        ? call.rendered.sourceRange(cs.value.start, cs.value.end)
        : call.rendered.sourceRange(call.call.program.start, call.call.program.end);
      ctx.report({
        ...range,
        message: `At boot cfn-init runs ${[...new Set(requested)].map((n) => `"${n}"`).join(', ')}, which write${requested.length === 1 ? 's' : ''} cfn-hup.conf but never start${requested.length === 1 ? 's' : ''} cfn-hup: config "${starter.name}", which starts it, is only in ${sets.length ? sets.map((n) => `"${n}"`).join(', ') : 'another configSet'}. cfn-hup never runs and no update reaches the instance. Add that configSet to -c, or move the service entry.`,
      });
    }
  },
};

function writesHupConf(configs: Iterable<InitConfig>): boolean {
  for (const c of configs) for (const f of c.files) if (f.classified.role === 'hup-conf') return true;
  return false;
}

/** The names of the configSets whose configs include this one. */
function configSetsHolding(ctx: RuleContext, init: InitResource, config: InitConfig): string[] {
  const sets = init.configSets?.value;
  if (!sets || sets.kind !== 'object') return [];
  return sets.properties
    .map((p) => p.key)
    .filter((name) => selectedConfigs(init, ctx.model.ctx, [name])?.has(config) ?? false);
}

export const bootstrapRules: Rule[] = [helperPathOs, signalLaunchConfig, hupStartedOtherConfigset];

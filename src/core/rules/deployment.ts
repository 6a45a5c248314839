// Over ~350 lines on purpose: the catalogue of deployment rules (cfn-hup.conf credentials and stack,
// cfn-signal targets, unused configs, service managers, Auto Scaling rolling updates), one self-contained
// Rule object each with its documentation; two of them share the signal-target scan.
import type { Rule, RuleContext } from './rule';
import type { InitResource } from '../cfnhup/model';
import { readMode } from '../cfnhup/fileMode';
import { cacheSlot, perAnalysis } from './shared';
import type { ResourceEntry } from '../template/model';
import type { CfnNode } from '../template/ast';
import { getProperty, intrinsicName, stringValue } from '../template/ast';
import { findOption, type IniSection } from '../cfnhup/ini';
import { keyRange, contentRange } from './util';
import { asMeant, hookPathAsMeant } from './inlineComment';
import { watchingHooksOutOfSight } from './hooksOutOfSight';
import type { Rendered } from '../intrinsics/rendered';

function mainOf(file: { ini?: { sections: { name: string }[] } }) {
  return (file.ini?.sections as IniSection[] | undefined)?.find((s) => s.name === 'main');
}

export const hupCredfile: Rule = {
  id: 'HUP-CREDFILE',
  // An error when the mode is certain to stop cfn-hup; the missing-key case is reported as a warning.
  severity: 'error',
  title: 'cfn-hup credential file that cfn-hup will refuse',
  doc: {
    why: 'cfn-hup exits ("Please chmod 600") when the credential file is readable by group or others, and cannot sign without AWSAccessKeyId= and AWSSecretKey= lines.',
    source: 'aws-cfn-bootstrap util.py L377-404',
    bad: '/etc/cfn/cfn-credentials: { content: …, mode: "000644" }',
    good: '/etc/cfn/cfn-credentials: { content: "AWSAccessKeyId=…\\nAWSSecretKey=…\\n", mode: "000400" }',
  },
  check(ctx) {
    for (const conf of ctx.model.hupConfs) {
      const main = mainOf(conf);
      const cred = main && findOption(main, 'credential-file');
      if (!cred) continue;
      const written = ctx.model.files.find((f) => f.path === cred.value.trim());
      if (!written) continue;
      const mode = stringValue(getProperty(written.node, 'mode'));
      const reading = mode === undefined ? undefined : readMode(mode);
      if (reading?.kind === 'octal' && (reading.value & 0o077) !== 0) {
        ctx.report({
          ...keyRange(written),
          message: `cfn-hup's credential file "${written.path}" has mode ${mode}, readable by group or others: cfn-hup exits ("Please chmod 600"). Use mode "000400".`,
        });
        continue;
      }
      const text = written.rendered?.text;
      if (
        text !== undefined &&
        !written.rendered!.opaque.length &&
        (!/^AWSAccessKeyId\s*=/m.test(text) || !/^AWSSecretKey\s*=/m.test(text))
      ) {
        ctx.report({
          ...keyRange(written),
          severity: 'warning',
          message: `cfn-hup's credential file "${written.path}" lacks an AWSAccessKeyId= or AWSSecretKey= line: cfn-hup cannot sign its calls.`,
        });
      }
    }
  },
};

export const hupStackForeign: Rule = {
  id: 'HUP-STACK-FOREIGN',
  severity: 'info',
  title: 'cfn-hup watches another stack without credentials',
  doc: {
    why: 'Without role or credential-file, CloudFormation limits cfn-hup to the stack the instance belongs to: another stack cannot be read.',
    source: 'AWS docs, CloudFormation helper scripts reference',
    bad: 'stack=shared-config (no role=)',
    good: 'stack=${AWS::StackId}, or role=… for another stack',
  },
  check(ctx) {
    for (const conf of ctx.model.hupConfs) {
      const main = mainOf(conf);
      const found = main && findOption(main, 'stack');
      const stack = found && asMeant(ctx, conf, found, false); // without a comment HUP-INLINE-COMMENT reports
      if (!main || !stack || findOption(main, 'role') || findOption(main, 'credential-file')) continue;
      const opaque = conf.rendered!.opaqueAt(stack.valueStart, stack.valueEnd).map((o) => o.name);
      if (opaque.some((n) => n === 'AWS::StackId' || n === 'AWS::StackName')) continue;
      if (opaque.length > 0 || !stack.value.trim()) continue;
      if (stack.value.includes('${')) continue; // a literal ${…} is no stack name at all: never this rule's case
      ctx.report({
        ...contentRange(conf, stack.valueStart, stack.valueEnd),
        message: `cfn-hup watches stack "${stack.value.trim()}" without role or credential-file: unless that is the instance's own stack, CloudFormation refuses the calls. Use stack=\${AWS::StackId} or add role=.`,
      });
    }
  },
};

/** Resource types that cannot have a CreationPolicy: an instance launched from them signals its group. */
export const LAUNCH_TYPES = new Set(['AWS::AutoScaling::LaunchConfiguration', 'AWS::EC2::LaunchTemplate']);

const SIGNAL_NAME = /cfn-signal(?:\.exe)?\b/y;

export interface SignalTarget {
  logicalId: string;
  /** The source range of the name: mapping rendered text back to the source is paid only for a finding. */
  range(): { start: number; end: number };
}

/** Two rules read the targets of one analysis: scanned once. */
const SIGNAL_TARGETS = cacheSlot<SignalTarget[]>('signalTargets');

/** `cfn-signal … --resource X` (or -r X) in UserData and commands. */
export function signalTargets(ctx: RuleContext): SignalTarget[] {
  return perAnalysis(ctx.model, SIGNAL_TARGETS, () => scanSignalTargets(ctx));
}

/** Tried at each "cfn-signal" (sticky); when it fails past the name, every later one on the line fails too. */
const SIGNAL_TARGET = /cfn-signal(?:\.exe)?\b[^\n]*?(?:--resource|-r)[ =]+([A-Za-z0-9]+)/y;

function scanSignalTargets(ctx: RuleContext): SignalTarget[] {
  const out: SignalTarget[] = [];
  for (const u of ctx.model.userData) scanText(u.rendered, out);
  for (const c of ctx.model.commands) if (c.rendered) scanText(c.rendered, out);
  return out;
}

function scanText(r: Rendered, out: SignalTarget[]): void {
  const text = r.text;
  for (let from = text.indexOf('cfn-signal'); from >= 0; from = text.indexOf('cfn-signal', from)) {
    SIGNAL_NAME.lastIndex = SIGNAL_TARGET.lastIndex = from;
    if (!SIGNAL_NAME.test(text)) {
      from += 10;
      continue;
    }
    const m = SIGNAL_TARGET.exec(text);
    if (!m) {
      const eol = text.indexOf('\n', from);
      if (eol < 0) return;
      from = eol;
      continue;
    }
    from = SIGNAL_TARGET.lastIndex;
    const at = m.index + m[0].length - m[1]!.length;
    const end = at + m[1]!.length;
    if (r.isOpaque(at, end)) continue;
    out.push({ logicalId: m[1]!, range: () => r.sourceRange(at, end) });
  }
}

/**
 * Whether a resource takes cfn-signal's signals: a WaitCondition, a CreationPolicy, or a group that
 * waits for signals during rolling updates.
 */
export function waitsForSignals(target: ResourceEntry): boolean {
  if (target.type === 'AWS::CloudFormation::WaitCondition' || getProperty(target.node, 'CreationPolicy')) return true;
  const waits = getProperty(
    getProperty(getProperty(target.node, 'UpdatePolicy'), 'AutoScalingRollingUpdate'),
    'WaitOnResourceSignals',
  );
  return stringValue(waits)?.toLowerCase() === 'true';
}

export const signalResource: Rule = {
  id: 'SIGNAL-RESOURCE',
  severity: 'warning',
  title: 'cfn-signal to a resource that waits for no signal',
  doc: {
    why: 'Only a resource with a CreationPolicy (or a WaitCondition) waits for signals: signalling the launch configuration or template instead of the Auto Scaling group does nothing, and the group times out or never waits.',
    source: 'AWS docs, updating stacks walkthrough',
    bad: 'cfn-signal -e $? --stack … --resource LaunchConfig',
    good: 'cfn-signal -e $? --stack … --resource WebServerGroup (the group has a CreationPolicy)',
  },
  check(ctx) {
    for (const s of signalTargets(ctx)) {
      const target = ctx.model.model.resources.get(s.logicalId);
      if (!target || waitsForSignals(target)) continue;
      if (LAUNCH_TYPES.has(target.type ?? '') && ctx.isEnabled('SIGNAL-LAUNCH-CONFIG')) continue; // SIGNAL-LAUNCH-CONFIG explains it
      const waiting = [...ctx.model.model.resources.values()].find(
        (r) =>
          getProperty(r.node, 'CreationPolicy') &&
          (r.type === 'AWS::AutoScaling::AutoScalingGroup' || r.type === 'AWS::CloudFormation::WaitCondition'),
      );
      ctx.report({
        ...s.range(),
        message: `cfn-signal signals "${s.logicalId}", which has no CreationPolicy: the signal is rejected and nothing waits for it.${waiting ? ` "${waiting.logicalId}" waits for signals.` : ''}`,
      });
    }
  },
};

export const initUnusedConfig: Rule = {
  id: 'INIT-UNUSED-CONFIG',
  severity: 'info',
  title: 'A config no configSet runs',
  doc: {
    why: 'With configSets, cfn-init runs only the configs they list; others are never applied.',
    source: 'aws-cfn-bootstrap construction.py',
    bad: 'configSets: { default: [install] } and a config "configure"',
    good: 'configSets: { default: [install, configure] }',
  },
  check(ctx) {
    for (const init of ctx.model.inits) {
      const sets = init.configSets?.value;
      if (!sets || sets.kind !== 'object' || intrinsicName(sets)) continue;
      const listed = new Set<string>();
      const walk = (n: CfnNode): boolean => {
        if (intrinsicName(n)) return false;
        if (n.kind === 'array') return n.items.every(walk);
        if (n.kind === 'scalar' && typeof n.value === 'string') listed.add(n.value);
        return true;
      };
      if (!sets.properties.every((p) => walk(p.value))) continue;
      for (const c of init.configs) {
        if (listed.has(c.name)) continue;
        ctx.report({
          start: c.keyStart,
          end: c.keyEnd,
          message: `No configSet of ${init.resource.logicalId} lists config "${c.name}": cfn-init never applies it.`,
        });
      }
    }
  },
};

/** An image id, or the Default of the parameter it refers to (often an SSM path that names the OS). */
export function imageHint(ctx: RuleContext, resource: ResourceEntry): string {
  const props = resource.properties;
  const image = getProperty(props, 'ImageId') ?? getProperty(getProperty(props, 'LaunchTemplateData'), 'ImageId');
  if (!image) return '';
  const literal = stringValue(image);
  if (literal) return literal;
  const ref =
    image.kind === 'object' && intrinsicName(image) === 'Ref' ? stringValue(image.properties[0]!.value) : undefined;
  const param = ref ? ctx.model.model.parameters.get(ref) : undefined;
  return (ref ?? '') + ' ' + (stringValue(getProperty(param?.node, 'Default')) ?? '');
}

const SYSTEMD_ONLY =
  /al2023|amzn2023|rhel-?(8|9|10)|ubuntu.*(1[68]|2[0-4])\.04|ubuntu-?(jammy|focal|bionic|noble|xenial)/i;
const AL2023 = /al2023|amzn2023/i;

export const svcSysvinitSystemdDistro: Rule = {
  id: 'SVC-SYSVINIT-SYSTEMD-DISTRO',
  severity: 'info',
  title: 'services.sysvinit on a systemd-only distribution',
  doc: {
    why: 'sysvinit service handling relies on chkconfig/service shims that systemd-only images (AL2023, RHEL 8+, recent Ubuntu) may lack.',
    source: 'aws-cfn-bootstrap service_tools.py L236-272; amazon-linux-2023 issues #767, #976',
    bad: 'services.sysvinit.cfn-hup on an al2023 AMI',
    good: 'services.systemd.cfn-hup with a cfn-hup.service unit',
  },
  check(ctx) {
    // Services come grouped by Init: the image of the last resource is reused for the next service.
    let resource: ResourceEntry | undefined;
    let hint = '';
    for (const s of ctx.model.services) {
      if (s.manager !== 'sysvinit') continue;
      if (s.config.init.resource !== resource) {
        resource = s.config.init.resource;
        hint = imageHint(ctx, resource);
      }
      if (!SYSTEMD_ONLY.test(hint)) continue;
      ctx.report({
        ...keyRange(s),
        message: `services.sysvinit runs "${s.name}" through chkconfig/service shims, which this systemd-only image (${hint.trim().split(/\s+/).pop()}) may not have. Prefer services.systemd.`,
      });
    }
  },
};

export const svcSystemdNoUnit: Rule = {
  id: 'SVC-SYSTEMD-NO-UNIT',
  severity: 'info',
  title: 'services.systemd.cfn-hup without a unit file',
  doc: {
    why: 'systemd needs a cfn-hup.service unit; only the AL2023 package ships one.',
    source: 'AWS::CloudFormation::Init docs (systemd example); amazon-linux-2023 #728',
    bad: 'services.systemd.cfn-hup and no /lib/systemd/system/cfn-hup.service',
    good: 'files: /lib/systemd/system/cfn-hup.service with ExecStart=/opt/aws/bin/cfn-hup',
  },
  check(ctx) {
    for (const s of ctx.model.services) {
      if (s.manager !== 'systemd' || s.name !== 'cfn-hup') continue;
      const init: InitResource = s.config.init;
      if (AL2023.test(imageHint(ctx, init.resource))) continue;
      const unit = ctx.model.files.some((f) => /cfn-hup\.service$/.test(f.path));
      if (unit) continue;
      ctx.report({
        ...keyRange(s),
        message:
          'services.systemd.cfn-hup needs a cfn-hup.service unit, and this Init writes none: unless the image ships one (AL2023 does), cfn-hup never starts. Write /lib/systemd/system/cfn-hup.service.',
      });
    }
  },
};

export const updAsgNoRoll: Rule = {
  id: 'UPD-ASG-NO-ROLL',
  severity: 'info',
  title: 'A rolling update policy does not roll Metadata changes',
  doc: {
    why: "Changing only the Metadata of a launch configuration or template does not start an AutoScalingRollingUpdate: running instances get it only through cfn-hup. Silent when cfn-hup may run hooks the template does not show, the image's included (see BUILD-PARAM-UNWATCHED).",
    source: 'AWS docs, UpdatePolicy attribute',
    bad: 'an ASG with AutoScalingRollingUpdate relied on to apply Init changes',
    good: 'the cfn-hup auto-reloader on the launch template, or a new logical id to force a roll',
  },
  check(ctx) {
    // Only an Init on a launch configuration or template can be the one the group launches.
    const launchers = ctx.model.inits.filter(
      (i) =>
        i.resource.type === 'AWS::AutoScaling::LaunchConfiguration' || i.resource.type === 'AWS::EC2::LaunchTemplate',
    );
    if (launchers.length === 0) return; // no group can launch an Init
    for (const r of ctx.model.model.resources.values()) {
      if (r.type !== 'AWS::AutoScaling::AutoScalingGroup') continue;
      const rolling = getProperty(getProperty(r.node, 'UpdatePolicy'), 'AutoScalingRollingUpdate');
      if (!rolling || launchers.length === 0) continue;
      let props: string | undefined;
      const launcher = launchers.find((i) => {
        const id = i.resource.logicalId;
        if (SIMPLE_ID.test(id)) return namesId(r.properties, id, 0);
        return (props ??= JSON.stringify(simplify(r.properties))).includes(`"${id}"`);
      });
      if (!launcher) continue;
      const id = launcher.resource.logicalId;
      const watched = ctx.model.hooks.some((h) => hookPathAsMeant(ctx, h)?.p.logicalId === id);
      if (watched) continue;
      // A hook we cannot read (or one the image brings) may watch it (see ./hooksOutOfSight.ts).
      if (watchingHooksOutOfSight(ctx.model)) return;
      ctx.report({
        start: r.keyStart,
        end: r.keyEnd,
        message: `"${r.logicalId}" rolls instances on launch changes, but a change to ${launcher.resource.logicalId}'s Init metadata alone does not roll them; nothing applies it to running instances. Add the cfn-hup auto-reloader.`,
      });
    }
  },
};

const SIMPLE_ID = /^[A-Za-z0-9]+$/;

/**
 * `JSON.stringify(simplify(node)).includes('"id"')` without building the JSON, for an alphanumeric id:
 * there a match cannot span two tokens, so it is a key or string equal to the id, or a string ending
 * in `"id` (its quote escaped). Keys are unique in the tree (the parsers keep the last duplicate), as
 * in the object `simplify` builds; and below the same depth limit nothing is seen.
 */
function namesId(node: CfnNode | undefined, id: string, depth: number): boolean {
  if (!node || depth > 30) return false;
  if (node.kind === 'scalar') return typeof node.value === 'string' && isOrEndsWithQuoted(node.value, id);
  if (node.kind === 'array') {
    for (const item of node.items) if (namesId(item, id, depth + 1)) return true;
    return false;
  }
  for (const p of node.properties) {
    if (isOrEndsWithQuoted(p.key, id) || namesId(p.value, id, depth + 1)) return true;
  }
  return false;
}

function isOrEndsWithQuoted(s: string, id: string): boolean {
  return s === id || (s.endsWith(id) && s[s.length - id.length - 1] === '"');
}

function simplify(node: CfnNode | undefined, depth = 0): unknown {
  if (!node || depth > 30) return null;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'array') return node.items.map((i) => simplify(i, depth + 1));
  return Object.fromEntries(node.properties.map((p) => [p.key, simplify(p.value, depth + 1)]));
}

export const deploymentRules: Rule[] = [
  hupCredfile,
  hupStackForeign,
  signalResource,
  initUnusedConfig,
  svcSysvinitSystemdDistro,
  svcSystemdNoUnit,
  updAsgNoRoll,
];

import type { Rule, RuleContext } from './rule';
import type { CfnNode } from '../template/ast';
import type { Hook } from '../cfnhup/model';
import type { ResourceEntry } from '../template/model';
import { getProperty, intrinsicName, stringValue } from '../template/ast';
import { findReferences, hasReferenceWithin, type Reference } from '../template/references';
import { resolveKeys } from '../cfnhup/hookPath';
import { asMeant, hookPathAsMeant } from './inlineComment';
import { cacheSlot, perAnalysis } from './shared';
import { watchingHooksOutOfSight } from './hooksOutOfSight';

/** Source ranges that some hook watches: its Metadata sub-tree, or the whole resource for `Resources.<Id>`. */
const WATCHED = cacheSlot<Watched[]>('watchedRanges');

interface Watched {
  start: number;
  end: number;
  hook: string;
  resource: string;
  /** The hook's triggers when they are all known and none is post.update: it never fires on a stack update. */
  notOnUpdate?: string[];
}

export function watchedRanges(ctx: RuleContext): Watched[] {
  return perAnalysis(ctx.model, WATCHED, () => findWatchedRanges(ctx));
}

function findWatchedRanges(ctx: RuleContext): Watched[] {
  const ranges: Watched[] = [];
  for (const hook of ctx.model.hooks) {
    // A path with an inline comment is read as meant: HUP-INLINE-COMMENT reports the comment.
    const p = hookPathAsMeant(ctx, hook)?.p;
    if (!p || p.fatal || !p.logicalId) continue;
    const resource = ctx.model.model.resources.get(p.logicalId);
    if (!resource) continue;
    let node: CfnNode | undefined;
    if (p.part === undefined) node = resource.node;
    else if (p.part.toLowerCase() === 'metadata' && resource.metadata) {
      const res = p.subPath.length
        ? resolveKeys(resource.metadata, p.subPath)
        : { kind: 'found' as const, node: resource.metadata };
      node = res.kind === 'found' ? res.node : res.kind === 'unknown' ? resource.metadata : undefined;
    }
    if (!node) continue;
    const notOnUpdate = triggersNotOnUpdate(ctx, hook);
    ranges.push({ start: node.start, end: node.end, hook: hook.section.name, resource: p.logicalId, notOnUpdate });
  }
  return ranges;
}

/**
 * The triggers of a hook that never fires on a stack update: all of them post.add or post.remove
 * (post.add fires only the first time a value is seen: cfn-hup-semantics §2.4). Undefined when the hook
 * may fire on one: post.update is there, the triggers are missing or a template value, a token is none
 * of the three (HOOK-UNKNOWN-TRIGGER reports it, typically a post.update mistyped), or the value cfn-hup
 * keeps is in doubt.
 */
function triggersNotOnUpdate(ctx: RuleContext, hook: Hook): string[] | undefined {
  const o = hook.triggers && asMeant(ctx, hook.file, hook.triggers, true);
  if (!o || hook.file.rendered!.isOpaque(o.valueStart, o.valueEnd)) return undefined;
  const tokens = o.value.split(',').map((t) => t.trim());
  if (!tokens.every((t) => t === 'post.add' || t === 'post.remove')) return undefined;
  // triggers= twice, or a hook name two files share: which value cfn-hup keeps is HOOK-DUPLICATE-KEY's and
  // HOOK-DUPLICATE-NAME's to tell (a crash on Python 3, the last one or a merge on Python 2).
  if (hook.section.options.filter((x) => x.name === 'triggers').length > 1) return undefined;
  if (ctx.model.hooks.some((h) => h !== hook && h.section.name === hook.section.name)) return undefined;
  return [...new Set(tokens)];
}

export const buildParamUnwatched: Rule = {
  id: 'BUILD-PARAM-UNWATCHED',
  severity: 'warning',
  title: 'Releasing a new build would change nothing on running instances',
  doc: {
    why: 'An in-place release works only when the build parameter is used under Metadata that a cfn-hup hook watches. Otherwise bumping it updates the stack, but no running instance notices: only new instances get the build. Silent when cfn-hup may run hooks the template does not show: a hook file whose text or watched resource is a template value, or a hook a UserData script, an Init command or a source archive may write, or the image brings (cfn-hup.conf written, no hook file at all: HOOK-NO-HOOKS says so). A hook whose triggers are only post.add or post.remove does not count: it never fires on an update. Also silent when the build reaches running instances another way: passed to a nested stack (whose template may watch it), an SSM association (updating it runs it again), or the Properties of a launch template or configuration whose Auto Scaling group replaces its instances on a change (AutoScalingRollingUpdate, or AutoScalingReplacingUpdate WillReplace, following the new version).',
    source: 'cfn-hup docs; aws-cfn-bootstrap update_hooks.py L592-631',
    bad: 'BuildNumber used only in UserData, or under Metadata of a resource no hook watches',
    good: 'BuildNumber used under Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init, with a hook path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init',
  },
  check(ctx) {
    const name = ctx.options.buildParameter;
    const param = ctx.model.model.parameters.get(name);
    if (!param || ctx.model.inits.length === 0) return;
    const resources = getProperty(ctx.model.model.root, 'Resources');
    const ranges = watchedRanges(ctx);
    const watched = ranges.some((w) => w.notOnUpdate) ? ranges.filter((w) => !w.notOnUpdate) : ranges;
    // The common case, a build parameter some hook watches, without walking the whole template.
    if (hasReferenceWithin(resources, name, watched)) return;
    const refs: Reference[] = findReferences(resources, name);
    if (refs.length === 0) {
      ctx.report({
        start: param.keyStart,
        end: param.keyEnd,
        message: `Parameter "${name}" is not used by any resource: releasing a new ${name} changes nothing (CloudFormation may even answer "No updates are to be performed"). Reference it under the Init metadata that cfn-hup watches.`,
      });
      return;
    }
    if (refs.some((r) => watched.some((w) => r.start >= w.start && r.end <= w.end))) return;
    // Handed to a nested stack: its template, unseen here, may hold the Init and the hook that watch it.
    if (refs.some((r) => inPropertiesOf(ctx, r, NESTED_STACK_TYPES))) return;
    // Handed to an SSM association: an update runs its document on the running instances (at once by default).
    if (refs.some((r) => inPropertiesOf(ctx, r, SSM_ASSOCIATION_TYPES))) return;
    // Shipped by replacement: a launch template or configuration whose change rolls its group's instances.
    if (refs.some((r) => shippedByReplacement(ctx, r))) return;
    // A hook we cannot read (or one the image brings) may watch it (see ./hooksOutOfSight.ts).
    if (watchingHooksOutOfSight(ctx.model)) return;
    const owners = [...new Set(refs.map((r) => resourceAt(ctx, r.start)?.logicalId).filter((x): x is string => !!x))];
    // Hooks that watch it but never fire on an update (post.add only): name them, not "no hook watches".
    const addOnly = ranges.filter((w) => w.notOnUpdate && refs.some((r) => r.start >= w.start && r.end <= w.end));
    if (addOnly.length > 0) {
      const hooks = [...new Map(addOnly.map((w) => [w.hook, w])).values()];
      const at = [...new Set(hooks.map((w) => w.resource))].map((o) => `"${o}"`).join(', ');
      const [first] = hooks;
      ctx.report({
        start: param.keyStart,
        end: param.keyEnd,
        message: `"${name}" is used in ${at}, where ${hooks.map((w) => `hook [${w.hook}] watches it but fires only on ${w.notOnUpdate!.join(' and ')}`).join('; ')}: a release that bumps ${name} changes a value cfn-hup has already seen, so no hook fires and running instances never get it (only new ones). Add post.update to the triggers (triggers=${[...first!.notOnUpdate!, 'post.update'].join(',')}).`,
      });
      return;
    }
    ctx.report({
      start: param.keyStart,
      end: param.keyEnd,
      message: `"${name}" is used in ${owners.map((o) => `"${o}"`).join(', ') || 'the template'}, but no cfn-hup hook watches ${refs.length === 1 ? 'that place' : 'those places'}: a release that bumps ${name} never reaches running instances (only new ones). ${watched.length ? `Hooks watch ${[...new Set(watched.map((w) => w.resource))].join(', ')}; use ${name} under that Metadata.` : 'Add a hook with path=Resources.<Id>.Metadata.AWS::CloudFormation::Init.'}`,
    });
  },
};

function resourceAt(ctx: RuleContext, offset: number): ResourceEntry | undefined {
  for (const r of ctx.model.model.resources.values()) if (offset >= r.node.start && offset < r.node.end) return r;
  return undefined;
}

/** Stacks whose template this analysis does not read. */
const NESTED_STACK_TYPES = new Set(['AWS::CloudFormation::Stack', 'AWS::Serverless::Application']);

/** Resources that run a document on running instances again when they change. */
const SSM_ASSOCIATION_TYPES = new Set(['AWS::SSM::Association']);

/** Whether a reference lies in the Properties of a resource of one of these types. */
function inPropertiesOf(ctx: RuleContext, r: Reference, types: ReadonlySet<string>): boolean {
  const owner = resourceAt(ctx, r.start);
  const props = owner?.type && types.has(owner.type) ? owner.properties : undefined;
  return !!props && r.start >= props.start && r.end <= props.end;
}

/** A yes or no, or "cannot be told" (an intrinsic where the answer lies): the rule stays silent then. */
type Verdict = 'yes' | 'no' | 'unknown';

/**
 * Whether a reference lies in the Properties of a launch template or launch configuration whose change
 * replaces the instances of an Auto Scaling group (the immutable release): a changed launch configuration
 * is a new one, and a changed launch template a new version; the group that names the new one (or follows
 * the latest version) is updated, and AutoScalingRollingUpdate, or AutoScalingReplacingUpdate with
 * WillReplace, replaces every instance. So the build reaches running instances, by replacement. The
 * info rules (UPD-ASG-NO-ROLL, UPD-METADATA-NEEDS-HUP) still tell when the Init's own changes do not.
 */
function shippedByReplacement(ctx: RuleContext, r: Reference): boolean {
  const launcher = resourceAt(ctx, r.start);
  const props = launcher?.properties;
  if (!launcher || !LAUNCHER_TYPES.has(launcher.type ?? '') || !props || r.start < props.start || r.end > props.end)
    return false;
  // A new LaunchTemplateName makes a new launch template, whatever version the group names.
  const name = getProperty(props, 'LaunchTemplateName');
  const renamed = !!name && r.start >= name.start && r.end <= name.end;
  for (const group of ctx.model.model.resources.values()) {
    if (group.type !== 'AWS::AutoScaling::AutoScalingGroup') continue;
    const launches = launchesFrom(group, launcher, renamed);
    if (launches === undefined || launches === 'no') continue;
    const replaces = replacesInstances(group);
    if (replaces !== 'no') return true; // yes, or cannot be told: silent
  }
  return false;
}

const LAUNCHER_TYPES = new Set(['AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration']);

/**
 * Whether the group launches from this launcher (undefined when not) and takes up a change of its
 * Properties: always for a launch configuration; for a launch template when the group's Version is
 * LatestVersionNumber or $Latest, not when it is a literal number, unknown otherwise (DefaultVersionNumber,
 * a parameter, an intrinsic, none).
 */
function launchesFrom(group: ResourceEntry, launcher: ResourceEntry, renamed: boolean): Verdict | undefined {
  const id = launcher.logicalId;
  const p = group.properties;
  if (launcher.type === 'AWS::AutoScaling::LaunchConfiguration')
    return namesResource(getProperty(p, 'LaunchConfigurationName'), id) ? 'yes' : undefined;
  const ltName = stringValue(getProperty(launcher.properties, 'LaunchTemplateName'));
  let verdict: Verdict | undefined;
  for (const spec of launchTemplateSpecs([getProperty(p, 'LaunchTemplate'), getProperty(p, 'MixedInstancesPolicy')])) {
    const byName = getProperty(spec, 'LaunchTemplateName');
    const named =
      namesResource(getProperty(spec, 'LaunchTemplateId'), id) ||
      namesResource(byName, id) ||
      (ltName !== undefined && stringValue(byName) === ltName);
    if (!named) continue;
    const v = renamed ? 'yes' : followsVersion(getProperty(spec, 'Version'), id);
    if (v === 'yes') return 'yes';
    if (v === 'unknown' || verdict === undefined) verdict = v;
  }
  return verdict;
}

/** The objects under these nodes that name a launch template (LaunchTemplateId or LaunchTemplateName). */
function launchTemplateSpecs(nodes: (CfnNode | undefined)[]): CfnNode[] {
  const specs: CfnNode[] = [];
  const stack = nodes.filter((n): n is CfnNode => !!n);
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'array') stack.push(...n.items);
    else if (n.kind === 'object') {
      if (getProperty(n, 'LaunchTemplateId') || getProperty(n, 'LaunchTemplateName')) specs.push(n);
      else for (const q of n.properties) stack.push(q.value);
    }
  }
  return specs;
}

/** A group's launch template Version: the latest version follows every change; a literal number none. */
function followsVersion(version: CfnNode | undefined, id: string): Verdict {
  const att = getAttOf(version);
  if (att) return att[0] === id && att[1] === 'LatestVersionNumber' ? 'yes' : 'unknown';
  const literal = stringValue(version)?.trim();
  // $Latest: CloudFormation's docs long refused it, and a group naming it does not change when the template
  // does; whether it rolls then cannot be told here, so it counts as following (silent).
  if (literal === '$Latest') return 'yes';
  if (literal !== undefined && /^\d+$/.test(literal)) return 'no';
  return 'unknown';
}

/** `[logicalId, attribute]` of an Fn::GetAtt (either form), or undefined. */
function getAttOf(node: CfnNode | undefined): [string, string] | undefined {
  if (!node || node.kind !== 'object' || intrinsicName(node) !== 'Fn::GetAtt') return undefined;
  const arg = node.properties[0]!.value;
  const parts = arg.kind === 'array' ? arg.items.map((i) => stringValue(i)) : (stringValue(arg) ?? '').split('.');
  const [res, attr] = parts;
  return res !== undefined && attr !== undefined ? [res, attr] : undefined;
}

/** Whether a Ref or Fn::GetAtt under `node` names the resource. */
function namesResource(node: CfnNode | undefined, id: string): boolean {
  const stack = node ? [node] : [];
  while (stack.length) {
    const n = stack.pop()!;
    const fn = intrinsicName(n);
    if (fn === 'Ref' && n.kind === 'object' && stringValue(n.properties[0]!.value) === id) return true;
    if (fn === 'Fn::GetAtt' && getAttOf(n)?.[0] === id) return true;
    if (n.kind === 'array') stack.push(...n.items);
    else if (n.kind === 'object') for (const q of n.properties) stack.push(q.value);
  }
  return false;
}

/** Whether the group's UpdatePolicy replaces its instances when its launch configuration or template changes. */
function replacesInstances(group: ResourceEntry): Verdict {
  const policy = getProperty(group.node, 'UpdatePolicy');
  if (!policy) return 'no';
  if (intrinsicName(policy)) return 'unknown';
  const replacing = getProperty(policy, 'AutoScalingReplacingUpdate');
  const will = getProperty(replacing, 'WillReplace') ?? (intrinsicName(replacing) ? replacing : undefined);
  if (will) {
    const v = stringValue(will)?.toLowerCase();
    if (v === 'true') return 'yes';
    if (v === undefined) return 'unknown';
  }
  const rolling = getProperty(policy, 'AutoScalingRollingUpdate');
  if (!rolling) return 'no';
  return intrinsicName(rolling) ? 'unknown' : 'yes';
}

const IN_PLACE_TYPES = new Set([
  'AWS::EC2::Instance',
  'AWS::EC2::LaunchTemplate',
  'AWS::AutoScaling::LaunchConfiguration',
]);

export const updMetadataNeedsHup: Rule = {
  id: 'UPD-METADATA-NEEDS-HUP',
  severity: 'info',
  title: 'Init changes never reach running instances',
  doc: {
    why: "A Metadata-only update neither re-runs UserData nor replaces the instance; only a cfn-hup hook applies it to instances that are already running. Silent when cfn-hup may run hooks the template does not show, the image's included (see BUILD-PARAM-UNWATCHED).",
    source: 'AWS docs, UpdatePolicy attribute; updating stacks walkthrough',
    bad: 'A LaunchTemplate with AWS::CloudFormation::Init and no hook watching it',
    good: 'A hook with path=Resources.<LaunchTemplate>.Metadata.AWS::CloudFormation::Init',
  },
  check(ctx) {
    let watched: Set<string> | undefined;
    for (const init of ctx.model.inits) {
      const r = init.resource;
      if (!r.type || !IN_PLACE_TYPES.has(r.type)) continue;
      // The resources hook paths resolve to first (one lookup each), then the loose textual test: asking
      // every hook about every Init was quadratic in a template with hundreds of set-ups.
      watched ??= new Set(watchedRanges(ctx).map((w) => w.resource));
      if (watched.has(r.logicalId)) continue;
      if (ctx.model.hooks.some((h) => h.path && h.path.value.includes(r.logicalId))) continue;
      // A hook we cannot read (or one the image brings) may watch it (see ./hooksOutOfSight.ts).
      if (watchingHooksOutOfSight(ctx.model)) return;
      ctx.report({
        start: init.initEntry.keyStart,
        end: init.initEntry.keyEnd,
        message: `No cfn-hup hook watches "${r.logicalId}": changes to this Init reach only new instances. Add the cfn-hup auto-reloader hook to apply them in place.`,
      });
    }
  },
};

export const releaseRules: Rule[] = [buildParamUnwatched, updMetadataNeedsHup];

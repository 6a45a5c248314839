/**
 * What the explorer shows, as plain data: labels, descriptions, icons by name,
 * masked parameters, the cfn-hup hooks of a deployed template, and how an AWS
 * error reads in VS Code. No `vscode` import here, so node's test runner checks
 * it without a VS Code (test/unit/explorer.test.ts); the nodes turn it into
 * TreeItems.
 */
import type { AwsError } from '../../core/aws/errors';
import type { FleetGroup, FleetInstance, StandaloneInstance } from '../../core/aws/fleet';
import { hooksView, type HookView } from '../../core/aws/hooksView';
import type { StackParameter, StackSummary } from '../../core/aws/ports';
import { classifyStackStatus, type StatusClass } from '../../core/aws/stackStatus';
import { evaluateNode, type EvaluateOptions } from '../../core/intrinsics/evaluate';
import { MASK, noEchoNames } from '../../core/aws/noEcho';
import { TemplateModel } from '../../core/template/model';
import { parseTemplate } from '../../core/template/parse';

/** A codicon id and an optional theme color id. */
export interface IconSpec {
  id: string;
  color?: string;
}

export function stackIcon(status: string): IconSpec {
  switch (classifyStackStatus(status)) {
    case 'inProgress':
      return { id: 'sync~spin', color: 'charts.yellow' };
    case 'complete':
      return { id: 'pass', color: 'testing.iconPassed' };
    case 'failed':
      return { id: 'error', color: 'testing.iconFailed' };
    case 'rolledBack':
      return { id: 'history', color: 'list.warningForeground' };
    case 'deleted':
      return { id: 'trash' };
    case 'reviewInProgress':
      return { id: 'eye' };
  }
}

export function stackContext(status: string): `cfnHup.stack.${StatusClass}` {
  return `cfnHup.stack.${classifyStackStatus(status)}`;
}

export function isInProgress(status: string): boolean {
  return classifyStackStatus(status) === 'inProgress';
}

/** `build.value`: already as shown (parameterDisplay), never a NoEcho value. */
export function stackDescription(status: string, build?: { name: string; value: string | undefined }): string {
  const state = status.toLowerCase().replace(/_/g, ' ');
  return build?.value !== undefined ? `${build.name} ${build.value} · ${state}` : state;
}

/** Case-insensitive substring match on the stack name; an empty filter keeps everything. */
export function filterStacks<T extends Pick<StackSummary, 'name'>>(
  stacks: readonly T[],
  filter: string | undefined,
): T[] {
  const f = filter?.trim().toLowerCase();
  return f ? stacks.filter((s) => s.name.toLowerCase().includes(f)) : [...stacks];
}

export { MASK };

/** Shown for every value while the deployed template (which says what is NoEcho) is unknown. */
export const NOT_SHOWN = '(not shown)';

/**
 * What a parameter shows: AWS masks NoEcho values as `****`; an emulator may
 * not, so the deployed template decides too. Without it (`noEcho` undefined:
 * not read yet, or unreadable) any value could be a secret, so none is shown.
 */
export function parameterDisplay(p: StackParameter, noEcho: ReadonlySet<string> | undefined): string {
  if (noEcho?.has(p.key) || p.value === MASK) return MASK;
  if (!noEcho) return NOT_SHOWN;
  return p.resolvedValue !== undefined && p.resolvedValue !== p.value ? `${p.value} → ${p.resolvedValue}` : p.value;
}

/** What the deployed template says about the stack, for marks and masks. */
export interface DeployedTemplateFacts {
  format: 'json' | 'yaml';
  /** Parameters declared NoEcho. */
  noEcho: Set<string>;
  /** Resources with Metadata in the template. */
  withMetadata: Set<string>;
  /** cfn-hup hooks defined in each resource's Metadata (evaluated with the stack's values). */
  hooks: Map<string, HookView[]>;
  /** Resources watched by some hook, with the hooks' names. */
  watchedBy: Map<string, string[]>;
}

export function templateFormat(body: string): 'json' | 'yaml' {
  const first = /\S/.exec(body);
  return first && first[0] === '{' ? 'json' : 'yaml';
}

export function deployedTemplateFacts(body: string, evaluation: EvaluateOptions): DeployedTemplateFacts {
  const facts: DeployedTemplateFacts = {
    format: templateFormat(body),
    noEcho: new Set(),
    withMetadata: new Set(),
    hooks: new Map(),
    watchedBy: new Map(),
  };
  const parsed = parseTemplate(body);
  if (!parsed.root || parsed.root.kind !== 'object') return facts;
  const model = new TemplateModel(parsed.root);
  facts.noEcho = noEchoNames(model);
  for (const [logicalId, r] of model.resources) {
    if (!r.metadata) continue;
    facts.withMetadata.add(logicalId);
    // Hook actions are shown in the tree: a NoEcho value stays unknown even if the API returned it.
    const hooks = hooksView(evaluateNode(model, r.metadata, { ...evaluation, hideNoEcho: true }).value, logicalId);
    if (!hooks.length) continue;
    facts.hooks.set(logicalId, hooks);
    for (const h of hooks) {
      if (!h.watchesResource) continue;
      const list = facts.watchedBy.get(h.watchesResource) ?? [];
      list.push(h.name);
      facts.watchedBy.set(h.watchesResource, list);
    }
  }
  return facts;
}

/** "post.update on LaunchConfig.Metadata.AWS::CloudFormation::Init, every 2 min" */
export function hookDescription(h: HookView): string {
  const what = h.watchesResource
    ? [h.watchesResource, h.watchesPart, ...h.watchesKeys].filter(Boolean).join('.')
    : `${h.path || '(no path)'} (not a valid path)`;
  return `${h.triggers.join(', ') || '(no triggers)'} on ${what}, every ${h.intervalMinutes} min`;
}

export function launchSourceOfGroup(g: FleetGroup): string {
  if (g.launchConfigurationName) return g.launchConfigurationName;
  const t = g.launchTemplate;
  if (!t) return 'no launch configuration or template';
  const version = t.version ?? '$Default';
  return `${t.name ?? t.id} v${version}${t.resolvedVersion && t.resolvedVersion !== version ? ` (= ${t.resolvedVersion})` : ''}`;
}

export function launchSourceOfInstance(i: FleetInstance): string | undefined {
  if (i.launchConfigurationName) return i.launchConfigurationName;
  if (i.launchTemplate) return `${i.launchTemplate.name ?? i.launchTemplate.id} v${i.launchTemplate.version ?? '?'}`;
  return undefined;
}

export function groupDescription(g: FleetGroup): string {
  const outdated = g.instances.filter((i) => i.outdated).length;
  return [
    outdated ? `${outdated} outdated` : undefined,
    `${g.desiredCapacity} desired (${g.minSize}–${g.maxSize})`,
    launchSourceOfGroup(g),
    g.name,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function instanceDescription(i: FleetInstance): string {
  return [i.outdated ? 'outdated' : undefined, i.lifecycleState, i.health, launchSourceOfInstance(i), i.privateIp]
    .filter(Boolean)
    .join(' · ');
}

export function instanceIcon(i: FleetInstance): IconSpec {
  if (i.outdated) return { id: 'warning', color: 'list.warningForeground' };
  if (i.health !== 'Healthy') return { id: 'vm-outline', color: 'testing.iconFailed' };
  return i.lifecycleState === 'InService' ? { id: 'vm-running', color: 'testing.iconPassed' } : { id: 'vm-outline' };
}

export function outdatedExplanation(i: FleetInstance, g: FleetGroup): string {
  return `Launched from ${launchSourceOfInstance(i) ?? 'another configuration'}; the group now launches from ${launchSourceOfGroup(g)}. cfn-hup updates its Metadata in place, but a new AMI or UserData reaches it only when it is replaced.`;
}

export function standaloneDescription(i: StandaloneInstance): string {
  return [i.id, i.state, i.privateIp, i.name ? `"${i.name}"` : undefined].filter(Boolean).join(' · ');
}

/** What an error node says in VS Code: the CLI's flags become the view's own controls. */
export interface ErrorPresentation {
  message: string;
  nextStep: string;
  actions: ('chooseProfile' | 'chooseRegion' | 'retry')[];
}

export function presentError(e: AwsError, connection: { profile?: string }): ErrorPresentation {
  switch (e.kind) {
    case 'NoCredentials':
      return {
        message: e.message,
        nextStep: connection.profile
          ? e.nextStep
          : 'Choose a profile (the account icon in the view title or the status bar), run `aws configure`, or start VS Code with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set.',
        actions: ['chooseProfile', 'retry'],
      };
    case 'ExpiredToken':
      return { message: e.message, nextStep: e.nextStep, actions: ['retry', 'chooseProfile'] };
    case 'Validation':
      if (/region/i.test(e.message))
        return {
          message: e.message,
          nextStep:
            'Choose a region (the globe icon in the view title), or set one in the profile or `cfnHup.aws.region`.',
          actions: ['chooseRegion'],
        };
      return { message: e.message, nextStep: e.nextStep, actions: ['retry'] };
    case 'NotFound':
      return {
        message: e.message,
        nextStep: 'Refresh the view: it may have been deleted, or it is in another region.',
        actions: ['retry'],
      };
    case 'Network':
      if (e.timedOut)
        return {
          message: e.message,
          nextStep:
            'Check the network, a proxy, or the endpoint in use (the status bar names it); raise `cfnHup.aws.requestTimeoutSeconds` only if calls are just slow. Then retry.',
          actions: ['retry'],
        };
      return {
        message: e.message,
        nextStep: 'Check the network, a proxy, or the `cfnHup.aws.endpointUrl` setting; then retry.',
        actions: ['retry'],
      };
    default:
      return { message: e.message, nextStep: e.nextStep, actions: ['retry'] };
  }
}

/** True when the text is a template that declares this logical id. */
export function templateDeclares(text: string, logicalId: string, fileName?: string): boolean {
  const parsed = parseTemplate(text, fileName);
  if (!parsed.isTemplate || !parsed.root || parsed.root.kind !== 'object') return false;
  return new TemplateModel(parsed.root).resources.has(logicalId);
}

/**
 * The rendered local Metadata laid out like the live one, for a textual diff
 * that shows only real changes: keys in the live order (new keys after), and
 * a scalar that equals the live one as text (CloudFormation stores `true` and
 * `2` as "true" and "2") written the way the live one is.
 */
export function alignToLive(rendered: unknown, live: unknown): unknown {
  if (Array.isArray(rendered)) return Array.isArray(live) ? rendered.map((v, i) => alignToLive(v, live[i])) : rendered;
  if (rendered && typeof rendered === 'object') {
    if (!live || typeof live !== 'object' || Array.isArray(live)) return rendered;
    const r = rendered as Record<string, unknown>;
    const l = live as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(l)) if (k in r) out[k] = alignToLive(r[k], l[k]);
    for (const k of Object.keys(r)) if (!(k in l)) out[k] = r[k];
    return out;
  }
  if (
    rendered !== null &&
    live !== null &&
    rendered !== undefined &&
    live !== undefined &&
    typeof live !== 'object' &&
    typeof rendered !== typeof live &&
    String(rendered) === String(live)
  )
    return live;
  return rendered;
}

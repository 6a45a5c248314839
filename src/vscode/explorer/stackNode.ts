import * as vscode from 'vscode';
import { loadFleet, type Fleet } from '../../core/aws/fleet';
import type { StackDetail, StackGateway, StackResourceSummary, StackSummary } from '../../core/aws/ports';
import { evaluationContextOf } from '../../core/aws/pseudo';
import type { StackTarget } from '../aws/targets';
import { CONTEXT_VALUES } from './contextValues';
import { GroupsSection, InstancesSection, type FleetSource } from './fleetNodes';
import {
  deployedTemplateFacts,
  MASK,
  parameterDisplay,
  stackContext,
  stackDescription,
  stackIcon,
  type DeployedTemplateFacts,
} from './model';
import { ResourceNode } from './resourceNode';
import {
  emptyNode,
  errorNodes,
  LazyNode,
  LeafNode,
  themeIcon,
  type ExplorerContext,
  type ExplorerNode,
} from './treeNode';

const ASG = 'AWS::AutoScaling::AutoScalingGroup';
const EC2_INSTANCE = 'AWS::EC2::Instance';

/**
 * A stack from ListStacks. Expanding it loads DescribeStacks,
 * ListStackResources and GetTemplate for this stack only (the list itself
 * costs one ListStacks call per page, whatever the number of stacks).
 */
export class StackNode extends LazyNode implements StackTarget, FleetSource {
  readonly kind = 'stack';
  protected readonly what: string;
  detail: StackDetail | undefined;
  resources: StackResourceSummary[] | undefined;
  facts: DeployedTemplateFacts | undefined;
  private fleetPromise: Promise<Fleet> | undefined;

  constructor(
    parent: ExplorerNode,
    ctx: ExplorerContext,
    public summary: StackSummary,
  ) {
    super(`stack/${summary.name}`, parent, ctx);
    this.what = `stack ${summary.name}`;
  }

  get stackName(): string {
    return this.summary.name;
  }

  get stackId(): string {
    return this.summary.id;
  }

  get status(): string {
    return this.summary.status;
  }

  treeItem(): vscode.TreeItem {
    const s = this.summary;
    const t = new vscode.TreeItem(s.name, vscode.TreeItemCollapsibleState.Collapsed);
    t.id = this.id;
    const buildName = this.ctx.buildParameter();
    const build = this.detail?.parameters.find((p) => p.key === buildName);
    // The build only once the deployed template said whether it is NoEcho (a polled, unexpanded stack: not yet).
    t.description = stackDescription(
      s.status,
      build && this.facts ? { name: buildName, value: parameterDisplay(build, this.facts.noEcho) } : undefined,
    );
    t.iconPath = themeIcon(stackIcon(s.status));
    t.contextValue = stackContext(s.status);
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${s.name}**\n\n`);
    md.appendText(
      [
        `Status: ${s.status}`,
        s.statusReason ? `Reason: ${s.statusReason}` : undefined,
        (s.lastUpdatedAt ?? s.createdAt) ? `Last changed: ${s.lastUpdatedAt ?? s.createdAt}` : undefined,
        s.id,
      ]
        .filter(Boolean)
        .join('\n'),
    );
    if (this.detail?.description) md.appendMarkdown('\n\n').appendText(this.detail.description);
    t.tooltip = md;
    return t;
  }

  /** A status seen by polling (DescribeStacks): the detail is fresh too. */
  update(detail: StackDetail): boolean {
    const changed = detail.status !== this.summary.status || detail.statusReason !== this.summary.statusReason;
    this.summary = {
      ...this.summary,
      status: detail.status,
      statusReason: detail.statusReason,
      lastUpdatedAt: detail.lastUpdatedAt ?? this.summary.lastUpdatedAt,
    };
    this.detail = detail;
    return changed;
  }

  protected forget(): void {
    this.fleetPromise = undefined;
  }

  forgetFleet(): void {
    this.fleetPromise = undefined;
  }

  fleet(signal: AbortSignal): Promise<Fleet> {
    if (!this.fleetPromise) {
      const g = this.ctx.gateways();
      const known = this.resources;
      // The stack's expansion already listed its resources: loadFleet reuses them instead of asking again.
      const stacks: StackGateway = known
        ? Object.assign(Object.create(g.stacks) as StackGateway, { listStackResources: async () => known })
        : g.stacks;
      const p = loadFleet({ stacks, scaling: g.scaling, instances: g.instances }, this.stackName, signal);
      this.fleetPromise = p;
      p.catch(() => {
        if (this.fleetPromise === p) this.fleetPromise = undefined;
      });
    }
    return this.fleetPromise;
  }

  protected async load(signal: AbortSignal): Promise<ExplorerNode[]> {
    const g = this.ctx.gateways();
    const name = this.stackName;
    const [detail, resources, template, region] = await Promise.all([
      g.stacks.describeStack(name, signal),
      g.stacks.listStackResources(name, signal),
      g.stacks.getTemplate(name, signal).then(
        (t) => ({ ok: true as const, body: t.body }),
        (e: unknown) => ({ ok: false as const, error: e }),
      ),
      g.resolveRegion(),
    ]);
    const statusChanged = this.update(detail);
    this.resources = resources;
    this.fleetPromise = undefined;
    this.facts = template.ok ? deployedTemplateFacts(template.body, evaluationContextOf(detail, region)) : undefined;
    if (statusChanged) this.ctx.statusChanged();
    return this.buildChildren(detail, resources, template.ok ? undefined : template.error);
  }

  private buildChildren(
    detail: StackDetail,
    resources: StackResourceSummary[],
    templateError: unknown,
  ): ExplorerNode[] {
    const buildName = this.ctx.buildParameter();
    const build = detail.parameters.find((p) => p.key === buildName);
    // Undefined when the deployed template could not be read: then no value is shown (any could be NoEcho).
    const noEcho = this.facts?.noEcho;
    const nodes: ExplorerNode[] = [
      new LeafNode(`${this.id}/build`, this, {
        label: buildName,
        description: build ? parameterDisplay(build, noEcho) : 'not a parameter of this stack',
        tooltip: build
          ? `The build parameter (setting cfnHup.buildParameter): ${buildName} = ${parameterDisplay(build, noEcho)}`
          : `This stack has no parameter "${buildName}" (setting cfnHup.buildParameter).`,
        iconPath: new vscode.ThemeIcon('tag'),
        contextValue: CONTEXT_VALUES.buildParameter,
      }),
      new SectionNode(this, 'parameters', 'Parameters', 'symbol-parameter', detail.parameters.length, (s) =>
        detail.parameters.length
          ? detail.parameters.map(
              (p) =>
                new LeafNode(`${s.id}/${p.key}`, s, {
                  label: p.key,
                  description: parameterDisplay(p, noEcho),
                  tooltip:
                    parameterDisplay(p, noEcho) === MASK
                      ? `${p.key} is NoEcho: its value is never shown.`
                      : noEcho
                        ? `${p.key} = ${parameterDisplay(p, noEcho)}`
                        : `${p.key}: not shown, because the deployed template (which says which parameters are NoEcho) could not be read.`,
                  iconPath: new vscode.ThemeIcon(parameterDisplay(p, noEcho) === MASK ? 'lock' : 'symbol-parameter'),
                  contextValue: CONTEXT_VALUES.parameter,
                }),
            )
          : [emptyNode(s, 'No parameters')],
      ),
      new SectionNode(this, 'outputs', 'Outputs', 'output', detail.outputs.length, (s) =>
        detail.outputs.length
          ? detail.outputs.map(
              (o) =>
                new LeafNode(`${s.id}/${o.key}`, s, {
                  label: o.key,
                  description: o.value,
                  tooltip: [
                    o.description,
                    `${o.key} = ${o.value}`,
                    o.exportName ? `Exported as ${o.exportName}` : undefined,
                  ]
                    .filter(Boolean)
                    .join('\n'),
                  iconPath: new vscode.ThemeIcon('symbol-constant'),
                  contextValue: CONTEXT_VALUES.output,
                }),
            )
          : [emptyNode(s, 'No outputs')],
      ),
      new SectionNode(this, 'resources', 'Resources', 'symbol-class', resources.length, (s) =>
        resources.length
          ? resources.map((r) => new ResourceNode(s, this.stackName, r, this.facts))
          : [emptyNode(s, 'No resources')],
      ),
    ];
    const groups = resources.filter((r) => r.type === ASG && r.physicalId).length;
    const instances = resources.filter((r) => r.type === EC2_INSTANCE && r.physicalId).length;
    if (groups) nodes.push(new GroupsSection(this, this.ctx, groups));
    if (instances) nodes.push(new InstancesSection(this, this.ctx, instances));
    if (templateError !== undefined) {
      // Without the deployed template, resources are listed without cfn-hup marks; say so.
      const [error] = errorNodes(this, templateError, this.ctx, `the deployed template of ${this.stackName}`);
      nodes.push(
        new LeafNode(`${this.id}/template-warning`, this, {
          label: 'cfn-hup hooks not marked: the deployed template could not be read',
          tooltip: error?.treeItem().tooltip,
          iconPath: themeIcon({ id: 'warning', color: 'list.warningForeground' }),
          contextValue: CONTEXT_VALUES.warning,
          command: { command: 'cfnHup.explorer.showLog', title: 'Show Log' },
        }),
      );
    }
    return nodes;
  }
}

/** A folder whose children were loaded with its stack. */
export class SectionNode implements ExplorerNode {
  readonly id: string;
  private nodes: ExplorerNode[] | undefined;
  constructor(
    readonly parent: StackNode,
    readonly section: string,
    private readonly label: string,
    private readonly icon: string,
    private readonly count: number,
    private readonly build: (self: SectionNode) => ExplorerNode[],
  ) {
    this.id = `${parent.id}/${section}`;
  }

  get stackName(): string {
    return this.parent.stackName;
  }

  treeItem(): vscode.TreeItem {
    const t = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    t.id = this.id;
    t.description = String(this.count);
    t.iconPath = new vscode.ThemeIcon(this.icon);
    t.contextValue = `${CONTEXT_VALUES.section}.${this.section}`;
    return t;
  }

  children(): ExplorerNode[] {
    this.nodes ??= this.build(this);
    return this.nodes;
  }
}

import * as vscode from 'vscode';
import { loadFleet, parameterValue, type Fleet } from '../../core/aws/fleet';
import type { HookView } from '../../core/aws/hooksView';
import type { StackDetail, StackGateway, StackResourceSummary, StackSummary } from '../../core/aws/ports';
import { evaluationContextOf } from '../../core/aws/pseudo';
import type { ResourceTarget, StackTarget } from '../aws/targets';
import { CONTEXT_VALUES } from './contextValues';
import { GroupsSection, InstancesSection, type FleetSource } from './fleetNodes';
import {
  deployedTemplateFacts,
  filterStacks,
  hookDescription,
  isInProgress,
  parameterDisplay,
  stackContext,
  stackDescription,
  stackIcon,
  type DeployedTemplateFacts,
} from './model';
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
    t.description = stackDescription(
      s.status,
      this.detail ? { name: buildName, value: parameterValue(this.detail, buildName) } : undefined,
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
    const noEcho = this.facts?.noEcho ?? new Set<string>();
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
                    noEcho.has(p.key) || p.value === '****'
                      ? `${p.key} is NoEcho: its value is never shown.`
                      : `${p.key} = ${p.value}`,
                  iconPath: new vscode.ThemeIcon(noEcho.has(p.key) || p.value === '****' ? 'lock' : 'symbol-parameter'),
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

/** A stack resource; marked when its Metadata defines cfn-hup hooks (from the deployed template). */
export class ResourceNode implements ExplorerNode, ResourceTarget {
  readonly kind = 'resource';
  readonly id: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly hooks: HookView[];
  readonly watchedBy: string[];
  readonly hasMetadata: boolean | undefined;
  private nodes: ExplorerNode[] | undefined;

  constructor(
    readonly parent: ExplorerNode,
    readonly stackName: string,
    readonly resource: StackResourceSummary,
    facts: DeployedTemplateFacts | undefined,
  ) {
    this.id = `${parent.id}/${resource.logicalId}`;
    this.logicalId = resource.logicalId;
    this.resourceType = resource.type;
    this.hooks = facts?.hooks.get(resource.logicalId) ?? [];
    this.watchedBy = facts?.watchedBy.get(resource.logicalId) ?? [];
    this.hasMetadata = facts ? facts.withMetadata.has(resource.logicalId) : undefined;
  }

  treeItem(): vscode.TreeItem {
    const r = this.resource;
    const marked = this.hooks.length > 0;
    const t = new vscode.TreeItem(
      r.logicalId,
      marked ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    t.id = this.id;
    const marks = [
      marked ? `cfn-hup: ${this.hooks.length} hook${this.hooks.length > 1 ? 's' : ''}` : undefined,
      this.watchedBy.length ? 'watched by cfn-hup' : undefined,
    ];
    t.description = [r.type, r.status.toLowerCase().replace(/_/g, ' '), ...marks].filter(Boolean).join(' · ');
    t.iconPath = marked
      ? themeIcon({ id: 'bell', color: 'charts.blue' })
      : this.watchedBy.length
        ? new vscode.ThemeIcon('eye')
        : new vscode.ThemeIcon('symbol-class');
    t.contextValue = [CONTEXT_VALUES.resource, this.hasMetadata ? 'metadata' : undefined, marked ? 'hooks' : undefined]
      .filter(Boolean)
      .join('.');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${r.logicalId}** · ${r.type}\n\n`);
    md.appendText(
      [
        `Status: ${r.status}`,
        r.statusReason ? `Reason: ${r.statusReason}` : undefined,
        r.physicalId ? `Physical id: ${r.physicalId}` : undefined,
      ]
        .filter(Boolean)
        .join('\n'),
    );
    if (marked) {
      md.appendMarkdown('\n\n**cfn-hup hooks defined in its Metadata**\n');
      for (const h of this.hooks)
        md.appendMarkdown('\n- ').appendText(
          `${h.name}: ${hookDescription(h)} → ${h.action}${h.runas ? ` (as ${h.runas})` : ''}`,
        );
    }
    if (this.watchedBy.length) md.appendMarkdown('\n\n').appendText(`Watched by cfn-hup: ${this.watchedBy.join(', ')}`);
    t.tooltip = md;
    return t;
  }

  children(): ExplorerNode[] {
    this.nodes ??= this.hooks.map(
      (h) =>
        new LeafNode(`${this.id}/hook/${h.file}/${h.name}`, this, {
          label: h.name,
          description: hookDescription(h),
          tooltip: [
            `${h.file}: [${h.name}]`,
            `triggers=${h.triggers.join(',')}`,
            `path=${h.path}`,
            `action=${h.action}`,
            h.runas ? `runas=${h.runas}` : undefined,
            `cfn-hup polls every ${h.intervalMinutes} min`,
          ]
            .filter(Boolean)
            .join('\n'),
          iconPath: new vscode.ThemeIcon('zap'),
          contextValue: CONTEXT_VALUES.hook,
        }),
    );
    return this.nodes;
  }
}

/** Where the explorer's stack list stands: for the view's description and tests. */
export interface RootInfo {
  region: string | undefined;
  loadedPages: number;
}

/**
 * The stack list: one ListStacks page at a time. The next page is fetched
 * one step ahead so that a "Load more" node appears only when there is more;
 * calls grow with pages, never with the number of stacks.
 */
export class RootNode implements ExplorerNode {
  readonly id = 'root';
  readonly parent = undefined;
  filter: string | undefined;
  region: string | undefined;
  stacks: StackNode[] = [];
  pages = 0;
  private state: 'idle' | 'loading' | 'done' = 'idle';
  private failure: ExplorerNode[] | undefined;
  private iterator: AsyncIterator<StackSummary[]> | undefined;
  private next: Promise<IteratorResult<StackSummary[]> | { error: unknown }> | undefined;
  private nextReady: IteratorResult<StackSummary[]> | undefined;
  private loadingMore = false;
  private controller: AbortController | undefined;
  private generation = 0;
  private readonly loading: LeafNode;

  constructor(
    private readonly ctx: ExplorerContext,
    /** Called with the region once known; a missing region shows the welcome view instead of nodes. */
    private readonly onRegion: (region: string | undefined) => void,
    private readonly checkConnection: () => string | undefined,
  ) {
    this.loading = new LeafNode('root/loading', this, {
      label: 'Loading stacks…',
      iconPath: new vscode.ThemeIcon('loading~spin'),
      contextValue: CONTEXT_VALUES.loading,
    });
  }

  treeItem(): vscode.TreeItem {
    return new vscode.TreeItem('stacks', vscode.TreeItemCollapsibleState.Expanded);
  }

  get loaded(): boolean {
    return this.state === 'done';
  }

  /** More pages are known to exist. */
  get hasMore(): boolean {
    return !!this.nextReady && !this.nextReady.done;
  }

  children(): ExplorerNode[] {
    if (this.state === 'idle') this.start();
    if (this.state === 'loading') return [this.loading];
    if (this.failure) return this.failure;
    if (this.region === undefined) return [];
    const visible = filterStacks(
      this.stacks.map((node) => ({ name: node.stackName, node })),
      this.filter,
    ).map((s) => s.node);
    const out: ExplorerNode[] = [...visible];
    if (!this.stacks.length && !this.hasMore)
      out.push(emptyNode(this, `No stacks in ${this.region}`, 'ListStacks returned no stack that is not deleted.'));
    else if (!visible.length)
      out.push(
        emptyNode(
          this,
          `No ${this.hasMore ? 'loaded ' : ''}stack name contains "${this.filter}"`,
          'Clear the filter, or load more stacks.',
        ),
      );
    if (this.hasMore || this.loadingMore) {
      out.push(
        new LeafNode('root/loadMore', this, {
          label: this.loadingMore ? 'Loading more stacks…' : 'Load more stacks…',
          description: this.loadingMore ? undefined : `${this.stacks.length} loaded`,
          iconPath: new vscode.ThemeIcon(this.loadingMore ? 'loading~spin' : 'ellipsis'),
          contextValue: CONTEXT_VALUES.loadMore,
          command: this.loadingMore ? undefined : { command: '_cfnHup.explorer.loadMore', title: 'Load More' },
        }),
      );
    }
    return out;
  }

  invalidate(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.generation++;
    this.state = 'idle';
    this.failure = undefined;
    this.stacks = [];
    this.pages = 0;
    this.iterator = undefined;
    this.next = undefined;
    this.nextReady = undefined;
    this.loadingMore = false;
  }

  private start(): void {
    this.state = 'loading';
    const generation = this.generation;
    const controller = new AbortController();
    this.controller = controller;
    const work = this.firstPage(controller.signal).then(
      () => undefined,
      (e: unknown) => errorNodes(this, e, this.ctx, 'the stacks'),
    );
    this.ctx.track(work);
    void work.then((failure) => {
      if (generation !== this.generation) return;
      this.failure = failure;
      this.state = 'done';
      this.ctx.changed(this);
      this.ctx.statusChanged();
    });
  }

  private async firstPage(signal: AbortSignal): Promise<void> {
    const problem = this.checkConnection();
    if (problem) throw new Error(problem);
    const g = this.ctx.gateways();
    this.region = await g.resolveRegion();
    this.onRegion(this.region);
    if (this.region === undefined) return;
    this.iterator = g.stacks.listStacks(signal)[Symbol.asyncIterator]();
    const first = await this.iterator.next();
    if (!first.done) this.append(first.value);
    else this.nextReady = first;
    if (!first.done) this.prefetch();
  }

  private append(page: StackSummary[]): void {
    this.pages++;
    const known = new Set(this.stacks.map((s) => s.stackName));
    for (const s of page) if (!known.has(s.name)) this.stacks.push(new StackNode(this, this.ctx, s));
  }

  /** Asks for the next page now; it is shown when the user clicks "Load more". */
  private prefetch(): void {
    const iterator = this.iterator;
    const generation = this.generation;
    if (!iterator) return;
    this.nextReady = undefined;
    this.next = iterator.next().then(
      (r) => r,
      (error: unknown) => ({ error }),
    );
    void this.next.then((r) => {
      if (generation !== this.generation) return;
      if ('error' in r) {
        // Shown when the user asks for more; until then the loaded stacks stay.
        this.nextReady = { done: false, value: [] };
        return;
      }
      this.nextReady = r;
      if (!r.done) this.ctx.changed(this);
    });
  }

  /** The "Load more" node: show the prefetched page and fetch the one after. */
  async loadMore(): Promise<void> {
    if (!this.next || this.loadingMore) return;
    const generation = this.generation;
    this.loadingMore = true;
    this.ctx.changed(this);
    const r = await this.next;
    if (generation !== this.generation) return;
    this.loadingMore = false;
    if ('error' in r) {
      this.failure = [...this.stacks, ...errorNodes(this, r.error, this.ctx, 'more stacks')];
      this.ctx.changed(this);
      return;
    }
    if (!r.done) {
      this.append(r.value);
      this.prefetch();
    } else {
      this.nextReady = r;
    }
    this.ctx.changed(this);
    this.ctx.statusChanged();
  }

  /** Stacks whose status is in progress (polling while any is). */
  inProgress(): StackNode[] {
    return this.stacks.filter((s) => isInProgress(s.status));
  }
}

import * as vscode from 'vscode';
import type { StackSummary } from '../../core/aws/ports';
import { CONTEXT_VALUES } from './contextValues';
import { filterStacks, isInProgress } from './model';
import { StackNode } from './stackNode';
import { emptyNode, errorNodes, LeafNode, type ExplorerContext, type ExplorerNode } from './treeNode';

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
    // Throws an AwsError (shown as nodes with the next step) when the endpoint is refused.
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

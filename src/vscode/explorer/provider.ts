import * as vscode from 'vscode';
import type { AwsSession } from '../aws/session';
import { CONTEXT_KEYS, VIEW_ID } from './contextValues';
import { RootNode } from './rootNode';
import type { StackNode } from './stackNode';
import type { ExplorerContext, ExplorerNode } from './treeNode';

export interface PollingOptions {
  /** `cfnHup.explorer.autoRefresh` */
  enabled: boolean;
  intervalMs: number;
}

export function readPollingOptions(): PollingOptions {
  const c = vscode.workspace.getConfiguration('cfnHup.explorer');
  const seconds = c.get<number>('refreshIntervalSeconds', 10);
  return {
    enabled: c.get<boolean>('autoRefresh', true) !== false,
    intervalMs:
      1000 * (typeof seconds === 'number' && Number.isFinite(seconds) ? Math.min(300, Math.max(2, seconds)) : 10),
  };
}

/**
 * The TreeDataProvider: delegates to the nodes, refreshes a node's subtree on
 * request, and polls the stacks that are in progress while the view is
 * visible (one DescribeStacks per such stack per tick); the timer stops as
 * soon as no stack is in progress or the view is hidden.
 */
export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changedEmitter = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changedEmitter.event;
  private readonly pollEmitter = new vscode.EventEmitter<boolean>();
  /** Fires when polling starts (true) or stops (false). */
  readonly onDidChangePolling = this.pollEmitter.event;
  readonly root: RootNode;
  readonly context: ExplorerContext;
  private view: vscode.TreeView<ExplorerNode> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ticking = false;
  private pollingNow = false;
  private pending = 0;
  readonly pollingOptions: () => PollingOptions;

  constructor(
    readonly session: AwsSession,
    readonly log: vscode.LogOutputChannel,
    options: { pollingOptions?: () => PollingOptions } = {},
  ) {
    this.pollingOptions = options.pollingOptions ?? readPollingOptions;
    this.context = {
      session,
      log,
      gateways: () => session.gateways(),
      changed: (node) => this.changedEmitter.fire(node === this.root ? undefined : node),
      track: (work) => this.track(work),
      buildParameter: () => {
        const v = vscode.workspace.getConfiguration('cfnHup').get<string>('buildParameter', 'BuildNumber');
        return typeof v === 'string' && v.trim() ? v.trim() : 'BuildNumber';
      },
      statusChanged: () => this.updatePolling(),
    };
    this.root = new RootNode(this.context, (region) => {
      void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.noRegion, region === undefined);
      this.describe();
    });
  }

  attach(view: vscode.TreeView<ExplorerNode>): vscode.Disposable {
    this.view = view;
    this.describe();
    return view.onDidChangeVisibility(() => this.updatePolling());
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return node.treeItem();
  }

  getChildren(node?: ExplorerNode): ExplorerNode[] {
    return (node ?? this.root).children?.() ?? [];
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent === this.root ? undefined : node.parent;
  }

  /** Reload a node's subtree (the whole tree without a node). */
  refresh(node?: ExplorerNode): void {
    const target = node && node !== this.root ? nearestReloadable(node) : this.root;
    if (!target || target === this.root) {
      this.root.invalidate();
      this.changedEmitter.fire(undefined);
    } else {
      target.invalidate?.();
      this.changedEmitter.fire(target);
    }
    this.updatePolling();
  }

  /** Draw the nodes again without reloading anything (e.g. instance check states changed). */
  redraw(): void {
    this.changedEmitter.fire(undefined);
  }

  setFilter(filter: string | undefined): void {
    this.root.filter = filter?.trim() || undefined;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.filtered, !!this.root.filter);
    this.describe();
    this.changedEmitter.fire(undefined);
  }

  /** The view's description: where it looks, and the filter. */
  describe(): void {
    if (!this.view) return;
    const c = this.session.connection;
    const region = c.region ?? this.root.region;
    this.view.description = [
      c.profile ?? 'default',
      region ?? 'no region',
      c.endpointUrl ? 'endpoint' : undefined,
      this.root.filter ? `filter: "${this.root.filter}"` : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
  }

  private track(work: Promise<unknown>): void {
    this.pending++;
    void vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => work.finally(() => this.pending--));
  }

  get busy(): boolean {
    return this.pending > 0;
  }

  get polling(): boolean {
    return this.pollingNow;
  }

  private shouldPoll(): boolean {
    return this.pollingOptions().enabled && !!this.view?.visible && this.root.inProgress().length > 0;
  }

  /** Start or stop the timer to match the state. */
  updatePolling(): void {
    const poll = this.shouldPoll();
    if (poll && !this.timer && !this.ticking) {
      this.timer = setTimeout(
        () => void this.tick(),
        this.session.override?.pollMs ?? this.pollingOptions().intervalMs,
      );
    } else if (!poll && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const now = poll;
    if (now !== this.pollingNow) {
      this.pollingNow = now;
      this.pollEmitter.fire(now);
    }
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.shouldPoll()) {
      this.updatePolling();
      return;
    }
    this.ticking = true;
    try {
      let g: ReturnType<AwsSession['gateways']>;
      try {
        g = this.session.gateways();
      } catch (e) {
        // The connection became unusable (an insecure endpoint): the tree shows why on its next load.
        this.log.warn(`explorer: polling: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      await Promise.all(
        this.root.inProgress().map(async (stack: StackNode) => {
          try {
            const detail = await g.stacks.describeStack(stack.stackName);
            stack.update(detail);
            // Expanded: its children are read again in the background (no flicker); always: its icon and status.
            if (stack.loaded) stack.reload();
            this.changedEmitter.fire(stack);
          } catch (e) {
            this.log.warn(`explorer: polling ${stack.stackName}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }),
      );
    } finally {
      this.ticking = false;
      this.updatePolling();
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.root.invalidate();
    this.changedEmitter.dispose();
    this.pollEmitter.dispose();
  }
}

/** Message nodes (loading, error, load more) have no data of their own: refreshing them reloads their parent. */
function nearestReloadable(node: ExplorerNode): ExplorerNode | undefined {
  let n: ExplorerNode | undefined = node;
  while (n && !n.invalidate) n = n.parent;
  return n;
}

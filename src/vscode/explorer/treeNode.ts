import * as vscode from 'vscode';
import type { AwsGateways } from '../../aws/gateways';
import { isAwsError, type AwsError } from '../../core/aws/errors';
import type { AwsSession } from '../aws/session';
import { CONTEXT_VALUES } from './contextValues';
import { presentError, type IconSpec } from './model';

/**
 * The explorer's tree is made of nodes that build their own TreeItem and
 * children (the AWS Toolkit / Kubernetes pattern): the provider only
 * delegates. A node's children are kept until it is refreshed, so the view,
 * the commands and the tests all see the same node objects.
 */
export interface ExplorerNode {
  /** Unique in the whole tree, stable across refreshes (keeps expansion state). */
  readonly id: string;
  readonly parent: ExplorerNode | undefined;
  treeItem(): vscode.TreeItem;
  /** Synchronous: cached children, or a loading node while they load (the node fires a change when done). */
  children?(): ExplorerNode[];
  /** Drop cached data and children; the next children() call loads again. */
  invalidate?(): void;
}

/** What nodes need from the explorer. */
export interface ExplorerContext {
  readonly session: AwsSession;
  readonly log: vscode.LogOutputChannel;
  gateways(): AwsGateways;
  /** The node's item or children changed. */
  changed(node: ExplorerNode): void;
  /** Shows view progress while the promise runs. */
  track(work: Promise<unknown>): void;
  /** The `cfnHup.buildParameter` setting. */
  buildParameter(): string;
  /** A stack's status may have changed: polling may start or stop. */
  statusChanged(): void;
}

export function themeIcon(spec: IconSpec): vscode.ThemeIcon {
  return new vscode.ThemeIcon(spec.id, spec.color ? new vscode.ThemeColor(spec.color) : undefined);
}

/** A leaf with a fixed item. */
export class LeafNode implements ExplorerNode {
  constructor(
    readonly id: string,
    readonly parent: ExplorerNode | undefined,
    private readonly item: Omit<vscode.TreeItem, 'id'> & { label: string },
  ) {}
  treeItem(): vscode.TreeItem {
    const t = new vscode.TreeItem(this.item.label, vscode.TreeItemCollapsibleState.None);
    Object.assign(t, this.item, { id: this.id });
    return t;
  }
}

export function loadingNode(parent: ExplorerNode, label = 'Loading…'): LeafNode {
  return new LeafNode(`${parent.id}/loading`, parent, {
    label,
    iconPath: new vscode.ThemeIcon('loading~spin'),
    contextValue: CONTEXT_VALUES.loading,
  });
}

export function emptyNode(parent: ExplorerNode, label: string, tooltip?: string): LeafNode {
  return new LeafNode(`${parent.id}/empty`, parent, {
    label,
    iconPath: new vscode.ThemeIcon('info'),
    contextValue: CONTEXT_VALUES.empty,
    tooltip,
  });
}

export function actionNode(parent: ExplorerNode, action: 'chooseProfile' | 'chooseRegion' | 'retry'): LeafNode {
  const spec = {
    chooseProfile: {
      label: 'Choose an AWS profile…',
      icon: 'account',
      command: { command: 'cfnHup.aws.chooseProfile', title: 'Choose AWS Profile' },
    },
    chooseRegion: {
      label: 'Choose an AWS region…',
      icon: 'globe',
      command: { command: 'cfnHup.aws.chooseRegion', title: 'Choose AWS Region' },
    },
    retry: {
      label: 'Retry',
      icon: 'refresh',
      command: { command: 'cfnHup.explorer.refresh', title: 'Refresh', arguments: [parent] },
    },
  }[action];
  return new LeafNode(`${parent.id}/action/${action}`, parent, {
    label: spec.label,
    iconPath: new vscode.ThemeIcon(spec.icon),
    command: spec.command,
    contextValue: CONTEXT_VALUES.action,
  });
}

/**
 * An error as nodes: what failed (click for the log), the next step, and the
 * actions that may help. Logged once, without credentials (AwsError messages
 * carry only the SDK's message, the action and the profile name).
 */
export function errorNodes(parent: ExplorerNode, error: unknown, ctx: ExplorerContext, what: string): ExplorerNode[] {
  const aws: AwsError | undefined = isAwsError(error) ? error : undefined;
  const shown = aws
    ? presentError(aws, ctx.session.connection)
    : {
        message: `Failed to load ${what}: ${error instanceof Error ? error.message : String(error)}`,
        nextStep: 'See the log for details, then retry.',
        actions: ['retry' as const],
      };
  if (aws)
    ctx.log.error(`explorer: ${what}: ${aws.kind}: ${aws.message}${aws.nextStep ? ` Next step: ${aws.nextStep}` : ''}`);
  else ctx.log.error(`explorer: ${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const tooltip = new vscode.MarkdownString();
  tooltip.appendText(shown.message);
  if (shown.nextStep) tooltip.appendMarkdown('\n\n').appendText(shown.nextStep);
  tooltip.appendMarkdown('\n\n*Click to show the log.*');
  const nodes: ExplorerNode[] = [
    new LeafNode(`${parent.id}/error`, parent, {
      label: shown.message,
      tooltip,
      iconPath: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
      contextValue: aws ? `${CONTEXT_VALUES.error}.${aws.kind}` : CONTEXT_VALUES.error,
      command: { command: 'cfnHup.explorer.showLog', title: 'Show Log' },
    }),
  ];
  if (shown.nextStep)
    nodes.push(
      new LeafNode(`${parent.id}/hint`, parent, {
        label: shown.nextStep,
        tooltip: shown.nextStep,
        iconPath: new vscode.ThemeIcon('lightbulb'),
        contextValue: CONTEXT_VALUES.hint,
      }),
    );
  for (const a of shown.actions) nodes.push(actionNode(parent, a));
  return nodes;
}

/**
 * A node whose children come from AWS: a loading node until they arrive, an
 * error node set if the call fails. Loads only when the view (or a command)
 * asks for the children, i.e. on expand; one load at a time.
 */
export abstract class LazyNode implements ExplorerNode {
  private state: 'idle' | 'loading' | 'done' = 'idle';
  private cached: ExplorerNode[] = [];
  private controller: AbortController | undefined;
  private readonly loading: LeafNode;

  constructor(
    readonly id: string,
    readonly parent: ExplorerNode | undefined,
    protected readonly ctx: ExplorerContext,
  ) {
    this.loading = loadingNode(this);
  }

  abstract treeItem(): vscode.TreeItem;
  /** What the children are about, for error messages ("the stacks", "the resources of fleet"). */
  protected abstract readonly what: string;
  protected abstract load(signal: AbortSignal): Promise<ExplorerNode[]>;
  /** Drop data this node caches (subclasses). */
  protected forget(): void {}

  get loaded(): boolean {
    return this.state === 'done';
  }

  children(): ExplorerNode[] {
    if (this.state === 'done') return this.cached;
    if (this.state === 'idle') this.start(false);
    return [this.loading];
  }

  /** Load again in the background, keeping the current children on screen until the new ones arrive (polling). */
  reload(): void {
    if (this.state === 'loading') return;
    if (this.state === 'idle') {
      this.start(false);
      return;
    }
    this.start(true);
  }

  private start(background: boolean): void {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    if (!background) this.state = 'loading';
    const work = this.load(controller.signal).then(
      (nodes) => nodes,
      (e: unknown) => errorNodes(this, e, this.ctx, this.what),
    );
    this.ctx.track(work);
    void work.then((nodes) => {
      if (controller.signal.aborted || this.controller !== controller) return;
      this.controller = undefined;
      this.cached = nodes;
      this.state = 'done';
      this.ctx.changed(this);
    });
  }

  invalidate(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.state = 'idle';
    this.cached = [];
    this.forget();
  }
}

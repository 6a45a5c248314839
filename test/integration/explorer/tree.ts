// Reading the explorer's tree the way the view does: through its TreeDataProvider, waiting for
// onDidChangeTreeData while a node shows "Loading…" (never a fixed sleep).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExplorerTestingApi } from '../../../src/vscode/explorer';
import type { ExplorerNode } from '../../../src/vscode/explorer/treeNode';
import { testingApi, waitFor } from '../helpers';

export type { ExplorerNode };

export async function explorerApi(): Promise<ExplorerTestingApi> {
  return (await testingApi()).explorer;
}

export function item(node: ExplorerNode): vscode.TreeItem {
  return node.treeItem();
}

export function label(node: ExplorerNode): string {
  const l = item(node).label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

export function description(node: ExplorerNode): string {
  const d = item(node).description;
  return typeof d === 'string' ? d : '';
}

export function icon(node: ExplorerNode): string | undefined {
  const i = item(node).iconPath;
  return i instanceof vscode.ThemeIcon ? i.id : undefined;
}

/** The tooltip as a person reads it (Markdown escapes undone). */
export function tooltip(node: ExplorerNode): string {
  const t = item(node).tooltip;
  if (!(t instanceof vscode.MarkdownString)) return t ?? '';
  return t.value.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!|<>~$])/g, '$1');
}

function pending(node: ExplorerNode): boolean {
  const t = item(node);
  return (
    t.contextValue === 'cfnHup.loading' || (t.contextValue === 'cfnHup.loadMore' && label(node).startsWith('Loading'))
  );
}

function show(nodes: ExplorerNode[]): string {
  return JSON.stringify(nodes.map((n) => `${label(n)}${description(n) ? ` (${description(n)})` : ''}`));
}

/** The node's children once loaded (the root's without a node); `accept` may ask for more (e.g. a "Load more" node). */
export async function children(
  t: ExplorerTestingApi,
  node?: ExplorerNode,
  accept: (nodes: ExplorerNode[]) => boolean = () => true,
  timeoutMs?: number,
): Promise<ExplorerNode[]> {
  let last: ExplorerNode[] = [];
  return waitFor(
    `the children of ${node?.id ?? 'the root'}`,
    t.provider.onDidChangeTreeData,
    () => {
      last = t.provider.getChildren(node);
      return last.some(pending) || !accept(last) ? undefined : last;
    },
    timeoutMs,
    () => show(last),
  );
}

export function find(nodes: ExplorerNode[], name: string): ExplorerNode {
  const n = nodes.find((x) => label(x) === name);
  assert.ok(n, `a node "${name}" among ${show(nodes)}`);
  return n;
}

/** Follows labels from the root, loading each level. */
export async function path(t: ExplorerTestingApi, ...labels: string[]): Promise<ExplorerNode> {
  let node: ExplorerNode | undefined;
  for (const l of labels) node = find(await children(t, node), l);
  assert.ok(node);
  return node;
}

export function labels(nodes: ExplorerNode[]): string[] {
  return nodes.map(label);
}

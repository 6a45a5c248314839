import * as vscode from 'vscode';
import type { InstanceResult } from '../../core/instances/check';
import type { InstanceStateKind } from '../../core/instances/judge';
import { label } from '../../core/instances/summary';

/**
 * The latest instance check result per instance id, for the explorer's
 * instance nodes (state in the description, icon and tooltip). Module-wide:
 * instance nodes are rebuilt on every refresh, the results outlive them.
 */
class InstanceStates implements vscode.Disposable {
  private readonly results = new Map<string, InstanceResult>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  get(instanceId: string): InstanceResult | undefined {
    return this.results.get(instanceId);
  }

  set(results: InstanceResult[]): void {
    for (const r of results) this.results.set(r.instanceId, r);
    this.emitter.fire();
  }

  clear(): void {
    this.results.clear();
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export const instanceStates = new InstanceStates();

const ICONS: Record<InstanceStateKind, { id: string; color?: string }> = {
  converged: { id: 'pass', color: 'testing.iconPassed' },
  idle: { id: 'circle-outline' },
  pending: { id: 'watch' },
  failing: { id: 'error', color: 'list.errorForeground' },
  silent: { id: 'mute', color: 'list.warningForeground' },
  down: { id: 'debug-disconnect', color: 'list.errorForeground' },
  unreachable: { id: 'plug', color: 'list.warningForeground' },
};

/** Adds the last check's state to an instance node's item (nothing when never checked). */
export function decorateInstanceItem(item: vscode.TreeItem, instanceId: string): vscode.TreeItem {
  const r = instanceStates.get(instanceId);
  if (!r) return item;
  item.description = `${item.description ? `${String(item.description)} · ` : ''}cfn-hup: ${label(r.state)}`;
  const icon = ICONS[r.state];
  item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
  const md =
    item.tooltip instanceof vscode.MarkdownString
      ? item.tooltip
      : new vscode.MarkdownString(String(item.tooltip ?? ''));
  md.appendMarkdown('\n\n---\n\n').appendMarkdown(
    `**cfn-hup: ${label(r.state)}** (checked ${new Date(r.checkedAt).toISOString()})\n\n`,
  );
  md.appendText(r.reason);
  if (r.evidence) md.appendMarkdown('\n\n').appendCodeblock(r.evidence, 'log');
  if (r.nextStep) md.appendMarkdown('\n\n').appendText(`Next: ${r.nextStep}`);
  item.tooltip = md;
  item.contextValue = `${item.contextValue ?? ''}.checked`;
  return item;
}

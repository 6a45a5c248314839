import * as vscode from 'vscode';
import type { HookView } from '../../core/aws/hooksView';
import type { StackResourceSummary } from '../../core/aws/ports';
import type { ResourceTarget } from '../aws/targets';
import { CONTEXT_VALUES } from './contextValues';
import { hookDescription, type DeployedTemplateFacts } from './model';
import { LeafNode, themeIcon, type ExplorerNode } from './treeNode';

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

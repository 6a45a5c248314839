import * as vscode from 'vscode';
import type { Fleet, FleetGroup, FleetInstance, StandaloneInstance } from '../../core/aws/fleet';
import type { GroupTarget } from '../aws/targets';
import { decorateInstanceItem } from '../instances/states';
import { CONTEXT_VALUES } from './contextValues';
import {
  groupDescription,
  instanceDescription,
  instanceIcon,
  launchSourceOfGroup,
  outdatedExplanation,
  standaloneDescription,
} from './model';
import { emptyNode, LazyNode, themeIcon, type ExplorerContext, type ExplorerNode } from './treeNode';

/** What fleet sections need from their stack node. */
export interface FleetSource extends ExplorerNode {
  readonly stackName: string;
  fleet(signal: AbortSignal): Promise<Fleet>;
  forgetFleet(): void;
}

/** "Auto Scaling groups": loads the stack's fleet (DescribeAutoScalingGroups, DescribeLaunchTemplates, DescribeInstances) on expand. */
export class GroupsSection extends LazyNode {
  protected readonly what: string;
  constructor(
    private readonly stack: FleetSource,
    ctx: ExplorerContext,
    private readonly count: number,
  ) {
    super(`${stack.id}/groups`, stack, ctx);
    this.what = `the Auto Scaling groups of ${stack.stackName}`;
  }

  treeItem(): vscode.TreeItem {
    const t = new vscode.TreeItem('Auto Scaling groups', vscode.TreeItemCollapsibleState.Collapsed);
    t.id = this.id;
    t.description = String(this.count);
    t.iconPath = new vscode.ThemeIcon('layers');
    t.contextValue = `${CONTEXT_VALUES.section}.groups`;
    return t;
  }

  protected forget(): void {
    this.stack.forgetFleet();
  }

  protected async load(signal: AbortSignal): Promise<ExplorerNode[]> {
    const fleet = await this.stack.fleet(signal);
    if (!fleet.groups.length) return [emptyNode(this, 'No Auto Scaling groups (the stack has none that exist)')];
    return fleet.groups.map((g) => new GroupNode(this, this.stack.stackName, g));
  }
}

export class GroupNode implements ExplorerNode, GroupTarget {
  readonly kind = 'autoScalingGroup';
  readonly id: string;
  readonly groupName: string;
  private readonly nodes: ExplorerNode[];
  constructor(
    readonly parent: ExplorerNode,
    readonly stackName: string,
    readonly group: FleetGroup,
  ) {
    this.id = `${parent.id}/${group.logicalId}`;
    this.groupName = group.name;
    this.nodes = group.instances.length
      ? group.instances.map((i) => new InstanceNode(this, group, i))
      : [emptyNode(this, 'No instances')];
  }

  treeItem(): vscode.TreeItem {
    const g = this.group;
    const outdated = g.instances.some((i) => i.outdated);
    const t = new vscode.TreeItem(g.logicalId, vscode.TreeItemCollapsibleState.Expanded);
    t.id = this.id;
    t.description = groupDescription(g);
    t.iconPath = outdated
      ? themeIcon({ id: 'warning', color: 'list.warningForeground' })
      : new vscode.ThemeIcon('layers');
    t.contextValue = outdated ? `${CONTEXT_VALUES.group}.outdated` : CONTEXT_VALUES.group;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${g.logicalId}** · Auto Scaling group\n\n`);
    md.appendText(
      `${g.name}\nDesired ${g.desiredCapacity}, min ${g.minSize}, max ${g.maxSize}\nLaunches from ${launchSourceOfGroup(g)}\n${g.instances.length} instance(s)${outdated ? `, ${g.instances.filter((i) => i.outdated).length} launched from an older configuration` : ''}`,
    );
    t.tooltip = md;
    return t;
  }

  children(): ExplorerNode[] {
    return this.nodes;
  }
}

export class InstanceNode implements ExplorerNode {
  readonly id: string;
  constructor(
    readonly parent: GroupNode,
    private readonly group: FleetGroup,
    readonly instance: FleetInstance,
  ) {
    this.id = `${parent.id}/${instance.id}`;
  }

  get instanceId(): string {
    return this.instance.id;
  }

  treeItem(): vscode.TreeItem {
    const i = this.instance;
    const t = new vscode.TreeItem(i.id, vscode.TreeItemCollapsibleState.None);
    t.id = this.id;
    t.description = instanceDescription(i);
    t.iconPath = themeIcon(instanceIcon(i));
    t.contextValue = i.outdated ? `${CONTEXT_VALUES.instance}.outdated` : CONTEXT_VALUES.instance;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${i.id}**${i.outdated ? ' · $(warning) outdated' : ''}\n\n`);
    md.supportThemeIcons = true;
    md.appendText(
      [
        `Lifecycle: ${i.lifecycleState}`,
        `Health: ${i.health}`,
        i.state ? `EC2 state: ${i.state}` : undefined,
        i.availabilityZone ? `Zone: ${i.availabilityZone}` : undefined,
        i.privateIp ? `Private IP: ${i.privateIp}` : undefined,
      ]
        .filter(Boolean)
        .join('\n'),
    );
    if (i.outdated) md.appendMarkdown('\n\n').appendText(outdatedExplanation(i, this.group));
    t.tooltip = md;
    return decorateInstanceItem(t, i.id);
  }
}

/** "EC2 instances": the stack's own AWS::EC2::Instance resources. */
export class InstancesSection extends LazyNode {
  protected readonly what: string;
  constructor(
    private readonly stack: FleetSource,
    ctx: ExplorerContext,
    private readonly count: number,
  ) {
    super(`${stack.id}/instances`, stack, ctx);
    this.what = `the EC2 instances of ${stack.stackName}`;
  }

  treeItem(): vscode.TreeItem {
    const t = new vscode.TreeItem('EC2 instances', vscode.TreeItemCollapsibleState.Collapsed);
    t.id = this.id;
    t.description = String(this.count);
    t.iconPath = new vscode.ThemeIcon('vm');
    t.contextValue = `${CONTEXT_VALUES.section}.instances`;
    return t;
  }

  protected forget(): void {
    this.stack.forgetFleet();
  }

  protected async load(signal: AbortSignal): Promise<ExplorerNode[]> {
    const fleet = await this.stack.fleet(signal);
    if (!fleet.instances.length) return [emptyNode(this, 'No EC2 instances')];
    return fleet.instances.map((i) => new StandaloneNode(this, i));
  }
}

export class StandaloneNode implements ExplorerNode {
  readonly id: string;
  constructor(
    readonly parent: ExplorerNode,
    readonly instance: StandaloneInstance,
  ) {
    this.id = `${parent.id}/${instance.logicalId}`;
  }

  get instanceId(): string {
    return this.instance.id;
  }

  treeItem(): vscode.TreeItem {
    const i = this.instance;
    const t = new vscode.TreeItem(i.logicalId, vscode.TreeItemCollapsibleState.None);
    t.id = this.id;
    t.description = standaloneDescription(i);
    t.iconPath = themeIcon(
      i.state === 'running' ? { id: 'vm-running', color: 'testing.iconPassed' } : { id: 'vm-outline' },
    );
    t.contextValue = CONTEXT_VALUES.standaloneInstance;
    t.tooltip = [
      `${i.logicalId} (AWS::EC2::Instance)`,
      i.id,
      `State: ${i.state}`,
      i.privateIp ? `Private IP: ${i.privateIp}` : undefined,
      i.publicIp ? `Public IP: ${i.publicIp}` : undefined,
      i.instanceType,
    ]
      .filter(Boolean)
      .join('\n');
    return decorateInstanceItem(t, i.id);
  }
}

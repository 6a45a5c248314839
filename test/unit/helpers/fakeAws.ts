import { AwsError } from '../../../src/core/aws/errors';
import type {
  AutoScalingGroup,
  ChangeSetDetail,
  Clock,
  Ec2Instance,
  InstanceGateway,
  InstanceRefreshOptions,
  InstanceRefreshStatus,
  LaunchTemplateVersions,
  ReleaseGateway,
  ResourceChange,
  ScalingGateway,
  StackDetail,
  StackEvent,
  StackGateway,
  StackResourceDetail,
  StackSummary,
  TemplateStore,
  TemplateText,
  UpdateRequest,
} from '../../../src/core/aws/ports';

/**
 * In-memory AWS for unit tests and offline demos: every port, a clock that
 * advances only when someone sleeps, a log of calls, and failure injection.
 * An update takes `updateDurationMs` of fake time and then ends as
 * `nextUpdate` says (complete by default, or a rollback with a failed resource).
 */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private t = Date.parse('2026-01-01T00:00:00Z')) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
  }
}

export interface FakeStack {
  detail: StackDetail;
  template: string;
  resources: StackResourceDetail[];
  events: StackEvent[];
}

interface FakeChangeSet {
  stack: string;
  name: string;
  request: UpdateRequest;
  status: string;
  statusReason?: string;
  executionStatus: string;
  changes: ResourceChange[];
}

export interface FakeUpdateScript {
  /** A resource that fails (its event reason), making the update roll back. */
  failResource?: { logicalId: string; resourceType: string; reason: string };
}

export class FakeAws implements StackGateway, ReleaseGateway, ScalingGateway, InstanceGateway, TemplateStore {
  readonly stacks = new Map<string, FakeStack>();
  readonly groups = new Map<string, AutoScalingGroup>();
  readonly ec2 = new Map<string, Ec2Instance>();
  readonly launchTemplates: LaunchTemplateVersions[] = [];
  readonly changeSets = new Map<string, FakeChangeSet>();
  readonly uploads = new Map<string, string>();
  readonly calls: { op: string; args: unknown[] }[] = [];
  /** The next call of that operation fails with this error. */
  readonly failures = new Map<string, AwsError>();
  /** Changes a created change set reports (default: the stack's resources whose Metadata uses a changed parameter are unknown here, so one Modify per resource with Metadata). */
  changesForNextChangeSet?: ResourceChange[];
  nextUpdate: FakeUpdateScript = {};
  updateDurationMs = 30_000;
  changeSetDurationMs = 3_000;
  listPageSize = 2;
  private pending = new Map<string, { doneAt: number; script: FakeUpdateScript; previous: StackDetail }>();
  private changeSetReadyAt = new Map<string, number>();
  private eventSeq = 0;
  private refreshes = new Map<string, { polls: number }>();

  constructor(readonly clock: FakeClock = new FakeClock()) {}

  addStack(
    detail: Partial<StackDetail> & { name: string },
    template: string,
    resources: StackResourceDetail[] = [],
  ): FakeStack {
    const full: StackDetail = {
      id: `arn:aws:cloudformation:us-east-1:123456789012:stack/${detail.name}/0000`,
      status: 'CREATE_COMPLETE',
      parameters: [],
      tags: [],
      capabilities: [],
      notificationArns: [],
      outputs: [],
      ...detail,
    };
    const s: FakeStack = { detail: full, template, resources, events: [] };
    this.stacks.set(detail.name, s);
    this.event(s, detail.name, 'AWS::CloudFormation::Stack', full.status);
    return s;
  }

  private record(op: string, ...args: unknown[]): void {
    this.calls.push({ op, args });
    const f = this.failures.get(op);
    if (f) {
      this.failures.delete(op);
      throw f;
    }
  }

  private stack(name: string): FakeStack {
    const s = this.stacks.get(name);
    if (!s)
      throw new AwsError(
        'NotFound',
        `Stack "${name}" does not exist.`,
        'Check the stack name and the region.',
        'cloudformation:DescribeStacks',
      );
    this.settle(s);
    return s;
  }

  private event(
    s: FakeStack,
    logicalId: string,
    resourceType: string,
    status: string,
    statusReason?: string,
    clientRequestToken?: string,
  ): void {
    s.events.push({
      ...(clientRequestToken ? { clientRequestToken } : {}),
      id: `ev-${++this.eventSeq}`,
      timestamp: new Date(this.clock.now()).toISOString(),
      logicalId,
      physicalId: logicalId === s.detail.name ? s.detail.id : undefined,
      resourceType,
      status,
      statusReason,
    });
  }

  /** Finish an update whose time has come. */
  private settle(s: FakeStack): void {
    const p = this.pending.get(s.detail.name);
    if (!p || this.clock.now() < p.doneAt) return;
    this.pending.delete(s.detail.name);
    const f = p.script.failResource;
    if (f) {
      this.event(s, f.logicalId, f.resourceType, 'UPDATE_FAILED', f.reason);
      this.event(
        s,
        s.detail.name,
        'AWS::CloudFormation::Stack',
        'UPDATE_ROLLBACK_IN_PROGRESS',
        `The following resource(s) failed to update: [${f.logicalId}].`,
      );
      s.detail = { ...p.previous, status: 'UPDATE_ROLLBACK_COMPLETE' };
    } else {
      for (const r of s.resources) if (r.metadata !== undefined) this.event(s, r.logicalId, r.type, 'UPDATE_COMPLETE');
      s.detail = { ...s.detail, status: 'UPDATE_COMPLETE' };
    }
    this.event(s, s.detail.name, 'AWS::CloudFormation::Stack', s.detail.status);
  }

  // StackGateway
  async *listStacks(): AsyncIterable<StackSummary[]> {
    this.record('listStacks');
    const all = [...this.stacks.values()].map((s) => ({
      name: s.detail.name,
      id: s.detail.id,
      status: s.detail.status,
    }));
    for (let i = 0; i < all.length; i += this.listPageSize) {
      this.record('listStacks.page', i / this.listPageSize);
      yield all.slice(i, i + this.listPageSize);
    }
  }
  async describeStack(name: string): Promise<StackDetail> {
    this.record('describeStack', name);
    return structuredCopy(this.stack(name).detail);
  }
  async listStackResources(name: string): Promise<StackResourceDetail[]> {
    this.record('listStackResources', name);
    return this.stack(name).resources.map(({ metadata: _m, ...r }) => ({ ...r, metadata: undefined }));
  }
  async describeStackResource(name: string, logicalId: string): Promise<StackResourceDetail> {
    this.record('describeStackResource', name, logicalId);
    const r = this.stack(name).resources.find((x) => x.logicalId === logicalId);
    if (!r)
      throw new AwsError(
        'NotFound',
        `Resource ${logicalId} does not exist for stack ${name}.`,
        'Check the logical id: it is case-sensitive.',
        'cloudformation:DescribeStackResource',
      );
    return structuredCopy(r);
  }
  async getTemplate(name: string): Promise<TemplateText> {
    this.record('getTemplate', name);
    return { body: this.stack(name).template };
  }

  // ReleaseGateway
  async createChangeSet(request: UpdateRequest & { changeSetName: string }): Promise<{ id: string }> {
    this.record('createChangeSet', request);
    const s = this.stack(request.stackName);
    // A new template counts as a change, as updateStack does (the fake does not diff templates).
    const changed =
      this.resolve(s, request).some((p) => p.value !== s.detail.parameters.find((x) => x.key === p.key)?.value) ||
      !('usePrevious' in request.template);
    const cs: FakeChangeSet = {
      stack: request.stackName,
      name: request.changeSetName,
      request,
      status: 'CREATE_IN_PROGRESS',
      executionStatus: 'UNAVAILABLE',
      changes: changed
        ? (this.changesForNextChangeSet ??
          s.resources
            .filter((r) => r.metadata !== undefined)
            .map((r) => ({
              action: 'Modify',
              logicalId: r.logicalId,
              physicalId: r.physicalId,
              resourceType: r.type,
              replacement: 'False',
              scope: ['Metadata'],
              details: [],
            })))
        : [],
    };
    if (!changed)
      cs.statusReason =
        "The submitted information didn't contain changes. Submit different information to create a change set.";
    this.changeSets.set(`${request.stackName}/${request.changeSetName}`, cs);
    this.changeSetReadyAt.set(
      `${request.stackName}/${request.changeSetName}`,
      this.clock.now() + this.changeSetDurationMs,
    );
    return { id: `arn:aws:cloudformation:us-east-1:123456789012:changeSet/${request.changeSetName}/1` };
  }
  async describeChangeSet(stackName: string, name: string): Promise<ChangeSetDetail> {
    this.record('describeChangeSet', stackName, name);
    const cs = this.changeSet(stackName, name);
    if (
      cs.status === 'CREATE_IN_PROGRESS' &&
      this.clock.now() >= (this.changeSetReadyAt.get(`${stackName}/${name}`) ?? 0)
    ) {
      cs.status = cs.statusReason ? 'FAILED' : 'CREATE_COMPLETE';
      cs.executionStatus = cs.statusReason ? 'UNAVAILABLE' : 'AVAILABLE';
    }
    return {
      id: `${stackName}/${name}`,
      name,
      status: cs.status,
      statusReason: cs.statusReason,
      executionStatus: cs.executionStatus,
      changes: structuredCopy(cs.changes),
    };
  }
  async executeChangeSet(stackName: string, name: string, _signal?: unknown, token?: string): Promise<void> {
    this.record('executeChangeSet', stackName, name, token);
    const cs = this.changeSet(stackName, name);
    if (cs.status !== 'CREATE_COMPLETE')
      throw new AwsError(
        'Validation',
        `ChangeSet [${name}] cannot be executed in its current status of [${cs.status}]`,
        '',
        'cloudformation:ExecuteChangeSet',
      );
    this.startUpdate(this.stack(stackName), cs.request, token);
    this.changeSets.delete(`${stackName}/${name}`);
  }
  async deleteChangeSet(stackName: string, name: string): Promise<void> {
    this.record('deleteChangeSet', stackName, name);
    this.changeSets.delete(`${stackName}/${name}`);
  }
  async updateStack(request: UpdateRequest): Promise<{ stackId: string }> {
    this.record('updateStack', request);
    const s = this.stack(request.stackName);
    const resolved = this.resolve(s, request);
    const changed =
      resolved.some((p) => p.value !== s.detail.parameters.find((x) => x.key === p.key)?.value) ||
      !('usePrevious' in request.template);
    if (!changed) throw new AwsError('Validation', 'No updates are to be performed.', '', 'cloudformation:UpdateStack');
    this.startUpdate(s, request, request.clientRequestToken);
    return { stackId: s.detail.id };
  }
  async describeStackEvents(stackName: string, since: string): Promise<StackEvent[]> {
    this.record('describeStackEvents', stackName, since);
    return this.stack(stackName).events.filter((e) => Date.parse(e.timestamp) >= Date.parse(since));
  }

  private changeSet(stackName: string, name: string): FakeChangeSet {
    const cs = this.changeSets.get(`${stackName}/${name}`);
    if (!cs)
      throw new AwsError('NotFound', `ChangeSet [${name}] does not exist`, '', 'cloudformation:DescribeChangeSet');
    return cs;
  }

  private resolve(s: FakeStack, request: UpdateRequest): { key: string; value: string }[] {
    return request.parameters.map((p) => {
      if ('value' in p) return { key: p.key, value: p.value };
      const prev = s.detail.parameters.find((x) => x.key === p.key);
      if (!prev)
        throw new AwsError(
          'Validation',
          `Invalid input for parameter key ${p.key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`,
          '',
          'cloudformation:UpdateStack',
        );
      return { key: p.key, value: prev.value };
    });
  }

  private startUpdate(s: FakeStack, request: UpdateRequest, token?: string): void {
    if (s.detail.status.endsWith('_IN_PROGRESS'))
      throw new AwsError(
        'Validation',
        `Stack:${s.detail.id} is in ${s.detail.status} state and can not be updated.`,
        '',
        'cloudformation:UpdateStack',
      );
    const previous = structuredCopy(s.detail);
    const values = new Map(this.resolve(s, request).map((p) => [p.key, p.value]));
    s.detail = {
      ...s.detail,
      status: 'UPDATE_IN_PROGRESS',
      parameters: s.detail.parameters.map((p) => ({ ...p, value: values.get(p.key) ?? p.value })),
    };
    if ('body' in request.template) s.template = request.template.body;
    this.event(s, s.detail.name, 'AWS::CloudFormation::Stack', 'UPDATE_IN_PROGRESS', 'User Initiated', token);
    this.pending.set(s.detail.name, {
      doneAt: this.clock.now() + this.updateDurationMs,
      script: this.nextUpdate,
      previous,
    });
    this.nextUpdate = {};
  }

  // ScalingGateway
  async describeAutoScalingGroups(names: string[]): Promise<AutoScalingGroup[]> {
    this.record('describeAutoScalingGroups', names);
    return names
      .map((n) => this.groups.get(n))
      .filter((g): g is AutoScalingGroup => !!g)
      .map(structuredCopy);
  }
  async startInstanceRefresh(groupName: string, options: InstanceRefreshOptions): Promise<string> {
    this.record('startInstanceRefresh', groupName, options);
    const id = `refresh-${this.refreshes.size + 1}`;
    this.refreshes.set(id, { polls: 0 });
    return id;
  }
  async describeInstanceRefresh(groupName: string, id: string): Promise<InstanceRefreshStatus> {
    this.record('describeInstanceRefresh', groupName, id);
    const r = this.refreshes.get(id)!;
    r.polls++;
    return r.polls >= 3
      ? { id, status: 'Successful', percentageComplete: 100 }
      : { id, status: 'InProgress', percentageComplete: r.polls * 40 };
  }
  /** Terminating replaces the instance with a new healthy one, as a group would (immediately, in fake time). */
  async terminateInstanceKeepingCapacity(instanceId: string): Promise<void> {
    this.record('terminateInstanceKeepingCapacity', instanceId);
    for (const g of this.groups.values()) {
      const i = g.instances.find((x) => x.id === instanceId);
      if (!i) continue;
      i.lifecycleState = 'Terminating';
      g.instances.push({
        ...i,
        id: `${instanceId}-new`,
        lifecycleState: 'InService',
        health: 'Healthy',
        launchConfigurationName: g.launchConfigurationName,
        launchTemplate: g.launchTemplate,
      });
      return;
    }
    throw new AwsError(
      'NotFound',
      `Instance Id not found - No managed instance found for instance ID: ${instanceId}`,
      '',
      'autoscaling:TerminateInstanceInAutoScalingGroup',
    );
  }

  // InstanceGateway
  async describeInstances(ids: string[]): Promise<Ec2Instance[]> {
    this.record('describeInstances', ids);
    return ids.map((id) => this.ec2.get(id)).filter((i): i is Ec2Instance => !!i);
  }
  async describeLaunchTemplates(ids: string[]): Promise<LaunchTemplateVersions[]> {
    this.record('describeLaunchTemplates', ids);
    return this.launchTemplates.filter((t) => ids.includes(t.id));
  }

  // TemplateStore
  async putTemplate(bucket: string, key: string, body: string): Promise<string> {
    this.record('putTemplate', bucket, key);
    this.uploads.set(`${bucket}/${key}`, body);
    return `https://${bucket}.s3.amazonaws.com/${key}`;
  }

  callsOf(op: string): unknown[][] {
    return this.calls.filter((c) => c.op === op).map((c) => c.args);
  }
}

function structuredCopy<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

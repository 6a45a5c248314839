// Over ~350 lines on purpose: the one CloudFormation adapter (StackGateway and ReleaseGateway) with the
// SDK-to-port mappings its calls share (stackDetail, resourceChange, parseMetadata).
import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  ListStacksCommand,
  UpdateStackCommand,
  type Change,
  type CloudFormationClient,
  type Parameter,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { AwsError } from '../core/aws/errors';
import type {
  Cancellation,
  ChangeSetDetail,
  ReleaseGateway,
  ResourceChange,
  StackDetail,
  StackEvent,
  StackGateway,
  StackResourceDetail,
  StackResourceSummary,
  StackSummary,
  TemplateText,
  UpdateRequest,
} from '../core/aws/ports';
import { callAws, type RetryPolicy } from './call';

/** Live stacks are every status but DELETE_COMPLETE (ListStacks returns deleted ones for 90 days). */
const LIVE_STATUSES = [
  'CREATE_IN_PROGRESS',
  'CREATE_FAILED',
  'CREATE_COMPLETE',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_FAILED',
  'ROLLBACK_COMPLETE',
  'DELETE_IN_PROGRESS',
  'DELETE_FAILED',
  'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_COMPLETE',
  'UPDATE_FAILED',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_FAILED',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE',
  'REVIEW_IN_PROGRESS',
  'IMPORT_IN_PROGRESS',
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_IN_PROGRESS',
  'IMPORT_ROLLBACK_FAILED',
  'IMPORT_ROLLBACK_COMPLETE',
] as const;

type Opts = { retry: RetryPolicy; profile?: string };

/** CloudFormation through the SDK: reads for the explorer and `status`, writes for releases. */
export class SdkCloudFormation implements StackGateway, ReleaseGateway {
  constructor(
    private readonly client: CloudFormationClient,
    private readonly opts: Opts,
  ) {}

  private call<T>(
    action: string,
    fn: () => Promise<T>,
    idempotent: boolean,
    subject?: string,
    stack?: string,
  ): Promise<T> {
    return callAws(
      { action: `cloudformation:${action}`, profile: this.opts.profile, idempotent, subject, stack },
      this.opts.retry,
      fn,
    );
  }

  private signalOf(signal?: Cancellation): { abortSignal?: AbortSignal } {
    return signal ? { abortSignal: signal as AbortSignal } : {};
  }

  async *listStacks(signal?: Cancellation): AsyncIterable<StackSummary[]> {
    let token: string | undefined;
    do {
      const page = await this.call(
        'ListStacks',
        () =>
          this.client.send(
            new ListStacksCommand({ NextToken: token, StackStatusFilter: [...LIVE_STATUSES] }),
            this.signalOf(signal),
          ),
        true,
      );
      token = page.NextToken;
      yield (page.StackSummaries ?? []).map((s) => ({
        name: s.StackName ?? '',
        id: s.StackId ?? '',
        status: s.StackStatus ?? 'UNKNOWN',
        statusReason: s.StackStatusReason,
        createdAt: iso(s.CreationTime),
        lastUpdatedAt: iso(s.LastUpdatedTime),
      }));
    } while (token && !signal?.aborted);
  }

  async describeStack(stackName: string, signal?: Cancellation): Promise<StackDetail> {
    const out = await this.call(
      'DescribeStacks',
      () => this.client.send(new DescribeStacksCommand({ StackName: stackName }), this.signalOf(signal)),
      true,
      `Stack "${stackName}"`,
    );
    const s = out.Stacks?.[0];
    if (!s)
      throw new AwsError(
        'NotFound',
        `Stack "${stackName}" does not exist.`,
        'Check the stack name and the region (--region).',
        'cloudformation:DescribeStacks',
      );
    return stackDetail(s);
  }

  async listStackResources(stackName: string, signal?: Cancellation): Promise<StackResourceSummary[]> {
    const all: StackResourceSummary[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(
        'ListStackResources',
        () =>
          this.client.send(
            new ListStackResourcesCommand({ StackName: stackName, NextToken: token }),
            this.signalOf(signal),
          ),
        true,
      );
      token = page.NextToken;
      for (const r of page.StackResourceSummaries ?? [])
        all.push({
          logicalId: r.LogicalResourceId ?? '',
          physicalId: r.PhysicalResourceId || undefined,
          type: r.ResourceType ?? '',
          status: r.ResourceStatus ?? '',
          statusReason: r.ResourceStatusReason,
          lastUpdatedAt: iso(r.LastUpdatedTimestamp),
        });
    } while (token && !signal?.aborted);
    return all;
  }

  async describeStackResource(
    stackName: string,
    logicalId: string,
    signal?: Cancellation,
  ): Promise<StackResourceDetail> {
    const out = await this.call(
      'DescribeStackResource',
      () =>
        this.client.send(
          new DescribeStackResourceCommand({ StackName: stackName, LogicalResourceId: logicalId }),
          this.signalOf(signal),
        ),
      true,
    );
    const r = out.StackResourceDetail;
    if (!r)
      throw new AwsError(
        'NotFound',
        `Resource ${logicalId} does not exist for stack ${stackName}.`,
        'Check the logical id: it is case-sensitive.',
        'cloudformation:DescribeStackResource',
      );
    return {
      logicalId: r.LogicalResourceId ?? logicalId,
      physicalId: r.PhysicalResourceId || undefined,
      type: r.ResourceType ?? '',
      status: r.ResourceStatus ?? '',
      statusReason: r.ResourceStatusReason,
      lastUpdatedAt: iso(r.LastUpdatedTimestamp),
      metadata: parseMetadata(r.Metadata, logicalId),
    };
  }

  async getTemplate(stackName: string, signal?: Cancellation): Promise<TemplateText> {
    // Original: the template as submitted (YAML stays YAML), not the processed one.
    const out = await this.call(
      'GetTemplate',
      () =>
        this.client.send(
          new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }),
          this.signalOf(signal),
        ),
      true,
    );
    const body = out.TemplateBody as unknown;
    return { body: typeof body === 'string' ? body : JSON.stringify(body ?? {}, null, 2) };
  }

  async createChangeSet(
    request: UpdateRequest & { changeSetName: string; description?: string },
    signal?: Cancellation,
  ): Promise<{ id: string }> {
    const out = await this.call(
      'CreateChangeSet',
      () =>
        this.client.send(
          new CreateChangeSetCommand({
            ...updateInput(request),
            ChangeSetName: request.changeSetName,
            ChangeSetType: 'UPDATE',
            Description: request.description?.slice(0, 1024),
          }),
          this.signalOf(signal),
        ),
      false,
      undefined,
      request.stackName,
    );
    return { id: out.Id ?? request.changeSetName };
  }

  async describeChangeSet(stackName: string, changeSetName: string, signal?: Cancellation): Promise<ChangeSetDetail> {
    const changes: ResourceChange[] = [];
    let token: string | undefined;
    let last;
    do {
      last = await this.call(
        'DescribeChangeSet',
        () =>
          this.client.send(
            new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName, NextToken: token }),
            this.signalOf(signal),
          ),
        true,
      );
      token = last.NextToken;
      for (const c of last.Changes ?? []) {
        const r = resourceChange(c);
        if (r) changes.push(r);
      }
    } while (token && !signal?.aborted);
    return {
      id: last.ChangeSetId ?? changeSetName,
      name: last.ChangeSetName ?? changeSetName,
      status: last.Status ?? 'UNKNOWN',
      statusReason: last.StatusReason,
      executionStatus: last.ExecutionStatus,
      changes,
    };
  }

  async executeChangeSet(
    stackName: string,
    changeSetName: string,
    signal?: Cancellation,
    clientRequestToken?: string,
  ): Promise<void> {
    await this.call(
      'ExecuteChangeSet',
      () =>
        this.client.send(
          new ExecuteChangeSetCommand({
            StackName: stackName,
            ChangeSetName: changeSetName,
            ...(clientRequestToken ? { ClientRequestToken: clientRequestToken } : {}),
          }),
          this.signalOf(signal),
        ),
      false,
    );
  }

  async deleteChangeSet(stackName: string, changeSetName: string, signal?: Cancellation): Promise<void> {
    await this.call(
      'DeleteChangeSet',
      () =>
        this.client.send(
          new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }),
          this.signalOf(signal),
        ),
      true,
    );
  }

  async updateStack(request: UpdateRequest, signal?: Cancellation): Promise<{ stackId: string }> {
    const out = await this.call(
      'UpdateStack',
      () =>
        this.client.send(
          new UpdateStackCommand({
            ...updateInput(request),
            ...(request.clientRequestToken ? { ClientRequestToken: request.clientRequestToken } : {}),
          }),
          this.signalOf(signal),
        ),
      false,
    );
    return { stackId: out.StackId ?? request.stackName };
  }

  async describeStackEvents(stackName: string, since: string, signal?: Cancellation): Promise<StackEvent[]> {
    // Newest first: page only until events older than `since`.
    const sinceMs = Date.parse(since);
    const events: StackEvent[] = [];
    let token: string | undefined;
    let older = false;
    do {
      const page = await this.call(
        'DescribeStackEvents',
        () =>
          this.client.send(
            new DescribeStackEventsCommand({ StackName: stackName, NextToken: token }),
            this.signalOf(signal),
          ),
        true,
      );
      token = page.NextToken;
      for (const e of page.StackEvents ?? []) {
        const at = e.Timestamp?.getTime() ?? 0;
        if (at < sinceMs) {
          older = true;
          continue;
        }
        events.push({
          id: e.EventId ?? `${e.LogicalResourceId}-${at}-${e.ResourceStatus}`,
          timestamp: new Date(at).toISOString(),
          logicalId: e.LogicalResourceId ?? '',
          physicalId: e.PhysicalResourceId || undefined,
          resourceType: e.ResourceType ?? '',
          status: e.ResourceStatus ?? '',
          statusReason: e.ResourceStatusReason,
          ...(e.ClientRequestToken ? { clientRequestToken: e.ClientRequestToken } : {}),
        });
      }
    } while (token && !older && !signal?.aborted);
    return events.reverse();
  }
}

function updateInput(r: UpdateRequest) {
  const t = r.template;
  return {
    StackName: r.stackName,
    ...('usePrevious' in t
      ? { UsePreviousTemplate: true }
      : 'body' in t
        ? { TemplateBody: t.body }
        : { TemplateURL: t.url }),
    Parameters: r.parameters.map((p): Parameter =>
      'value' in p ? { ParameterKey: p.key, ParameterValue: p.value } : { ParameterKey: p.key, UsePreviousValue: true },
    ),
    Capabilities: r.capabilities.length ? (r.capabilities as never[]) : undefined,
    // Absent means "keep the stack's"; an empty list would remove them.
    ...(r.tags ? { Tags: r.tags.map((t) => ({ Key: t.key, Value: t.value })) } : {}),
    ...(r.notificationArns ? { NotificationARNs: r.notificationArns } : {}),
    ...(r.roleArn ? { RoleARN: r.roleArn } : {}),
  };
}

export function stackDetail(s: Stack): StackDetail {
  return {
    name: s.StackName ?? '',
    id: s.StackId ?? '',
    status: s.StackStatus ?? 'UNKNOWN',
    statusReason: s.StackStatusReason,
    description: s.Description,
    createdAt: iso(s.CreationTime),
    lastUpdatedAt: iso(s.LastUpdatedTime),
    parameters: (s.Parameters ?? []).map((p) => ({
      key: p.ParameterKey ?? '',
      value: p.ParameterValue ?? '',
      ...(p.ResolvedValue ? { resolvedValue: p.ResolvedValue } : {}),
    })),
    tags: (s.Tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' })),
    capabilities: [...(s.Capabilities ?? [])],
    notificationArns: [...(s.NotificationARNs ?? [])],
    roleArn: s.RoleARN,
    outputs: (s.Outputs ?? []).map((o) => ({
      key: o.OutputKey ?? '',
      value: o.OutputValue ?? '',
      description: o.Description,
      exportName: o.ExportName,
    })),
  };
}

export function resourceChange(c: Change): ResourceChange | undefined {
  const r = c.ResourceChange;
  if (!r) return undefined;
  const details = (r.Details ?? [])
    .map((d) => {
      const t = d.Target;
      if (!t) return '';
      const what = t.Attribute === 'Properties' ? (t.Name ?? t.Path ?? 'Properties') : (t.Attribute ?? '');
      return t.RequiresRecreation === 'Always' ? `${what} (requires replacement)` : what;
    })
    .filter((x, i, all) => x && all.indexOf(x) === i);
  return {
    action: r.Action ?? 'Unknown',
    logicalId: r.LogicalResourceId ?? '',
    physicalId: r.PhysicalResourceId,
    resourceType: r.ResourceType ?? '',
    replacement: r.Replacement,
    scope: [...(r.Scope ?? [])],
    details,
  };
}

/** AWS returns Metadata as a JSON string; a body that is not JSON is kept as text rather than lost. */
export function parseMetadata(raw: string | undefined, logicalId: string): unknown {
  if (raw === undefined || raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return { [`(unparsed metadata of ${logicalId})`]: raw };
  }
}

function iso(d: Date | undefined): string | undefined {
  return d ? d.toISOString() : undefined;
}

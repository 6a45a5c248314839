/**
 * The AWS operations the tools need, as small interfaces over plain domain
 * types. src/aws implements them with the SDK v3; ./fake.ts implements them in
 * memory. Nothing here names an SDK type, so the core, the CLI and the
 * extension can be tested without one.
 *
 * Every call may reject with an AwsError (./errors.ts), never with an SDK error.
 * Times are ISO-8601 strings: plain data that survives JSON and postMessage.
 */

/** Structurally an AbortSignal: the core has no DOM or Node types. */
export interface Cancellation {
  readonly aborted: boolean;
}

export interface StackSummary {
  name: string;
  id: string;
  status: string;
  statusReason?: string;
  createdAt?: string;
  lastUpdatedAt?: string;
}

export interface StackParameter {
  key: string;
  /** `****` for a NoEcho parameter: AWS never returns the real value. */
  value: string;
  /** For SSM parameter types: the value the name resolved to. */
  resolvedValue?: string;
}

export interface Tag {
  key: string;
  value: string;
}

export interface StackOutput {
  key: string;
  value: string;
  description?: string;
  exportName?: string;
}

export interface StackDetail extends StackSummary {
  description?: string;
  parameters: StackParameter[];
  tags: Tag[];
  capabilities: string[];
  notificationArns: string[];
  roleArn?: string;
  outputs: StackOutput[];
}

export interface StackResourceSummary {
  logicalId: string;
  physicalId?: string;
  type: string;
  status: string;
  statusReason?: string;
  lastUpdatedAt?: string;
}

export interface StackResourceDetail extends StackResourceSummary {
  /** The live Metadata, parsed from the JSON string AWS returns (intrinsics already resolved); undefined when none. */
  metadata: unknown;
}

export interface TemplateText {
  /** The template as it was submitted (JSON or YAML). */
  body: string;
}

/** Reading stacks: what the explorer and `status` / `metadata` use. */
export interface StackGateway {
  /** One array per API page, so a caller can show the first page while the rest load. */
  listStacks(signal?: Cancellation): AsyncIterable<StackSummary[]>;
  describeStack(stackName: string, signal?: Cancellation): Promise<StackDetail>;
  listStackResources(stackName: string, signal?: Cancellation): Promise<StackResourceSummary[]>;
  describeStackResource(stackName: string, logicalId: string, signal?: Cancellation): Promise<StackResourceDetail>;
  getTemplate(stackName: string, signal?: Cancellation): Promise<TemplateText>;
}

export interface LaunchTemplateRef {
  id?: string;
  name?: string;
  /** A number as text, or `$Latest` / `$Default` on a group. */
  version?: string;
}

export interface AsgInstance {
  id: string;
  lifecycleState: string;
  /** `Healthy` or `Unhealthy`. */
  health: string;
  availabilityZone?: string;
  launchConfigurationName?: string;
  launchTemplate?: LaunchTemplateRef;
}

export interface AutoScalingGroup {
  name: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  launchConfigurationName?: string;
  launchTemplate?: LaunchTemplateRef;
  instances: AsgInstance[];
}

export interface InstanceRefreshOptions {
  minHealthyPercentage: number;
  instanceWarmupSeconds?: number;
  /** Skip instances already on the group's launch template version (launch templates only): only outdated ones are replaced. */
  skipMatching?: boolean;
}

export interface InstanceRefreshStatus {
  id: string;
  status: string;
  percentageComplete?: number;
  statusReason?: string;
}

/** Auto Scaling: the groups of a stack and the two ways to replace their instances. */
export interface ScalingGateway {
  describeAutoScalingGroups(names: string[], signal?: Cancellation): Promise<AutoScalingGroup[]>;
  startInstanceRefresh(groupName: string, options: InstanceRefreshOptions, signal?: Cancellation): Promise<string>;
  describeInstanceRefresh(groupName: string, refreshId: string, signal?: Cancellation): Promise<InstanceRefreshStatus>;
  /** Always keeps the desired capacity, so the group launches a replacement. */
  terminateInstanceKeepingCapacity(instanceId: string, signal?: Cancellation): Promise<void>;
}

export interface Ec2Instance {
  id: string;
  state: string;
  privateIp?: string;
  publicIp?: string;
  instanceType?: string;
  launchTime?: string;
  /** The `Name` tag. */
  name?: string;
}

export interface LaunchTemplateVersions {
  id: string;
  name?: string;
  latestVersion: number;
  defaultVersion: number;
}

/** EC2: instance addresses and launch template versions. */
export interface InstanceGateway {
  describeInstances(instanceIds: string[], signal?: Cancellation): Promise<Ec2Instance[]>;
  describeLaunchTemplates(ids: string[], signal?: Cancellation): Promise<LaunchTemplateVersions[]>;
}

/** One parameter of an update: a new value, or "keep what the stack has". */
export type ParameterSetting = { key: string; value: string } | { key: string; usePreviousValue: true };

export type TemplateSource = { usePrevious: true } | { body: string } | { url: string };

export interface UpdateRequest {
  stackName: string;
  template: TemplateSource;
  parameters: ParameterSetting[];
  capabilities: string[];
  /** Omitted: CloudFormation keeps the stack's tags. Never send [] (that removes them). */
  tags?: Tag[];
  /** Omitted: CloudFormation keeps the stack's topics. */
  notificationArns?: string[];
  /** Omitted: CloudFormation keeps the stack's role. */
  roleArn?: string;
  /** UpdateStack only: marks the update's stack events. */
  clientRequestToken?: string;
}

export interface ResourceChange {
  action: string;
  logicalId: string;
  physicalId?: string;
  resourceType: string;
  /** `True`, `False` or `Conditional`; absent when CloudFormation did not say. */
  replacement?: string;
  /** `Properties`, `Metadata`, `CreationPolicy`, `UpdatePolicy`, `DeletionPolicy`, `Tags`. */
  scope: string[];
  /** Property names or paths that change, from Details. */
  details: string[];
}

export interface ChangeSetDetail {
  id: string;
  name: string;
  status: string;
  statusReason?: string;
  executionStatus?: string;
  changes: ResourceChange[];
}

export interface StackEvent {
  id: string;
  timestamp: string;
  logicalId: string;
  physicalId?: string;
  resourceType: string;
  status: string;
  statusReason?: string;
  /** The token of the operation that caused the event (ExecuteChangeSet / UpdateStack ClientRequestToken). */
  clientRequestToken?: string;
}

/** Writing stacks: what a release uses. */
export interface ReleaseGateway {
  createChangeSet(
    request: UpdateRequest & { changeSetName: string; description?: string },
    signal?: Cancellation,
  ): Promise<{ id: string }>;
  describeChangeSet(stackName: string, changeSetName: string, signal?: Cancellation): Promise<ChangeSetDetail>;
  /** `clientRequestToken` marks the update's stack events (StackEvent.clientRequestToken). */
  executeChangeSet(
    stackName: string,
    changeSetName: string,
    signal?: Cancellation,
    clientRequestToken?: string,
  ): Promise<void>;
  deleteChangeSet(stackName: string, changeSetName: string, signal?: Cancellation): Promise<void>;
  updateStack(request: UpdateRequest, signal?: Cancellation): Promise<{ stackId: string }>;
  /** Events at or after `since`, oldest first. */
  describeStackEvents(stackName: string, since: string, signal?: Cancellation): Promise<StackEvent[]>;
}

/** Where a template too large for TemplateBody is put before an update. */
export interface TemplateStore {
  /** Returns the https URL CloudFormation can read the template from. */
  putTemplate(bucket: string, key: string, body: string, signal?: Cancellation): Promise<string>;
}

/** Time, injectable so that no test ever really waits. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: Cancellation): Promise<void>;
}

/** An instance as Systems Manager knows it (DescribeInstanceInformation). */
export interface ManagedInstance {
  id: string;
  /** `Online`, `ConnectionLost`, `Inactive`. */
  pingStatus: string;
  /** `Linux`, `Windows`, `MacOS`. */
  platformType?: string;
  platformName?: string;
  agentVersion?: string;
  lastPingAt?: string;
}

/** One instance's run of a command (ListCommandInvocations / GetCommandInvocation). */
export interface CommandInvocation {
  instanceId: string;
  /** `Pending`, `InProgress`, `Delayed`, `Success`, `Failed`, `TimedOut`, `Cancelled`, `Undeliverable`, `Terminated`, … */
  status: string;
  statusDetails?: string;
  /** At most 24,000 characters (SSM's limit); only from getCommandInvocation. */
  stdout?: string;
  stderr?: string;
  responseCode?: number;
}

/**
 * AWS Systems Manager Run Command: only what the instance check needs. The
 * script is a constant of core (../instances/script.ts); this port sends it,
 * it never builds one.
 */
/** One Run Command request: a constant script of core's, to at most 50 instances. */
export interface SendCommandRequest {
  documentName: string;
  commands: readonly string[];
  instanceIds: string[];
  comment: string;
  timeoutSeconds: number;
}

export interface CommandGateway {
  /** The instances among `ids` that SSM manages (the others are absent). */
  describeManagedInstances(ids: string[], signal?: Cancellation): Promise<ManagedInstance[]>;
  /** At most 50 ids. Returns the command id. */
  sendCommand(request: SendCommandRequest, signal?: Cancellation): Promise<string>;
  /** The status of every invocation of a command (no output). */
  listCommandInvocations(commandId: string, signal?: Cancellation): Promise<CommandInvocation[]>;
  getCommandInvocation(commandId: string, instanceId: string, signal?: Cancellation): Promise<CommandInvocation>;
}

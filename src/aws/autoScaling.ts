import {
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  StartInstanceRefreshCommand,
  TerminateInstanceInAutoScalingGroupCommand,
  type AutoScalingClient,
  type AutoScalingGroup as SdkGroup,
  type LaunchTemplateSpecification,
} from '@aws-sdk/client-auto-scaling';
import { AwsError } from '../core/aws/errors';
import type {
  AutoScalingGroup,
  Cancellation,
  InstanceRefreshOptions,
  InstanceRefreshStatus,
  LaunchTemplateRef,
  ScalingGateway,
} from '../core/aws/ports';
import { callAws, type RetryPolicy } from './call';

/** DescribeAutoScalingGroups accepts at most this many names per call. */
const NAMES_PER_CALL = 50;

export class SdkAutoScaling implements ScalingGateway {
  constructor(
    private readonly client: AutoScalingClient,
    private readonly opts: { retry: RetryPolicy; profile?: string },
  ) {}

  private call<T>(action: string, fn: () => Promise<T>, idempotent: boolean): Promise<T> {
    return callAws({ action: `autoscaling:${action}`, profile: this.opts.profile, idempotent }, this.opts.retry, fn);
  }

  private signalOf(signal?: Cancellation) {
    return signal ? { abortSignal: signal as AbortSignal } : {};
  }

  async describeAutoScalingGroups(names: string[], signal?: Cancellation): Promise<AutoScalingGroup[]> {
    const groups: AutoScalingGroup[] = [];
    for (let i = 0; i < names.length; i += NAMES_PER_CALL) {
      let token: string | undefined;
      do {
        const page = await this.call(
          'DescribeAutoScalingGroups',
          () =>
            this.client.send(
              new DescribeAutoScalingGroupsCommand({
                AutoScalingGroupNames: names.slice(i, i + NAMES_PER_CALL),
                NextToken: token,
              }),
              this.signalOf(signal),
            ),
          true,
        );
        token = page.NextToken;
        groups.push(...(page.AutoScalingGroups ?? []).map(group));
      } while (token);
    }
    return groups;
  }

  async startInstanceRefresh(
    groupName: string,
    options: InstanceRefreshOptions,
    signal?: Cancellation,
  ): Promise<string> {
    const out = await this.call(
      'StartInstanceRefresh',
      () =>
        this.client.send(
          new StartInstanceRefreshCommand({
            AutoScalingGroupName: groupName,
            Strategy: 'Rolling',
            Preferences: {
              MinHealthyPercentage: options.minHealthyPercentage,
              ...(options.instanceWarmupSeconds !== undefined ? { InstanceWarmup: options.instanceWarmupSeconds } : {}),
              ...(options.skipMatching ? { SkipMatching: true } : {}),
            },
          }),
          this.signalOf(signal),
        ),
      false,
    );
    if (!out.InstanceRefreshId)
      throw new AwsError(
        'Other',
        `StartInstanceRefresh on ${groupName} returned no refresh id.`,
        '',
        'autoscaling:StartInstanceRefresh',
      );
    return out.InstanceRefreshId;
  }

  async describeInstanceRefresh(
    groupName: string,
    refreshId: string,
    signal?: Cancellation,
  ): Promise<InstanceRefreshStatus> {
    const out = await this.call(
      'DescribeInstanceRefreshes',
      () =>
        this.client.send(
          new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: groupName, InstanceRefreshIds: [refreshId] }),
          this.signalOf(signal),
        ),
      true,
    );
    const r = out.InstanceRefreshes?.[0];
    if (!r)
      throw new AwsError(
        'NotFound',
        `Instance refresh ${refreshId} of ${groupName} was not found.`,
        '',
        'autoscaling:DescribeInstanceRefreshes',
      );
    return {
      id: refreshId,
      status: r.Status ?? 'Unknown',
      percentageComplete: r.PercentageComplete,
      statusReason: r.StatusReason,
    };
  }

  async terminateInstanceKeepingCapacity(instanceId: string, signal?: Cancellation): Promise<void> {
    await this.call(
      'TerminateInstanceInAutoScalingGroup',
      () =>
        this.client.send(
          new TerminateInstanceInAutoScalingGroupCommand({
            InstanceId: instanceId,
            ShouldDecrementDesiredCapacity: false,
          }),
          this.signalOf(signal),
        ),
      false,
    );
  }
}

function group(g: SdkGroup): AutoScalingGroup {
  const lt = g.LaunchTemplate ?? g.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  return {
    name: g.AutoScalingGroupName ?? '',
    minSize: g.MinSize ?? 0,
    maxSize: g.MaxSize ?? 0,
    desiredCapacity: g.DesiredCapacity ?? 0,
    launchConfigurationName: g.LaunchConfigurationName || undefined,
    launchTemplate: templateRef(lt),
    instances: (g.Instances ?? []).map((i) => ({
      id: i.InstanceId ?? '',
      lifecycleState: i.LifecycleState ?? 'Unknown',
      health: i.HealthStatus ?? 'Unknown',
      availabilityZone: i.AvailabilityZone,
      launchConfigurationName: i.LaunchConfigurationName || undefined,
      launchTemplate: templateRef(i.LaunchTemplate),
    })),
  };
}

function templateRef(t: LaunchTemplateSpecification | undefined): LaunchTemplateRef | undefined {
  if (!t || (!t.LaunchTemplateId && !t.LaunchTemplateName)) return undefined;
  return { id: t.LaunchTemplateId, name: t.LaunchTemplateName, version: t.Version };
}

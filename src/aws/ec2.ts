import { DescribeInstancesCommand, DescribeLaunchTemplatesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { Cancellation, Ec2Instance, InstanceGateway, LaunchTemplateVersions } from '../core/aws/ports';
import { callAws, type RetryPolicy } from './call';

/** Ids per DescribeInstances call: well under the API's limits, few calls for any real fleet. */
const IDS_PER_CALL = 100;

export class SdkEc2 implements InstanceGateway {
  constructor(
    private readonly client: EC2Client,
    private readonly opts: { retry: RetryPolicy; profile?: string },
  ) {}

  private call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    return callAws({ action: `ec2:${action}`, profile: this.opts.profile, idempotent: true }, this.opts.retry, fn);
  }

  private signalOf(signal?: Cancellation) {
    return signal ? { abortSignal: signal as AbortSignal } : {};
  }

  async describeInstances(instanceIds: string[], signal?: Cancellation): Promise<Ec2Instance[]> {
    const result: Ec2Instance[] = [];
    for (let i = 0; i < instanceIds.length; i += IDS_PER_CALL) {
      let token: string | undefined;
      do {
        const page = await this.call('DescribeInstances', () =>
          this.client.send(
            new DescribeInstancesCommand({ InstanceIds: instanceIds.slice(i, i + IDS_PER_CALL), NextToken: token }),
            this.signalOf(signal),
          ),
        );
        token = page.NextToken;
        for (const r of page.Reservations ?? [])
          for (const x of r.Instances ?? [])
            result.push({
              id: x.InstanceId ?? '',
              state: x.State?.Name ?? 'unknown',
              privateIp: x.PrivateIpAddress,
              publicIp: x.PublicIpAddress,
              instanceType: x.InstanceType,
              launchTime: x.LaunchTime?.toISOString(),
              name: x.Tags?.find((t) => t.Key === 'Name')?.Value,
            });
      } while (token);
    }
    return result;
  }

  async describeLaunchTemplates(ids: string[], signal?: Cancellation): Promise<LaunchTemplateVersions[]> {
    const out = await this.call('DescribeLaunchTemplates', () =>
      this.client.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: ids }), this.signalOf(signal)),
    );
    return (out.LaunchTemplates ?? []).map((t) => ({
      id: t.LaunchTemplateId ?? '',
      name: t.LaunchTemplateName,
      latestVersion: t.LatestVersionNumber ?? 0,
      defaultVersion: t.DefaultVersionNumber ?? 0,
    }));
  }
}

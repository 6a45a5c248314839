import type {
  Clock,
  InstanceGateway,
  ReleaseGateway,
  ScalingGateway,
  StackGateway,
  TemplateStore,
  CommandGateway,
} from '../core/aws/ports';
import { createClients, destroyClients, type AwsClients, type AwsConnection } from './clients';
import { SdkCloudFormation } from './cloudFormation';
import { SdkAutoScaling } from './autoScaling';
import { SdkEc2 } from './ec2';
import { SdkTemplateStore } from './s3';
import { systemClock } from './clock';
import type { RetryPolicy } from './call';
import { createSsmClient, SdkSsm } from './ssm';

/** Every port, implemented over one set of SDK clients. */
export interface AwsGateways {
  stacks: StackGateway;
  release: ReleaseGateway;
  scaling: ScalingGateway;
  instances: InstanceGateway;
  templates: TemplateStore;
  /** Systems Manager Run Command (instance checks); its client is made at first use. */
  readonly ssm: CommandGateway;
  clock: Clock;
  /** The region calls go to (from --region, the environment or the profile). */
  resolveRegion(): Promise<string | undefined>;
  /** Close the clients' sockets (the CLI exits promptly). */
  dispose(): void;
}

export interface GatewayOptions extends AwsConnection {
  clock?: Clock;
  retry?: Omit<RetryPolicy, 'clock'>;
  /** Pre-built clients (tests add middleware to them). */
  clients?: AwsClients;
}

export function createGateways(options: GatewayOptions): AwsGateways {
  const clients = options.clients ?? createClients(options);
  const clock = options.clock ?? systemClock;
  const retry: RetryPolicy = { clock, ...options.retry };
  const common = { retry, profile: options.profile };
  const cfn = new SdkCloudFormation(clients.cloudFormation, common);
  let ssm: { client: ReturnType<typeof createSsmClient>; gateway: SdkSsm } | undefined;
  return {
    stacks: cfn,
    release: cfn,
    scaling: new SdkAutoScaling(clients.autoScaling, common),
    instances: new SdkEc2(clients.ec2, common),
    templates: new SdkTemplateStore(clients.s3, clients.sts, {
      ...common,
      region: options.region,
      endpointUrl: options.endpointUrl,
    }),
    get ssm() {
      if (!ssm) {
        const client = createSsmClient(options);
        ssm = { client, gateway: new SdkSsm(client, common) };
      }
      return ssm.gateway;
    },
    clock,
    resolveRegion: async () => {
      try {
        return await clients.cloudFormation.config.region();
      } catch {
        return options.region;
      }
    },
    dispose: () => {
      destroyClients(clients);
      ssm?.client.destroy();
    },
  };
}

import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { DEFAULT_TIMEOUTS, type RequestTimeouts } from './timeouts';
import { nodeCredentialChain } from './credentialChain';

/**
 * Where and as whom to call AWS. Credentials come from the standard Node
 * chain (environment, SSO, profiles, credential_process, web identity, the
 * instance role) unless a test or an embedder passes its own. They are
 * resolved lazily, by the SDK, at the first call, and never stored or logged
 * here.
 */
export interface AwsConnection {
  region?: string;
  profile?: string;
  /** A moto or LocalStack endpoint, e.g. http://127.0.0.1:5000. */
  endpointUrl?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Per request; defaults DEFAULT_TIMEOUTS. */
  timeouts?: Partial<RequestTimeouts>;
}

export interface AwsClients {
  cloudFormation: CloudFormationClient;
  autoScaling: AutoScalingClient;
  ec2: EC2Client;
  s3: S3Client;
  /** Who is calling (GetCallerIdentity): the account an upload's bucket must belong to. */
  sts: STSClient;
  region: string | undefined;
  profile: string | undefined;
  endpointUrl: string | undefined;
}

/**
 * The configuration every SDK client shares (SSM's too, ./ssm.ts): region,
 * credentials, endpoint, no SDK retries, and the request timeouts.
 */
export function commonClientConfig(connection: AwsConnection) {
  // The SDK version is pinned (package.json) to one that supports Node 20, so its
  // "future versions will need Node 22" notice is noise on every CLI run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const credentials = connection.credentials ?? nodeCredentialChain(connection.profile);
  return {
    region: connection.region,
    credentials,
    // One retry policy for every call: ./call.ts (throttling, with backoff on an injectable clock).
    maxAttempts: 1,
    // Without these the SDK waits forever on an endpoint that accepts a connection and never answers.
    requestHandler: {
      connectionTimeout: connection.timeouts?.connectMs ?? DEFAULT_TIMEOUTS.connectMs,
      requestTimeout: connection.timeouts?.requestMs ?? DEFAULT_TIMEOUTS.requestMs,
      throwOnRequestTimeout: true,
    },
    ...(connection.endpointUrl ? { endpoint: connection.endpointUrl } : {}),
    ...(connection.profile ? { profile: connection.profile } : {}),
  };
}

export function createClients(connection: AwsConnection): AwsClients {
  const common = commonClientConfig(connection);
  return {
    cloudFormation: new CloudFormationClient(common),
    autoScaling: new AutoScalingClient(common),
    ec2: new EC2Client(common),
    // An emulator serves buckets by path, not by host name.
    s3: new S3Client({ ...common, forcePathStyle: !!connection.endpointUrl }),
    sts: new STSClient(common),
    region: connection.region,
    profile: connection.profile,
    endpointUrl: connection.endpointUrl,
  };
}

export function destroyClients(c: AwsClients): void {
  c.cloudFormation.destroy();
  c.autoScaling.destroy();
  c.ec2.destroy();
  c.s3.destroy();
  c.sts.destroy();
}

// AWS for the explorer's integration tests: moto on loopback (started from the extension
// host, which is Node), and a loopback proxy in front of it that records every call and
// answers, in AWS's own wire format, what moto does not model (resource Metadata) and the
// failures a test asks for (access denied, throttling). Nothing here reaches any address but
// 127.0.0.1.
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation';
import { CreateLaunchTemplateVersionCommand, DescribeLaunchTemplatesCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { AwsGateways } from '../../../src/aws/gateways';
import { DUMMY_CREDENTIALS, REGION } from '../../unit/aws/helpers/moto';

export { DUMMY_CREDENTIALS, REGION, motoSkipReason, startMoto, type Moto } from '../../unit/aws/helpers/moto';

/** test/fixtures/aws, beside the fixture workspace. */
export function awsFixture(...parts: string[]): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need the fixture workspace open');
  return join(folder.uri.fsPath, '..', 'aws', ...parts);
}

export interface AwsCall {
  service: string;
  action: string;
  params: URLSearchParams;
}

export interface Reply {
  status?: number;
  body: string;
}

/** Answers a call instead of moto (undefined: moto answers). */
export type Intercept = (call: AwsCall) => Reply | undefined;

export interface Proxy {
  endpoint: string;
  calls: AwsCall[];
  /** How many calls of this action reached the proxy since `since` (an index into calls). */
  count(action: string, since?: number): number;
  intercept: Intercept | undefined;
  close(): Promise<void>;
}

function serviceOf(headers: IncomingHttpHeaders): string {
  return /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(headers.authorization ?? '')?.[1] ?? 'unknown';
}

export async function startProxy(target: string, base: Intercept): Promise<Proxy> {
  const calls: AwsCall[] = [];
  const proxy: Proxy = {
    endpoint: '',
    calls,
    count: (action, since = 0) => calls.slice(since).filter((c) => c.action === action).length,
    intercept: undefined,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const to = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const call: AwsCall = {
        service: serviceOf(req.headers),
        action: new URLSearchParams(body.toString('utf8')).get('Action') ?? '',
        params: new URLSearchParams(body.toString('utf8')),
      };
      calls.push(call);
      const reply = proxy.intercept?.(call) ?? base(call);
      if (reply) {
        res.writeHead(reply.status ?? 200, { 'content-type': 'text/xml' });
        res.end(reply.body);
        return;
      }
      const forward = request(
        { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', (e) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(String(e));
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return proxy;
}

/** An AWS query-protocol error, as CloudFormation words it. */
export function awsErrorReply(code: string, message: string, status = 400): Reply {
  return {
    status,
    body: `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>explorer-test</RequestId></ErrorResponse>`,
  };
}

export function accessDenied(action: string): Reply {
  return awsErrorReply(
    'AccessDenied',
    `User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ${action} on resource: arn:aws:cloudformation:us-east-1:123456789012:stack/fleet/* because no identity-based policy allows the ${action} action`,
    403,
  );
}

export const THROTTLED: Reply = awsErrorReply('Throttling', 'Rate exceeded');

/** The recorded DescribeStackResource of fleet-stack.yaml's LaunchConfig (BuildNumber 41, dev), for moto's stack id. */
export function recordedLaunchConfig(stackId: string): Reply {
  const recordedId = 'arn:aws:cloudformation:us-east-1:123456789012:stack/fleet/6bc862bd-4a3b-482f-b8d9-47c7fb0dfba6';
  return {
    body: readFileSync(awsFixture('cloudformation', 'DescribeStackResource-LaunchConfig.xml'), 'utf8')
      .split(recordedId)
      .join(stackId),
  };
}

export function recordedLiveMetadata(stackId: string): unknown {
  const recordedId = 'arn:aws:cloudformation:us-east-1:123456789012:stack/fleet/6bc862bd-4a3b-482f-b8d9-47c7fb0dfba6';
  return JSON.parse(readFileSync(awsFixture('live-metadata.json'), 'utf8').split(recordedId).join(stackId));
}

/** The stacks of the suite, created in moto with every parameter given explicitly (moto's UsePreviousValue quirk). */
export const FLEET_PARAMETERS = { BuildNumber: '41', Environment: 'dev', DbPassword: 's3cret', FleetSize: '2' };

export async function createStacks(endpoint: string): Promise<{ fleetId: string; webId: string }> {
  const cfn = new CloudFormationClient({ region: REGION, endpoint, credentials: DUMMY_CREDENTIALS });
  const ec2 = new EC2Client({ region: REGION, endpoint, credentials: DUMMY_CREDENTIALS });
  try {
    const create = async (name: string, body: string, parameters: Record<string, string>) => {
      await cfn.send(
        new CreateStackCommand({
          StackName: name,
          TemplateBody: body,
          Capabilities: ['CAPABILITY_IAM'],
          Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
            ParameterKey,
            ParameterValue,
          })),
        }),
      );
      await waitUntilStackCreateComplete(
        { client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
        { StackName: name },
      );
      return (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0]!.StackId!;
    };
    const fleetId = await create('fleet', readFileSync(awsFixture('fleet-stack.yaml'), 'utf8'), FLEET_PARAMETERS);
    const webId = await create('web', readFileSync(awsFixture('explorer', 'web-stack.json'), 'utf8'), {
      BuildNumber: '7',
    });
    // Someone publishes a new version of the web tier's launch template: the group is on $Latest,
    // so its two running instances (launched from version 1) are now outdated.
    const lt = (await ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['web-lt'] })))
      .LaunchTemplates![0]!;
    await ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: lt.LaunchTemplateId,
        SourceVersion: '1',
        LaunchTemplateData: { ImageId: 'ami-12c6146b', InstanceType: 't3.micro' },
      }),
    );
    return { fleetId, webId };
  } finally {
    cfn.destroy();
    ec2.destroy();
  }
}

/** A gateway set with some methods replaced (the rest delegate to the real adapters). */
export function withOverrides(
  g: AwsGateways,
  overrides: {
    stacks?: Partial<AwsGateways['stacks']>;
    scaling?: Partial<AwsGateways['scaling']>;
    instances?: Partial<AwsGateways['instances']>;
    release?: Partial<AwsGateways['release']>;
  },
): AwsGateways {
  const over = <T extends object>(base: T, o: Partial<T> | undefined): T =>
    o ? Object.assign(Object.create(base) as T, o) : base;
  return {
    ...g,
    stacks: over(g.stacks, overrides.stacks),
    scaling: over(g.scaling, overrides.scaling),
    instances: over(g.instances, overrides.instances),
    release: over(g.release, overrides.release),
  };
}

import {
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  SendCommandCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { AwsError } from '../core/aws/errors';
import type {
  Cancellation,
  CommandGateway,
  CommandInvocation,
  ManagedInstance,
  SendCommandRequest,
} from '../core/aws/ports';
import { callAws, type RetryPolicy } from './call';
import { commonClientConfig, type AwsConnection } from './clients';

/** SendCommand and the InstanceIds filter accept at most this many ids. */
const IDS_PER_CALL = 50;

/**
 * AWS Systems Manager Run Command behind the CommandGateway port. It sends
 * what it is given (the core's constant scripts) and reads the answers; it
 * builds no script. Errors become AwsError (./errors.ts); an instance SSM does
 * not know becomes a `NotFound` naming InvalidInstanceId.
 */
export class SdkSsm implements CommandGateway {
  constructor(
    private readonly client: SSMClient,
    private readonly opts: { retry: RetryPolicy; profile?: string },
  ) {}

  private call<T>(action: string, fn: () => Promise<T>, idempotent: boolean): Promise<T> {
    return callAws({ action: `ssm:${action}`, profile: this.opts.profile, idempotent }, this.opts.retry, async () => {
      try {
        return await fn();
      } catch (e) {
        const name = (e as { name?: string }).name;
        if (name === 'InvalidInstanceId')
          throw new AwsError(
            'NotFound',
            `InvalidInstanceId: ${(e as Error).message || 'an instance is not managed by Systems Manager, not running, or not on a supported platform'}`,
            'Install and start the SSM agent and attach an instance profile with AmazonSSMManagedInstanceCore.',
            `ssm:${action}`,
          );
        throw e;
      }
    });
  }

  private signalOf(signal?: Cancellation) {
    return signal ? { abortSignal: signal as AbortSignal } : {};
  }

  async describeManagedInstances(ids: string[], signal?: Cancellation): Promise<ManagedInstance[]> {
    const out: ManagedInstance[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
      let token: string | undefined;
      do {
        const page = await this.call(
          'DescribeInstanceInformation',
          () =>
            this.client.send(
              new DescribeInstanceInformationCommand({
                Filters: [{ Key: 'InstanceIds', Values: ids.slice(i, i + IDS_PER_CALL) }],
                MaxResults: 50,
                NextToken: token,
              }),
              this.signalOf(signal),
            ),
          true,
        );
        token = page.NextToken;
        for (const info of page.InstanceInformationList ?? [])
          if (info.InstanceId)
            out.push({
              id: info.InstanceId,
              pingStatus: info.PingStatus ?? 'Unknown',
              platformType: info.PlatformType,
              platformName: info.PlatformName,
              agentVersion: info.AgentVersion,
              lastPingAt: info.LastPingDateTime?.toISOString(),
            });
      } while (token);
    }
    return out;
  }

  async sendCommand(request: SendCommandRequest, signal?: Cancellation): Promise<string> {
    if (request.instanceIds.length > IDS_PER_CALL)
      throw new AwsError('Validation', `SendCommand takes at most ${IDS_PER_CALL} instances.`, '', 'ssm:SendCommand');
    const out = await this.call(
      'SendCommand',
      () =>
        this.client.send(
          new SendCommandCommand({
            DocumentName: request.documentName,
            InstanceIds: request.instanceIds,
            Parameters: { commands: [...request.commands], executionTimeout: [String(request.timeoutSeconds)] },
            Comment: request.comment,
            TimeoutSeconds: Math.max(30, request.timeoutSeconds),
          }),
          this.signalOf(signal),
        ),
      false,
    );
    const id = out.Command?.CommandId;
    if (!id) throw new AwsError('Other', 'SendCommand returned no command id.', 'Try again.', 'ssm:SendCommand');
    return id;
  }

  async listCommandInvocations(commandId: string, signal?: Cancellation): Promise<CommandInvocation[]> {
    const out: CommandInvocation[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(
        'ListCommandInvocations',
        () =>
          this.client.send(
            new ListCommandInvocationsCommand({
              CommandId: commandId,
              Details: false,
              MaxResults: 50,
              NextToken: token,
            }),
            this.signalOf(signal),
          ),
        true,
      );
      token = page.NextToken;
      for (const inv of page.CommandInvocations ?? [])
        if (inv.InstanceId)
          out.push({ instanceId: inv.InstanceId, status: inv.Status ?? 'Pending', statusDetails: inv.StatusDetails });
    } while (token);
    return out;
  }

  async getCommandInvocation(commandId: string, instanceId: string, signal?: Cancellation): Promise<CommandInvocation> {
    const out = await this.call(
      'GetCommandInvocation',
      () =>
        this.client.send(
          new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }),
          this.signalOf(signal),
        ),
      true,
    );
    return {
      instanceId,
      status: out.Status ?? 'Pending',
      statusDetails: out.StatusDetails,
      stdout: out.StandardOutputContent,
      stderr: out.StandardErrorContent || undefined,
      responseCode: out.ResponseCode,
    };
  }
}

/**
 * An SSM client for a connection, configured like the other clients
 * (./clients.ts): one retry policy (./call.ts), the same credentials chain,
 * the endpoint override for emulators. Created only when a check needs it.
 */
export function createSsmClient(connection: AwsConnection): SSMClient {
  // The same region, credentials, endpoint and request timeouts as every other client.
  return new SSMClient(commonClientConfig(connection));
}

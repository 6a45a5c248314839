import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeInstance } from './fakeInstance';

/**
 * A small AWS Systems Manager for tests, on loopback. moto answers SendCommand
 * with empty output and fails DescribeInstanceInformation and
 * ListCommandInvocations, so this speaks SSM's own JSON protocol (awsJson1_1,
 * `X-Amz-Target: AmazonSSM.<Operation>`) to the real SDK client and **runs the
 * script it is sent with bash**, one temporary directory per simulated
 * instance (./fakeInstance.ts). Every other request (CloudFormation, Auto
 * Scaling, EC2) is forwarded to moto, so a client needs one endpoint.
 *
 * A script runs to its end before SendCommand answers (as if the instances
 * were instant); `inProgressPolls` makes the first ListCommandInvocations
 * calls report `InProgress` instead, deterministically, without waiting.
 */
export interface StandInInstance {
  instance: FakeInstance;
  /** Absent from DescribeInstanceInformation: SSM does not manage it. */
  managed: boolean;
  ping: 'Online' | 'ConnectionLost';
  platform: 'Linux' | 'Windows';
  /** Called when a command reaches the instance, before the script runs (a scenario may write log lines). */
  onCommand?: (kind: 'report' | 'apply', n: number) => void;
  commands: number;
}

interface Invocation {
  instanceId: string;
  status: string;
  stdout: string;
  stderr: string;
  code: number;
}

interface Command {
  id: string;
  document: string;
  commands: string[];
  invocations: Invocation[];
  polls: number;
}

export class SsmStandIn {
  readonly instances = new Map<string, StandInInstance>();
  /** Every SSM request received: operation and JSON body (tests assert what was sent). */
  readonly received: { operation: string; body: Record<string, unknown> }[] = [];
  /** Operations answered with AccessDeniedException. */
  readonly denied = new Set<string>();
  inProgressPolls = 0;
  /**
   * Makes an instance the first time an unknown id is asked about (moto replaces instances when a
   * stack update touches their launch configuration, so ids are known only then). Return
   * undefined to leave the id unknown.
   */
  autoAdd?: (
    id: string,
    index: number,
  ) => ((instance: FakeInstance) => Partial<Omit<StandInInstance, 'instance' | 'commands'>>) | undefined;
  private autoAdded = 0;
  private readonly commands = new Map<string, Command>();
  private readonly dir = mkdtempSync(join(tmpdir(), 'ssm-stand-in-'));
  private server?: Server;
  private next = 0;
  endpoint = '';

  constructor(private readonly options: { moto?: string; now: () => number } = { now: () => Date.now() }) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A new simulated instance with a fresh directory. */
  add(
    id: string,
    options: Partial<Omit<StandInInstance, 'instance' | 'commands'>> & { utcOffsetMinutes?: number } = {},
  ): FakeInstance {
    const instance = new FakeInstance(join(this.dir, id), options.utcOffsetMinutes ?? 0);
    this.instances.set(id, {
      instance,
      managed: options.managed ?? true,
      ping: options.ping ?? 'Online',
      platform: options.platform ?? 'Linux',
      onCommand: options.onCommand,
      commands: 0,
    });
    return instance;
  }

  reset(): void {
    this.instances.clear();
    this.commands.clear();
    this.received.length = 0;
    this.denied.clear();
    this.inProgressPolls = 0;
    this.autoAdd = undefined;
    this.autoAdded = 0;
  }

  private known(id: string): StandInInstance | undefined {
    if (!this.instances.has(id) && this.autoAdd) {
      const make = this.autoAdd(id, this.autoAdded);
      if (make) {
        this.autoAdded++;
        const instance = this.add(id);
        Object.assign(this.instances.get(id)!, make(instance));
      }
    }
    return this.instances.get(id);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const target = String(req.headers['x-amz-target'] ?? '');
    if (!target.startsWith('AmazonSSM.')) return this.forward(req, res, raw);
    const operation = target.slice('AmazonSSM.'.length);
    let body: Record<string, unknown> = {};
    try {
      body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return this.error(res, 400, 'SerializationException', 'body is not JSON');
    }
    this.received.push({ operation, body });
    if (this.denied.has(operation))
      return this.error(
        res,
        400,
        'AccessDeniedException',
        `User: arn:aws:sts::123456789012:assumed-role/dev/ci is not authorized to perform: ssm:${operation} on resource: arn:aws:ssm:us-east-1::document/AWS-RunShellScript because no identity-based policy allows the ssm:${operation} action`,
      );
    try {
      switch (operation) {
        case 'DescribeInstanceInformation':
          return this.json(res, this.describe(body));
        case 'SendCommand':
          return this.json(res, await this.send(body));
        case 'ListCommandInvocations':
          return this.list(res, body);
        case 'GetCommandInvocation':
          return this.get(res, body);
        default:
          return this.error(res, 400, 'InvalidAction', `the stand-in does not implement ${operation}`);
      }
    } catch (e) {
      const type = (e as { type?: string }).type;
      return type
        ? this.error(res, 400, type, (e as Error).message)
        : this.error(res, 500, 'InternalServerError', (e as Error).message);
    }
  }

  private describe(body: Record<string, unknown>) {
    const filters = (body.Filters as { Key: string; Values: string[] }[] | undefined) ?? [];
    const ids = filters.find((f) => f.Key === 'InstanceIds')?.Values;
    if (ids && ids.length > 50) throw new Error('at most 50 InstanceIds per filter');
    for (const id of ids ?? []) this.known(id);
    const list = [...this.instances.entries()]
      .filter(([id, i]) => i.managed && (!ids || ids.includes(id)))
      .map(([id, i]) => ({
        InstanceId: id,
        PingStatus: i.ping,
        PlatformType: i.platform,
        PlatformName: i.platform === 'Linux' ? 'Amazon Linux' : 'Microsoft Windows Server 2022 Datacenter',
        AgentVersion: '3.3.0.0',
        LastPingDateTime: Math.floor(this.options.now() / 1000),
      }));
    return { InstanceInformationList: list };
  }

  private async send(body: Record<string, unknown>) {
    const ids = body.InstanceIds as string[];
    const document = body.DocumentName as string;
    const commands = ((body.Parameters as Record<string, string[]>)?.commands ?? []) as string[];
    if (!Array.isArray(ids) || !ids.length || ids.length > 50) throw new Error('InstanceIds: 1 to 50 ids');
    for (const id of ids) {
      const i = this.known(id);
      if (!i || !i.managed || i.ping !== 'Online') {
        const e = new Error(`Instances [[${id}]] not in a valid state for account 123456789012`);
        (e as { type?: string }).type = 'InvalidInstanceId';
        throw e;
      }
    }
    const id = `cmd-${++this.next}`;
    const kind = commands.some((c) => c.includes('Apply Now')) ? 'apply' : 'report';
    const invocations = await Promise.all(
      ids.map(async (instanceId) => {
        const i = this.instances.get(instanceId)!;
        i.onCommand?.(kind, ++i.commands);
        if (document !== 'AWS-RunShellScript')
          return { instanceId, status: 'Failed', stdout: '', stderr: `the stand-in cannot run ${document}`, code: 1 };
        return { instanceId, ...(await this.run(i.instance, commands, id)) };
      }),
    );
    this.commands.set(id, { id, document, commands, invocations, polls: 0 });
    return { Command: { CommandId: id, DocumentName: document, InstanceIds: ids, Status: 'Pending' } };
  }

  /** As the SSM agent does: the commands into a script file, run by a shell (bash here), in the instance's environment. */
  private run(instance: FakeInstance, commands: string[], commandId: string) {
    const file = join(instance.root, `.state/${commandId}.sh`);
    writeFileSync(file, commands.join('\n') + '\n');
    return new Promise<{ status: string; stdout: string; stderr: string; code: number }>((resolve) => {
      const child = spawn('bash', [file], {
        env: instance.env(),
        cwd: instance.root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) =>
        resolve({
          status: code === 0 ? 'Success' : 'Failed',
          stdout: stdout.slice(0, 24_000),
          stderr: stderr.slice(0, 8000),
          code: code ?? -1,
        }),
      );
    });
  }

  private list(res: ServerResponse, body: Record<string, unknown>) {
    const c = this.commands.get(body.CommandId as string);
    if (!c) return this.json(res, { CommandInvocations: [] });
    const inProgress = c.polls++ < this.inProgressPolls;
    return this.json(res, {
      CommandInvocations: c.invocations.map((i) => ({
        CommandId: c.id,
        InstanceId: i.instanceId,
        DocumentName: c.document,
        Status: inProgress ? 'InProgress' : i.status,
        StatusDetails: inProgress ? 'InProgress' : i.status,
      })),
    });
  }

  private get(res: ServerResponse, body: Record<string, unknown>) {
    const c = this.commands.get(body.CommandId as string);
    const i = c?.invocations.find((x) => x.instanceId === body.InstanceId);
    if (!c || !i) return this.error(res, 400, 'InvocationDoesNotExist', 'no such invocation');
    return this.json(res, {
      CommandId: c.id,
      InstanceId: i.instanceId,
      DocumentName: c.document,
      Status: i.status,
      StatusDetails: i.status,
      ResponseCode: i.code,
      StandardOutputContent: i.stdout,
      StandardErrorContent: i.stderr,
    });
  }

  private json(res: ServerResponse, value: unknown): void {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${this.next}` });
    res.end(JSON.stringify(value));
  }

  private error(res: ServerResponse, status: number, type: string, message: string): void {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type });
    res.end(JSON.stringify({ __type: type, message }));
  }

  private forward(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    if (!this.options.moto) return this.error(res, 404, 'UnknownService', 'no moto behind this stand-in');
    const moto = new URL(this.options.moto);
    const out = httpRequest(
      { host: moto.hostname, port: moto.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', (e) => this.error(res, 502, 'BadGateway', e.message));
    out.end(raw);
  }
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main';
import { createGateways } from '../../../src/aws/gateways';
import { createClients, destroyClients } from '../../../src/aws/clients';
import { createSsmClient } from '../../../src/aws/ssm';
import { isAwsError } from '../../../src/core/aws/errors';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { DescribeInstanceInformationCommand } from '@aws-sdk/client-ssm';
import { endpointHeader, type CliAws } from '../../../src/cli/aws-options';
import { endpointProblem } from '../../../src/core/aws/endpoint';
import { FakeClock } from '../helpers/fakeAws';
import { startFaulty } from './helpers/faulty';
import { FIXTURES, fixture, xmlEscape } from './helpers/recorded';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * AWS faults on loopback: an endpoint that accepts and never answers, one that
 * drops the connection, one that is plain http elsewhere. Short timeouts come
 * from the configuration (never a sleep in the test).
 */
const ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };

async function cli(args: string[], env: Record<string, string> = ENV, aws?: CliAws) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    args,
    { cwd: process.cwd(), stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env },
    aws ?? { gateways: createGateways, clock: new FakeClock(Date.now()), pollMs: 1000 },
  );
  return { code, stdout, stderr };
}

test('an endpoint that accepts and never answers: status ends at the request timeout with a clear message, not retried', async () => {
  const server = await startFaulty(() => 'hang');
  try {
    const out = await cli([
      'status',
      '--stack',
      'fleet',
      '--endpoint-url',
      server.endpoint,
      '--request-timeout',
      '0.3',
    ]);
    assert.equal(out.code, 1, out.stderr);
    assert.match(
      out.stderr,
      /No answer from AWS for cloudformation:DescribeStacks within 0\.3 s: the request timed out\./,
    );
    assert.match(out.stderr, /raise the timeouts/);
    assert.doesNotMatch(out.stderr, /internal error|at .*\.js/);
    assert.deepEqual(server.actions, ['DescribeStacks'], 'a timed-out read is not repeated');
  } finally {
    await server.close();
  }
});

test('the request timeout also comes from CFN_HUP_TOOLS_REQUEST_TIMEOUT; a bad value is a usage error', async () => {
  const server = await startFaulty(() => 'hang');
  try {
    const out = await cli(['status', '--stack', 'fleet', '--endpoint-url', server.endpoint], {
      ...ENV,
      CFN_HUP_TOOLS_REQUEST_TIMEOUT: '0.25',
    });
    assert.equal(out.code, 1);
    assert.match(out.stderr, /within 0\.25 s/);
    const bad = await cli([
      'status',
      '--stack',
      'fleet',
      '--endpoint-url',
      server.endpoint,
      '--request-timeout',
      'soon',
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--request-timeout must be a number of seconds/);
  } finally {
    await server.close();
  }
});

test('a dropped connection on a read is retried, then answered', async () => {
  const server = await startFaulty((_action, i) =>
    i === 0 ? 'drop' : { body: fixture('cloudformation/DescribeStacks-complete-41.xml') },
  );
  const clock = new FakeClock(Date.now());
  const g = createGateways({
    region: 'us-east-1',
    endpointUrl: server.endpoint,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    clock,
    timeouts: { requestMs: 2000 },
  });
  try {
    const stack = await g.stacks.describeStack('fleet');
    assert.equal(stack.status, 'UPDATE_COMPLETE');
    assert.deepEqual(server.actions, ['DescribeStacks', 'DescribeStacks']);
  } finally {
    g.dispose();
    await server.close();
  }
});

test('a plain-http endpoint that is not loopback is refused before any request (flag or AWS_ENDPOINT_URL_*), loopback and https are not', async () => {
  const flag = await cli(['status', '--stack', 'fleet', '--endpoint-url', 'http://192.0.2.10:5000']);
  assert.equal(flag.code, 2);
  assert.match(
    flag.stderr,
    /--endpoint-url is http:\/\/192\.0\.2\.10:5000: plain http .* access key id and session token in clear/,
  );
  assert.match(flag.stderr, /add --allow-insecure-endpoint/);
  const env = await cli(['status', '--stack', 'fleet'], { ...ENV, AWS_ENDPOINT_URL_EC2: 'http://capture.example.com' });
  assert.equal(env.code, 2);
  assert.match(env.stderr, /AWS_ENDPOINT_URL_EC2 is http:\/\/capture\.example\.com: plain http/);
  const cases: [string, boolean][] = [
    ['http://127.0.0.1:5000', true],
    ['http://localhost:4566', true],
    ['http://[::1]:5000', true],
    ['https://cloudformation.example.com', true],
    ['http://10.0.0.5:5000', false],
    ['http://127.0.0.1.evil.example.com', false],
    ['http://user@10.0.0.5', false],
  ];
  for (const [url, ok] of cases) assert.equal(endpointProblem({ url, source: 'x' }, false) === undefined, ok, url);
  assert.equal(endpointProblem({ url: 'http://10.0.0.5:5000', source: 'x' }, true), undefined, 'allowed explicitly');
});

test('the endpoint in use is printed on stderr, also when it comes from AWS_ENDPOINT_URL', async () => {
  const server = await startFaulty(() => ({ body: fixture('cloudformation/DescribeStacks-complete-41.xml') }));
  const saved = process.env.AWS_ENDPOINT_URL;
  // The SDK itself follows AWS_ENDPOINT_URL from the process environment.
  process.env.AWS_ENDPOINT_URL = server.endpoint;
  try {
    const g = createGateways({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    try {
      assert.equal((await g.stacks.describeStack('fleet')).name, 'fleet');
    } finally {
      g.dispose();
    }
    const header = endpointHeader(
      {},
      { cwd: '', stdout: () => {}, stderr: () => {}, env: { AWS_ENDPOINT_URL: server.endpoint } },
    );
    assert.equal(header, `cfn-hup-tools: AWS endpoint ${server.endpoint} (AWS_ENDPOINT_URL)\n`);
    const flagged = await cli([
      'status',
      '--stack',
      'fleet',
      '--endpoint-url',
      server.endpoint,
      '--request-timeout',
      '0.5',
    ]);
    assert.match(flagged.stderr, new RegExp(`^cfn-hup-tools: AWS endpoint ${server.endpoint} \\(--endpoint-url\\)\\n`));
    assert.equal(
      endpointHeader({}, { cwd: '', stdout: () => {}, stderr: () => {}, env: {} }),
      undefined,
      'nothing for AWS itself',
    );
  } finally {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
    await server.close();
  }
});

const TEMPLATE = readFileSync(join(FIXTURES, 'fleet-stack.yaml'), 'utf8');

/** The recorded conversation of a release of fleet (BuildNumber 41 → 42); `phase` says where the stack is. */
function answer(action: string, params: URLSearchParams, state: { executed: boolean }): { body: string } {
  const file: Record<string, string> = {
    CreateChangeSet: 'cloudformation/CreateChangeSet.xml',
    DescribeChangeSet: 'cloudformation/DescribeChangeSet-complete.xml',
    DeleteChangeSet: 'cloudformation/DeleteChangeSet.xml',
    ExecuteChangeSet: 'cloudformation/ExecuteChangeSet.xml',
    DescribeStackEvents: 'cloudformation/DescribeStackEvents-before.xml',
    ListStackResources: 'cloudformation/ListStackResources.xml',
    DescribeAutoScalingGroups: 'autoscaling/DescribeAutoScalingGroups.xml',
    DescribeLaunchTemplates: 'ec2/DescribeLaunchTemplates.xml',
    DescribeInstances: 'ec2/DescribeInstances.xml',
    DescribeStacks: state.executed
      ? 'cloudformation/DescribeStacks-in-progress-42.xml'
      : 'cloudformation/DescribeStacks-complete-41.xml',
  };
  if (action === 'GetTemplate')
    return {
      body: `<GetTemplateResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><GetTemplateResult><TemplateBody>${xmlEscape(TEMPLATE)}</TemplateBody></GetTemplateResult><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></GetTemplateResponse>`,
    };
  if (!file[action]) throw new Error(`unexpected ${action}`);
  return { body: fixture(file[action]!, { NAME: params.get('ChangeSetName') ?? '' }) };
}

async function release(server: { endpoint: string }, signal?: { aborted: boolean }, extra: string[] = []) {
  return cli(
    ['release', '--stack', 'fleet', '--yes', '--endpoint-url', server.endpoint, '--request-timeout', '1', ...extra],
    ENV,
    { gateways: createGateways, clock: new FakeClock(Date.now()), pollMs: 1000, signal } as CliAws,
  );
}

test('release: the connection drops on ExecuteChangeSet (it ran): the stack is read again, its status and build reported, exit 3', async () => {
  const state = { executed: false };
  const server = await startFaulty((action, _i, params) => {
    if (action === 'ExecuteChangeSet') {
      state.executed = true;
      return 'drop';
    }
    return answer(action, params, state);
  });
  try {
    const out = await release(server);
    assert.equal(out.code, 3, out.stdout + out.stderr);
    assert.match(out.stdout, /Executing the change set\.\.\./);
    assert.match(
      out.stderr,
      /The connection to AWS was lost while executing change set cfn-hup-tools-BuildNumber-\d+ .* Read again: fleet is UPDATE_IN_PROGRESS; BuildNumber is "42"\. The update goes on in CloudFormation\. Watch it with `cfn-hup-tools status --stack fleet --region us-east-1`/,
    );
    assert.doesNotMatch(out.stdout + out.stderr, /Cancelled/);
    assert.equal(server.actions.filter((a) => a === 'ExecuteChangeSet').length, 1, 'a write is never repeated');
    assert.equal(server.actions.at(-1), 'DescribeStacks');
  } finally {
    await server.close();
  }
});

test('release: Ctrl-C while DescribeChangeSet is in flight: the change set is deleted, "Executing" never printed, exit 1', async () => {
  const signal = { aborted: false };
  const server = await startFaulty((action, _i, params) => {
    if (action === 'DescribeChangeSet') signal.aborted = true;
    return answer(action, params, { executed: false });
  });
  try {
    const out = await release(server, signal);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.doesNotMatch(out.stdout, /Executing/);
    assert.match(
      out.stderr,
      /Cancelled before executing; the stack was not changed\. The change set cfn-hup-tools-BuildNumber-\d+ was deleted\./,
    );
    assert.ok(server.actions.includes('DeleteChangeSet'));
    assert.ok(!server.actions.includes('ExecuteChangeSet'));
  } finally {
    await server.close();
  }
});

test('release: the endpoint hangs after CreateChangeSet: the timeout ends it and the change set left behind is named', async () => {
  const server = await startFaulty((action, _i, params) => {
    if (action === 'DescribeChangeSet' || action === 'DeleteChangeSet') return 'hang';
    return answer(action, params, { executed: false });
  });
  try {
    const out = await release(server, undefined, ['--request-timeout', '0.3']);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(out.stderr, /No answer from AWS for cloudformation:DescribeChangeSet within 0\.3 s/);
    assert.match(
      out.stderr,
      /The change set (cfn-hup-tools-BuildNumber-\d+) could not be deleted \(No answer .*\): it stays on fleet; delete it in the console or with `aws cloudformation delete-change-set --stack-name fleet --change-set-name \1`/,
    );
    assert.match(out.stderr, /The stack was not changed\./);
  } finally {
    await server.close();
  }
});

test(
  'every client the tools make (CloudFormation, Auto Scaling, EC2, S3, STS, SSM) ends at the request timeout on a hung endpoint',
  { timeout: 30_000 },
  async () => {
    const server = await startFaulty(() => 'hang');
    const connection = {
      region: 'us-east-1',
      endpointUrl: server.endpoint,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      timeouts: { requestMs: 300, connectMs: 300 },
    };
    const clients = createClients(connection);
    const ssm = createSsmClient(connection);
    try {
      const calls: [string, Promise<unknown>][] = [
        ['cloudformation', clients.cloudFormation.send(new DescribeStacksCommand({}))],
        ['autoscaling', clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({}))],
        ['ec2', clients.ec2.send(new DescribeInstancesCommand({}))],
        ['s3', clients.s3.send(new HeadBucketCommand({ Bucket: 'templates' }))],
        ['sts', clients.sts.send(new GetCallerIdentityCommand({}))],
        ['ssm', ssm.send(new DescribeInstanceInformationCommand({}))],
      ];
      const outcomes = await Promise.allSettled(calls.map(([, p]) => p));
      outcomes.forEach((o, i) => {
        const service = calls[i]![0];
        assert.equal(o.status, 'rejected', `${service} answered?`);
        const e = (o as PromiseRejectedResult).reason as { name?: string; message?: string };
        assert.equal(e.name, 'TimeoutError', `${service}: ${e.name}: ${e.message}`);
        assert.match(e.message ?? '', /300 ?ms/, `${service} used the configured timeout`);
      });
      const g = createGateways({ ...connection, clock: new FakeClock(Date.now()) });
      try {
        await assert.rejects(g.ssm.describeManagedInstances(['i-0123456789abcdef0']), (e: unknown) => {
          assert.ok(isAwsError(e) && e.timedOut, String(e));
          assert.match((e as Error).message, /No answer from AWS for ssm:DescribeInstanceInformation within 0\.3 s/);
          return true;
        });
      } finally {
        g.dispose();
      }
    } finally {
      destroyClients(clients);
      ssm.destroy();
      await server.close();
    }
  },
);

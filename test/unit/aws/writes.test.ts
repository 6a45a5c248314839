import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGateways } from '../../../src/aws/gateways';
import { FakeClock } from '../helpers/fakeAws';
import { planRollingReplacement, runInstanceRefresh } from '../../../src/core/release/rolling';
import { startRecorded } from './helpers/recorded';
import { createServer } from 'node:http';

/** What the replacement and upload adapters put on the wire, checked on a loopback server. */
const NS = 'xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"';

test('instance replacement: TerminateInstanceInAutoScalingGroup keeps capacity; StartInstanceRefresh keeps a healthy minimum', async () => {
  let polls = 0;
  const server = await startRecorded((r) => {
    if (r.action === 'TerminateInstanceInAutoScalingGroup')
      return {
        body: `<TerminateInstanceInAutoScalingGroupResponse ${NS}><TerminateInstanceInAutoScalingGroupResult><Activity><ActivityId>a-1</ActivityId><AutoScalingGroupName>g</AutoScalingGroupName><Cause>c</Cause><StartTime>2026-01-01T00:00:00Z</StartTime><StatusCode>InProgress</StatusCode><Progress>0</Progress></Activity></TerminateInstanceInAutoScalingGroupResult><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></TerminateInstanceInAutoScalingGroupResponse>`,
      };
    if (r.action === 'StartInstanceRefresh')
      return {
        body: `<StartInstanceRefreshResponse ${NS}><StartInstanceRefreshResult><InstanceRefreshId>ir-1</InstanceRefreshId></StartInstanceRefreshResult><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></StartInstanceRefreshResponse>`,
      };
    if (r.action === 'DescribeInstanceRefreshes') {
      const status = ++polls < 3 ? 'InProgress' : 'Successful';
      return {
        body: `<DescribeInstanceRefreshesResponse ${NS}><DescribeInstanceRefreshesResult><InstanceRefreshes><member><InstanceRefreshId>ir-1</InstanceRefreshId><AutoScalingGroupName>g</AutoScalingGroupName><Status>${status}</Status><PercentageComplete>${polls * 33}</PercentageComplete></member></InstanceRefreshes></DescribeInstanceRefreshesResult><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></DescribeInstanceRefreshesResponse>`,
      };
    }
    throw new Error(r.action);
  });
  const clock = new FakeClock(Date.now());
  const g = createGateways({
    region: 'us-east-1',
    endpointUrl: server.endpoint,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    clock,
  });
  try {
    await g.scaling.terminateInstanceKeepingCapacity('i-1');
    const t = Object.fromEntries(server.requests[0]!.params.entries());
    assert.equal(t.InstanceId, 'i-1');
    assert.equal(t.ShouldDecrementDesiredCapacity, 'false');

    const plan = planRollingReplacement(
      {
        name: 'g',
        minSize: 2,
        maxSize: 3,
        desiredCapacity: 2,
        instances: [
          { id: 'i-1', lifecycleState: 'InService', health: 'Healthy' },
          { id: 'i-2', lifecycleState: 'InService', health: 'Healthy' },
        ],
      },
      { strategy: 'refresh', minHealthyPercentage: 50, instanceWarmupSeconds: 120 },
    );
    assert.ok(plan.ok && plan.kind === 'refresh');
    const progress: string[] = [];
    const result = await runInstanceRefresh({ scaling: g.scaling, clock }, plan, { progress: (l) => progress.push(l) });
    assert.equal(result.ok, true);
    const start = Object.fromEntries(
      server.requests.find((r) => r.action === 'StartInstanceRefresh')!.params.entries(),
    );
    assert.equal(start.AutoScalingGroupName, 'g');
    assert.equal(start.Strategy, 'Rolling');
    assert.equal(start['Preferences.MinHealthyPercentage'], '50');
    assert.equal(start['Preferences.InstanceWarmup'], '120');
    assert.deepEqual(progress, [
      'Instance refresh ir-1: InProgress 33%',
      'Instance refresh ir-1: InProgress 66%',
      'Instance refresh ir-1: Successful 99%',
    ]);
    assert.equal(clock.sleeps.length, 2, 'polled on the injected clock');
  } finally {
    g.dispose();
    await server.close();
  }
});

/** STS and S3 on loopback: the caller is account 123456789012; bucket "theirs" belongs to someone else. */
async function s3Stand_in(): Promise<{ endpoint: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.method === 'POST' && /Action=GetCallerIdentity/.test(body)) {
        seen.push('GetCallerIdentity');
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/dev</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        );
        return;
      }
      const owner = req.headers['x-amz-expected-bucket-owner'];
      seen.push(`${req.method} ${req.url} owner=${owner}`);
      // What S3 answers when ExpectedBucketOwner is not the bucket's owner.
      if (req.url?.startsWith('/theirs/') && owner !== '999999999999') {
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>R</RequestId></Error>',
        );
        return;
      }
      res.writeHead(200, { etag: '"abc"' });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test("a large template is uploaded with PutObject, ExpectedBucketOwner the caller's account, and its URL returned", async () => {
  const server = await s3Stand_in();
  const local = createGateways({
    region: 'eu-west-1',
    endpointUrl: server.endpoint,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    clock: new FakeClock(),
  });
  try {
    const url = await local.templates.putTemplate('my-bucket', 'cfn-hup-tools/fleet/t.template', 'Resources: {}');
    assert.equal(url, `${server.endpoint}/my-bucket/cfn-hup-tools/fleet/t.template`);
    assert.deepEqual(server.seen, [
      'GetCallerIdentity',
      'PUT /my-bucket/cfn-hup-tools/fleet/t.template?x-id=PutObject owner=123456789012',
    ]);
  } finally {
    local.dispose();
    await server.close();
  }
});

test('a bucket of another account: a clear refusal naming the account, nothing uploaded', async () => {
  const server = await s3Stand_in();
  const local = createGateways({
    region: 'eu-west-1',
    endpointUrl: server.endpoint,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    clock: new FakeClock(),
  });
  try {
    await assert.rejects(
      local.templates.putTemplate('theirs', 'cfn-hup-tools/fleet/t.template', 'Resources: {}'),
      (e: Error & { nextStep?: string }) => {
        assert.match(
          e.message,
          /Not uploading the template to s3:\/\/theirs: .*ExpectedBucketOwner 123456789012 \(your account\)\. The bucket belongs to another account/,
        );
        assert.match(e.nextStep ?? '', /Use a bucket of account 123456789012/);
        return true;
      },
    );
    assert.equal(server.seen.filter((x) => x.startsWith('PUT')).length, 1, 'an access denial is not retried');
  } finally {
    local.dispose();
    await server.close();
  }
});

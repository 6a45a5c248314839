import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGateways } from '../../../src/aws/gateways';
import { FakeClock } from '../helpers/fakeAws';
import { planRollingReplacement, runInstanceRefresh } from '../../../src/core/release/rolling';
import { startRecorded } from './helpers/recorded';

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

test('a large template is uploaded with PutObject and its URL returned', async () => {
  const server = await startRecorded(() => ({ body: '' }));
  const local = createGateways({
    region: 'eu-west-1',
    endpointUrl: server.endpoint,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    clock: new FakeClock(),
  });
  try {
    const url = await local.templates.putTemplate('my-bucket', 'cfn-hup-tools/fleet/t.template', 'Resources: {}');
    assert.equal(url, `${server.endpoint}/my-bucket/cfn-hup-tools/fleet/t.template`);
    assert.equal(server.requests.length, 1);
  } finally {
    local.dispose();
    await server.close();
  }
});

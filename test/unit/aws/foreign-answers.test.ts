import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main';
import { createGateways } from '../../../src/aws/gateways';
import { toAwsError } from '../../../src/aws/errors';
import { isAwsError } from '../../../src/core/aws/errors';
import { FakeClock } from '../helpers/fakeAws';
import { startRecorded, type Reply } from './helpers/recorded';

/**
 * An endpoint that answers, but not as AWS does (a wrong URL, a proxy's or a
 * gateway's page): one message naming that, with the HTTP status, and the
 * next step (the endpoint in use, a proxy); never the SDK's "$response" hint.
 */
const ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };

async function status(reply: Reply) {
  const server = await startRecorded(() => reply);
  let stdout = '';
  let stderr = '';
  try {
    const code = await main(
      ['status', '--stack', 'fleet', '--endpoint-url', server.endpoint],
      { cwd: process.cwd(), stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: ENV },
      { gateways: createGateways, clock: new FakeClock(Date.now()), pollMs: 1000 },
    );
    return { code, stdout, stderr, requests: server.requests.length };
  } finally {
    await server.close();
  }
}

test('status against an endpoint that is not AWS: the status, the likely cause and the endpoint to check', async () => {
  const cases: [Reply, number][] = [
    [{ status: 404, body: '' }, 404],
    [{ status: 403, body: '<html><body>Forbidden</body></html>', headers: { 'content-type': 'text/html' } }, 403],
    [{ status: 502, body: '<html><body>Bad gateway</body></html>', headers: { 'content-type': 'text/html' } }, 502],
    [{ status: 200, body: 'hello', headers: { 'content-type': 'text/plain' } }, 200],
  ];
  for (const [reply, code] of cases) {
    const out = await status(reply);
    const what = `HTTP ${code}: ${out.stderr}`;
    assert.equal(out.code, 1, what);
    assert.match(
      out.stderr,
      new RegExp(
        `cfn-hup-tools: The endpoint answered cloudformation:DescribeStacks with HTTP ${code}, but not as AWS does: something else \\(a wrong endpoint URL, a proxy or a gateway\\) may be answering\\.\\n`,
      ),
      what,
    );
    assert.match(out.stderr, /the endpoint in use \(--endpoint-url, AWS_ENDPOINT_URL/, what);
    assert.match(out.stderr, /any proxy in between/, what);
    assert.doesNotMatch(out.stderr, /\$response|Deserialization|Unknown|Check the name|XML parse/, what);
    assert.equal(out.requests, 1, 'not retried');
  }
});

test('EC2 and SSM (JSON) answered by something else say the same', async () => {
  for (const reply of [
    { status: 404, body: '' },
    { status: 403, body: '<html>no</html>', headers: { 'content-type': 'text/html' } },
    { status: 200, body: 'hello' },
  ] as Reply[]) {
    const server = await startRecorded(() => reply);
    const g = createGateways({
      region: 'us-east-1',
      endpointUrl: server.endpoint,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      clock: new FakeClock(Date.now()),
    });
    try {
      for (const [action, call] of [
        ['ec2:DescribeInstances', () => g.instances.describeInstances(['i-0123456789abcdef0'])],
        ['ssm:DescribeInstanceInformation', () => g.ssm.describeManagedInstances(['i-0123456789abcdef0'])],
      ] as const) {
        await assert.rejects(call(), (e: unknown) => {
          assert.ok(isAwsError(e), String(e));
          assert.match(
            e.message,
            new RegExp(`^The endpoint answered ${action} with HTTP ${reply.status}, but not as AWS does`),
            `${action} ${reply.status}: ${e.message}`,
          );
          assert.doesNotMatch(e.message + e.nextStep, /\$response|Deserialization/);
          return true;
        });
      }
    } finally {
      g.dispose();
      await server.close();
    }
  }
});

test('real AWS errors keep their messages: a NotFound with a code, S3 HEAD 404s without a body', async () => {
  const notFound = await status({
    status: 400,
    body: '<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id fleet does not exist</Message></Error><RequestId>r</RequestId></ErrorResponse>',
  });
  assert.match(notFound.stderr, /cfn-hup-tools: Stack with id fleet does not exist\nCheck the name and the region/);
  const coded404 = await status({
    status: 404,
    body: '<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>No such thing: fleet</Message></Error><RequestId>r</RequestId></ErrorResponse>',
  });
  assert.match(coded404.stderr, /cfn-hup-tools: No such thing: fleet\nCheck the name and the region/);
  // What the SDK makes of S3's body-less 404 to a HEAD.
  const head = toAwsError(
    Object.assign(new Error('UnknownError'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }),
    { action: 's3:HeadObject', subject: 'Object templates/x' },
  );
  assert.equal(head.kind, 'NotFound');
  assert.match(head.nextStep, /Check the name and the region/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import { main } from '../../../src/cli/main';
import { createGateways } from '../../../src/aws/gateways';
import { SdkTemplateStore } from '../../../src/aws/s3';
import { describeEndpoints, endpointProblem, redactEndpoint } from '../../../src/core/aws/endpoint';
import { endpointState, statusView } from '../../../src/vscode/aws/connectionView';
import { FakeClock } from '../helpers/fakeAws';
import { startRecorded } from './helpers/recorded';

/** An endpoint URL's user name and password are never shown: CLI stderr, refusals, the status bar, an upload's URL. */
const ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };

async function cli(args: string[], env: Record<string, string> = ENV) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    args,
    { cwd: process.cwd(), stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env },
    { gateways: createGateways, clock: new FakeClock(Date.now()), pollMs: 1000 },
  );
  return { code, stdout, stderr };
}

test('redactEndpoint hides the user name and password, up to the last @, whatever the password holds', () => {
  assert.equal(redactEndpoint('http://user:pass@127.0.0.1:5055'), 'http://***@127.0.0.1:5055');
  assert.equal(redactEndpoint('https://u:p@ss@host.example.com'), 'https://***@host.example.com');
  assert.equal(redactEndpoint('user:pass@host'), '***@host');
  // A raw password may hold what ends a URL's authority (review: these were shown).
  for (const password of ['p#ss', 'pa/ss', 'p?ss', 'p ss'])
    assert.equal(redactEndpoint(`http://user:${password}@127.0.0.1:5055`), 'http://***@127.0.0.1:5055', password);
  // An endpoint without user info is shown as it is; one with an @ in its path is hidden past it (harmless).
  assert.equal(redactEndpoint('http://127.0.0.1:5055/path'), 'http://127.0.0.1:5055/path');
  assert.equal(
    describeEndpoints([{ url: 'http://u:p@localhost:4566', source: 'AWS_ENDPOINT_URL' }]),
    'http://***@localhost:4566 (AWS_ENDPOINT_URL)',
  );
});

test('CLI: the endpoint header and the refusals never echo user:pass', async () => {
  const server = await startRecorded(() => ({ file: 'cloudformation/DescribeStacks-complete-41.xml' }));
  try {
    const withUser = server.endpoint.replace('http://', 'http://user:pass@');
    const flag = await cli(['status', '--stack', 'fleet', '--endpoint-url', withUser]);
    assert.match(flag.stderr, /^cfn-hup-tools: AWS endpoint http:\/\/\*\*\*@127\.0\.0\.1:\d+ \(--endpoint-url\)\n/);
    const env = await cli(['status', '--stack', 'fleet'], {
      ...ENV,
      AWS_ENDPOINT_URL_EC2: withUser,
      AWS_ENDPOINT_URL: withUser,
    });
    assert.match(env.stderr, /AWS endpoint http:\/\/\*\*\*@127\.0\.0\.1:\d+ \(AWS_ENDPOINT_URL_EC2\)/);
    const refused = await cli(['status', '--stack', 'fleet', '--endpoint-url', 'http://user:pass@192.0.2.10:5000']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--endpoint-url is http:\/\/\*\*\*@192\.0\.2\.10:5000: plain http/);
    const malformed = await cli(['status', '--stack', 'fleet', '--endpoint-url', 'ftp://user:pass@192.0.2.10']);
    assert.match(malformed.stderr, /must be an http\(s\) URL, got "ftp:\/\/\*\*\*@192\.0\.2\.10"/);
    for (const out of [flag, env, refused, malformed]) assert.doesNotMatch(out.stdout + out.stderr, /pass/);
  } finally {
    await server.close();
  }
});

test('editor: the status bar, its tooltip and the refusal never show user:pass', () => {
  const timeouts = { requestMs: 60_000, connectMs: 10_000 };
  const endpoints = [{ url: 'http://user:pass@127.0.0.1:5055', source: 'cfnHup.aws.endpointUrl' }];
  const view = statusView({ profile: 'dev', region: 'us-east-1', endpoints, problem: undefined, timeouts });
  assert.equal(view.text, '$(cloud) dev · us-east-1 · 127.0.0.1:5055');
  assert.match(view.tooltip.join('\n'), /Endpoint: http:\/\/\*\*\*@127\.0\.0\.1:5055 \(cfnHup\.aws\.endpointUrl\)/);
  const odd = statusView({
    profile: 'dev',
    region: 'us-east-1',
    endpoints: [{ url: 'user:pass@h', source: 'x' }],
    problem: undefined,
    timeouts,
  });
  const state = endpointState({ url: 'http://user:pass@192.0.2.10:5000', source: 'cfnHup.aws.endpointUrl' }, false, {});
  assert.match(state.problem ?? '', /is http:\/\/\*\*\*@192\.0\.2\.10:5000: plain http/);
  assert.equal(endpointProblem({ url: 'http://user:pass@192.0.2.10', source: 'x' }, true), undefined);
  for (const text of [view.text, ...view.tooltip, odd.text, ...odd.tooltip, state.problem ?? ''])
    assert.doesNotMatch(text, /pass/, text);
});

test("an uploaded template's URL on such an endpoint carries no user name or password", async () => {
  const s3 = { send: async () => ({}) } as unknown as S3Client;
  const sts = { send: async () => ({ Account: '123456789012' }) } as unknown as STSClient;
  const store = new SdkTemplateStore(s3, sts, {
    retry: { clock: new FakeClock() },
    endpointUrl: 'http://user:pass@127.0.0.1:5055/',
  });
  assert.equal(await store.putTemplate('b', 'k/t.template', 'x'), 'http://127.0.0.1:5055/b/k/t.template');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main';
import { createGateways } from '../../../src/aws/gateways';
import { FakeClock } from '../helpers/fakeAws';
import { startRecorded } from './helpers/recorded';

/** Usage errors of the AWS commands: exit 2, no request, and a message that names what was wrong. */
const ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };

async function usage(args: string[], env: Record<string, string> = {}) {
  const server = await startRecorded(() => ({ file: 'cloudformation/DescribeStacks-complete-41.xml' }));
  let stdout = '';
  let stderr = '';
  try {
    const code = await main(
      [...args, '--endpoint-url', server.endpoint],
      { cwd: process.cwd(), stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { ...ENV, ...env } },
      { gateways: createGateways, clock: new FakeClock(Date.now()), pollMs: 1000 },
    );
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.equal(server.requests.length, 0);
    return stderr;
  } finally {
    await server.close();
  }
}

test('a timeout of 0 is refused with a range that excludes it; a bad environment value names the variable', async () => {
  for (const flag of ['--request-timeout', '--connect-timeout']) {
    const zero = await usage(['status', '--stack', 'fleet', flag, '0']);
    assert.match(zero, new RegExp(`${flag} must be a number of seconds greater than 0 and at most 3600, got "0"`));
    assert.doesNotMatch(zero, /from 0/);
  }
  const request = await usage(['status', '--stack', 'fleet'], { CFN_HUP_TOOLS_REQUEST_TIMEOUT: 'banana' });
  assert.match(
    request,
    /CFN_HUP_TOOLS_REQUEST_TIMEOUT must be a number of seconds greater than 0 and at most 3600, got "banana"/,
  );
  assert.doesNotMatch(request, /--request-timeout/);
  const connect = await usage(['status', '--stack', 'fleet'], { CFN_HUP_TOOLS_CONNECT_TIMEOUT: '-1' });
  assert.match(connect, /^cfn-hup-tools: CFN_HUP_TOOLS_CONNECT_TIMEOUT must be a number of seconds/m);
  // The flag wins over the variable, and is named when it is the bad one.
  const both = await usage(['status', '--stack', 'fleet', '--request-timeout', 'soon'], {
    CFN_HUP_TOOLS_REQUEST_TIMEOUT: '5',
  });
  assert.match(both, /--request-timeout must be a number of seconds greater than 0 and at most 3600, got "soon"/);
});

test('release: an empty --parameter is a usage error, like an empty --value', async () => {
  assert.match(await usage(['release', '--stack', 'fleet', '--parameter', '']), /--parameter must not be empty/);
  assert.match(await usage(['release', '--stack', 'fleet', '--parameter', '  ']), /--parameter must not be empty/);
  assert.match(await usage(['release', '--stack', 'fleet', '--value', '']), /--value must not be empty/);
});

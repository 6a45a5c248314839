import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { createGateways } from '../../../src/aws/gateways';
import { configuredEndpoints } from '../../../src/core/aws/configuredEndpoints';
import { endpointState } from '../../../src/vscode/aws/connectionView';
import { FakeClock } from '../helpers/fakeAws';
import { startFaulty } from './helpers/faulty';

/**
 * The AWS SDK also follows `endpoint_url` set in ~/.aws/config (for a profile, or per service
 * through a `[services NAME]` section). Such an endpoint must be named and checked like the
 * flag and AWS_ENDPOINT_URL: a profile must not send signed requests somewhere unseen.
 */
const CONFIG = [
  '[default]',
  'region = us-east-1',
  '',
  '[profile local]',
  'endpoint_url = http://127.0.0.1:4566',
  '',
  '[profile capture]',
  'region = eu-west-1',
  'endpoint_url = http://192.0.2.7:4566',
  '',
  '[profile split]',
  'services = lab',
  '',
  '[services lab]',
  'cloudformation =',
  '  endpoint_url = https://cfn.lab.example.com',
  'ec2 =',
  '  endpoint_url = http://10.9.8.7:5000',
  '',
  '[profile quiet]',
  'endpoint_url = http://192.0.2.7:4566',
  'ignore_configured_endpoint_urls = true',
  '',
].join('\r\n');

test('configuredEndpoints reads a profile endpoint_url and a services section as the SDK does', () => {
  assert.deepEqual(configuredEndpoints(CONFIG, 'default'), []);
  assert.deepEqual(configuredEndpoints(CONFIG, 'local'), [
    { url: 'http://127.0.0.1:4566', source: 'endpoint_url of profile "local" in ~/.aws/config' },
  ]);
  assert.deepEqual(
    configuredEndpoints(CONFIG, 'split').map((e) => e.url),
    ['https://cfn.lab.example.com', 'http://10.9.8.7:5000'],
  );
  assert.match(configuredEndpoints(CONFIG, 'split')[1]!.source, /ec2 endpoint_url in \[services lab\]/);
  assert.deepEqual(configuredEndpoints(CONFIG, 'quiet'), [], 'ignore_configured_endpoint_urls = true');
  assert.deepEqual(configuredEndpoints(CONFIG, 'absent'), []);
  assert.deepEqual(configuredEndpoints('', 'default'), []);
  assert.deepEqual(configuredEndpoints('\u0000garbage = [\n[[[', 'default'), [], 'no crash on a broken file');
});

function configFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-hup-config-'));
  const file = join(dir, 'config');
  writeFileSync(file, CONFIG);
  return file;
}

async function cli(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    args,
    { cwd: process.cwd(), stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env },
    { gateways: createGateways, clock: new FakeClock(Date.now()), pollMs: 1000 },
  );
  return { code, stdout, stderr };
}

test('CLI: a profile whose config sends calls over plain http to another host is refused before any request; a loopback one is named', async () => {
  const env = {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: configFile(),
  };
  const refused = await cli(['status', '--stack', 'fleet', '--profile', 'capture'], env);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(
    refused.stderr,
    /endpoint_url of profile "capture" in .*config is http:\/\/192\.0\.2\.7:4566: plain http/,
  );
  assert.match(refused.stderr, /add --allow-insecure-endpoint/);
  const perService = await cli(['status', '--stack', 'fleet'], { ...env, AWS_PROFILE: 'split' });
  assert.equal(perService.code, 2);
  assert.match(perService.stderr, /ec2 endpoint_url in \[services lab\] .* is http:\/\/10\.9\.8\.7:5000/);

  // A loopback endpoint from the profile is used and named on stderr, like the flag's.
  const server = await startFaulty(() => 'drop');
  try {
    const local = await cli(['status', '--stack', 'fleet', '--profile', 'local', '--request-timeout', '2'], {
      ...env,
      AWS_CONFIG_FILE: (() => {
        const f = configFile();
        writeFileSync(f, `[profile local]\nendpoint_url = ${server.endpoint}\n`);
        return f;
      })(),
    });
    assert.match(local.stderr, new RegExp(`AWS endpoint ${server.endpoint.replace(/[.]/g, '\\.')}`));
    assert.match(local.stderr, /endpoint_url of profile "local"/);
  } finally {
    await server.close();
  }
});

test('editor: the same rule for the profile in use (endpointState)', () => {
  const capture = endpointState(undefined, false, {}, configuredEndpoints(CONFIG, 'capture'));
  assert.match(capture.problem ?? '', /plain http/);
  assert.match(capture.problem ?? '', /cfnHup\.aws\.allowInsecureEndpoint user setting \(or remove the endpoint_url/);
  assert.equal(endpointState(undefined, true, {}, configuredEndpoints(CONFIG, 'capture')).problem, undefined);
  const setting = endpointState({ url: 'http://127.0.0.1:5000', source: 'cfnHup.aws.endpointUrl' }, false, {}, []);
  assert.deepEqual(
    setting.endpoints.map((e) => e.source),
    ['cfnHup.aws.endpointUrl'],
  );
});

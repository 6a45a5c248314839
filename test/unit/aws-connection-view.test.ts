import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_REQUEST_TIMEOUT_SECONDS,
  endpointState,
  requestTimeouts,
  statusView,
} from '../../src/vscode/aws/connectionView';

/** Where the editor's AWS calls go, and what its status bar item says (src/vscode/aws/connectionView.ts). */
const SETTING = 'cfnHup.aws.endpointUrl';

test('editor endpoint: a non-loopback http endpoint from the setting is refused unless allowed; loopback and https are not', () => {
  const refused = endpointState({ url: 'http://192.0.2.10:5000', source: SETTING }, false, {});
  assert.match(
    refused.problem ?? '',
    /^cfnHup\.aws\.endpointUrl is http:\/\/192\.0\.2\.10:5000: plain http .*access key id and session token in clear.*cfnHup\.aws\.allowInsecureEndpoint user setting\.$/,
  );
  assert.deepEqual(refused.endpoints, [{ url: 'http://192.0.2.10:5000', source: SETTING }]);
  assert.equal(endpointState({ url: 'http://192.0.2.10:5000', source: SETTING }, true, {}).problem, undefined);
  for (const url of ['http://127.0.0.1:5000', 'http://localhost:4566', 'https://cfn.example.com'])
    assert.equal(endpointState({ url, source: SETTING }, false, {}).problem, undefined, url);
  assert.match(
    endpointState({ url: '127.0.0.1:5000', source: SETTING }, false, {}).problem ?? '',
    /must be an http\(s\) URL/,
  );
});

test('editor endpoint: AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> in the environment are detected, checked, and lose to the setting', () => {
  const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_ENDPOINT_URL_EC2: 'http://capture.example.com' };
  const fromEnv = endpointState(undefined, false, env);
  assert.deepEqual(
    fromEnv.endpoints.map((e) => e.source),
    ['AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL'],
  );
  assert.match(
    fromEnv.problem ?? '',
    /^AWS_ENDPOINT_URL_EC2 is http:\/\/capture\.example\.com: plain http.*start VS Code without AWS_ENDPOINT_URL_EC2/,
  );
  const setting = endpointState({ url: 'https://cfn.example.com', source: SETTING }, false, env);
  assert.deepEqual(setting, { endpoints: [{ url: 'https://cfn.example.com', source: SETTING }], problem: undefined });
  assert.deepEqual(endpointState(undefined, false, { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }), {
    endpoints: [],
    problem: undefined,
  });
  assert.deepEqual(endpointState(undefined, false, {}), { endpoints: [], problem: undefined });
});

test('request timeout setting: seconds → per-request timeouts; connect within the CLI 10 s or less; bad values → the default', () => {
  assert.equal(DEFAULT_REQUEST_TIMEOUT_SECONDS, 60, "the CLI's --request-timeout default");
  assert.deepEqual(requestTimeouts(undefined), { requestMs: 60_000, connectMs: 10_000 });
  assert.deepEqual(requestTimeouts(20), { requestMs: 20_000, connectMs: 10_000 });
  assert.deepEqual(requestTimeouts(2.5), { requestMs: 2500, connectMs: 2500 });
  for (const bad of [0, -1, Number.NaN, 3601, '30', null])
    assert.deepEqual(requestTimeouts(bad), requestTimeouts(undefined), String(bad));
});

test('status bar: profile and region; the endpoint when it is not AWS own, with its source in the tooltip; a warning when refused', () => {
  const timeouts = requestTimeouts(undefined);
  const plain = statusView({ profile: undefined, region: 'eu-west-1', endpoints: [], problem: undefined, timeouts });
  assert.equal(plain.text, '$(cloud) default · eu-west-1');
  assert.equal(plain.warning, false);
  assert.match(plain.tooltip.join('\n'), /Endpoint: AWS's own/);
  assert.match(plain.tooltip.join('\n'), /up to 60 s \(cfnHup\.aws\.requestTimeoutSeconds\)/);
  const env = statusView({
    profile: 'dev',
    region: undefined,
    endpoints: [{ url: 'http://localhost:4566/', source: 'AWS_ENDPOINT_URL' }],
    problem: undefined,
    timeouts,
  });
  assert.equal(env.text, '$(cloud) dev · no region · localhost:4566');
  assert.match(env.tooltip.join('\n'), /Endpoint: http:\/\/localhost:4566\/ \(AWS_ENDPOINT_URL\) instead of AWS's own/);
  const refused = statusView({
    profile: 'dev',
    region: 'us-east-1',
    endpoints: [{ url: 'http://[2001:db8::1]:5000', source: SETTING }],
    problem: 'cfnHup.aws.endpointUrl is http://[2001:db8::1]:5000: plain http …',
    timeouts,
  });
  assert.equal(refused.text, '$(warning) dev · us-east-1 · [2001:db8::1]:5000');
  assert.equal(refused.warning, true);
  assert.match(refused.tooltip.join('\n'), /No call is made: cfnHup\.aws\.endpointUrl is http/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { beforeSdkLoad, loadSdk, sdkLoaded } from '../../src/aws/lazy';

/**
 * The CLI evaluates dist/aws.js through V8's code cache from a hook run just before the SDK's first
 * load (src/cli/bin.ts). The hook is an optimisation only: it runs once, and a hook that fails
 * leaves the SDK to load as it would without one.
 */
test('the hook runs once, before the first load, and its failure does not keep the SDK from loading', () => {
  assert.equal(sdkLoaded(), false);
  let calls = 0;
  beforeSdkLoad(() => {
    calls++;
    assert.equal(sdkLoaded(), false, 'before the SDK is loaded');
    throw new Error('no cache folder');
  });
  const sdk = loadSdk();
  assert.equal(typeof sdk.createGateways, 'function');
  assert.equal(loadSdk(), sdk);
  assert.equal(calls, 1);
});

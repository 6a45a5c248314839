import type * as Sdk from './sdk';
import type { AwsGateways, GatewayOptions } from './gateways';

let sdk: typeof Sdk | undefined;

/**
 * The SDK half of src/aws, loaded on first use. In the production bundles this
 * `require` is rewritten to `require("./aws.js")` (scripts/bundles.mjs), a file
 * of its own; in tests it is bundled inline but still evaluated only here.
 * Import the SDK through this module only (ESLint enforces it for src/cli and
 * src/vscode).
 */
export function loadSdk(): typeof Sdk {
  // A synchronous, lazily evaluated chunk (see above).
  sdk ??= require('./sdk') as typeof Sdk;
  return sdk;
}

/** Whether the SDK has been loaded in this process (for tests and the log). */
export function sdkLoaded(): boolean {
  return sdk !== undefined;
}

export function createGateways(options: GatewayOptions): AwsGateways {
  return loadSdk().createGateways(options);
}

/** Every region of the partition `region` belongs to (default: aws), from the SDK's endpoint data. */
export function regionsOfPartition(region?: string): ReturnType<typeof Sdk.regionsOfPartition> {
  return loadSdk().regionsOfPartition(region);
}

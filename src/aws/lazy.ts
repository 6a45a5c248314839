import type * as Sdk from './sdk';
import type { AwsGateways, GatewayOptions } from './gateways';

let sdk: typeof Sdk | undefined;
let beforeLoad: (() => void) | undefined;

/**
 * Run `hook` once, just before the SDK is first loaded. The CLI's executable uses it to evaluate
 * dist/aws.js through V8's code cache (src/cli/codeCache.ts), which registers the module where the
 * `require` below then finds it; anything the hook fails at leaves that `require` to load it as usual.
 */
export function beforeSdkLoad(hook: () => void): void {
  beforeLoad = hook;
}

/**
 * The SDK half of src/aws, loaded on first use. In the production bundles this
 * `require` is rewritten to `require("./aws.js")` (scripts/bundles.mjs), a file
 * of its own; in tests it is bundled inline but still evaluated only here.
 * Import the SDK through this module only (ESLint enforces it for src/cli and
 * src/vscode).
 */
export function loadSdk(): typeof Sdk {
  if (!sdk && beforeLoad) {
    const hook = beforeLoad;
    beforeLoad = undefined;
    try {
      hook();
    } catch {
      // An optimisation only: the plain require below still loads the SDK.
    }
  }
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

/**
 * Everything that needs the AWS SDK, in one entry. The production build
 * bundles it alone into dist/aws.js, which ./lazy.ts loads on the first AWS
 * call: lint, --version, --help, `rules` and the extension's activation never
 * pay for the SDK (issue 12).
 */
export { createGateways } from './gateways';
export { regionsOfPartition } from './regions';

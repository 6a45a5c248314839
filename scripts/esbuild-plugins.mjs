// esbuild plugins shared by scripts/build.mjs (the shipped bundles) and scripts/build-tests.mjs.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * `aws-sdk-partitions` (src/aws/regions.ts): the SDK's own partition and region data.
 * @aws-sdk/core exports no path to the file, so it is found next to the package's package.json.
 */
export const awsPartitions = {
  name: 'aws-sdk-partitions',
  setup(build) {
    build.onResolve({ filter: /^aws-sdk-partitions$/ }, () => ({
      path: join(
        dirname(require.resolve('@aws-sdk/core/package.json')),
        'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js',
      ),
    }));
  },
};

/**
 * The SDK in a file of its own: src/aws/lazy.ts's `require('./sdk')` becomes `require('./aws.js')`,
 * the bundle of src/aws/sdk.ts beside the CLI and the extension. Lint, --version and the
 * extension's activation never read or evaluate it.
 */
export const lazyAwsSdk = {
  name: 'lazy-aws-sdk',
  setup(build) {
    const lazy = resolve('src/aws/lazy.ts');
    build.onResolve({ filter: /^\.\/sdk$/ }, (args) =>
      args.kind === 'require-call' && resolve(args.importer) === lazy
        ? { path: './aws.js', external: true }
        : undefined,
    );
  },
};

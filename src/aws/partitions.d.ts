/**
 * The SDK's partition and region data (`@aws-sdk/core`'s util-endpoints
 * partitions.js). The package exports no path to it, so scripts/bundles.mjs
 * resolves this name to the file inside the installed package.
 */
declare module 'aws-sdk-partitions' {
  export const partitionsInfo: {
    partitions: {
      id: string;
      regionRegex: string;
      regions: Record<string, { description?: string }>;
    }[];
  };
}

import { partitionsInfo } from 'aws-sdk-partitions';

export interface RegionInfo {
  /** e.g. ap-northeast-3 */
  name: string;
  /** e.g. Asia Pacific (Osaka) */
  description?: string;
}

export interface PartitionRegions {
  /** aws, aws-cn, aws-us-gov, … */
  partition: string;
  regions: RegionInfo[];
}

/**
 * The regions of one partition, read from the endpoint data the SDK itself
 * resolves endpoints with (so a region AWS adds arrives with an SDK update,
 * not with a hand-kept list). The partition is the one `region` belongs to;
 * without a region, the commercial `aws` partition.
 */
export function regionsOfPartition(region?: string): PartitionRegions {
  const partitions = partitionsInfo.partitions;
  const partition =
    (region && partitions.find((p) => Object.hasOwn(p.regions, region))) ||
    (region && partitions.find((p) => new RegExp(p.regionRegex).test(region))) ||
    partitions.find((p) => p.id === 'aws') ||
    partitions[0]!;
  const regions = Object.entries(partition.regions)
    // Pseudo regions such as aws-global are endpoints, not places to deploy a stack.
    .filter(([name]) => /^[a-z]{2}(-[a-z]+)+-\d+$/.test(name))
    .map(([name, data]) => ({ name, ...(data.description ? { description: data.description } : {}) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { partition: partition.id, regions };
}

import type {
  AsgInstance,
  AutoScalingGroup,
  Cancellation,
  Ec2Instance,
  InstanceGateway,
  LaunchTemplateVersions,
  ScalingGateway,
  StackDetail,
  StackGateway,
  StackResourceSummary,
} from './ports';

/**
 * A stack's fleet: its Auto Scaling groups with their instances, and its
 * stand-alone instances. Instances launched from an older launch
 * configuration or launch template version than their group's current one are
 * marked: cfn-hup updates them in place, but an AMI or UserData change reaches
 * them only if they are replaced.
 */
export interface FleetInstance extends AsgInstance {
  privateIp?: string;
  state?: string;
  outdated: boolean;
}

export interface FleetGroup {
  name: string;
  logicalId: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  launchConfigurationName?: string;
  launchTemplate?: { id?: string; name?: string; version?: string; resolvedVersion?: string };
  instances: FleetInstance[];
}

export interface StandaloneInstance extends Ec2Instance {
  logicalId: string;
}

export interface Fleet {
  groups: FleetGroup[];
  instances: StandaloneInstance[];
  /** InService/running instance counts by the logical id of the resource they were launched from. */
  instancesByResource: Record<string, number>;
}

const ASG = 'AWS::AutoScaling::AutoScalingGroup';
const INSTANCE = 'AWS::EC2::Instance';

export async function loadFleet(
  gateways: { stacks: StackGateway; scaling: ScalingGateway; instances: InstanceGateway },
  stackName: string,
  signal?: Cancellation,
): Promise<Fleet> {
  const resources = await gateways.stacks.listStackResources(stackName, signal);
  const groupResources = resources.filter((r) => r.type === ASG && r.physicalId);
  const instanceResources = resources.filter((r) => r.type === INSTANCE && r.physicalId);
  const groups = groupResources.length
    ? await gateways.scaling.describeAutoScalingGroups(
        groupResources.map((r) => r.physicalId!),
        signal,
      )
    : [];
  const templateIds = [
    ...new Set(
      groups
        .flatMap((g) => [g.launchTemplate?.id, ...g.instances.map((i) => i.launchTemplate?.id)])
        .filter((x): x is string => !!x),
    ),
  ];
  const templates = templateIds.length ? await gateways.instances.describeLaunchTemplates(templateIds, signal) : [];
  const ids = [...groups.flatMap((g) => g.instances.map((i) => i.id)), ...instanceResources.map((r) => r.physicalId!)];
  const ec2 = ids.length ? await gateways.instances.describeInstances(ids, signal) : [];
  return assembleFleet(resources, groups, templates, ec2);
}

/** Pure assembly, separate from the calls so it can be tested on recorded responses. */
export function assembleFleet(
  resources: StackResourceSummary[],
  groups: AutoScalingGroup[],
  templates: LaunchTemplateVersions[],
  ec2: Ec2Instance[],
): Fleet {
  const byPhysical = new Map(resources.filter((r) => r.physicalId).map((r) => [r.physicalId!, r]));
  const ec2ById = new Map(ec2.map((i) => [i.id, i]));
  const counts: Record<string, number> = {};
  const count = (logicalId: string | undefined) => {
    if (logicalId) counts[logicalId] = (counts[logicalId] ?? 0) + 1;
  };
  const fleetGroups: FleetGroup[] = groups.map((g) => {
    const resolvedVersion = resolveVersion(g.launchTemplate, templates);
    const launchingResource = byPhysical.get(g.launchConfigurationName ?? g.launchTemplate?.id ?? '')?.logicalId;
    const instances = g.instances.map((i) => {
      const e = ec2ById.get(i.id);
      const outdated = isOutdated(i, g, resolvedVersion);
      // Hook paths name logical ids, so an instance from an older configuration still polls the
      // group's current launching resource: count every InService instance under it.
      if (i.lifecycleState === 'InService') count(launchingResource);
      return { ...i, privateIp: e?.privateIp, state: e?.state, outdated };
    });
    return {
      name: g.name,
      logicalId: byPhysical.get(g.name)?.logicalId ?? g.name,
      minSize: g.minSize,
      maxSize: g.maxSize,
      desiredCapacity: g.desiredCapacity,
      launchConfigurationName: g.launchConfigurationName,
      launchTemplate: g.launchTemplate ? { ...g.launchTemplate, resolvedVersion } : undefined,
      instances,
    };
  });
  const standalone: StandaloneInstance[] = [];
  for (const r of resources) {
    if (r.type !== INSTANCE || !r.physicalId) continue;
    const e = ec2ById.get(r.physicalId);
    standalone.push({ ...(e ?? { id: r.physicalId, state: 'unknown' }), logicalId: r.logicalId });
    if (e?.state === 'running') count(r.logicalId);
  }
  return { groups: fleetGroups, instances: standalone, instancesByResource: counts };
}

/** `$Latest` / `$Default` on a group mean a number that only the launch template knows. */
export function resolveVersion(
  ref: AutoScalingGroup['launchTemplate'],
  templates: LaunchTemplateVersions[],
): string | undefined {
  if (!ref) return undefined;
  const t = templates.find((x) => x.id === ref.id || (ref.name !== undefined && x.name === ref.name));
  const v = ref.version ?? '$Default';
  if (v === '$Latest') return t ? String(t.latestVersion) : undefined;
  if (v === '$Default') return t ? String(t.defaultVersion) : undefined;
  return v;
}

export function isOutdated(i: AsgInstance, g: AutoScalingGroup, resolvedVersion: string | undefined): boolean {
  if (g.launchConfigurationName) return i.launchConfigurationName !== g.launchConfigurationName;
  if (g.launchTemplate) {
    if (!i.launchTemplate) return true;
    if (g.launchTemplate.id && i.launchTemplate.id && i.launchTemplate.id !== g.launchTemplate.id) return true;
    return (
      resolvedVersion !== undefined &&
      i.launchTemplate.version !== undefined &&
      i.launchTemplate.version !== resolvedVersion
    );
  }
  return false;
}

/** The build parameter's live value, or undefined when the stack has no such parameter. */
export function parameterValue(stack: StackDetail, name: string): string | undefined {
  return stack.parameters.find((p) => p.key === name)?.value;
}

import { loadFleet, parameterValue, type Fleet, type FleetGroup } from '../core/aws/fleet';
import { classifyStackStatus } from '../core/aws/stackStatus';
import type { StackDetail } from '../core/aws/ports';
import { DEFAULT_BUILD_PARAMETER } from '../core/release/buildParameter';
import { UsageError, type Io } from './io';
import { parseArgs } from 'node:util';
import {
  AWS_OPTIONS,
  AWS_USAGE,
  cliEndpoints,
  requireStack,
  withGateways,
  type AwsFlags,
  type CliAws,
} from './aws-options';
import type { AwsGateways } from '../aws/gateways';
import { isAwsError } from '../core/aws/errors';
import { MASK } from '../core/aws/noEcho';
import { readDeclarations } from '../core/release/declarations';

export const STATUS_USAGE = `  cfn-hup-tools status --stack NAME [--build-parameter NAME] [--format text|json] [AWS options]
      the stack's status, its build parameter, its Auto Scaling groups and instances
      (instances launched from an older launch configuration / template version are marked)`;

export async function statusCommand(args: string[], io: Io, aws: CliAws): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...AWS_OPTIONS, 'build-parameter': { type: 'string' }, format: { type: 'string' } },
  });
  if (values.help) return help(io, STATUS_USAGE);
  return runStatus(values, io, aws);
}

export function help(io: Io, usage: string): number {
  io.stdout(`Usage:\n${usage}\n\nAWS options:\n${AWS_USAGE}\n`);
  return 0;
}

export interface StatusOptions extends AwsFlags {
  'build-parameter'?: string;
  format?: string;
}

/** `status`: the stack, its build, and its fleet. Exit 0, or 1 when AWS says no. */
export async function runStatus(options: StatusOptions, io: Io, aws: CliAws): Promise<number> {
  const stackName = requireStack(options);
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format "${format}" (use text or json)`);
  const buildParameter = options['build-parameter'] ?? DEFAULT_BUILD_PARAMETER;
  return withGateways(options, io, aws, async (g) => {
    const stack = await g.stacks.describeStack(stackName);
    const value = parameterValue(stack, buildParameter);
    const build = value === undefined ? undefined : await shownBuild(g, stackName, buildParameter, value, options, io);
    const fleet = await loadFleet(g, stackName);
    if (format === 'json') {
      io.stdout(JSON.stringify(statusJson(stack, buildParameter, build, fleet), null, 2) + '\n');
    } else {
      io.stdout(statusText(stack, buildParameter, build, fleet));
    }
    return 0;
  });
}

/** The build value as printed; `hidden` says why it is not (then `value` is not the real one). */
export interface ShownBuild {
  value: string;
  hidden?: 'noEcho' | 'unknown';
}

/**
 * The build parameter's value, unless it is NoEcho: AWS masks those as
 * `****`, but another endpoint may return them in clear, so the deployed
 * template decides (one GetTemplate, only when the value is not masked
 * already). When the template cannot be read, AWS's own masking is trusted;
 * with another endpoint in use, the value is not printed.
 */
async function shownBuild(
  g: AwsGateways,
  stackName: string,
  name: string,
  value: string,
  flags: AwsFlags,
  io: Io,
): Promise<ShownBuild> {
  if (value === MASK) return { value: MASK, hidden: 'noEcho' };
  let noEcho: boolean | undefined;
  try {
    const declarations = readDeclarations((await g.stacks.getTemplate(stackName)).body);
    noEcho = declarations.ok ? declarations.parameters.some((d) => d.name === name && d.noEcho) : undefined;
  } catch (e) {
    if (!isAwsError(e)) throw e;
    noEcho = undefined;
  }
  if (noEcho) return { value: MASK, hidden: 'noEcho' };
  if (noEcho === undefined && endpointsOf(flags, io).length > 0) return { value: '(not shown)', hidden: 'unknown' };
  return { value };
}

function endpointsOf(flags: AwsFlags, io: Io) {
  return cliEndpoints(flags, io);
}

export function statusJson(stack: StackDetail, buildParameter: string, build: ShownBuild | undefined, fleet: Fleet) {
  return {
    stack: {
      name: stack.name,
      id: stack.id,
      status: stack.status,
      statusClass: classifyStackStatus(stack.status),
      statusReason: stack.statusReason,
      lastUpdatedAt: stack.lastUpdatedAt ?? stack.createdAt,
    },
    buildParameter: {
      name: buildParameter,
      value: build && !build.hidden ? build.value : null,
      ...(build?.hidden === 'noEcho' ? { noEcho: true } : build?.hidden ? { hidden: true } : {}),
    },
    autoScalingGroups: fleet.groups,
    instances: fleet.instances,
  };
}

export function statusText(
  stack: StackDetail,
  buildParameter: string,
  build: ShownBuild | undefined,
  fleet: Fleet,
): string {
  const lines: string[] = [];
  const when = stack.lastUpdatedAt ?? stack.createdAt;
  lines.push(
    `Stack ${stack.name}: ${stack.status}${stack.statusReason ? ` (${stack.statusReason})` : ''}${when ? `, last changed ${when}` : ''}`,
  );
  lines.push(
    build === undefined
      ? `${buildParameter}: the stack has no such parameter`
      : build.hidden === 'noEcho'
        ? `${buildParameter}: (NoEcho, not shown)`
        : build.hidden
          ? `${buildParameter}: (not shown: the stack's template could not be read to tell whether it is NoEcho, and the endpoint is not AWS's own)`
          : `${buildParameter}: ${build.value}`,
  );
  for (const g of fleet.groups) lines.push('', ...groupText(g));
  if (fleet.instances.length) {
    lines.push('', 'Instances:');
    for (const i of fleet.instances)
      lines.push(
        `  ${i.logicalId}  ${i.id}  ${i.state}${i.privateIp ? `  ${i.privateIp}` : ''}${i.name ? `  "${i.name}"` : ''}`,
      );
  }
  if (!fleet.groups.length && !fleet.instances.length)
    lines.push('', 'No Auto Scaling groups or EC2 instances in this stack.');
  return lines.join('\n') + '\n';
}

function groupText(g: FleetGroup): string[] {
  const launch = g.launchConfigurationName
    ? `launch configuration ${g.launchConfigurationName}`
    : g.launchTemplate
      ? `launch template ${g.launchTemplate.name ?? g.launchTemplate.id} version ${g.launchTemplate.version ?? '$Default'}${g.launchTemplate.resolvedVersion && g.launchTemplate.resolvedVersion !== g.launchTemplate.version ? ` (= ${g.launchTemplate.resolvedVersion})` : ''}`
      : 'no launch configuration or template';
  const lines = [
    `Auto Scaling group ${g.logicalId} (${g.name}): desired ${g.desiredCapacity}, min ${g.minSize}, max ${g.maxSize}; ${launch}`,
  ];
  if (!g.instances.length) lines.push('  (no instances)');
  for (const i of g.instances) {
    const from =
      i.launchConfigurationName ??
      (i.launchTemplate ? `${i.launchTemplate.name ?? i.launchTemplate.id} v${i.launchTemplate.version ?? '?'}` : '');
    lines.push(
      `  ${i.id}  ${i.lifecycleState}  ${i.health}${i.privateIp ? `  ${i.privateIp}` : ''}${i.outdated ? `  OUTDATED (launched from ${from || 'another configuration'})` : ''}`,
    );
  }
  return lines;
}

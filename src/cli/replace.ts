import { parseArgs } from 'node:util';
import { loadFleet, type FleetGroup } from '../core/aws/fleet';
import type { AutoScalingGroup, Cancellation } from '../core/aws/ports';
import { outdatedInstanceIds, planRollingReplacement } from '../core/release/rolling';
import { runRolling } from '../core/release/rollingRun';
import { AWS_OPTIONS, requireStack, withGateways, type AwsFlags, type CliAws } from './aws-options';
import { EXIT_CONTINUING, interruption } from './changeSetRun';
import { UsageError, type Io } from './io';
import { help } from './status';

export const REPLACE_USAGE = `  cfn-hup-tools replace --stack NAME [--group NAME] [--min-healthy PERCENT | --one-at-a-time]
                        [--only-outdated | --all] [--yes] [AWS options]
      rolling replacement of an Auto Scaling group's instances (for what cfn-hup cannot apply in
      place, e.g. a new AMI): an instance refresh keeping --min-healthy percent (default 90) in
      service, or one at a time, each replacement InService and Healthy before the next. Only the
      instances launched from an older launch configuration / template version are replaced when
      some are (--all replaces every one). Started only with --yes.
      Exit 0 replaced; 1 refused or failed (nothing started when refused); 3 stopped following
      (Ctrl-C): the replacement goes on`;

export async function replaceCommand(args: string[], io: Io, aws: CliAws & { signal?: Cancellation }): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...AWS_OPTIONS,
      group: { type: 'string' },
      'min-healthy': { type: 'string' },
      'one-at-a-time': { type: 'boolean' },
      'only-outdated': { type: 'boolean' },
      all: { type: 'boolean' },
      yes: { type: 'boolean' },
    },
  });
  if (values.help) return help(io, REPLACE_USAGE);
  return runReplace(values, io, aws);
}

export interface ReplaceOptions extends AwsFlags {
  group?: string;
  'min-healthy'?: string;
  'one-at-a-time'?: boolean;
  'only-outdated'?: boolean;
  all?: boolean;
  yes?: boolean;
}

export async function runReplace(
  options: ReplaceOptions,
  io: Io,
  aws: CliAws & { signal?: Cancellation },
): Promise<number> {
  const stackName = requireStack(options);
  if (options['one-at-a-time'] && options['min-healthy'] !== undefined)
    throw new UsageError('--min-healthy is for an instance refresh; --one-at-a-time replaces one instance at a time');
  if (options['only-outdated'] && options.all) throw new UsageError('--only-outdated and --all exclude each other');
  const minHealthy = options['min-healthy'] === undefined ? 90 : Number(options['min-healthy']);
  if (!Number.isInteger(minHealthy) || minHealthy < 1 || minHealthy > 100)
    throw new UsageError(
      `--min-healthy must be a whole number from 1 to 100, got "${options['min-healthy']}" (0 would replace every instance at once)`,
    );
  const interrupt = interruption(
    aws.signal,
    `A replacement this run started may go on in Auto Scaling: see \`cfn-hup-tools status --stack ${stackName}\`.`,
  );
  const signal = interrupt.signal;
  const refuse = (message: string) => {
    io.stderr(`cfn-hup-tools: Not replacing instances: ${message}\nNothing was changed.\n`);
    return 1;
  };
  try {
    return await withGateways(options, io, aws, async (g) => {
      const fleet = await loadFleet(g, stackName, signal);
      const picked = pickGroup(fleet.groups, options.group, stackName);
      if (typeof picked === 'string') return refuse(picked);
      const outdated = outdatedInstanceIds(picked);
      const onlyOutdated = options['only-outdated'] === true || (!options.all && outdated.length > 0);
      if (onlyOutdated && !outdated.length)
        return refuse(`every instance of ${picked.name} runs its current launch configuration/template (use --all).`);
      const group: AutoScalingGroup = { ...picked, name: picked.name };
      const plan = planRollingReplacement(group, {
        strategy: options['one-at-a-time'] ? 'one-at-a-time' : 'refresh',
        minHealthyPercentage: minHealthy,
        instanceIds: onlyOutdated ? outdated : undefined,
      });
      if (!plan.ok) return refuse(plan.message);
      const n = plan.instances.length;
      const which = onlyOutdated
        ? `${n} outdated instance${n === 1 ? '' : 's'}`
        : `all ${n} InService instance${n === 1 ? '' : 's'}`;
      io.stdout(
        plan.kind === 'refresh'
          ? `Auto Scaling group ${picked.logicalId} (${picked.name}): an instance refresh replaces ${which}, keeping at least ${plan.minHealthyPercentage}% of desired ${picked.desiredCapacity} in service${plan.skipMatching ? ' (SkipMatching: instances on the current launch template version stay)' : ''}.\n`
          : `Auto Scaling group ${picked.logicalId} (${picked.name}): ${which} replaced one at a time (desired capacity ${picked.desiredCapacity} kept): ${plan.instances.join(', ')}.\n`,
      );
      if (!options.yes) {
        io.stdout('Not started. Run again with --yes to replace them.\n');
        return 0;
      }
      const r = await runRolling({ scaling: g.scaling, clock: g.clock }, plan, {
        signal,
        pollMs: aws.pollMs,
        progress: (line) => io.stdout(`  ${line}\n`),
        whereToWatch: `Watch it with \`cfn-hup-tools status --stack ${stackName}\`.`,
      });
      if (r.kind === 'replaced') {
        io.stdout(`${r.message}\n`);
        return 0;
      }
      io.stderr(`cfn-hup-tools: ${r.message}\n`);
      return r.kind === 'continuing' ? EXIT_CONTINUING : 1;
    });
  } finally {
    interrupt.dispose();
  }
}

function pickGroup(groups: FleetGroup[], wanted: string | undefined, stackName: string): FleetGroup | string {
  if (!groups.length) return `${stackName} has no Auto Scaling group.`;
  if (wanted) {
    const g = groups.find((x) => x.logicalId === wanted || x.name === wanted);
    return (
      g ??
      `${stackName} has no Auto Scaling group "${wanted}"; its groups: ${groups.map((x) => x.logicalId).join(', ')}.`
    );
  }
  if (groups.length > 1)
    return `${stackName} has ${groups.length} Auto Scaling groups: choose one with --group (${groups.map((x) => x.logicalId).join(', ')}).`;
  return groups[0]!;
}

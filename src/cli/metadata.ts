import { readRegularFile } from './read';
import { resolve } from 'node:path';
import { evaluateResourceMetadata } from '../core/intrinsics/evaluate';
import { metadataDifferences } from '../core/aws/metadataDiff';
import { evaluationContextOf } from '../core/aws/pseudo';
import { redactSecrets, unmaskedSecrets } from '../core/aws/noEcho';
import { decodeTemplateBytes } from './decode';
import { UsageError, type Io } from './io';
import { parseArgs } from 'node:util';
import { AWS_OPTIONS, requireStack, withGateways, type AwsFlags, type CliAws } from './aws-options';
import { help } from './status';

export const METADATA_USAGE = `  cfn-hup-tools metadata --stack NAME --resource LOGICAL_ID [--compare TEMPLATE] [AWS options]
      the resource's live Metadata as cfn-hup reads it; with --compare, the differences
      from a local template evaluated with the stack's parameters (exit 1 when they differ)`;

export async function metadataCommand(args: string[], io: Io, aws: CliAws): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...AWS_OPTIONS, resource: { type: 'string' }, compare: { type: 'string' } },
  });
  if (values.help) return help(io, METADATA_USAGE);
  return runMetadata(values, io, aws);
}

export interface MetadataOptions extends AwsFlags {
  resource?: string;
  /** A local template to compare the live Metadata with. */
  compare?: string;
}

/**
 * `metadata`: the live Metadata of one resource, as cfn-hup sees it
 * (DescribeStackResource, intrinsics resolved). With --compare, the local
 * template's Metadata is evaluated with the stack's parameters and the
 * differences are listed; exit 1 when they differ.
 */
export async function runMetadata(options: MetadataOptions, io: Io, aws: CliAws): Promise<number> {
  const stackName = requireStack(options);
  const logicalId = options.resource;
  if (!logicalId) throw new UsageError('--resource LOGICAL_ID is required');
  const local = options.compare !== undefined ? await readTemplate(resolve(io.cwd, options.compare)) : undefined;
  return withGateways(options, io, aws, async (g) => {
    const resource = await g.stacks.describeStackResource(stackName, logicalId);
    if (local === undefined) {
      if (resource.metadata === undefined) io.stderr(`cfn-hup-tools: ${logicalId} has no Metadata.\n`);
      io.stdout(JSON.stringify(resource.metadata ?? null, null, 2) + '\n');
      return 0;
    }
    const stack = await g.stacks.describeStack(stackName);
    // NoEcho parameters stay unknown in the rendering, and a value an endpoint returned in clear is
    // taken out of the live side: no line below ever prints one.
    const evaluated = evaluateResourceMetadata(local, logicalId, {
      ...evaluationContextOf(stack, await g.resolveRegion()),
      hideNoEcho: true,
    });
    if (!evaluated.ok) {
      io.stderr(`cfn-hup-tools: cannot compare: ${evaluated.reason}.\n`);
      return 1;
    }
    const liveMetadata = redactSecrets(resource.metadata, unmaskedSecrets(stack.parameters, new Set(evaluated.noEcho)));
    const diffs = metadataDifferences(liveMetadata, evaluated.value, evaluated.symbolic);
    const real = diffs.filter((d) => d.kind !== 'unknown');
    for (const d of diffs) {
      const at = d.path.length ? d.path.join('.') : '(the whole Metadata)';
      const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));
      io.stdout(
        `${d.kind === 'unknown' ? '?' : d.kind === 'changed' ? '~' : d.kind === 'only-live' ? '-' : '+'} ${at}: live ${show(d.live)}, template ${show(d.template)}\n`,
      );
    }
    io.stdout(
      real.length
        ? `${real.length} difference${real.length > 1 ? 's' : ''} between the live Metadata of ${logicalId} and ${options.compare}.\n`
        : `The live Metadata of ${logicalId} matches ${options.compare}.\n`,
    );
    return real.length ? 1 : 0;
  });
}

async function readTemplate(path: string): Promise<string> {
  // A regular file only, read up to the CLI's cap: never /dev/zero to exhaustion, never a FIFO that hangs.
  const read = await readRegularFile(path);
  if (!read.ok) throw new UsageError(`cannot read --compare file ${path}: ${read.reason}`);
  const decoded = decodeTemplateBytes(read.bytes);
  if (!decoded.ok) throw new UsageError(`--compare ${path}: ${decoded.reason}`);
  return decoded.text;
}

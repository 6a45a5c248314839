import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { analyzeTemplate } from '../core/analyze';
import { mergeSettings } from '../core/config/projectConfig';
import type { Cancellation, TemplateSource } from '../core/aws/ports';
import { busyReason } from '../core/aws/stackStatus';
import { DEFAULT_BUILD_PARAMETER } from '../core/release/buildParameter';
import { CAPABILITIES, isCapability } from '../core/release/capabilities';
import { readDeclarations } from '../core/release/declarations';
import { templateJob } from '../core/release/jobs';
import { chooseTemplateDelivery, planTemplateUpdate } from '../core/release/templateUpdate';
import { validateParameterValue } from '../core/release/validate';
import type { ReleaseServices } from '../core/release/workflow';
import { AWS_OPTIONS, endpointHeader, requireStack, withGateways, type AwsFlags, type CliAws } from './aws-options';
import { ConfigResolver } from './config';
import { changeSetLeftovers, EXIT_CODES_USAGE, interruption, runFromCli } from './changeSetRun';
import { decodeTemplateBytes } from './decode';
import { UsageError, type Io } from './io';
import { readRegularFile } from './read';
import { help } from './status';

export const UPDATE_USAGE = `  cfn-hup-tools update --stack NAME --template FILE [--parameter KEY=VALUE]... [--bucket BUCKET]
                       [--capability CAPABILITY]... [--build-parameter NAME] [--yes] [--deploy-despite-errors]
                       [AWS options]
      deploy a local template through a change set: the cfn-hup checks gate it (with the project
      config .cfn-hup-tools.yaml as lint reads it; errors refuse it
      unless --deploy-despite-errors); every parameter the stack has keeps its value, a new one
      takes its Default or --parameter; a template over 51,200 bytes is uploaded to --bucket
      (your own account's, checked). The stack's capabilities are kept; a template that needs
      another (e.g. new IAM resources) is refused by CloudFormation until you acknowledge it with
      --capability CAPABILITY_IAM | CAPABILITY_NAMED_IAM | CAPABILITY_AUTO_EXPAND.
      Executed only with --yes.
      ${EXIT_CODES_USAGE}`;

export async function updateCommand(args: string[], io: Io, aws: CliAws & { signal?: Cancellation }): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...AWS_OPTIONS,
      template: { type: 'string' },
      parameter: { type: 'string', multiple: true },
      bucket: { type: 'string' },
      capability: { type: 'string', multiple: true },
      yes: { type: 'boolean' },
      'deploy-despite-errors': { type: 'boolean' },
      'build-parameter': { type: 'string' },
    },
  });
  if (values.help) return help(io, UPDATE_USAGE);
  return runUpdate(values, io, aws);
}

export interface UpdateOptions extends AwsFlags {
  template?: string;
  parameter?: string[];
  bucket?: string;
  capability?: string[];
  yes?: boolean;
  'deploy-despite-errors'?: boolean;
  'build-parameter'?: string;
}

/** `--parameter K=V` (repeatable) as a record; a malformed or repeated one is a usage error. */
export function parseParameterFlags(flags: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of flags) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new UsageError(`--parameter must be KEY=VALUE, got "${f}"`);
    const key = f.slice(0, eq);
    if (Object.hasOwn(out, key)) throw new UsageError(`--parameter ${key} is given twice`);
    out[key] = f.slice(eq + 1);
  }
  return out;
}

/** `--capability NAME` (repeatable): only the names CloudFormation knows, so a typo is caught before any AWS call. */
export function parseCapabilityFlags(flags: readonly string[] = []): string[] {
  for (const f of flags)
    if (!isCapability(f)) throw new UsageError(`--capability must be one of ${CAPABILITIES.join(', ')}, got "${f}"`);
  return [...new Set(flags)];
}

export async function runUpdate(
  options: UpdateOptions,
  io: Io,
  aws: CliAws & { signal?: Cancellation },
): Promise<number> {
  const stackName = requireStack(options);
  if (!options.template) throw new UsageError('--template FILE is required');
  const overrides = parseParameterFlags(options.parameter);
  const addedCapabilities = parseCapabilityFlags(options.capability);
  const file = path.resolve(io.cwd, options.template);
  const fileName = path.basename(file);
  const read = await readRegularFile(file, 2 * 1024 * 1024);
  if (!read.ok) throw new UsageError(`cannot read ${options.template}: ${read.reason}`);
  const decoded = decodeTemplateBytes(read.bytes);
  if (!decoded.ok) throw new UsageError(`cannot read ${options.template}: ${decoded.reason}`);
  const text = decoded.text;
  const refuse = (message: string) => {
    io.stderr(`cfn-hup-tools: Not updating ${stackName}: ${message}\nThe stack was not changed.\n`);
    return 1;
  };

  // Everything local first: nothing is sent to AWS for a template that is refused.
  const declarations = readDeclarations(text);
  if (!declarations.ok) return refuse(`${declarations.reason.replace("the stack's template", fileName)}.`);
  for (const [key, value] of Object.entries(overrides)) {
    const d = declarations.parameters.find((x) => x.name === key);
    if (!d) throw new UsageError(`--parameter ${key}: ${fileName} declares no parameter ${key}`);
    const problems = validateParameterValue(d, value);
    if (problems.length)
      return refuse(`${key}=${d.noEcho ? '(NoEcho)' : value} would be rejected: ${problems.join('; ')}.`);
  }
  // The gate reads the same project config as `lint` (rules switched off or down, the build
  // parameter), so a template that `lint` passes is not refused here.
  const loaded = await new ConfigResolver({ kind: 'search' }, io.stderr).forFile(file);
  const settings = mergeSettings(loaded?.config, { buildParameter: options['build-parameter'] });
  const buildParameter = settings.buildParameter ?? DEFAULT_BUILD_PARAMETER;
  const errors = analyzeTemplate(text, { fileName, buildParameter, rules: settings.rules }).findings.filter(
    (f) => f.severity === 'error',
  );
  if (errors.length && !options['deploy-despite-errors'])
    return refuse(
      `${fileName} has ${errors.length} error(s) from the cfn-hup checks (run \`cfn-hup-tools lint ${options.template}\`; add --deploy-despite-errors to deploy anyway):\n${errors
        .slice(0, 5)
        .map((f) => `  ${f.ruleId}: ${f.message}`)
        .join('\n')}`,
    );

  const interrupt = interruption(aws.signal, changeSetLeftovers(stackName));
  const signal = interrupt.signal;
  try {
    return await withGateways(options, io, aws, async (g) => {
      const stack = await g.stacks.describeStack(stackName, signal);
      const busy = busyReason(stack.status);
      if (busy) return refuse(`${busy}.`);
      const oldBody = (await g.stacks.getTemplate(stackName, signal)).body;
      const missing = declarations.parameters.filter(
        (d) =>
          d.defaultValue === undefined && !stack.parameters.some((p) => p.key === d.name) && !(d.name in overrides),
      );
      if (missing.length)
        return refuse(
          `${fileName} adds ${missing.map((d) => d.name).join(', ')} with no Default: give ${missing.map((d) => `--parameter ${d.name}=VALUE`).join(' ')}.`,
        );
      const delivery = chooseTemplateDelivery(text, stackName, options.bucket, g.clock.now());
      if (delivery.kind === 'refused')
        return refuse(`${delivery.message}${options.bucket ? '' : ' Give one with --bucket.'}`);
      let source: Exclude<TemplateSource, { usePrevious: true }> = { body: text };
      if (delivery.kind === 'upload') {
        const url = await g.templates.putTemplate(delivery.bucket, delivery.key, text, signal);
        io.stdout(`Uploaded ${fileName} to ${url}\n`);
        source = { url };
      }
      const plan = planTemplateUpdate(stack, text, source, overrides, addedCapabilities);
      if (!plan.ok) return refuse(plan.message.replace(/^Not updating: /, ''));
      io.stdout(
        `Stack ${stack.name} (${stack.status}) from ${fileName}: parameters ${plan.request.parameters.map((p) => `${p.key} (${'value' in p ? 'given' : 'kept'})`).join(', ') || '(none)'}; capabilities ${plan.request.capabilities.join(', ') || '(none)'}; tags, topics and role kept.\n`,
      );
      const job = templateJob({
        stack,
        request: plan.request,
        fileName,
        declarations,
        oldBody,
        overrides,
        buildParameter,
        now: g.clock.now(),
      });
      const services: ReleaseServices = { stacks: g.stacks, release: g.release, clock: g.clock };
      return runFromCli(services, job, {
        io,
        gateways: g,
        signal,
        pollMs: aws.pollMs,
        yes: options.yes === true,
        stack,
        customEndpoint: endpointHeader(options, io) !== undefined,
        success: `${stack.name} was updated from ${fileName}.`,
      });
    });
  } finally {
    interrupt.dispose();
  }
}

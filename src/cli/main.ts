import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runLint } from './lint';
import { rulesCommand, RULES_USAGE } from './rulesCommand';
import { UsageError, type Io } from './io';
import { statusCommand, STATUS_USAGE } from './status';
import { metadataCommand, METADATA_USAGE } from './metadata';
import { releaseCommand, RELEASE_USAGE } from './release';
import { instancesCommand, INSTANCES_USAGE } from './instances';
import { updateCommand, UPDATE_USAGE } from './update';
import { replaceCommand, REPLACE_USAGE } from './replace';
import { AWS_USAGE, defaultCliAws, type CliAws } from './aws-options';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export const USAGE = `cfn-hup-tools ${VERSION} — catch cfn-hup mistakes and release builds through CloudFormation

Usage:
  cfn-hup-tools lint [options] [paths or globs...]
  cfn-hup-tools lint [options] - --stdin-filename templates/web.yaml
${RULES_USAGE}

lint options:
  --format stylish|json|sarif|github   output format (default: stylish)
  --rule ID=off|info|warning|error     change a rule's severity (repeatable; overrides the config file)
  --build-parameter NAME               the build parameter (default: BuildNumber)
  --config FILE                        use this config file for every file
  --no-config                          ignore .cfn-hup-tools.yaml/.json files
  --max-warnings N                     exit 1 when there are more than N warnings
  --stdin-filename NAME                with "-": the name (and folder) of the text read from stdin
  --verbose                            say which files were skipped and why
  --jobs N                             analyse 8 files or more on N threads (default 1)

Directories are searched for .json, .yaml, .yml and .template files, and for
cfn-hup's own files (cfn-hup.conf, hooks.conf, hooks.d/*). A file named on the
command line is judged by its content: a JSON/YAML document with Resources or
AWSTemplateFormatVersion is a template whatever its name; other files are skipped
(--verbose says so). Settings come from the nearest .cfn-hup-tools.yaml/.json
(up to the repository root), then --rule and --build-parameter.
Exit code: 0 no error, 1 errors found (or too many warnings), 2 usage error
or an internal failure on some file (the other files are still reported).

AWS commands (exit code: 0 ok, 1 AWS refused or failed, with the next step; 2 usage;
3 a stack update or replacement was started and goes on, but the CLI stopped following it):
${STATUS_USAGE}
${METADATA_USAGE}
${RELEASE_USAGE}
${INSTANCES_USAGE}
${UPDATE_USAGE}
${REPLACE_USAGE}

AWS options:
${AWS_USAGE}

  cfn-hup-tools --help | --version
`;

const AWS_COMMANDS: Record<string, (args: string[], io: Io, aws: CliAws) => Promise<number>> = {
  status: statusCommand,
  metadata: metadataCommand,
  release: releaseCommand,
  instances: instancesCommand,
  update: updateCommand,
  replace: replaceCommand,
};

/** Run the CLI; returns the exit code. Never throws. */
export async function main(argv: string[], io: Io, aws: CliAws = defaultCliAws): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-V') {
      io.stdout(VERSION + '\n');
      return 0;
    }
    if (command === 'lint') {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          format: { type: 'string', default: 'stylish' },
          rule: { type: 'string', multiple: true, default: [] },
          'build-parameter': { type: 'string' },
          config: { type: 'string' },
          'no-config': { type: 'boolean' },
          'max-warnings': { type: 'string' },
          'stdin-filename': { type: 'string' },
          verbose: { type: 'boolean' },
          jobs: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      });
      if (values.help) {
        io.stdout(USAGE);
        return 0;
      }
      if (values.config !== undefined && values['no-config'])
        throw new UsageError('--config and --no-config cannot be combined');
      return await runLint(
        {
          format: values.format,
          rules: values.rule,
          buildParameter: values['build-parameter'],
          paths: positionals,
          config: values['no-config']
            ? { kind: 'none' }
            : values.config !== undefined
              ? { kind: 'file', path: path.resolve(io.cwd, values.config) }
              : { kind: 'search' },
          maxWarnings: count(values['max-warnings'], '--max-warnings'),
          stdinFilename: values['stdin-filename'],
          verbose: values.verbose,
          jobs: count(values.jobs, '--jobs'),
          version: VERSION,
        },
        io,
      );
    }
    if (command === 'rules') return await rulesCommand(rest, io);
    const awsCommand = Object.hasOwn(AWS_COMMANDS, command) ? AWS_COMMANDS[command] : undefined;
    if (awsCommand) return await awsCommand(rest, io, aws);
    throw new UsageError(`unknown command "${command}"`);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`cfn-hup-tools: ${(e as Error).message}\nRun "cfn-hup-tools --help" for usage.\n`);
      return 2;
    }
    io.stderr(`cfn-hup-tools: internal error: ${(e as Error).message}\nPlease report this with the command you ran.\n`);
    return 2;
  }
}

/** A non-negative whole number option, or a usage error. */
function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} expects a whole number, got "${value}"`);
  return Number(value.trim());
}

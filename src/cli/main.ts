import { parseArgs } from 'node:util';
import { runLint } from './lint';
import { UsageError, type Io } from './io';
import { statusCommand, STATUS_USAGE } from './status';
import { metadataCommand, METADATA_USAGE } from './metadata';
import { releaseCommand, RELEASE_USAGE } from './release';
import { AWS_USAGE, defaultCliAws, type CliAws } from './aws-options';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export const USAGE = `cfn-hup-tools ${VERSION} — catch cfn-hup mistakes and release builds through CloudFormation

Usage:
  cfn-hup-tools lint [options] [paths or globs...]

lint options:
  --format stylish|json|sarif|github   output format (default: stylish)
  --rule ID=off|info|warning|error     change a rule's severity (repeatable)
  --build-parameter NAME               the build parameter (default: BuildNumber)

Directories are searched for .json, .yaml, .yml and .template files, and for
cfn-hup's own files (cfn-hup.conf, hooks.conf, hooks.d/*); other files are
skipped. Exit code: 0 no error, 1 errors found, 2 usage or internal failure.

AWS commands (exit code: 0 ok, 1 AWS refused or failed, with the next step; 2 usage):
${STATUS_USAGE}
${METADATA_USAGE}
${RELEASE_USAGE}

AWS options:
${AWS_USAGE}

  cfn-hup-tools --help | --version
`;

const AWS_COMMANDS: Record<string, (args: string[], io: Io, aws: CliAws) => Promise<number>> = {
  status: statusCommand,
  metadata: metadataCommand,
  release: releaseCommand,
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
          help: { type: 'boolean', short: 'h' },
        },
      }).valueOf() as {
        values: { format: string; rule: string[]; 'build-parameter'?: string; help?: boolean };
        positionals: string[];
      };
      if (values.help) {
        io.stdout(USAGE);
        return 0;
      }
      return await runLint(
        { format: values.format, rules: values.rule, buildParameter: values['build-parameter'], paths: positionals },
        io,
      );
    }
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

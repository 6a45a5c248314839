import * as path from 'node:path';
import { isIgnored, mergeSettings, RULE_IDS, type SeveritySetting } from '../core';
import { collectFiles } from './files';
import { ConfigResolver, type ConfigMode } from './config';
import { lintFile, taskFor, type FileOutcome, type FileTask } from './lintFile';
import { FORMATTERS } from './formatters';
import type { CliFinding } from './formatters/types';
import { analyzeInPool } from './pool';
import { UsageError, type Io, type ReadResult } from './io';
import { MAX_FILE_BYTES } from './read';

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

export interface LintOptions {
  format: string;
  rules: string[];
  buildParameter?: string;
  paths: string[];
  /** `--config FILE`, `--no-config`, or the search from each file up to the repository root. */
  config?: ConfigMode;
  /** Exit 1 when there are more warnings than this (ESLint's --max-warnings). */
  maxWarnings?: number;
  /** The name stdin's text gets with `lint -`. */
  stdinFilename?: string;
  verbose?: boolean;
  /** Threads for 8 files or more (this one included); undefined, 0 or 1: this thread only. */
  jobs?: number;
  version?: string;
}

export function parseRuleSettings(specs: string[]): Record<string, SeveritySetting> {
  const settings: Record<string, SeveritySetting> = {};
  for (const spec of specs) {
    const m = /^([A-Z0-9-]+)=(\w+)$/i.exec(spec.trim());
    if (!m || !SEVERITIES.has(m[2]!.toLowerCase()))
      throw new UsageError(`--rule expects ID=off|info|warning|error, got "${spec}"`);
    const id = m[1]!.toUpperCase();
    if (!RULE_IDS.includes(id))
      throw new UsageError(`unknown rule "${m[1]}" in --rule (run "cfn-hup-tools rules" for the list)`);
    settings[id] = m[2]!.toLowerCase() as SeveritySetting;
  }
  return settings;
}

/**
 * Lint files; returns the exit code: 0 clean, 1 errors (or more warnings than
 * --max-warnings), 2 when a file hit an internal error (the others are still reported).
 */
export async function runLint(options: LintOptions, io: Io): Promise<number> {
  const formatter = FORMATTERS.get(options.format);
  if (!formatter) throw new UsageError(`unknown --format "${options.format}" (use stylish, json, sarif or github)`);
  const flags = { rules: parseRuleSettings(options.rules), buildParameter: options.buildParameter };
  const verbose = (text: string) => options.verbose && io.stderr(`cfn-hup-tools: ${text}\n`);
  const configs = new ConfigResolver(options.config ?? { kind: 'search' }, io.stderr);
  // A named config is checked even when no file needs it: a broken --config is a usage error.
  if (options.config?.kind === 'file') await configs.forFile(options.config.path);

  const stdin = options.paths.length === 1 && options.paths[0] === '-';
  let tasks: FileTask[];
  let stdinBytes: ReadResult | undefined;
  if (stdin) {
    if (!io.readStdin) throw new UsageError('reading a template from stdin is not available here');
    const name = options.stdinFilename ? path.resolve(io.cwd, options.stdinFilename) : '<stdin>';
    const loaded = await configs.forFile(options.stdinFilename ? name : path.join(io.cwd, '<stdin>'));
    tasks = [{ name, ...mergeSettings(loaded?.config, flags) }];
    stdinBytes = await io.readStdin(MAX_FILE_BYTES);
  } else {
    if (options.paths.includes('-')) throw new UsageError('"-" (stdin) cannot be combined with other paths');
    if (options.stdinFilename) throw new UsageError('--stdin-filename goes with "-" (read the template from stdin)');
    const { files, missing } = await collectFiles(options.paths.length ? options.paths : ['.'], io.cwd);
    if (missing.length) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
    tasks = [];
    for (const file of files) {
      const loaded = await configs.forFile(file);
      if (loaded && isIgnored(path.relative(path.dirname(loaded.file), file), loaded.config.ignore)) {
        verbose(`skipped ${path.relative(io.cwd, file)}: ignored by ${path.relative(io.cwd, loaded.file)}`);
        continue;
      }
      tasks.push(taskFor(file, mergeSettings(loaded?.config, flags)));
    }
  }

  let outcomes: FileOutcome[];
  if (stdinBytes) outcomes = [await lintFile(tasks[0]!, stdinBytes)];
  else {
    const pooled = await analyzeInPool(tasks, { jobs: options.jobs });
    outcomes = pooled.outcomes;
    if (pooled.threads) verbose(`analysed ${tasks.length} files on this thread and ${pooled.threads} worker threads`);
  }

  const findings: CliFinding[] = [];
  let checked = 0;
  for (let i = 0; i < outcomes.length; i++) {
    const outcome = outcomes[i]!;
    if (outcome.checked) checked++;
    if (outcome.skipped) verbose(`skipped ${displayName(tasks[i]!.name, io.cwd)}: ${outcome.skipped}`);
    for (const f of outcome.findings) findings.push(f);
  }
  io.stdout(formatter(findings, { cwd: io.cwd, filesChecked: checked, version: options.version ?? '0.0.0-dev' }));

  let errors = 0;
  let warnings = 0;
  let internal = false;
  for (const f of findings) {
    if (f.ruleId === 'INTERNAL-ERROR') internal = true;
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
  }
  if (internal) return 2;
  if (errors > 0) return 1;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`cfn-hup-tools: ${warnings} warnings exceed --max-warnings ${options.maxWarnings}.\n`);
    return 1;
  }
  return 0;
}

function displayName(file: string, cwd: string): string {
  return path.isAbsolute(file) ? path.relative(cwd, file) || file : file;
}

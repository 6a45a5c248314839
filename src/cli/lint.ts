import { promises as fs } from 'node:fs';
import { analyzeConf, analyzeTemplate, LineIndex, RULE_IDS, type Finding, type SeveritySetting } from '../core';
import * as path from 'node:path';
import { collectFiles, TEMPLATE_EXTENSIONS } from './files';
import { decodeTemplateBytes } from './decode';
import type { CliFinding, Formatter } from './formatters/types';
import { stylish } from './formatters/stylish';
import { json } from './formatters/json';
import { sarif } from './formatters/sarif';
import { github } from './formatters/github';
import { UsageError, type Io } from './io';

export const FORMATTERS: Record<string, Formatter> = { stylish, json, sarif, github };
const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);
/** CloudFormation accepts 1 MB templates; anything far beyond is not one. */
const MAX_BYTES = 50 * 1024 * 1024;

export interface LintOptions {
  format: string;
  rules: string[];
  buildParameter?: string;
  paths: string[];
}

export function parseRuleSettings(specs: string[]): Record<string, SeveritySetting> {
  const settings: Record<string, SeveritySetting> = {};
  for (const spec of specs) {
    const m = /^([A-Z0-9-]+)=(\w+)$/i.exec(spec.trim());
    if (!m || !SEVERITIES.has(m[2]!.toLowerCase()))
      throw new UsageError(`--rule expects ID=off|info|warning|error, got "${spec}"`);
    const id = m[1]!.toUpperCase();
    if (!RULE_IDS.includes(id))
      throw new UsageError(`unknown rule "${m[1]}" in --rule (see docs/rules.md for the list)`);
    settings[id] = m[2]!.toLowerCase() as SeveritySetting;
  }
  return settings;
}

/** Lint files; returns the exit code (0 no error, 1 errors found). */
export async function runLint(options: LintOptions, io: Io): Promise<number> {
  const formatter = FORMATTERS[options.format];
  if (!formatter) throw new UsageError(`unknown --format "${options.format}" (use stylish, json, sarif or github)`);
  const rules = parseRuleSettings(options.rules);
  const { files, missing } = await collectFiles(options.paths.length ? options.paths : ['.'], io.cwd);
  if (missing.length) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
  const findings: CliFinding[] = [];
  let checked = 0;
  for (const file of files) {
    const stat = await fs.stat(file);
    if (stat.size > MAX_BYTES) {
      io.stderr(
        `cfn-hup-tools: skipped ${file}: ${(stat.size / 1048576).toFixed(0)} MB is far beyond CloudFormation's template size limit\n`,
      );
      continue;
    }
    const decoded = decodeTemplateBytes(await fs.readFile(file));
    if (!decoded.ok) continue; // not a template: skipped quietly
    const result = lintText(decoded.text, file, rules, options.buildParameter);
    if (!result) continue;
    checked++;
    const index = new LineIndex(decoded.text);
    for (const f of result) {
      const a = index.positionAt(f.start);
      const b = index.positionAt(f.end);
      findings.push({
        file,
        line: a.line + 1,
        column: a.character + 1,
        endLine: b.line + 1,
        endColumn: b.character + 1,
        severity: f.severity,
        ruleId: f.ruleId,
        message: f.message,
      });
    }
  }
  io.stdout(formatter(findings, { cwd: io.cwd, filesChecked: checked }));
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** A template, or a standalone cfn-hup file (cfn-hup.conf, hooks.conf, hooks.d/*); undefined for anything else. */
function lintText(
  text: string,
  file: string,
  rules: Record<string, SeveritySetting>,
  buildParameter?: string,
): Finding[] | undefined {
  if (TEMPLATE_EXTENSIONS.includes(path.extname(file).toLowerCase())) {
    const result = analyzeTemplate(text, { fileName: file, rules, buildParameter });
    return result.isTemplate ? result.findings : undefined;
  }
  return analyzeConf(text, { fileName: file, rules })?.findings;
}

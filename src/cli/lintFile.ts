import * as path from 'node:path';
import {
  analyzeConf,
  analyzeTemplate,
  classify,
  FILE_NOT_CHECKED,
  INTERNAL_ERROR,
  LineIndex,
  type Finding,
  type SeveritySetting,
} from '../core';
import { decodeTemplateBytes } from './decode';
import { readRegularFileSync } from './read';
import type { CliFinding } from './formatters/types';
import type { ReadResult } from './io';

/** What one file is analysed with: plain data, so it crosses to a worker thread. */
export interface FileTask {
  /** Absolute path to read, or undefined for text given directly (stdin). */
  path?: string;
  /** The name findings carry and classification sees (`--stdin-filename` for stdin). */
  name: string;
  rules: Record<string, SeveritySetting>;
  buildParameter?: string;
  maxBytes?: number;
}

export interface FileOutcome {
  findings: CliFinding[];
  /** Whether cfn-hup checks ran on it (a template or a cfn-hup file). */
  checked: boolean;
  /** Why it was skipped quietly (not a template): said with --verbose. */
  skipped?: string;
}

/**
 * Read, decode, classify and analyse one file inside its own guard: whatever goes
 * wrong becomes a finding on this file (FILE-NOT-CHECKED, INTERNAL-ERROR) and
 * never reaches the other files' results. Never throws.
 */
export async function lintFile(task: FileTask, given?: ReadResult): Promise<FileOutcome> {
  try {
    const read = given ?? readRegularFileSync(task.path!, task.maxBytes);
    if (!read.ok) return notChecked(task, read.reason);
    const decoded = decodeTemplateBytes(read.bytes);
    if (!decoded.ok) return notChecked(task, decoded.reason);
    return analyzeText(task, decoded.text);
  } catch (e) {
    return {
      checked: false,
      findings: [
        at(
          task.name,
          INTERNAL_ERROR.id,
          'error',
          `cfn-hup Tools failed on this file (${(e as Error).message}); its findings are missing. Please report it with the file.`,
        ),
      ],
    };
  }
}

function analyzeText(task: FileTask, text: string): FileOutcome {
  const kind = classify(task.name, text);
  let findings: Finding[];
  if (kind.kind === 'template') {
    const result = analyzeTemplate(text, {
      fileName: task.name,
      rules: task.rules,
      buildParameter: task.buildParameter,
    });
    if (!result.isTemplate)
      return { checked: false, findings: [], skipped: 'JSON/YAML but not a CloudFormation template' };
    findings = result.findings;
    text = result.parsed.text;
  } else if (kind.kind === 'conf') {
    findings = analyzeConf(text, { fileName: task.name, rules: task.rules, kind: kind.conf })?.findings ?? [];
  } else return { checked: false, findings: [], skipped: kind.reason };
  if (findings.length === 0) return { checked: true, findings: [] };
  const index = new LineIndex(text);
  return {
    checked: true,
    findings: findings.map((f) => {
      const a = index.positionAt(f.start);
      const b = index.positionAt(f.end);
      return {
        file: task.name,
        line: a.line + 1,
        column: a.character + 1,
        endLine: b.line + 1,
        endColumn: b.character + 1,
        severity: f.severity,
        ruleId: f.ruleId,
        message: f.message,
      };
    }),
  };
}

function notChecked(task: FileTask, reason: string): FileOutcome {
  const setting = task.rules[FILE_NOT_CHECKED.id] ?? FILE_NOT_CHECKED.severity;
  if (setting === 'off') return { checked: false, findings: [], skipped: reason };
  return {
    checked: false,
    findings: [at(task.name, FILE_NOT_CHECKED.id, setting, `Not checked: ${reason}.`)],
  };
}

function at(file: string, ruleId: string, severity: CliFinding['severity'], message: string): CliFinding {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, severity, ruleId, message };
}

/** Display name → path to read; kept apart so a worker gets only plain data. */
export function taskFor(
  file: string,
  settings: { rules: Record<string, SeveritySetting>; buildParameter?: string },
): FileTask {
  return { path: file, name: path.normalize(file), ...settings };
}

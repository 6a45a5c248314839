import * as path from 'node:path';
import type { Formatter } from './types';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** GitHub Actions workflow commands; data and properties escaped as the runner expects. */
export const github: Formatter = (findings, { cwd }) =>
  findings
    .map((f) => {
      const file = escapeProperty((path.isAbsolute(f.file) && path.relative(cwd, f.file)) || f.file);
      return `::${COMMAND[f.severity]} file=${file},line=${f.line},col=${f.column},endLine=${f.endLine},endColumn=${f.endColumn},title=${escapeProperty(f.ruleId)}::${escapeData(f.message)}`;
    })
    .join('\n') + (findings.length ? '\n' : '');

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

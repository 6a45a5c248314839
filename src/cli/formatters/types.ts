import type { Severity } from '../../core';

/** One finding as the CLI prints it: 1-based lines and columns. */
export interface CliFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  ruleId: string;
  message: string;
}

export type Formatter = (findings: CliFinding[], context: { cwd: string; filesChecked: number }) => string;

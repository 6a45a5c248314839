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

export interface FormatContext {
  cwd: string;
  filesChecked: number;
  /** The tool's version (SARIF tool.driver.version). */
  version: string;
}

export type Formatter = (findings: CliFinding[], context: FormatContext) => string;

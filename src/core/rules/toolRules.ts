import type { Severity } from '../findings';
import type { RuleDoc } from './rule';

/** A documented finding that no template rule produces: the tool's own reports about a file. */
export interface ToolRule {
  id: string;
  severity: Severity;
  title: string;
  doc: RuleDoc;
}

export const SUPPRESS_UNKNOWN_RULE: ToolRule = {
  id: 'SUPPRESS-UNKNOWN-RULE',
  severity: 'warning',
  title: 'A suppression names a rule that does not exist',
  doc: {
    why: 'An `ignore` entry in `Metadata: cfn-hup-tools` (or a `# cfn-hup-tools: ignore` comment) that names no rule silences nothing: usually a typo, or a rule that was renamed, so the finding it was meant to hide comes back — or the one it should hide was never hidden.',
    source: 'cfn-hup Tools suppression syntax (README, "Suppressing a finding")',
    bad: 'Metadata:\n  cfn-hup-tools:\n    ignore: [HUP-INTERVAL-INVALD]\nResources: {}',
    good: 'Metadata:\n  cfn-hup-tools:\n    ignore: [HUP-INTERVAL-INVALID]\nResources: {}',
  },
};

export const FILE_NOT_CHECKED: ToolRule = {
  id: 'FILE-NOT-CHECKED',
  severity: 'warning',
  title: 'A file named on the command line could not be checked',
  doc: {
    why: 'The file is too large, binary, not a regular file (a FIFO or a device), or could not be read. Nothing in it was checked, so a clean run would be a false green; the warning counts towards `--max-warnings`.',
    source: 'cfn-hup Tools CLI file handling (README, "Limits")',
    bad: 'cfn-hup-tools lint /dev/zero',
    good: 'cfn-hup-tools lint templates/',
  },
};

export const INTERNAL_ERROR: ToolRule = {
  id: 'INTERNAL-ERROR',
  severity: 'error',
  title: 'cfn-hup Tools failed on this file',
  doc: {
    why: 'A bug in cfn-hup Tools stopped the analysis of this file; its other findings may be missing. Other files are still checked and reported. The CLI exits with code 2. Please report it with the file.',
    source: 'cfn-hup Tools',
    bad: '(a file that triggers a bug)',
    good: '(any file after the bug is fixed)',
  },
};

export const TOOL_RULES: readonly ToolRule[] = [SUPPRESS_UNKNOWN_RULE, FILE_NOT_CHECKED, INTERNAL_ERROR];

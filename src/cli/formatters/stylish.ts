import * as path from 'node:path';
import type { Formatter } from './types';

/** eslint-style: findings grouped by file, then a summary line. */
export const stylish: Formatter = (findings, { cwd, filesChecked }) => {
  const lines: string[] = [];
  const byFile = new Map<string, typeof findings>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, list] of byFile) {
    lines.push(path.relative(cwd, file) || file);
    for (const f of list)
      lines.push(`  ${`${f.line}:${f.column}`.padEnd(8)} ${f.severity.padEnd(7)} ${f.message}  ${f.ruleId}`);
    lines.push('');
  }
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  const files = `${filesChecked} file${filesChecked === 1 ? '' : 's'} checked`;
  lines.push(
    findings.length === 0
      ? `✓ No cfn-hup problems (${files}).`
      : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info (${files}).`,
  );
  return lines.join('\n') + '\n';
};

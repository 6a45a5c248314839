import * as path from 'node:path';
import type { CliFinding, Formatter } from './types';

/** eslint-style: findings grouped by file, then a summary line. Linear in the number of findings. */
export const stylish: Formatter = (findings, { cwd, filesChecked }) => {
  const byFile = new Map<string, CliFinding[]>();
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) {
    let list = byFile.get(f.file);
    if (!list) byFile.set(f.file, (list = []));
    list.push(f);
    counts[f.severity]++;
  }
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push(path.isAbsolute(file) ? path.relative(cwd, file) || file : file);
    for (const f of list)
      lines.push(`  ${`${f.line}:${f.column}`.padEnd(8)} ${f.severity.padEnd(7)} ${f.message}  ${f.ruleId}`);
    lines.push('');
  }
  const { error: errors, warning: warnings, info: infos } = counts;
  const files = `${filesChecked} file${filesChecked === 1 ? '' : 's'} checked`;
  lines.push(
    findings.length === 0
      ? `✓ No cfn-hup problems (${files}).`
      : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info (${files}).`,
  );
  return lines.join('\n') + '\n';
};

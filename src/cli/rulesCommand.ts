import { parseArgs } from 'node:util';
import { RULE_CATALOGUE, ruleDocUrl } from '../core';
import { UsageError, type Io } from './io';

export const RULES_USAGE = `  cfn-hup-tools rules [--format text|json]
      every rule: id, default severity, title and documentation link`;

/** `cfn-hup-tools rules`: the catalogue, for people (text) and for scripts (json). */
export async function rulesCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(`Usage:\n${RULES_USAGE}\n`);
    return 0;
  }
  const rules = RULE_CATALOGUE.map((r) => ({
    id: r.id,
    severity: r.severity,
    title: r.title,
    helpUri: ruleDocUrl(r.id),
  }));
  if (values.format === 'json') io.stdout(JSON.stringify(rules, null, 2) + '\n');
  else if (values.format === 'text') {
    const width = Math.max(...rules.map((r) => r.id.length));
    io.stdout(
      rules
        .map(
          (r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.title}\n${' '.repeat(width + 2)}${r.helpUri}\n`,
        )
        .join(''),
    );
  } else throw new UsageError(`unknown --format "${values.format}" for rules (use text or json)`);
  return 0;
}

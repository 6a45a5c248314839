import { RULE_CATALOGUE } from './registry';

/** The repository (package.json `repository`); docs/rules.md on its main branch documents every rule. */
export const REPOSITORY_URL = 'https://github.com/cfn-hup-tools/cfn-hup-tools';
export const RULES_DOC_URL = `${REPOSITORY_URL}/blob/main/docs/rules.md`;

/** Where a rule is documented on the web (SARIF helpUri, `cfn-hup-tools rules`, diagnostics' code links). */
export function ruleDocUrl(id: string): string {
  return `${RULES_DOC_URL}#${ruleAnchor(id)}`;
}

/** Anchor of a rule's section in docs/rules.md. */
export function ruleAnchor(id: string): string {
  return id.toLowerCase();
}

/** Markdown for one rule: what happens on the instance, a bad and a good example, the source. */
export function ruleMarkdown(rule: {
  id: string;
  severity: string;
  title: string;
  doc: { why: string; source: string; bad: string; good: string };
}): string {
  return [
    `## ${rule.id}`,
    '',
    `**${rule.title}** — default severity: \`${rule.severity}\``,
    '',
    rule.doc.why,
    '',
    'Bad:',
    '',
    '```',
    rule.doc.bad,
    '```',
    '',
    'Good:',
    '',
    '```',
    rule.doc.good,
    '```',
    '',
    `Source: ${rule.doc.source}`,
    '',
  ].join('\n');
}

/** The whole rule reference, generated from the rules themselves (npm run docs). */
export function rulesMarkdown(): string {
  const rules = RULE_CATALOGUE;
  const lines = [
    '# cfn-hup Tools rules',
    '',
    '<!-- Generated from src/core/rules by `npm run docs`; do not edit by hand. -->',
    '',
    'Each rule names what will happen on the instance and how to fix it. Change a severity or turn a rule off with',
    '`--rule ID=off|info|warning|error` on the command line, or the `cfnHup.rules` setting in VS Code.',
    '',
    '| Rule | Severity | What it catches |',
    '| --- | --- | --- |',
    ...rules.map((r) => `| [${r.id}](#${ruleAnchor(r.id)}) | ${r.severity} | ${r.title} |`),
    '',
    ...rules.map(ruleMarkdown),
  ];
  return lines.join('\n');
}

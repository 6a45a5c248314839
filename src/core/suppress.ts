/**
 * Inline suppression, applied inside the core analysis so the CLI and the
 * editor agree: `Metadata: { cfn-hup-tools: { ignore: [IDs] } }` at template
 * level (the whole file) or on a resource (findings inside that resource), and
 * in a standalone cfn-hup file a comment `# cfn-hup-tools: ignore ID [ID...]`
 * (the whole file). An id that names no rule is itself a finding.
 */
import type { Finding } from './findings';
import type { CfnNode, ObjectNode } from './template/ast';
import { getProperty } from './template/ast';
import { RULE_IDS } from './rules/registry';
import { SUPPRESS_UNKNOWN_RULE } from './rules/toolRules';

export const SUPPRESSION_KEY = 'cfn-hup-tools';

interface Scope {
  start: number;
  end: number;
  ids: Set<string>;
}

export interface Suppressions {
  scopes: Scope[];
  /** One SUPPRESS-UNKNOWN-RULE finding per id that names no rule. */
  unknown: Finding[];
}

/** Findings these never hide: the file could not be judged at all. */
const NEVER_SUPPRESSED = new Set(['PARSE-ERROR', 'INTERNAL-ERROR']);

/** The suppressions a parsed template declares. */
export function templateSuppressions(root: ObjectNode): Suppressions {
  const result: Suppressions = { scopes: [], unknown: [] };
  collect(getProperty(root, 'Metadata'), 0, Number.MAX_SAFE_INTEGER, result);
  const resources = getProperty(root, 'Resources');
  if (resources?.kind === 'object')
    for (const p of resources.properties) collect(getProperty(p.value, 'Metadata'), p.keyStart, p.value.end, result);
  return result;
}

function collect(metadata: CfnNode | undefined, start: number, end: number, into: Suppressions): void {
  const list = getProperty(getProperty(metadata, SUPPRESSION_KEY), 'ignore');
  if (!list) return;
  const items = list.kind === 'array' ? list.items : [list];
  const ids = new Set<string>();
  for (const item of items) {
    if (item.kind !== 'scalar' || typeof item.value !== 'string') continue;
    addId(item.value, item.start, item.end, ids, into);
  }
  if (ids.size) into.scopes.push({ start, end, ids });
}

function addId(raw: string, start: number, end: number, ids: Set<string>, into: Suppressions): void {
  const id = raw.trim().toUpperCase();
  if (!id) return;
  if (RULE_IDS.includes(id)) ids.add(id);
  else
    into.unknown.push({
      ruleId: SUPPRESS_UNKNOWN_RULE.id,
      severity: SUPPRESS_UNKNOWN_RULE.severity,
      start,
      end,
      message: `"${raw.trim()}" is not a cfn-hup Tools rule, so this suppression hides nothing. Check the spelling against \`cfn-hup-tools rules\` (docs/rules.md).`,
    });
}

const CONF_COMMENT = /^[ \t]*[#;][ \t]*cfn-hup-tools[ \t]*:[ \t]*ignore\b([^\r\n]*)/gim;
const ID_WORD = /[^\s,]+/g;

/** `# cfn-hup-tools: ignore ID ...` lines in a standalone cfn-hup file: each silences its ids in the whole file. */
export function confSuppressions(text: string): Suppressions {
  const result: Suppressions = { scopes: [], unknown: [] };
  const ids = new Set<string>();
  for (const m of text.matchAll(CONF_COMMENT)) {
    const listStart = m.index + m[0].length - m[1]!.length;
    for (const w of m[1]!.matchAll(ID_WORD))
      addId(w[0], listStart + w.index, listStart + w.index + w[0].length, ids, result);
  }
  if (ids.size) result.scopes.push({ start: 0, end: Number.MAX_SAFE_INTEGER, ids });
  return result;
}

/** Drop what the suppressions hide, then add the warnings about unknown ids. */
export function applySuppressions(findings: Finding[], s: Suppressions): Finding[] {
  if (s.scopes.length === 0 && s.unknown.length === 0) return findings;
  const kept = findings.filter(
    (f) =>
      NEVER_SUPPRESSED.has(f.ruleId) ||
      !s.scopes.some((scope) => scope.ids.has(f.ruleId) && f.start >= scope.start && f.start <= scope.end),
  );
  return [...kept, ...s.unknown].sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
}

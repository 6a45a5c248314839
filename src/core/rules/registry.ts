import type { Rule } from './rule';
import { hupConfRules } from './hupConf';
import { hookRules } from './hooks';
import { hookWatchesOtherInit } from './hookOtherInit';
import { iniReadableRules } from './iniReadable';
import { hupInlineComment } from './inlineComment';
import { serviceRules } from './services';
import { cfnInitRules } from './cfnInit';
import { initStructureRules } from './initStructure';
import { releaseRules } from './release';
import { initDetailRules } from './initDetails';
import { deploymentRules } from './deployment';
import { initContentRules } from './initContent';
import { usersGroupsRules } from './usersGroups';
import { templateKeyRules } from './templateKeys';
import { templateFormatRules } from './templateFormat';
import { bootstrapRules } from './bootstrap';
import { userDataRules } from './userData';
import { userDataUnclosedQuote } from './unclosedQuote';
import { userDataNotRun } from './userDataFormat';
import { TOOL_RULES, type ToolRule } from './toolRules';

/** Every rule, in the order their findings are most useful to read. */
export const ALL_RULES: readonly Rule[] = [
  ...hupConfRules,
  ...hookRules,
  hookWatchesOtherInit,
  ...iniReadableRules,
  hupInlineComment,
  ...serviceRules,
  ...cfnInitRules,
  ...initStructureRules,
  ...initDetailRules,
  ...initContentRules,
  ...usersGroupsRules,
  ...deploymentRules,
  ...bootstrapRules,
  ...userDataRules,
  userDataUnclosedQuote,
  userDataNotRun,
  ...templateFormatRules,
  ...templateKeyRules,
  ...releaseRules,
];

/** The parse-error pseudo rule: not a Rule object, since it runs before there is a model. */
export const PARSE_ERROR = {
  id: 'PARSE-ERROR',
  severity: 'error' as const,
  title: 'The template does not parse',
  doc: {
    why: 'A template that is not valid JSON or YAML cannot be deployed; the other rules wait until it parses.',
    source: 'JSON / YAML',
    bad: '{ "Resources": { ',
    good: '{ "Resources": {} }',
  },
};

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}

export const RULE_IDS: readonly string[] = [
  ...ALL_RULES.map((r) => r.id),
  PARSE_ERROR.id,
  ...TOOL_RULES.map((r) => r.id),
];

/** Everything the docs, `cfn-hup-tools rules` and SARIF list: the rules, the parse error and the tool's own reports. */
export const RULE_CATALOGUE: readonly (Rule | typeof PARSE_ERROR | ToolRule)[] = [
  ...ALL_RULES,
  PARSE_ERROR,
  ...TOOL_RULES,
];

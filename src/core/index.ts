/** The pure core: text in, plain data out. No vscode, no AWS SDK, no fs. */
export { analyzeTemplate, type AnalyzeOptions, type AnalysisResult } from './analyze';
export type { Finding, Fix, TextEdit, Severity, SeveritySetting } from './findings';
export { SEVERITY_RANK } from './findings';
export { LineIndex, type Position } from './text/lineIndex';
export { ALL_RULES, RULE_IDS, PARSE_ERROR, ruleById } from './rules/registry';
export type { Rule, RuleDoc } from './rules/rule';
export { parseTemplate, looksLikeTemplate, type ParsedTemplate } from './template/parse';
export { analyzeConf, confKind, type ConfAnalysis, type ConfKind } from './conf/analyzeConf';
export { completeAt, type CompletionItem } from './authoring/completions';
export { hoverAt, type Hover } from './authoring/hovers';
export { reloaderInit, reloaderConfig, hookContent, hupConfContent, cfnHupPaths } from './authoring/reloader';
export { toJson, toYaml } from './authoring/emit';
export { rulesMarkdown, ruleMarkdown, ruleAnchor, ruleDocUrl, RULES_DOC_URL, REPOSITORY_URL } from './rules/docs';
export { snippetFiles, type Snippet } from './authoring/snippets';
export { classify, confKindByName, confKindByContent, looksLikeTemplateSource, TEMPLATE_EXTENSIONS } from './classify';
export type { FileClass } from './classify';
export {
  parseProjectConfig,
  mergeSettings,
  isIgnored,
  CONFIG_FILE_NAMES,
  type ProjectConfig,
  type ConfigProblem,
  type ParsedConfig,
  type EffectiveSettings,
} from './config/projectConfig';
export { SUPPRESSION_KEY, templateSuppressions, confSuppressions, applySuppressions } from './suppress';
export { suppressionFix, confSuppressionFix, resourceAt } from './authoring/suppressFix';
export { RULE_CATALOGUE } from './rules/registry';
export { TOOL_RULES, SUPPRESS_UNKNOWN_RULE, FILE_NOT_CHECKED, INTERNAL_ERROR, type ToolRule } from './rules/toolRules';

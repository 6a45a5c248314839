import type { Finding, Fix, Severity, SeveritySetting } from './findings';
import { SEVERITY_RANK } from './findings';
import { parseTemplate, type ParsedTemplate } from './template/parse';
import { TemplateModel } from './template/model';
import { MAX_RENDER_DEPTH, MAX_RENDER_STEPS, renderBudgetUse, type RenderContext } from './intrinsics/render';
import { extractCfnHup, type CfnHupModel } from './cfnhup/model';
import { ALL_RULES, PARSE_ERROR } from './rules/registry';
import type { Report, Rule, RuleContext, RuleOptions } from './rules/rule';
import { applySuppressions, templateSuppressions } from './suppress';
import { sameExtraction } from './sameExtraction';

export interface AnalyzeOptions {
  /** Used to choose JSON or YAML; the content decides when it is absent or ambiguous (`.template`). */
  fileName?: string;
  /** The parameter that carries the build (default `BuildNumber`). */
  buildParameter?: string;
  /** Per-rule severity overrides; `off` disables a rule. */
  rules?: Readonly<Record<string, SeveritySetting>>;
  /** Known parameter values, e.g. a live stack's, to render content exactly. */
  parameterValues?: Readonly<Record<string, string>>;
  /**
   * Run every rule again for the other branch of an undecidable `Fn::If`, instead of only the rules that
   * met one. Same findings, slower: the differential test compares the two.
   */
  everyRuleInBothBranches?: boolean;
}

export interface AnalysisResult {
  /** False for JSON/YAML that is not a CloudFormation template: no findings. */
  isTemplate: boolean;
  findings: Finding[];
  /** The parsed template, for callers that need more (completions, hovers). */
  parsed: ParsedTemplate;
}

/** Analyse a template's text. Never throws: an internal failure becomes one finding. */
export function analyzeTemplate(text: string, options: AnalyzeOptions = {}): AnalysisResult {
  const parsed = parseTemplate(text, options.fileName);
  if (!parsed.isTemplate) return { isTemplate: false, findings: [], parsed };
  try {
    return {
      isTemplate: true,
      findings: applySettings(withSuppressions(parsed, analyzeParsed(parsed, options)), options.rules).map((f) =>
        clamp(f, parsed.text.length),
      ),
      parsed,
    };
  } catch (e) {
    return {
      isTemplate: true,
      parsed,
      findings: [
        {
          ruleId: 'INTERNAL-ERROR',
          severity: 'error',
          start: 0,
          end: 0,
          message: `cfn-hup Tools could not analyse this template (${(e as Error).message}). Please report it with the template.`,
        },
      ],
    };
  }
}

/** Inline `Metadata: cfn-hup-tools: ignore` (template and resource level); a template that does not parse has none. */
function withSuppressions(parsed: ParsedTemplate, findings: Finding[]): Finding[] {
  if (parsed.problems.length > 0 || parsed.root?.kind !== 'object') return findings;
  return applySuppressions(findings, templateSuppressions(parsed.root));
}

function analyzeParsed(parsed: ParsedTemplate, options: AnalyzeOptions): Finding[] {
  if (parsed.problems.length > 0 || !parsed.root || parsed.root.kind !== 'object') {
    const p = parsed.problems[0] ?? { message: 'the template is not an object', start: 0, end: 0 };
    const extra = parsed.problems.length > 1 ? ` (and ${parsed.problems.length - 1} more)` : '';
    return [
      {
        ruleId: PARSE_ERROR.id,
        severity: 'error',
        start: p.start,
        end: p.end,
        message: `The template does not parse as ${parsed.format.toUpperCase()}: ${p.message}${extra}. cfn-hup checks resume when it parses.`,
      },
    ];
  }
  const model = new TemplateModel(parsed.root, {
    noDuplicateKeys: parsed.noDuplicateKeys,
    notJson: parsed.notJson,
    refused: parsed.refused,
  });
  const ruleOptions: RuleOptions = { buildParameter: options.buildParameter ?? 'BuildNumber' };
  const first = extractVariant(parsed, model, options, 0);
  const extractionSaw = first.ctx.sawUnknownCondition;
  const firstRun = checkRules(first, ruleOptions, options.rules, 'template');
  if (!extractionSaw && !firstRun.sawUnknownCondition) return firstRun.findings;
  // Fn::If with an undecidable condition: judge both branches; what is wrong in one only is a warning.
  const extractSecond = () => extractVariant(parsed, model, options, 1);
  const secondFindings = otherBranchFindings(
    first,
    firstRun,
    extractSecond,
    ruleOptions,
    options.rules,
    options.everyRuleInBothBranches === true,
  );
  const key = (f: Finding) => `${f.ruleId}|${f.start}|${f.end}`;
  const inSecond = new Map(secondFindings.map((f) => [key(f), f]));
  const merged: Finding[] = [];
  for (const f of firstRun.findings) {
    if (inSecond.has(key(f))) {
      merged.push(f);
      inSecond.delete(key(f));
    } else merged.push(capAtWarning(f));
  }
  for (const f of inSecond.values()) merged.push(capAtWarning(f));
  return merged.sort(byPosition);
}

/**
 * Fields left out when two extractions are compared: the render context and the configSet selection
 * differ between branches by construction and mark the context when read; the rules' cache is filled
 * by the first branch's rules, not found in the template.
 */
const NOT_COMPARED: ReadonlySet<string> = new Set(['ctx', 'selected', 'selectedBy', 'cache']);

/**
 * The findings of the other branch. When both branches extracted the same files, hooks, commands and
 * calls, a rule whose check met no undecidable condition (no rendering, `Fn::If` choice or configSet
 * selection that depends on one) judges the same values in both, so only the rules that met one run
 * again and the others keep the first branch's findings. Otherwise every rule runs again; also when
 * rendered values could depend on the order of the work (a cycle cut, the depth limit, the step budget
 * nearly spent), since running fewer rules changes that order.
 */
function otherBranchFindings(
  first: CfnHupModel,
  firstRun: RuleRun,
  extractSecond: () => CfnHupModel,
  ruleOptions: RuleOptions,
  settings: Readonly<Record<string, SeveritySetting>> | undefined,
  everyRuleInBoth: boolean,
): Finding[] {
  const everyRule = (model: CfnHupModel) => checkRules(model, ruleOptions, settings, 'template').findings;
  const second = extractSecond();
  const firstUse = renderBudgetUse(first.ctx);
  if (everyRuleInBoth || firstUse.orderDependent || !sameExtraction(first, second, NOT_COMPARED)) {
    return everyRule(second);
  }
  const again = checkRules(second, ruleOptions, settings, 'template', firstRun.branchDependent);
  // A full run of the second branch renders at most what this run did plus what the first branch did, each
  // render no deeper than a path of one under a path of the other.
  const secondUse = renderBudgetUse(second.ctx);
  if (
    secondUse.orderDependent ||
    firstUse.steps + secondUse.steps > MAX_RENDER_STEPS ||
    firstUse.deepest + secondUse.deepest + 1 > MAX_RENDER_DEPTH
  ) {
    return everyRule(extractSecond());
  }
  const kept = firstRun.findings.filter((f) => f.ruleId !== INTERNAL_ERROR && !firstRun.branchDependent.has(f.ruleId));
  return kept.concat(again.findings).sort(byPosition);
}

function byPosition(a: Finding, b: Finding): number {
  return a.start - b.start || a.ruleId.localeCompare(b.ruleId);
}

function capAtWarning(f: Finding): Finding {
  return f.severity === 'error'
    ? { ...f, severity: 'warning', message: `${f.message} (in one branch of an Fn::If)` }
    : f;
}

function extractVariant(
  parsed: ParsedTemplate,
  model: TemplateModel,
  options: AnalyzeOptions,
  branch: 0 | 1,
): CfnHupModel {
  const ctx: RenderContext = {
    text: parsed.text,
    model,
    parameterValues: options.parameterValues,
    unknownConditionBranch: branch,
    sawUnknownCondition: false,
  };
  return extractCfnHup(parsed.text, parsed.format, model, ctx);
}

const INTERNAL_ERROR = 'INTERNAL-ERROR';

export function runRules(
  model: CfnHupModel,
  ruleOptions: RuleOptions,
  settings?: Readonly<Record<string, SeveritySetting>>,
  scope: 'template' | 'conf' = 'template',
): Finding[] {
  return checkRules(model, ruleOptions, settings, scope).findings;
}

interface RuleRun {
  findings: Finding[];
  /**
   * The rules whose check met an undecidable `Fn::If` through the render context, or failed: their
   * findings may differ in the other branch.
   */
  branchDependent: Set<string>;
  /** Whether some rule's check met an undecidable `Fn::If`. */
  sawUnknownCondition: boolean;
}

function checkRules(
  model: CfnHupModel,
  ruleOptions: RuleOptions,
  settings: Readonly<Record<string, SeveritySetting>> | undefined,
  scope: 'template' | 'conf',
  only?: ReadonlySet<string>,
): RuleRun {
  const findings: Finding[] = [];
  const branchDependent = new Set<string>();
  let sawUnknownCondition = false;
  const seen = new Set<string>();
  const runs = (rule: { id: string; conf?: boolean }) =>
    settings?.[rule.id] !== 'off' && (scope !== 'conf' || !!rule.conf);
  // Without settings (or with none set) every template rule runs: the list and its ids are built once per process.
  const active = hasSetting(settings) || scope !== 'template' ? ALL_RULES.filter(runs) : ALL_RULES;
  const enabled = active === ALL_RULES ? allRuleIds() : new Set(active.map((r) => r.id));
  // One context for every rule: `report` reads the rule that runs (checks are synchronous), so no closure
  // and no context object is made per rule.
  let rule: Rule = active[0]!;
  const report = (r: Report) => {
    const k = `${rule.id}|${r.start}|${r.end}|${r.message}`;
    if (seen.has(k)) return;
    seen.add(k);
    const severity: Severity =
      r.severity && SEVERITY_RANK[r.severity] < SEVERITY_RANK[rule.severity] ? r.severity : rule.severity;
    const finding: Finding = {
      ruleId: rule.id,
      severity,
      message: r.message,
      start: r.start,
      end: Math.max(r.end, r.start),
    };
    if (r.fix) finding.fix = r.fix as Fix;
    findings.push(finding);
  };
  const ctx: RuleContext = { model, options: ruleOptions, report, isEnabled: (id: string) => enabled.has(id) };
  const render = model.ctx;
  const markedBefore = render.sawUnknownCondition;
  for (let i = 0; i < active.length; i++) {
    rule = active[i]!;
    if (only && !only.has(rule.id)) continue;
    // Each rule starts unmarked, so the mark says whether this rule's own check met an undecidable Fn::If.
    render.sawUnknownCondition = false;
    try {
      rule.check(ctx);
    } catch (e) {
      // One broken rule must not hide the others' findings. It may not fail in the other branch.
      branchDependent.add(rule.id);
      findings.push({
        ruleId: INTERNAL_ERROR,
        severity: 'warning',
        start: 0,
        end: 0,
        message: `Rule ${rule.id} failed on this template (${(e as Error).message}). Please report it.`,
      });
    }
    if (render.sawUnknownCondition) {
      sawUnknownCondition = true;
      branchDependent.add(rule.id);
    }
  }
  // Left as sticky as rendering leaves it: set if anything met an undecidable Fn::If, before or during the rules.
  render.sawUnknownCondition = markedBefore || sawUnknownCondition;
  return { findings: findings.sort(byPosition), branchDependent, sawUnknownCondition };
}

function hasSetting(settings: Readonly<Record<string, SeveritySetting>> | undefined): boolean {
  for (const _ in settings) return true;
  return false;
}

let everyRuleId: ReadonlySet<string> | undefined;
function allRuleIds(): ReadonlySet<string> {
  return (everyRuleId ??= new Set(ALL_RULES.map((r) => r.id)));
}

/** Per-rule severity settings: `off` drops a finding, a severity replaces its own. */
export function applySettings(findings: Finding[], settings?: Readonly<Record<string, SeveritySetting>>): Finding[] {
  if (!settings) return findings;
  const result: Finding[] = [];
  for (const f of findings) {
    const s = settings[f.ruleId];
    if (s === 'off') continue;
    result.push(s ? { ...f, severity: s } : f);
  }
  return result;
}

/** Keep every range inside the text (a parser may point one past the end of a truncated file). */
function clamp(f: Finding, length: number): Finding {
  const start = Math.max(0, Math.min(f.start, length));
  const end = Math.max(start, Math.min(f.end, length));
  return start === f.start && end === f.end ? f : { ...f, start, end };
}

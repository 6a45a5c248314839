import type { Fix, Severity } from '../findings';
import type { CfnHupModel } from '../cfnhup/model';

/** What a rule's documentation says; `bad` and `good` are complete templates and double as its tests. */
export interface RuleDoc {
  /** What goes wrong on the instance. */
  why: string;
  /** Where the fact comes from (cfn-hup source or AWS docs). */
  source: string;
  bad: string;
  good: string;
}

export interface Report {
  start: number;
  end: number;
  message: string;
  fix?: Fix;
  /** Lower the rule's severity for this one finding (never raises it). */
  severity?: Severity;
}

export interface RuleContext {
  model: CfnHupModel;
  options: RuleOptions;
  report(r: Report): void;
  /**
   * Whether another rule runs in this analysis (not turned off, and able to run
   * on this kind of file). A rule that stays silent because "rule Y explains it"
   * must ask this first: with Y off, nothing would explain it.
   */
  isEnabled(ruleId: string): boolean;
}

export interface RuleOptions {
  /** The parameter that carries the build to release (default `BuildNumber`). */
  buildParameter: string;
}

export interface Rule {
  id: string;
  severity: Severity;
  title: string;
  doc: RuleDoc;
  /** Also checks standalone cfn-hup.conf / hook files (it needs nothing from a template). */
  conf?: boolean;
  check(ctx: RuleContext): void;
}

import { analyzeConf, analyzeTemplate, type Finding, type ParsedTemplate, type SeveritySetting } from '../../core';

/** What an analysis needs besides the text (a plain object: it also crosses to the analysis worker). */
export interface AnalysisSettings {
  rules: Record<string, SeveritySetting>;
  buildParameter: string;
}

/** One document's analysis: a template's (with its parse, for completions and hovers) or a cfn-hup file's. */
export interface DocumentAnalysis {
  /** A CloudFormation template or a standalone cfn-hup file: something the extension checks. */
  isTemplate: boolean;
  findings: Finding[];
  /** The template's parse; absent for cfn-hup files and for documents analysed in the worker. */
  parsed?: ParsedTemplate;
  /** Where the build parameter is declared (the CodeLens goes there); set by the worker, which keeps its parse. */
  buildParameterKey?: { start: number; end: number };
  /** Set when the analysis did not finish within the time budget: `findings` holds one finding that says so. */
  timedOut?: boolean;
}

/** A template, or (`conf`) a standalone cfn-hup file; for open documents and for files read from disk alike. */
export function analyzeText(
  text: string,
  fileName: string,
  settings: AnalysisSettings,
  conf: boolean,
): DocumentAnalysis {
  if (conf) {
    // The language is chosen by file name; a file that turns out not to be cfn-hup's gets no findings.
    const result = analyzeConf(text, { fileName, rules: settings.rules });
    return result ? { isTemplate: true, findings: result.findings } : { isTemplate: false, findings: [] };
  }
  return analyzeTemplate(text, { fileName, rules: settings.rules, buildParameter: settings.buildParameter });
}

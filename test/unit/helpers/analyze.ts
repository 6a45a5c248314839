import { analyzeTemplate, type AnalyzeOptions, type Finding, type TextEdit } from '../../../src/core';

export function findings(text: string, options: AnalyzeOptions = {}): Finding[] {
  return analyzeTemplate(text, { fileName: options.fileName ?? 'template.yaml', ...options }).findings;
}

/** The source text a finding points at. */
export function covered(text: string, f: Finding): string {
  return text.slice(f.start, f.end);
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Replace exactly one occurrence, failing loudly when the base template changed under a test. */
export function replaceOnce(text: string, search: string, replacement: string): string {
  const at = text.indexOf(search);
  if (at < 0 || text.indexOf(search, at + 1) >= 0) throw new Error(`expected exactly one "${search}" in the template`);
  return text.slice(0, at) + replacement + text.slice(at + search.length);
}

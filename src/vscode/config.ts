import * as vscode from 'vscode';
import type { SeveritySetting } from '../core';

/** Typed reads of the `cfnHup.*` settings. This extension never writes settings. */
export const SECTION = 'cfnHup';

export interface ValidationConfig {
  enable: boolean;
  delayMs: number;
  buildParameter: string;
  rules: Record<string, SeveritySetting>;
  /** Milliseconds a document's analysis in the worker may take before it is stopped. */
  timeBudgetMs: number;
}

const SEVERITIES: ReadonlySet<string> = new Set(['off', 'info', 'warning', 'error']);

export function readValidationConfig(scope?: vscode.Uri): ValidationConfig {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const delay = c.get<number>('validate.delayMs', 250);
  const buildParameter = c.get<string>('buildParameter', 'BuildNumber');
  const budget = c.get<number>('validate.timeBudgetMs', 5000);
  return {
    enable: c.get<boolean>('validate.enable', true) !== false,
    delayMs: typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 ? delay : 250,
    buildParameter: typeof buildParameter === 'string' && buildParameter.trim() ? buildParameter.trim() : 'BuildNumber',
    rules: sanitizeRules(c.get<unknown>('rules', {})),
    timeBudgetMs: typeof budget === 'number' && Number.isFinite(budget) && budget >= 1 ? budget : 5000,
  };
}

/** Keeps only `ruleId: off|info|warning|error` pairs; anything else in the setting is ignored. */
function sanitizeRules(value: unknown): Record<string, SeveritySetting> {
  const rules: Record<string, SeveritySetting> = {};
  if (!value || typeof value !== 'object') return rules;
  for (const [id, sev] of Object.entries(value as Record<string, unknown>)) {
    if (typeof sev === 'string' && SEVERITIES.has(sev)) rules[id] = sev as SeveritySetting;
  }
  return rules;
}

export function affectsValidation(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}

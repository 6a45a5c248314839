import * as vscode from 'vscode';
import { mergeSettings, type SeveritySetting } from '../core';
import type { ProjectLayer } from './projectConfig';

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

/** The workspace's project config files (.cfn-hup-tools.yaml/json), once the extension has read them. */
let projectLayer: (uri: vscode.Uri) => ProjectLayer | undefined = () => undefined;

export function useProjectConfigs(layerFor: (uri: vscode.Uri) => ProjectLayer | undefined): void {
  projectLayer = layerFor;
}

export function readValidationConfig(scope?: vscode.Uri): ValidationConfig {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const delay = c.get<number>('validate.delayMs', 250);
  const buildParameter = c.get<string>('buildParameter', 'BuildNumber');
  const budget = c.get<number>('validate.timeBudgetMs', 5000);
  // Precedence, lowest first: the project config file, then the user's settings (rule by rule);
  // the file's buildParameter applies unless a setting sets one explicitly.
  const project = scope ? projectLayer(scope) : undefined;
  const inspected = c.inspect<string>('buildParameter');
  const buildParameterSet = [inspected?.globalValue, inspected?.workspaceValue, inspected?.workspaceFolderValue].some(
    (v) => v !== undefined,
  );
  const setting = typeof buildParameter === 'string' && buildParameter.trim() ? buildParameter.trim() : 'BuildNumber';
  return {
    enable: c.get<boolean>('validate.enable', true) !== false && !project?.ignored,
    delayMs: typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 ? delay : 250,
    buildParameter: buildParameterSet ? setting : (project?.buildParameter ?? setting),
    rules: mergeSettings(project, { rules: sanitizeRules(c.get<unknown>('rules', {})) }).rules,
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

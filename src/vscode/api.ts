import type * as vscode from 'vscode';
import type { AnalysisEvent } from './diagnostics';

export type { AnalysisEvent } from './diagnostics';

/** What activate() returns to other extensions: nothing test-specific (tests: see ./testing.ts). */
export interface CfnHupApi {
  readonly onDidAnalyze: vscode.Event<AnalysisEvent>;
  /** The latest analysis of an open document, if one ran. */
  lastAnalysis(uri: vscode.Uri): AnalysisEvent | undefined;
}

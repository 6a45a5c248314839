import type * as vscode from 'vscode';
import type { ReleaseTestingHook } from './release';
import type { ExplorerTestingApi } from './explorer';
import type { AnalysisEvent } from './diagnostics';

export type { AnalysisEvent } from './diagnostics';

/** What activate() returns: a small surface for integration tests and other extensions. */
export interface CfnHupApi {
  readonly onDidAnalyze: vscode.Event<AnalysisEvent>;
  /** The latest analysis of an open document, if one ran. */
  lastAnalysis(uri: vscode.Uri): AnalysisEvent | undefined;
  /** Hooks for the integration tests; each is undefined in a production extension host. */
  readonly testing: CfnHupTesting;
}

export interface CfnHupTesting {
  /** Scripted prompts, a loopback AWS connection and short polls for the release commands (src/vscode/release). */
  readonly release: ReleaseTestingHook | undefined;
  /** The AWS explorer's tree, documents and command prompts, and the session (useConnection: a loopback AWS with dummy credentials). */
  readonly explorer: ExplorerTestingApi | undefined;
}

import type * as vscode from 'vscode';
import type { ReleaseTestingHook } from './release';
import type { ExplorerTestingApi } from './explorer';

/** One finished analysis of an open document (also fired when a document turns out not to be a template). */
export interface AnalysisEvent {
  readonly uri: vscode.Uri;
  readonly version: number;
  /** False for JSON/YAML that is not a CloudFormation template, and for documents not validated. */
  readonly isTemplate: boolean;
  readonly findingCount: number;
}

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

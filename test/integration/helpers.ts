// Shared helpers: every wait is on an event, with a time-out; never a fixed sleep.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AnalysisEvent, CfnHupApi } from '../../src/vscode/api';
import type { CfnHupDevelopmentApi, CfnHupTesting } from '../../src/vscode/testing';

export const EXTENSION_ID = 'cfn-hup-tools.cfn-hup-tools';
export const DEFAULT_TIMEOUT_MS = 20_000;

export function extension(): vscode.Extension<CfnHupApi> {
  const ext = vscode.extensions.getExtension<CfnHupApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

/** The extension's API; activates it if nothing has yet. */
export async function api(): Promise<CfnHupApi> {
  return extension().activate();
}

/** The testing API: present because the suite runs the extension in test mode (never in production). */
export async function testingApi(): Promise<CfnHupTesting> {
  const testing = ((await api()) as Partial<CfnHupDevelopmentApi>).testing;
  assert.ok(testing, 'the testing API exists in extension development and test mode');
  return testing;
}

/** The fixture workspace folder (test/fixtures/workspace). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace open');
  return folder.uri;
}

export function fixture(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

export async function open(relativePath: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixture(relativePath));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/**
 * Resolves with check()'s first defined value: checked now, then on every `event`.
 * Rejects after timeoutMs with a message naming what was awaited (and what was last seen).
 */
export function waitFor<T>(
  what: string,
  event: vscode.Event<unknown>,
  check: () => T | undefined,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  describe?: () => string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const now = check();
    if (now !== undefined) {
      resolve(now);
      return;
    }
    const subscription = event(() => {
      const value = check();
      if (value === undefined) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(
        new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describe ? `; last seen: ${describe()}` : ''}`),
      );
    }, timeoutMs);
  });
}

export function cfnHupDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'cfn-hup');
}

function show(ds: vscode.Diagnostic[]): string {
  return JSON.stringify(ds.map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`));
}

/** Waits until the document's cfn-hup diagnostics satisfy `accept`, driven by onDidChangeDiagnostics. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  accept: (ds: vscode.Diagnostic[]) => boolean,
  timeoutMs?: number,
): Promise<vscode.Diagnostic[]> {
  return waitFor(
    `${what} on ${vscode.workspace.asRelativePath(uri)}`,
    vscode.languages.onDidChangeDiagnostics,
    () => {
      const ds = cfnHupDiagnostics(uri);
      return accept(ds) ? ds : undefined;
    },
    timeoutMs,
    () => show(cfnHupDiagnostics(uri)),
  );
}

/** Waits until the extension has analysed this version of the document (templates and non-templates alike). */
export async function waitForAnalysis(doc: vscode.TextDocument, timeoutMs?: number): Promise<AnalysisEvent> {
  const cfnHup = await api();
  return waitFor(
    `the analysis of ${vscode.workspace.asRelativePath(doc.uri)} v${doc.version}`,
    cfnHup.onDidAnalyze,
    () => {
      const last = cfnHup.lastAnalysis(doc.uri);
      return last && last.version === doc.version ? last : undefined;
    },
    timeoutMs,
  );
}

/** Closes every editor, discarding unsaved edits, so a test leaves no state behind. */
export async function closeAllEditors(): Promise<void> {
  // Unsaved edits (and untitled documents) would make closing ask whether to save: revert them first.
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

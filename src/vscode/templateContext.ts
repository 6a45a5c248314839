import * as vscode from 'vscode';
import { classify } from '../core';
import type { DiagnosticsController } from './diagnostics';
import { EXCLUDE_GLOB, TEMPLATE_GLOB } from './documents';

/** The context key the release menus' `when` clauses read: `resourcePath in cfnHup.templates`. */
export const TEMPLATES_CONTEXT_KEY = 'cfnHup.templates';
const MAX_SCANNED = 5_000;
/** Enough of a file to tell a template by its content (the top-level keys come first). */
const HEAD_BYTES = 65_536;

/** `resourcePath` as VS Code computes it for a `when` clause. */
export function resourcePath(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.path;
}

/**
 * Which files are CloudFormation templates, for the "Release New Build…" and
 * "Update Stack from Template…" items of the editor and Explorer menus: open
 * documents as their analysis says, files of the workspace by their content
 * (core's classify), kept current by a file watcher. Published as one
 * array-valued context key.
 */
export class TemplateContext implements vscode.Disposable {
  private readonly open = new Map<string, boolean>();
  private readonly scanned = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private published = '';
  private pending: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = new vscode.EventEmitter<string[]>();
  /** Fired after each new value of the context key. */
  readonly onDidChange = this.changed.event;

  constructor(diagnostics: DiagnosticsController) {
    const watcher = vscode.workspace.createFileSystemWatcher(TEMPLATE_GLOB);
    this.disposables.push(
      watcher,
      this.changed,
      diagnostics.onDidAnalyze((e) => {
        this.open.set(resourcePath(e.uri), e.isTemplate);
        this.publish();
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (this.open.delete(resourcePath(doc.uri))) this.publish();
      }),
      watcher.onDidCreate((uri) => void this.scanFile(uri)),
      watcher.onDidChange((uri) => void this.scanFile(uri)),
      watcher.onDidDelete((uri) => {
        if (this.scanned.delete(resourcePath(uri))) this.publish();
      }),
    );
    void this.scanWorkspace();
  }

  /** The paths published now (tests compare them with the menus' `when` clauses). */
  get paths(): string[] {
    const all = new Set(this.scanned);
    for (const [path, isTemplate] of this.open) {
      if (isTemplate) all.add(path);
      else all.delete(path);
    }
    return [...all].sort();
  }

  private async scanWorkspace(): Promise<void> {
    if (!vscode.workspace.workspaceFolders?.length) return;
    const uris = await vscode.workspace.findFiles(TEMPLATE_GLOB, EXCLUDE_GLOB, MAX_SCANNED);
    for (const uri of uris) await this.scanFile(uri, false);
    this.publish();
  }

  private async scanFile(uri: vscode.Uri, publish = true): Promise<void> {
    let isTemplate = false;
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      const text = new TextDecoder('utf-8').decode(bytes.subarray(0, HEAD_BYTES));
      isTemplate = classify(uri.path, text).kind === 'template';
    } catch {
      isTemplate = false; // unreadable: not offered
    }
    const path = resourcePath(uri);
    const changed = isTemplate ? !this.scanned.has(path) : this.scanned.has(path);
    if (isTemplate) this.scanned.add(path);
    else this.scanned.delete(path);
    if (publish && changed) this.publish();
  }

  /** Coalesces bursts of analyses into one setContext. */
  private publish(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      const paths = this.paths;
      const key = JSON.stringify(paths);
      if (key === this.published) return;
      this.published = key;
      void vscode.commands
        .executeCommand('setContext', TEMPLATES_CONTEXT_KEY, paths)
        .then(() => this.changed.fire(paths));
    }, 50);
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    for (const d of this.disposables) d.dispose();
  }
}

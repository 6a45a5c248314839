import * as vscode from 'vscode';

/**
 * The "Release plan" documents: read-only Markdown beside the editor, opened
 * before a release asks for confirmation, so the user reads what each hook
 * will do on an instance (files with their diff, commands, services) while
 * the modal waits. Virtual (scheme `cfn-hup-plan`): nothing to save, nothing
 * written to disk.
 */
export const PLAN_SCHEME = 'cfn-hup-plan';

export class PlanDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Opens (or refreshes) the plan of a stack beside the active editor, without taking the focus. */
  async show(title: string, markdown: string): Promise<void> {
    const uri = this.uriOf(title);
    const known = this.contents.has(uri.toString());
    this.contents.set(uri.toString(), markdown);
    if (known) this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, {
      viewColumn: vscode.ViewColumn.Beside,
      preview: true,
      preserveFocus: true,
    });
  }

  /** Refreshes a document's text without showing it again (the user may have closed it on purpose). */
  update(title: string, markdown: string): void {
    const uri = this.uriOf(title);
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
  }

  private uriOf(title: string): vscode.Uri {
    return vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${title.replace(/[\\/:*?"<>|]/g, '-')}.md` });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}

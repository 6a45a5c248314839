import * as vscode from 'vscode';
import { CONFIG_FILE_NAMES, isIgnored, parseProjectConfig, type ProjectConfig } from '../core';
import { LineIndex } from '../core';
import { toRange } from './convert';

/** What a document's nearest project config says, resolved for it. */
export interface ProjectLayer {
  rules: ProjectConfig['rules'];
  buildParameter?: string;
  /** The document matches one of the config's `ignore` globs. */
  ignored: boolean;
}

const GLOB = `**/{${CONFIG_FILE_NAMES.join(',')}}`;

/**
 * The project configuration files (.cfn-hup-tools.yaml/.yml/.json) of the
 * workspace, read once and then kept current by a file watcher: each change
 * re-analyses the open documents (`onDidChange`). A document uses the nearest
 * file found walking up from its folder (CONFIG_FILE_NAMES order within a
 * folder), as the CLI does. A file's problems are diagnostics on that file.
 */
export class ProjectConfigs implements vscode.Disposable {
  /** Folder path → its config file and parse, for the folders that have one. */
  private readonly byFolder = new Map<string, { uri: vscode.Uri; config: ProjectConfig }[]>();
  private readonly problems = vscode.languages.createDiagnosticCollection('cfn-hup-config');
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(GLOB);
    const reread = (uri: vscode.Uri) => void this.read(uri).then(() => this.changed.fire());
    this.disposables.push(
      watcher,
      this.problems,
      this.changed,
      watcher.onDidCreate(reread),
      watcher.onDidChange(reread),
      watcher.onDidDelete((uri) => {
        this.remove(uri);
        this.problems.delete(uri);
        this.changed.fire();
      }),
    );
    void this.readAll();
  }

  private async readAll(): Promise<void> {
    if (!vscode.workspace.workspaceFolders?.length) return;
    const uris = await vscode.workspace.findFiles(GLOB, '**/node_modules/**', 1000);
    await Promise.all(uris.map((u) => this.read(u)));
    if (uris.length) this.changed.fire();
  }

  private async read(uri: vscode.Uri): Promise<void> {
    let text: string;
    try {
      text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      this.remove(uri);
      return;
    }
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const { config, problems } = parseProjectConfig(text, name);
    const index = new LineIndex(text);
    this.problems.set(
      uri,
      problems.map((p) => {
        const d = new vscode.Diagnostic(
          toRange(index, p.start, p.end),
          `cfn-hup-tools config: ${p.message}`,
          p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        d.source = 'cfn-hup';
        d.code = 'CONFIG';
        return d;
      }),
    );
    this.remove(uri);
    const folder = folderOf(uri);
    const list = this.byFolder.get(folder) ?? [];
    list.push({ uri, config });
    list.sort((a, b) => rank(a.uri) - rank(b.uri));
    this.byFolder.set(folder, list);
  }

  private remove(uri: vscode.Uri): void {
    const folder = folderOf(uri);
    const list = this.byFolder.get(folder)?.filter((e) => e.uri.toString() !== uri.toString());
    if (list?.length) this.byFolder.set(folder, list);
    else this.byFolder.delete(folder);
  }

  /** The nearest config's layer for this document, or undefined when none applies. */
  layerFor(uri: vscode.Uri): ProjectLayer | undefined {
    if (this.byFolder.size === 0) return undefined;
    const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.path;
    let folder = folderOf(uri);
    for (;;) {
      const found = this.byFolder.get(folder)?.[0];
      if (found) {
        const relative = uri.path.slice(folder.length + 1);
        return {
          rules: found.config.rules,
          ...(found.config.buildParameter ? { buildParameter: found.config.buildParameter } : {}),
          ignored: isIgnored(relative, found.config.ignore),
        };
      }
      if (folder === root || !folder.includes('/') || folder === '/') return undefined;
      folder = folder.slice(0, folder.lastIndexOf('/')) || '/';
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function folderOf(uri: vscode.Uri): string {
  return uri.path.slice(0, uri.path.lastIndexOf('/')) || '/';
}

function rank(uri: vscode.Uri): number {
  return CONFIG_FILE_NAMES.indexOf(uri.path.slice(uri.path.lastIndexOf('/') + 1));
}

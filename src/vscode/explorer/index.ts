import * as vscode from 'vscode';
import { AwsError } from '../../core/aws/errors';
import type { AwsSession } from '../aws/session';
import { registerExplorerCommands } from './commands';
import { CONTEXT_KEYS, VIEW_ID } from './contextValues';
import { LiveDocuments } from './liveDocuments';
import { ExplorerProvider } from './provider';
import type { ExplorerNode } from './treeNode';
import { instanceStates } from '../instances/states';

/** What the integration tests observe of the explorer (development and test mode only; see ../testing.ts). */
export interface ExplorerTestingApi {
  readonly provider: ExplorerProvider;
  readonly view: vscode.TreeView<ExplorerNode>;
  readonly live: LiveDocuments;
  /** The last error a command met (it was shown to the user, not thrown). */
  readonly lastCommandError: unknown;
  /** The extension's own error class, for failures a test injects at the gateway boundary. */
  readonly AwsError: typeof AwsError;
}

/**
 * The AWS explorer: an activity-bar container with one tree of stacks, their
 * build parameter, parameters, outputs, resources (cfn-hup hooks marked) and
 * fleet; the commands on its nodes; the `cfn-hup-live:` documents.
 */
export function registerExplorer(
  session: AwsSession,
  log: vscode.LogOutputChannel,
): { disposables: vscode.Disposable[]; api: ExplorerTestingApi } {
  const provider = new ExplorerProvider(session, log);
  const view = vscode.window.createTreeView<ExplorerNode>(VIEW_ID, {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  const live = new LiveDocuments(session);
  let lastCommandError: unknown;
  void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.filtered, false);
  session.showStatus(view.visible);

  const disposables: vscode.Disposable[] = [
    provider,
    view,
    live,
    provider.attach(view),
    instanceStates.onDidChange(() => provider.redraw()),
    view.onDidChangeVisibility((e) => session.showStatus(e.visible)),
    session.onDidChange(() => {
      // Another profile, region or endpoint: the whole tree is of another account or place.
      provider.refresh();
      provider.describe();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('cfnHup.buildParameter')) provider.refresh();
      if (e.affectsConfiguration('cfnHup.explorer')) provider.updatePolling();
    }),
    ...registerExplorerCommands({
      provider,
      session,
      live,
      log,
      onError: (e) => {
        lastCommandError = e;
      },
    }),
  ];

  const api: ExplorerTestingApi = {
    provider,
    view,
    live,
    get lastCommandError() {
      return lastCommandError;
    },
    AwsError,
  };
  return { disposables, api };
}

import * as vscode from 'vscode';
import type { Prompter } from './prompter';

/** The Prompter of a user's VS Code: the window's own QuickPicks, InputBoxes, dialogs and messages. */
export const windowPrompter: Prompter = {
  showQuickPick: (items, options) => vscode.window.showQuickPick(items, options),
  showInputBox: (options) => vscode.window.showInputBox(options),
  showWarningMessage: (message, options, ...items) => vscode.window.showWarningMessage(message, options, ...items),
  showOpenDialog: (options) => vscode.window.showOpenDialog(options),
  showErrorMessage: (message, ...items) => vscode.window.showErrorMessage(message, ...items),
};

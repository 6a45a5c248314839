import type * as vscode from 'vscode';

/**
 * Every question the extension asks (release commands, explorer commands, the
 * profile and region pickers), shaped like `vscode.window`'s own methods,
 * which implement it as they are (./windowPrompter.ts). The AWS session holds
 * the one in use; modal dialogs cannot be clicked in a test, so in
 * development and test mode a test may replace it (AwsSession.usePrompter).
 * Type-only `vscode` here: the release flows use it under node's test runner.
 */

/** A QuickPick row. */
export interface PickItem {
  label: string;
  description?: string;
  detail?: string;
  picked?: boolean;
}

export interface PickOptions {
  title?: string;
  placeHolder?: string;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
  ignoreFocusOut?: boolean;
}

export interface InputOptions {
  title?: string;
  prompt?: string;
  value?: string;
  placeHolder?: string;
  ignoreFocusOut?: boolean;
  /** Mask the typed value (a NoEcho parameter). */
  password?: boolean;
  /** A message when the value is not acceptable, undefined when it is (checked on every keystroke). */
  validateInput?(value: string): string | undefined | Promise<string | undefined>;
}

export interface ModalOptions {
  modal: true;
  detail?: string;
}

export interface Prompter {
  showQuickPick<T extends PickItem>(
    items: readonly T[] | Thenable<readonly T[]>,
    options: PickOptions,
  ): Thenable<T | undefined>;
  showInputBox(options: InputOptions): Thenable<string | undefined>;
  /** Always modal here: the answer is one of `items`, or undefined for Cancel. */
  showWarningMessage(message: string, options: ModalOptions, ...items: string[]): Thenable<string | undefined>;
  showOpenDialog(options: vscode.OpenDialogOptions): Thenable<vscode.Uri[] | undefined>;
  /** An error the user's own action met; the answer is one of `items` (e.g. "Show Log"). */
  showErrorMessage(message: string, ...items: string[]): Thenable<string | undefined>;
}

const METHODS = ['showQuickPick', 'showInputBox', 'showWarningMessage', 'showOpenDialog', 'showErrorMessage'] as const;

/** `replacement`'s methods (bound to it: a class instance keeps its state), `base`'s for the rest. */
export function mergePrompter(base: Prompter, replacement: Partial<Prompter>): Prompter {
  const merged: Record<string, unknown> = {};
  for (const m of METHODS) {
    const own = replacement[m] as ((...args: unknown[]) => unknown) | undefined;
    merged[m] = own ? own.bind(replacement) : (base[m] as (...args: unknown[]) => unknown).bind(base);
  }
  return merged as unknown as Prompter;
}

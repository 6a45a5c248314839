import type { AwsGateways } from '../../aws/gateways';
import type { ConvergenceReport } from './convergence';
import type { RunningReleases } from './running';

/**
 * The release flows (./newBuild.ts, ./updateFromTemplate.ts, ./replaceInstances.ts) are plain TypeScript over these interfaces:
 * no `vscode` import, so they run under node's test runner on the in-memory
 * fake (test/unit/release-ui). ./index.ts implements them with the VS Code API.
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
  /** A message when the value is not acceptable, undefined when it is (checked on every keystroke). */
  validateInput?(value: string): string | undefined | Promise<string | undefined>;
}

export interface ModalOptions {
  modal: true;
  detail?: string;
}

/**
 * Every question the release commands ask, shaped like `vscode.window`'s own
 * methods (which implement it as they are). Modal dialogs cannot be clicked in
 * a test, so the integration tests replace it with scripted answers.
 */
export interface Prompter {
  showQuickPick<T extends PickItem>(items: readonly T[], options: PickOptions): Thenable<T | undefined>;
  showInputBox(options: InputOptions): Thenable<string | undefined>;
  /** Always modal here: the answer is one of `items`, or undefined for Cancel. */
  showWarningMessage(message: string, options: ModalOptions, ...items: string[]): Thenable<string | undefined>;
}

/** One step under a progress indicator with a Cancel button. */
export interface Step {
  report(message: string): void;
  /** Aborts when the user presses Cancel. */
  readonly signal: AbortSignal;
}

export interface ReleaseLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ReleaseUi {
  prompter: Prompter;
  log: ReleaseLog;
  /** Runs `task` under a cancellable progress indicator titled `title`. */
  withProgress<T>(title: string, task: (step: Step) => Promise<T>): Promise<T>;
}

/** The AWS ports a release uses: every gateway of src/aws/gateways.ts (the in-memory fake implements them too). */
export type ReleaseAws = Omit<AwsGateways, 'dispose'>;

export interface ReleaseSettings {
  /** `cfnHup.buildParameter`. */
  buildParameter: string;
  /** `cfnHup.templateBucket`: where templates over 51,200 bytes are uploaded; empty for none. */
  templateBucket: string;
  /** `cfnHup.release.minHealthyPercentage`: proposed for an instance refresh. */
  minHealthyPercentage: number;
  /** Between polls of CloudFormation and Auto Scaling. */
  pollMs: number;
}

export interface ReleaseDeps {
  aws: ReleaseAws;
  ui: ReleaseUi;
  settings: ReleaseSettings;
  /** The operations running in this window: one per stack or group at a time. */
  running: RunningReleases;
}

/** Why a flow stopped before changing anything. */
export type RefusalReason =
  | 'busy'
  | 'no-changes'
  | 'unknown-parameter'
  | 'invalid-value'
  | 'same-value'
  | 'no-proposal'
  | 'template'
  | 'lint'
  | 'too-large'
  | 'no-stacks'
  | 'no-group'
  | 'rolling';

/**
 * What a command returns (to its caller: the tests, or another command) and
 * what its notification says. `refused`, `declined` and `cancelled` changed
 * nothing and left no change set behind.
 */
export type ReleaseResult =
  | {
      kind: 'succeeded';
      message: string;
      stackName?: string;
      changeSetName?: string;
      summary?: string[];
      convergence?: ConvergenceReport;
    }
  | { kind: 'refused'; reason: RefusalReason; message: string; stackName?: string }
  | { kind: 'declined' | 'cancelled'; message: string; stackName?: string }
  | {
      kind: 'failed' | 'rolled-back' | 'stopped';
      message: string;
      stackName?: string;
      changeSetName?: string;
      summary?: string[];
    };

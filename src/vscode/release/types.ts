import type { AwsGateways } from '../../aws/gateways';
import type { ConvergenceReport } from './convergence';
import type { RunningReleases } from './running';
import type { Prompter } from '../prompter';

export type { InputOptions, ModalOptions, PickItem, PickOptions, Prompter } from '../prompter';

/**
 * The release flows (./newBuild.ts, ./updateFromTemplate.ts, ./replaceInstances.ts) are plain TypeScript over these interfaces:
 * no `vscode` import, so they run under node's test runner on the in-memory
 * fake (test/unit/release-ui). ./index.ts implements them with the VS Code API.
 */

/** The questions a release asks: a part of the extension's one Prompter (../prompter.ts). */
export type ReleasePrompter = Pick<Prompter, 'showQuickPick' | 'showInputBox' | 'showWarningMessage'>;

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
  prompter: ReleasePrompter;
  log: ReleaseLog;
  /** Opens a read-only Markdown document beside the editor (the release plan), without taking the focus. */
  showDocument(title: string, markdown: string): Promise<void>;
  /** Runs `task` under a cancellable progress indicator titled `title`. */
  withProgress<T>(title: string, task: (step: Step) => Promise<T>): Promise<T>;
}

/** The AWS ports a release uses: every gateway of src/aws/gateways.ts (the in-memory fake implements them too). */
export type ReleaseAws = Omit<AwsGateways, 'dispose' | 'ssm'>;

export interface ReleaseSettings {
  /** `cfnHup.buildParameter`. */
  buildParameter: string;
  /** `cfnHup.templateBucket`: where templates over 51,200 bytes are uploaded; empty for none. */
  templateBucket: string;
  /** `cfnHup.release.minHealthyPercentage`: proposed for an instance refresh. */
  minHealthyPercentage: number;
  /** Between polls of CloudFormation and Auto Scaling. */
  pollMs: number;
  /** The custom endpoint in use (moto, LocalStack), if any: no console link is offered for it. */
  endpointUrl?: string;
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
      /** CloudFormation refused the change set for these capabilities, before anything was executed. */
      capabilityRefusal?: EditorCapabilityRefusal;
    };

export interface EditorCapabilityRefusal {
  /** The capabilities the refusal named. */
  asked: string[];
  /** What became of a change set CloudFormation made and then failed (deleted, or where it stays); undefined when none was made. */
  changeSet?: string;
}

import * as vscode from 'vscode';
import type { AwsSession } from '../aws/session';
import { instanceStates } from '../instances/states';
import { convergenceTitle, watchConvergence, type WatchResult } from './liveConvergence';
import type { PlanDocuments } from './planDocument';
import type { ReleaseLog, ReleaseResult, ReleaseUi } from './types';

/**
 * Starts the live convergence view (./liveConvergence.ts) after a release
 * that fired cfn-hup hooks succeeded: not awaited by the release command (its
 * result and notification come first); under its own progress notification,
 * whose Cancel stops it. `cfnHup.release.watchInstances` turns it off,
 * `cfnHup.release.convergenceTimeoutMinutes` bounds it. A change of the AWS
 * connection (profile, region, endpoint) stops every watch: its clients were
 * made for the old one, which the session has just disposed, and it would go
 * on asking the old account or endpoint.
 */
export class ConvergenceWatches implements vscode.Disposable {
  /** The latest watch (tests await it; its result is also notified). */
  last: Promise<WatchResult | undefined> | undefined;
  /** One watch per stack: a newer release of the stack stops the older watch (they would write the same document). */
  private readonly running = new Map<string, { controller: AbortController; connection: string }>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly session: AwsSession,
    private readonly ui: ReleaseUi,
    private readonly plans: PlanDocuments,
    private readonly log: ReleaseLog,
    private readonly showLog: () => void,
  ) {
    this.subscription = session.onDidChange(() => this.stopOnConnectionChange());
  }

  /** What a watch was started on: the connection, and the test override object (a new one per `useConnection`). */
  private connectionKey(): string {
    const o = this.session.override;
    if (o && !this.overrideIds.has(o)) this.overrideIds.set(o, ++this.overrideCount);
    return JSON.stringify([this.session.connection, o ? this.overrideIds.get(o) : 0]);
  }
  private readonly overrideIds = new WeakMap<object, number>();
  private overrideCount = 0;

  private stopOnConnectionChange(): void {
    if (!this.running.size) return;
    const now = this.connectionKey();
    for (const [stackName, watch] of this.running)
      if (watch.connection !== now) {
        this.log.warn(`Convergence ${stackName}: the AWS connection changed (profile, region or endpoint); stopping.`);
        watch.controller.abort('connection');
      }
  }

  dispose(): void {
    this.subscription.dispose();
    for (const { controller } of this.running.values()) controller.abort('disposed');
    this.running.clear();
  }

  after(result: ReleaseResult, scope: vscode.Uri | undefined): void {
    if (result.kind !== 'succeeded' || !result.stackName) return;
    const { firings, since } = result.convergence ?? {};
    if (!firings?.length || since === undefined) return;
    const config = vscode.workspace.getConfiguration('cfnHup', scope);
    if (!config.get<boolean>('release.watchInstances', true)) return;
    const stackName = result.stackName;
    const pollMs = this.session.override?.pollMs;
    this.running.get(stackName)?.controller.abort('superseded');
    const controller = new AbortController();
    this.running.set(stackName, { controller, connection: this.connectionKey() });
    const done = () => {
      if (this.running.get(stackName)?.controller === controller) this.running.delete(stackName);
    };
    this.last = watchConvergence(
      this.session.gateways(),
      {
        log: this.log,
        withProgress: (title, task) => this.ui.withProgress(title, task),
        showDocument: (title, markdown) => this.plans.show(title, markdown),
        updateDocument: (title, markdown) => this.plans.update(title, markdown),
        onResults: (results) => instanceStates.set(results),
      },
      {
        stackName,
        firings,
        since,
        timeoutMinutes: config.get<number>('release.convergenceTimeoutMinutes', 0),
        pollMs,
        invocationPollMs: pollMs,
        signal: controller.signal,
      },
    ).then(
      (watch) => {
        done();
        // Superseded by a newer release's watch: that one speaks now. Stopped by a connection change: said.
        if (!controller.signal.aborted || watch.kind !== 'stopped' || controller.signal.reason === 'connection')
          this.notify(watch, stackName);
        return watch;
      },
      (e: unknown) => {
        done();
        // An AWS refusal before the first check (e.g. listing the stack's resources): said once, in the log in full.
        const message = e instanceof Error ? e.message : String(e);
        this.log.error(`Convergence ${stackName}: ${e instanceof Error && e.stack ? e.stack : message}`);
        void vscode.window
          .showWarningMessage(`cfn-hup: could not watch the instances of ${stackName}: ${message}`, 'Show Log')
          .then((choice) => choice && this.showLog());
        return undefined;
      },
    );
  }

  private notify(watch: WatchResult, stackName: string): void {
    if (watch.kind === 'nothing') return this.log.info(`Convergence ${watch.message}`);
    const show = 'Show Convergence';
    const shown =
      watch.kind === 'converged'
        ? vscode.window.showInformationMessage(`cfn-hup: ${watch.message}`, show)
        : vscode.window.showWarningMessage(`cfn-hup: ${watch.message}`, show, 'Show Log');
    void shown.then((choice) => {
      if (choice === show && watch.document) void this.plans.show(convergenceTitle(stackName), watch.document);
      else if (choice) this.showLog();
    });
  }
}

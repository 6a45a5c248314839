import * as vscode from 'vscode';
import { isAwsError } from '../../core/aws/errors';
import type { AwsSession } from '../aws/session';
import { isGroupTarget, isStackTarget } from '../aws/targets';
import { readValidationConfig } from '../config';
import type { DiagnosticsController } from '../diagnostics';
import { isCandidate, TEMPLATE_SELECTOR } from '../documents';
import { releaseNewBuild } from './newBuild';
import { pickStack } from './pickStack';
import type { WatchResult } from './liveConvergence';
import { ConvergenceWatches } from './liveView';
import { PlanDocuments } from './planDocument';
import { pickStackDeclaring } from './stackChoice';
import { replaceInstances } from './replaceInstances';
import { RunningReleases } from './running';
import { updateFromTemplate } from './updateFromTemplate';
import { parameterKey } from './text';
import type { ReleaseDeps, ReleaseLog, ReleaseResult, ReleaseSettings, ReleaseUi } from './types';

export type { Prompter, ReleaseResult } from './types';

/** Command ids, as declared in package.json `contributes.commands`. */
export const RELEASE_COMMANDS = {
  newBuild: 'cfnHup.release.newBuild',
  updateFromTemplate: 'cfnHup.release.updateFromTemplate',
  replaceInstances: 'cfnHup.release.replaceInstances',
  showLog: 'cfnHup.release.showLog',
} as const;

/** What the CodeLens on a template's build parameter passes to "Release new build". */
export interface BuildParameterArgument {
  kind: 'buildParameter';
  parameter: string;
  uri: vscode.Uri;
}

/** What the integration tests observe of the release commands (development and test mode only; see ../testing.ts). */
export interface ReleaseTestingApi {
  /** Every line written to the "cfn-hup releases" log, as it is written (tests wait on it, never sleep). */
  readonly onDidLog: vscode.Event<string>;
  /** Press Cancel on every running release progress (the live convergence view's too); returns how many were running. */
  cancelActive(): number;
  /** The live convergence view started after the last release that fired hooks (undefined: none started). */
  readonly lastConvergence: Promise<WatchResult | undefined> | undefined;
}

function isBuildParameterArgument(x: unknown): x is BuildParameterArgument {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as BuildParameterArgument).kind === 'buildParameter' &&
    typeof (x as BuildParameterArgument).parameter === 'string'
  );
}

/**
 * The release commands (new build, update from template, rolling
 * replacement), the CodeLens on a template's build parameter, and the
 * "cfn-hup releases" log. The flows live in one file per command (no vscode there).
 */
export function registerRelease(
  context: vscode.ExtensionContext,
  session: AwsSession,
  diagnostics: DiagnosticsController,
): { testing: ReleaseTestingApi } {
  const channel = vscode.window.createOutputChannel('cfn-hup releases', { log: true });
  const logged = new vscode.EventEmitter<string>();
  const lensesChanged = new vscode.EventEmitter<void>();
  const log: ReleaseLog = {
    info: (m) => {
      channel.info(m);
      logged.fire(m);
    },
    warn: (m) => {
      channel.warn(m);
      logged.fire(m);
    },
    error: (m) => {
      channel.error(m);
      logged.fire(m);
    },
  };
  const plans = new PlanDocuments();
  const active = new Set<AbortController>();
  const running = new RunningReleases();

  const ui: ReleaseUi = {
    get prompter() {
      return session.prompter;
    },
    log,
    showDocument: (title, markdown) => plans.show(title, markdown),
    withProgress: (title, task) =>
      Promise.resolve(
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title, cancellable: true },
          async (progress, token) => {
            const controller = new AbortController();
            active.add(controller);
            const cancel = token.onCancellationRequested(() => controller.abort());
            try {
              return await task({ report: (message) => progress.report({ message }), signal: controller.signal });
            } finally {
              cancel.dispose();
              active.delete(controller);
            }
          },
        ),
      ),
  };

  const convergence = new ConvergenceWatches(session, ui, plans, log, () => channel.show(true));
  context.subscriptions.push(convergence);

  const settings = (scope?: vscode.Uri): ReleaseSettings => {
    const c = vscode.workspace.getConfiguration('cfnHup', scope);
    const percent = c.get<number>('release.minHealthyPercentage', 90);
    const seconds = c.get<number>('release.pollSeconds', 5);
    return {
      buildParameter: readValidationConfig(scope).buildParameter,
      templateBucket: c.get<string>('templateBucket', '') ?? '',
      minHealthyPercentage: Number.isInteger(percent) && percent >= 1 && percent <= 100 ? percent : 90,
      pollMs: session.override?.pollMs ?? (Number.isFinite(seconds) && seconds >= 1 ? seconds * 1000 : 5000),
      endpointUrl: session.connection.endpointUrl,
    };
  };

  /** Runs a command's flow; its result is logged, notified (with "Show Log") and returned to the caller. */
  const run = async (
    name: string,
    scope: vscode.Uri | undefined,
    flow: (deps: ReleaseDeps) => Promise<ReleaseResult>,
  ): Promise<ReleaseResult> => {
    let result: ReleaseResult;
    try {
      result = await flow({ aws: session.gateways(), ui, settings: settings(scope), running });
    } catch (e) {
      if (isAwsError(e)) {
        // E.g. the session refused an insecure endpoint before any request: say why and what to do.
        result = { kind: 'failed', message: `${name}: ${e.message} ${e.nextStep}`.trim() };
      } else {
        log.error(`${name}: ${(e as Error).stack ?? String(e)}`);
        result = { kind: 'failed', message: `${name} failed unexpectedly: ${(e as Error).message}` };
      }
    }
    const line = `${name}: ${result.kind}: ${result.message}`;
    if (result.kind === 'succeeded') log.info(line);
    else if (result.kind === 'failed' || result.kind === 'rolled-back') log.error(line);
    else log.warn(line);
    notify(result);
    // A release that fired cfn-hup hooks: watch the instances apply it (not awaited; it has its own progress).
    convergence.after(result, scope);
    return result;
  };

  const notify = (result: ReleaseResult): void => {
    // Escaping a prompt needs no notification: the user knows; the log has it.
    if (result.kind === 'cancelled' && !/change set/.test(result.message)) return;
    const text = `cfn-hup: ${result.message}`;
    const shown =
      result.kind === 'succeeded' || result.kind === 'declined' || result.kind === 'cancelled'
        ? vscode.window.showInformationMessage(text, 'Show Log')
        : result.kind === 'refused' || result.kind === 'stopped'
          ? vscode.window.showWarningMessage(text, 'Show Log')
          : vscode.window.showErrorMessage(text, 'Show Log');
    // Not awaited: the command's result must not wait for the user to dismiss the notification.
    void shown.then((choice) => {
      if (choice) channel.show(true);
    });
  };

  /** The stack last released from each template file: the workspace's state, not the user's settings. */
  const lastStack = {
    key: (file: vscode.Uri) => `cfnHup.release.lastStack:${file.toString()}`,
    get: (file: vscode.Uri) => context.workspaceState.get<string>(lastStack.key(file)),
    set: (file: vscode.Uri, stack: string) => context.workspaceState.update(lastStack.key(file), stack),
  };

  const stackOrPick = async (deps: ReleaseDeps, arg: unknown, title: string): Promise<string | ReleaseResult> => {
    if (isStackTarget(arg) || isGroupTarget(arg)) return arg.stackName;
    if (typeof arg === 'string' && arg.trim()) return arg.trim();
    return pickStack(deps, title);
  };

  const disposables: vscode.Disposable[] = [
    channel,
    plans,
    logged,
    lensesChanged,
    vscode.commands.registerCommand(RELEASE_COMMANDS.newBuild, (arg?: unknown) => {
      const lens = isBuildParameterArgument(arg) ? arg : undefined;
      // From the CodeLens, or from a template's editor/Explorer menu (VS Code passes its URI).
      const file = lens?.uri ?? (arg instanceof vscode.Uri ? arg : undefined);
      const parameter = lens?.parameter ?? (file ? readValidationConfig(file).buildParameter : undefined);
      return run('Release new build', file, async (deps) => {
        const title = parameter ? `Release a new ${parameter} to which stack?` : 'Release a new build to which stack?';
        const stack =
          file && parameter
            ? await pickStackDeclaring(deps, parameter, title, lastStack.get(file))
            : await stackOrPick(deps, arg, title);
        if (typeof stack !== 'string') return stack;
        const result = await releaseNewBuild(deps, { stackName: stack, parameter });
        if (file && result.kind === 'succeeded') await lastStack.set(file, stack);
        return result;
      });
    }),
    vscode.commands.registerCommand(RELEASE_COMMANDS.updateFromTemplate, async (arg?: unknown) => {
      const doc =
        arg instanceof vscode.Uri
          ? await vscode.workspace.openTextDocument(arg)
          : vscode.window.activeTextEditor?.document;
      return run('Update stack from template', doc?.uri, async (deps) => {
        const analysis = doc && isCandidate(doc) ? await diagnostics.analysisOf(doc) : undefined;
        if (!doc || !analysis?.isTemplate)
          return {
            kind: 'refused',
            reason: 'template',
            message:
              'Open the CloudFormation template to deploy in an editor, then run "Update Stack from Template" again.',
          };
        const fileName = vscode.workspace.asRelativePath(doc.uri);
        const title = `Update which stack from ${fileName}?`;
        const stack =
          arg instanceof vscode.Uri
            ? await pickStackDeclaring(deps, deps.settings.buildParameter, title, lastStack.get(doc.uri))
            : await stackOrPick(deps, arg, title);
        if (typeof stack !== 'string') return stack;
        const result = await updateFromTemplate(deps, {
          stackName: stack,
          text: doc.getText(),
          fileName,
          findings: analysis.findings,
        });
        if (result.kind === 'succeeded') await lastStack.set(doc.uri, stack);
        return result;
      });
    }),
    vscode.commands.registerCommand(RELEASE_COMMANDS.replaceInstances, (arg?: unknown) =>
      run('Replace instances', undefined, async (deps) => {
        if (isGroupTarget(arg)) return replaceInstances(deps, { stackName: arg.stackName, groupName: arg.groupName });
        const stack = await stackOrPick(deps, arg, 'Replace the instances of which stack?');
        if (typeof stack !== 'string') return stack;
        return replaceInstances(deps, { stackName: stack });
      }),
    ),
    vscode.commands.registerCommand(RELEASE_COMMANDS.showLog, () => channel.show()),
    vscode.languages.registerCodeLensProvider(TEMPLATE_SELECTOR, {
      onDidChangeCodeLenses: lensesChanged.event,
      provideCodeLenses(doc) {
        if (
          !isCandidate(doc) ||
          !vscode.workspace.getConfiguration('cfnHup', doc.uri).get<boolean>('release.codeLens', true)
        )
          return [];
        const analysis = diagnostics.analysisFor(doc);
        if (!analysis.isTemplate) return [];
        const parameter = diagnostics.configFor(doc.uri).buildParameter;
        // A document analysed in the worker comes with the key's place instead of its parse.
        const key = analysis.parsed ? parameterKey(analysis.parsed.root, parameter) : analysis.buildParameterKey;
        if (!key) return [];
        const range = new vscode.Range(doc.positionAt(key.start), doc.positionAt(key.end));
        const argument: BuildParameterArgument = { kind: 'buildParameter', parameter, uri: doc.uri };
        return [
          new vscode.CodeLens(range, {
            title: '$(rocket) Release new build…',
            tooltip: `Change ${parameter} on a stack, keep everything else: a change set, its summary, then Execute`,
            command: RELEASE_COMMANDS.newBuild,
            arguments: [argument],
          }),
          new vscode.CodeLens(range, {
            title: 'Update stack from this template…',
            tooltip: 'Deploy this template to a stack through a change set, parameters kept',
            command: RELEASE_COMMANDS.updateFromTemplate,
            arguments: [doc.uri],
          }),
        ];
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('cfnHup.buildParameter') || e.affectsConfiguration('cfnHup.release.codeLens'))
        lensesChanged.fire();
    }),
    // A large document's analysis arrives from the worker after VS Code asked for lenses.
    diagnostics.onDidAnalyze((e) => {
      if (e.ranIn === 'worker') lensesChanged.fire();
    }),
  ];
  context.subscriptions.push(...disposables);

  const testing: ReleaseTestingApi = {
    onDidLog: logged.event,
    get lastConvergence() {
      return convergence.last;
    },
    cancelActive: () => {
      const n = active.size;
      for (const c of [...active]) c.abort();
      return n;
    },
  };
  return { testing };
}

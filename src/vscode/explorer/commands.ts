import * as path from 'node:path';
import * as vscode from 'vscode';
import { isAwsError } from '../../core/aws/errors';
import { metadataDifferences, type MetadataDifference } from '../../core/aws/metadataDiff';
import { evaluationContextOf } from '../../core/aws/pseudo';
import { redactSecrets, unmaskedSecrets } from '../../core/aws/noEcho';
import { evaluateResourceMetadata } from '../../core/intrinsics/evaluate';
import { parseTemplate } from '../../core/template/parse';
import type { AwsSession } from '../aws/session';
import { isResourceTarget } from '../aws/targets';
import { LIVE_SCHEME } from './contextValues';
import { LiveDocuments, metadataText } from './liveDocuments';
import { alignToLive, presentError, templateDeclares } from './model';
import type { ExplorerProvider } from './provider';

/** Command ids of the explorer, as declared in package.json. */
export const EXPLORER_COMMANDS = {
  chooseProfile: 'cfnHup.aws.chooseProfile',
  chooseRegion: 'cfnHup.aws.chooseRegion',
  refresh: 'cfnHup.explorer.refresh',
  filter: 'cfnHup.explorer.filter',
  clearFilter: 'cfnHup.explorer.clearFilter',
  showLog: 'cfnHup.explorer.showLog',
  showLiveMetadata: 'cfnHup.metadata.showLive',
  compareMetadata: 'cfnHup.metadata.compareWithLocal',
  openDeployedTemplate: 'cfnHup.template.openDeployed',
  compareDeployedTemplate: 'cfnHup.template.compareWithLocal',
  /** Internal (the "Load more" node); not in the Command Palette. */
  loadMore: '_cfnHup.explorer.loadMore',
} as const;

export interface MetadataComparison {
  live: vscode.Uri;
  local: vscode.Uri;
  source: vscode.Uri;
  differences: MetadataDifference[];
  /** Names the renderer could not know offline (GetAtt, imports): differences there are marked `unknown`. */
  symbolic: string[];
}

interface Deps {
  provider: ExplorerProvider;
  session: AwsSession;
  live: LiveDocuments;
  log: vscode.LogOutputChannel;
  onError: (e: unknown) => void;
}

type Target = { stackName: string; logicalId?: string };

function stackNameOf(arg: unknown): string | undefined {
  const s = (arg as { stackName?: unknown } | undefined)?.stackName;
  return typeof s === 'string' && s ? s : undefined;
}

export function registerExplorerCommands(deps: Deps): vscode.Disposable[] {
  const { provider, session, live, log } = deps;

  /** An error the user's own action met, with a "Show Log" button (the session's prompter asks). */
  const showError = (message: string): void => {
    void session.prompter.showErrorMessage(message, 'Show Log').then((choice) => {
      if (choice) log.show(true);
    });
  };

  /** Runs a user's command: AWS errors become one message with the next step (and the log), never a throw. */
  const guarded =
    <A extends unknown[], R>(what: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R | undefined> => {
      try {
        return await fn(...args);
      } catch (e) {
        deps.onError(e);
        if (isAwsError(e)) {
          const shown = presentError(e, session.connection);
          log.error(`${what}: ${e.kind}: ${e.message}${e.nextStep ? ` Next step: ${e.nextStep}` : ''}`);
          showError(`cfn-hup: ${shown.message}${shown.nextStep ? ` ${shown.nextStep}` : ''}`);
        } else {
          const message = e instanceof Error ? e.message : String(e);
          log.error(`${what}: ${e instanceof Error ? (e.stack ?? message) : message}`);
          showError(`cfn-hup: ${what} failed: ${message}`);
        }
        return undefined;
      }
    };

  async function pickStack(): Promise<string | undefined> {
    const loaded = provider.root.stacks.map((s) => s.stackName);
    const items = loaded.length
      ? loaded.map((label) => ({ label }))
      : (async () => {
          const names: { label: string }[] = [];
          for await (const page of session.gateways().stacks.listStacks())
            names.push(...page.map((s) => ({ label: s.name })));
          return names;
        })();
    return (await session.prompter.showQuickPick(items, { title: 'Stack', placeHolder: 'Stack name' }))?.label;
  }

  async function resolveStack(arg: unknown): Promise<string | undefined> {
    return stackNameOf(arg) ?? (await pickStack());
  }

  async function resolveResource(arg: unknown): Promise<Target | undefined> {
    if (isResourceTarget(arg)) return { stackName: arg.stackName, logicalId: arg.logicalId };
    const stackName = await resolveStack(arg);
    if (!stackName) return undefined;
    const resources = session.gateways().stacks.listStackResources(stackName);
    const picked = await session.prompter.showQuickPick(
      resources.then((rs) => rs.map((r) => ({ label: r.logicalId, description: r.type }))),
      { title: `Resource of ${stackName}`, placeHolder: 'Logical id' },
    );
    return picked ? { stackName, logicalId: picked.label } : undefined;
  }

  /** The local template: the active editor when it declares the resource (or, for a whole template, is one), else a file picker. */
  async function localTemplate(
    logicalId: string | undefined,
    explicit: unknown,
  ): Promise<vscode.TextDocument | undefined> {
    const fits = (doc: vscode.TextDocument) =>
      logicalId
        ? templateDeclares(doc.getText(), logicalId, doc.fileName)
        : parseTemplate(doc.getText(), doc.fileName).isTemplate;
    if (explicit instanceof vscode.Uri) return vscode.workspace.openTextDocument(explicit);
    const active = vscode.window.activeTextEditor?.document;
    if (active && active.uri.scheme !== LIVE_SCHEME && fits(active)) return active;
    const picked = await session.prompter.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Compare',
      title: logicalId ? `Local template that declares ${logicalId}` : 'Local template',
      filters: { 'CloudFormation templates': ['yaml', 'yml', 'json', 'template'], 'All files': ['*'] },
    });
    if (!picked?.[0]) return undefined;
    const doc = await vscode.workspace.openTextDocument(picked[0]);
    if (!fits(doc))
      throw new Error(
        logicalId
          ? `${path.basename(doc.fileName)} is not a template that declares ${logicalId}`
          : `${path.basename(doc.fileName)} is not a CloudFormation template`,
      );
    return doc;
  }

  const showLiveMetadata = guarded(
    'Show live metadata',
    async (arg?: unknown): Promise<vscode.TextDocument | undefined> => {
      const target = await resolveResource(arg);
      if (!target?.logicalId) return undefined;
      const g = session.gateways();
      const resource = await g.stacks.describeStackResource(target.stackName, target.logicalId);
      const uri = LiveDocuments.metadataUri(target.stackName, target.logicalId, await g.resolveRegion());
      live.set(uri, metadataText(resource.metadata));
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: true });
      if (resource.metadata === undefined)
        void vscode.window.setStatusBarMessage(`cfn-hup: ${target.logicalId} has no Metadata`, 8000);
      return doc;
    },
  );

  const compareMetadata = guarded(
    'Compare live metadata with local template',
    async (arg?: unknown, localUri?: unknown): Promise<MetadataComparison | undefined> => {
      const target = await resolveResource(arg);
      if (!target?.logicalId) return undefined;
      const logicalId = target.logicalId;
      const doc = await localTemplate(logicalId, localUri);
      if (!doc) return undefined;
      const g = session.gateways();
      const [resource, stack, region] = await Promise.all([
        g.stacks.describeStackResource(target.stackName, logicalId),
        g.stacks.describeStack(target.stackName),
        g.resolveRegion(),
      ]);
      // NoEcho parameters stay unknown in the rendering, and a value an endpoint returned in clear is
      // taken out of the live side too: neither document nor the summary ever shows one.
      const evaluated = evaluateResourceMetadata(doc.getText(), logicalId, {
        ...evaluationContextOf(stack, region),
        hideNoEcho: true,
      });
      if (!evaluated.ok) throw new Error(`cannot render ${path.basename(doc.fileName)}: ${evaluated.reason}`);
      const liveMetadata = redactSecrets(
        resource.metadata,
        unmaskedSecrets(stack.parameters, new Set(evaluated.noEcho)),
      );
      const left = LiveDocuments.metadataUri(target.stackName, logicalId, region);
      const right = LiveDocuments.renderedUri(target.stackName, logicalId, region, doc.uri);
      live.set(left, metadataText(liveMetadata));
      live.set(right, metadataText(alignToLive(evaluated.value, liveMetadata)));
      const differences = metadataDifferences(liveMetadata, evaluated.value, evaluated.symbolic);
      const real = differences.filter((d) => d.kind !== 'unknown').length;
      const unknown = differences.length - real;
      const summary = `${logicalId}: ${real ? `${real} difference${real > 1 ? 's' : ''}` : 'no difference'} between the live Metadata and ${path.basename(doc.fileName)}${unknown ? ` (${unknown} not comparable offline: ${evaluated.symbolic.join(', ')})` : ''}`;
      log.info(`compare metadata: ${summary}`);
      await vscode.commands.executeCommand(
        'vscode.diff',
        left,
        right,
        `${logicalId} Metadata: live ↔ ${path.basename(doc.fileName)} (rendered with ${target.stackName}'s parameters)`,
        { preview: true },
      );
      void vscode.window.setStatusBarMessage(`cfn-hup: ${summary}`, 10_000);
      return { live: left, local: right, source: doc.uri, differences, symbolic: evaluated.symbolic };
    },
  );

  const openDeployedTemplate = guarded(
    'Open deployed template',
    async (arg?: unknown): Promise<vscode.TextDocument | undefined> => {
      const stackName = await resolveStack(arg);
      if (!stackName) return undefined;
      const g = session.gateways();
      const [template, region] = await Promise.all([g.stacks.getTemplate(stackName), g.resolveRegion()]);
      const uri = LiveDocuments.templateUri(stackName, template.body, region);
      live.set(uri, template.body);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: true });
      return doc;
    },
  );

  const compareDeployedTemplate = guarded(
    'Compare deployed template with local file',
    async (arg?: unknown, localUri?: unknown): Promise<{ deployed: vscode.Uri; local: vscode.Uri } | undefined> => {
      const stackName = await resolveStack(arg);
      if (!stackName) return undefined;
      const doc = await localTemplate(undefined, localUri);
      if (!doc) return undefined;
      const g = session.gateways();
      const [template, region] = await Promise.all([g.stacks.getTemplate(stackName), g.resolveRegion()]);
      const uri = LiveDocuments.templateUri(stackName, template.body, region);
      live.set(uri, template.body);
      await vscode.commands.executeCommand(
        'vscode.diff',
        uri,
        doc.uri,
        `${stackName}: deployed ↔ ${path.basename(doc.fileName)}`,
        { preview: true },
      );
      return { deployed: uri, local: doc.uri };
    },
  );

  return [
    vscode.commands.registerCommand(EXPLORER_COMMANDS.chooseProfile, () => session.chooseProfile()),
    vscode.commands.registerCommand(EXPLORER_COMMANDS.chooseRegion, () => session.chooseRegion()),
    vscode.commands.registerCommand(EXPLORER_COMMANDS.refresh, (node?: unknown) =>
      provider.refresh(isNode(node) ? node : undefined),
    ),
    vscode.commands.registerCommand(EXPLORER_COMMANDS.filter, async (value?: unknown) => {
      const filter =
        typeof value === 'string'
          ? value
          : await session.prompter.showInputBox({
              title: 'Filter stacks by name',
              prompt: 'Shows the stacks whose name contains this text (case-insensitive). Empty shows all.',
              value: provider.root.filter ?? '',
            });
      if (filter !== undefined) provider.setFilter(filter);
      return provider.root.filter;
    }),
    vscode.commands.registerCommand(EXPLORER_COMMANDS.clearFilter, () => provider.setFilter(undefined)),
    vscode.commands.registerCommand(EXPLORER_COMMANDS.showLog, () => log.show(true)),
    vscode.commands.registerCommand(EXPLORER_COMMANDS.loadMore, () => provider.root.loadMore()),
    vscode.commands.registerCommand(EXPLORER_COMMANDS.showLiveMetadata, showLiveMetadata),
    vscode.commands.registerCommand(EXPLORER_COMMANDS.compareMetadata, compareMetadata),
    vscode.commands.registerCommand(EXPLORER_COMMANDS.openDeployedTemplate, openDeployedTemplate),
    vscode.commands.registerCommand(EXPLORER_COMMANDS.compareDeployedTemplate, compareDeployedTemplate),
  ];
}

function isNode(x: unknown): x is Parameters<ExplorerProvider['refresh']>[0] & object {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { id?: unknown }).id === 'string' &&
    typeof (x as { treeItem?: unknown }).treeItem === 'function'
  );
}

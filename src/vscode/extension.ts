import * as vscode from 'vscode';
import type { CfnHupApi } from './api';
import type { CfnHupDevelopmentApi } from './testing';
import { registerCommands } from './commands';
import { DiagnosticsController } from './diagnostics';
import { registerAuthoring } from './authoring';
import { registerCodeActions } from './codeActions';
import { registerTemplateFiles } from './templateFiles';
import { TemplateContext } from './templateContext';
import { ProjectConfigs } from './projectConfig';
import { useProjectConfigs } from './config';
import { AwsSession } from './aws/session';
import { registerRelease } from './release';
import { registerExplorer } from './explorer';
import { registerInstanceCommands } from './instances/commands';

/**
 * Thin glue: the analysis lives in src/core (no vscode there). Activation is on
 * JSON/YAML; the real work is gated on the core's isTemplate().
 */
export function activate(context: vscode.ExtensionContext): CfnHupApi {
  const log = vscode.window.createOutputChannel('cfn-hup', { log: true });
  const diagnostics = new DiagnosticsController(log);
  context.subscriptions.push(
    log,
    diagnostics,
    ...registerCommands(diagnostics, log),
    ...registerAuthoring(diagnostics),
    registerCodeActions((doc) => diagnostics.analysisFor(doc)),
    registerTemplateFiles(),
  );
  const templates = new TemplateContext(diagnostics);
  const projectConfigs = new ProjectConfigs();
  useProjectConfigs((uri) => projectConfigs.layerFor(uri));
  context.subscriptions.push(
    templates,
    projectConfigs,
    projectConfigs.onDidChange(() => diagnostics.rescheduleAll()),
  );
  // One AWS session (profile, region, endpoint) for the explorer and the release commands.
  const development = context.extensionMode !== vscode.ExtensionMode.Production;
  const session = new AwsSession(context.globalState, development);
  context.subscriptions.push(session);
  const release = registerRelease(context, session, diagnostics);
  const explorer = registerExplorer(session, log);
  context.subscriptions.push(...explorer.disposables);
  const instances = registerInstanceCommands(session, log);
  context.subscriptions.push(...instances.disposables);
  log.info(`cfn-hup Tools ${context.extension.packageJSON.version} activated`);
  const api: CfnHupApi = {
    onDidAnalyze: diagnostics.onDidAnalyze,
    lastAnalysis: (uri) => diagnostics.lastAnalysis(uri),
  };
  if (!development) return api;
  const withTesting: CfnHupDevelopmentApi = {
    ...api,
    testing: { session, release: release.testing, explorer: explorer.api, templates, instances: instances.testing },
  };
  return withTesting;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

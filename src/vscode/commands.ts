import * as vscode from 'vscode';
import { ALL_RULES, LineIndex, PARSE_ERROR, ruleById, ruleMarkdown, type Finding } from '../core';
import { readValidationConfig } from './config';
import { toDiagnostics } from './convert';
import type { DiagnosticsController } from './diagnostics';
import { EXCLUDE_GLOB, isCfnHupFileName, MAX_TEMPLATE_CHARS, TEMPLATE_GLOB } from './documents';

/** Command ids, as declared in package.json `contributes.commands`. */
export const COMMANDS = {
  lintWorkspace: 'cfnHup.lint.workspace',
  showRuleDocs: 'cfnHup.showRuleDocs',
} as const;

export interface WorkspaceLintSummary {
  files: number;
  templates: number;
  findings: number;
}

const MAX_FILES = 10_000;

export function registerCommands(
  diagnostics: DiagnosticsController,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.lintWorkspace, () => lintWorkspace(diagnostics, log)),
    vscode.commands.registerCommand(COMMANDS.showRuleDocs, (ruleId?: unknown) =>
      showRuleDocs(typeof ruleId === 'string' ? ruleId : undefined),
    ),
  ];
}

/** Lints every JSON/YAML file of the workspace; open documents go through the normal pipeline. */
async function lintWorkspace(
  diagnostics: DiagnosticsController,
  log: vscode.LogOutputChannel,
): Promise<WorkspaceLintSummary> {
  const summary: WorkspaceLintSummary = { files: 0, templates: 0, findings: 0 };
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'cfn-hup: linting templates' },
    async () => {
      const uris = await vscode.workspace.findFiles(TEMPLATE_GLOB, EXCLUDE_GLOB, MAX_FILES);
      const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
      const decoder = new TextDecoder('utf-8');
      for (const uri of uris) {
        const config = readValidationConfig(uri);
        if (!config.enable) continue;
        summary.files++;
        const doc = open.get(uri.toString());
        let findings: readonly Finding[];
        if (doc) {
          diagnostics.validate(doc);
          const result = await diagnostics.analysisOf(doc, config);
          if (!result.isTemplate) continue;
          findings = result.findings;
        } else {
          let text: string;
          try {
            const bytes = await vscode.workspace.fs.readFile(uri);
            if (bytes.byteLength > MAX_TEMPLATE_CHARS) continue;
            text = decoder.decode(bytes);
          } catch (e) {
            log.warn(`cannot read ${uri.toString(true)}: ${(e as Error).message}`);
            continue;
          }
          const result = await diagnostics.analyzeFileText(text, uri.path, config, isCfnHupFileName(uri.path));
          if (!result.isTemplate) {
            diagnostics.collection.delete(uri);
            continue;
          }
          findings = result.findings;
          diagnostics.collection.set(uri, toDiagnostics(new LineIndex(text), findings));
        }
        summary.templates++;
        summary.findings += findings.length;
      }
    },
  );
  log.info(
    `workspace lint: ${summary.findings} findings in ${summary.templates} templates (${summary.files} files checked)`,
  );
  const message = `cfn-hup: ${summary.findings} finding${summary.findings === 1 ? '' : 's'} in ${summary.templates} template${summary.templates === 1 ? '' : 's'} and cfn-hup file${summary.templates === 1 ? '' : 's'} (${summary.files} files checked).`;
  // Not awaited: the command's result must not wait for the user to dismiss the notification.
  void vscode.window.showInformationMessage(message, 'Show Problems').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return summary;
}

/** Opens a rule's documentation (why, source, bad/good) as a Markdown document. */
async function showRuleDocs(ruleId?: string): Promise<vscode.TextDocument | undefined> {
  let id = ruleId;
  if (!id) {
    const picked = await vscode.window.showQuickPick(
      [...ALL_RULES, PARSE_ERROR].map((r) => ({ label: r.id, description: r.severity, detail: r.title })),
      { title: 'cfn-hup rules', matchOnDetail: true, placeHolder: 'Rule to explain' },
    );
    id = picked?.label;
  }
  if (!id) return undefined;
  const rule = id === PARSE_ERROR.id ? PARSE_ERROR : ruleById(id);
  if (!rule) {
    void vscode.window.showWarningMessage(`cfn-hup: no rule named "${id}".`);
    return undefined;
  }
  // The same text as docs/rules.md, plus how to change the rule here.
  const content = `${ruleMarkdown(rule)}\nChange its severity with the \`cfnHup.rules\` setting, e.g. \`"cfnHup.rules": { "${rule.id}": "off" }\`.\n`;
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(doc, { preview: true });
  return doc;
}

import * as vscode from 'vscode';
import { ruleById, type Finding } from '../core';
import { DIAGNOSTIC_SOURCE, toRange } from './convert';
import { TEMPLATE_SELECTOR } from './documents';

/**
 * Quick fixes for findings whose fix is certain (the core supplies the text
 * edits), and "Show documentation" for every cfn-hup diagnostic.
 */
export function registerCodeActions(findingsFor: (doc: vscode.TextDocument) => readonly Finding[]): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    [...(TEMPLATE_SELECTOR as vscode.DocumentFilter[]), { language: 'cfn-hup-conf' }],
    {
      provideCodeActions(doc, _range, context) {
        const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
        if (ours.length === 0) return [];
        const findings = findingsFor(doc);
        const actions: vscode.CodeAction[] = [];
        const documented = new Set<string>();
        for (const d of ours) {
          const ruleId = String(typeof d.code === 'object' ? d.code.value : d.code);
          const finding = findings.find((f) => f.ruleId === ruleId && toRange(doc, f.start, f.end).isEqual(d.range));
          if (finding?.fix) {
            const action = new vscode.CodeAction(finding.fix.title, vscode.CodeActionKind.QuickFix);
            action.diagnostics = [d];
            action.isPreferred = true;
            action.edit = new vscode.WorkspaceEdit();
            for (const e of finding.fix.edits) action.edit.replace(doc.uri, toRange(doc, e.start, e.end), e.newText);
            actions.push(action);
          }
          if (!documented.has(ruleId) && ruleById(ruleId)) {
            documented.add(ruleId);
            const docs = new vscode.CodeAction(`Show documentation for ${ruleId}`, vscode.CodeActionKind.QuickFix);
            docs.diagnostics = [d];
            docs.command = { command: 'cfnHup.showRuleDocs', title: 'Show rule documentation', arguments: [ruleId] };
            actions.push(docs);
          }
        }
        return actions;
      },
    },
    { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
  );
}

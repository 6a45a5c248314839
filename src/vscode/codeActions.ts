import * as vscode from 'vscode';
import { confSuppressionFix, ruleById, suppressionFix, type Fix } from '../core';
import type { DocumentAnalysis } from './analysis/analyzeText';
import { DIAGNOSTIC_SOURCE, toRange } from './convert';
import { TEMPLATE_SELECTOR } from './documents';

/**
 * Quick fixes for findings whose fix is certain (the core supplies the text
 * edits), "Ignore RULE-ID for this resource" (a `cfn-hup-tools` entry in the
 * resource's Metadata, written in the file's own format; in a cfn-hup file, an
 * ignore comment), and "Show documentation" for every cfn-hup diagnostic.
 */
export function registerCodeActions(analysisFor: (doc: vscode.TextDocument) => DocumentAnalysis): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    [...(TEMPLATE_SELECTOR as vscode.DocumentFilter[]), { language: 'cfn-hup-conf' }],
    {
      provideCodeActions(doc, _range, context) {
        const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
        if (ours.length === 0) return [];
        const analysis = analysisFor(doc);
        const findings = analysis.findings;
        const ignored = new Set<string>();
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
          if (ruleById(ruleId) && !ignored.has(ruleId)) {
            const fix: Fix | undefined =
              doc.languageId === 'cfn-hup-conf'
                ? confSuppressionFix(doc.getText(), ruleId)
                : analysis.parsed && suppressionFix(analysis.parsed, doc.offsetAt(d.range.start), ruleId, 'resource');
            if (fix) {
              ignored.add(ruleId);
              const ignore = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
              ignore.diagnostics = [d];
              ignore.edit = new vscode.WorkspaceEdit();
              for (const e of fix.edits) ignore.edit.replace(doc.uri, toRange(doc, e.start, e.end), e.newText);
              actions.push(ignore);
            }
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

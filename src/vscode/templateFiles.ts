import * as vscode from 'vscode';

/**
 * `.template` files (CloudFormation's own extension, JSON or YAML inside): the
 * manifest opens them as YAML (YAML reads JSON too, so the checks run either
 * way); one whose content is JSON is switched to JSON here, so it is
 * highlighted, formatted and completed as JSON. Only documents the user opens
 * are touched, and only their language mode, never the file.
 */
export function registerTemplateFiles(): vscode.Disposable {
  const adjust = (doc: vscode.TextDocument) => {
    if (doc.languageId !== 'yaml' || !/\.template$/i.test(doc.uri.path)) return;
    if (/^\uFEFF?\s*[{[]/.test(doc.getText(new vscode.Range(0, 0, 50, 0))))
      void vscode.languages.setTextDocumentLanguage(doc, 'json');
  };
  for (const doc of vscode.workspace.textDocuments) adjust(doc);
  return vscode.workspace.onDidOpenTextDocument(adjust);
}

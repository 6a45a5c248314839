import * as vscode from 'vscode';
import { completeAt, hoverAt, type CompletionItem as CoreItem, type Hover as CoreHover } from '../core';
import { readValidationConfig } from './config';
import type { DiagnosticsController } from './diagnostics';
import { isCandidate, TEMPLATE_SELECTOR } from './documents';
import { toRange } from './convert';

const KIND: Record<CoreItem['kind'], vscode.CompletionItemKind> = {
  value: vscode.CompletionItemKind.EnumMember,
  property: vscode.CompletionItemKind.Property,
  reference: vscode.CompletionItemKind.Reference,
  snippet: vscode.CompletionItemKind.Snippet,
};

/**
 * Completions and hovers delegate to the core, on the parse the diagnostics
 * already made for this document version (no second parse per keystroke); for a
 * document analysed in the worker, the worker answers on its own parse.
 */
export function registerAuthoring(diagnostics: DiagnosticsController): vscode.Disposable[] {
  const parsedFor = (doc: vscode.TextDocument) => {
    if (!isCandidate(doc)) return undefined;
    const result = diagnostics.analysisFor(doc);
    return result.isTemplate ? result.parsed : undefined;
  };
  return [
    vscode.languages.registerCompletionItemProvider(
      TEMPLATE_SELECTOR,
      {
        provideCompletionItems(doc, position) {
          if (isCandidate(doc) && diagnostics.usesWorker(doc))
            return diagnostics
              .completionsInWorker(doc, doc.offsetAt(position))
              .then((items) => items?.map((i) => toCompletion(doc, i)));
          const parsed = parsedFor(doc);
          if (!parsed) return undefined;
          const items = completeAt(parsed, doc.offsetAt(position));
          return items.map((i) => toCompletion(doc, i));
        },
      },
      '=',
      '.',
      ' ',
      ',',
    ),
    vscode.languages.registerHoverProvider(TEMPLATE_SELECTOR, {
      provideHover(doc, position) {
        const buildParameter = readValidationConfig(doc.uri).buildParameter;
        if (isCandidate(doc) && diagnostics.usesWorker(doc))
          return diagnostics
            .hoverInWorker(doc, doc.offsetAt(position), buildParameter)
            .then((hover) => hover && toHover(doc, hover));
        const parsed = parsedFor(doc);
        if (!parsed) return undefined;
        const hover = hoverAt(parsed, doc.offsetAt(position), { buildParameter });
        return hover && toHover(doc, hover);
      },
    }),
  ];
}

function toHover(doc: vscode.TextDocument, hover: CoreHover): vscode.Hover {
  return new vscode.Hover(new vscode.MarkdownString(hover.markdown), toRange(doc, hover.start, hover.end));
}

function toCompletion(doc: vscode.TextDocument, i: CoreItem): vscode.CompletionItem {
  const item = new vscode.CompletionItem(i.label, KIND[i.kind]);
  item.insertText = i.insertText;
  item.range = toRange(doc, i.start, i.end);
  // The typed text decides filtering; keep the core's order.
  item.filterText = doc.getText(item.range) + i.label;
  if (i.detail) item.detail = i.detail;
  if (i.documentation) item.documentation = new vscode.MarkdownString(i.documentation);
  if (i.sortText) item.sortText = i.sortText;
  return item;
}

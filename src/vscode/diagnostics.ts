import * as vscode from 'vscode';
import { analyzeConf, analyzeTemplate, type Finding, type ParsedTemplate } from '../core';
import { affectsValidation, readValidationConfig, type ValidationConfig } from './config';
import { toDiagnostics } from './convert';
import { CONF_LANGUAGE, isCandidate, MAX_TEMPLATE_CHARS } from './documents';

/** One finished analysis of an open document (also fired when a document turns out not to be a template). */
export interface AnalysisEvent {
  readonly uri: vscode.Uri;
  readonly version: number;
  /** False for JSON/YAML that is not a CloudFormation template, and for documents not validated. */
  readonly isTemplate: boolean;
  readonly findingCount: number;
}

/** One document's analysis: a template's (with its parse, for completions and hovers) or a cfn-hup file's. */
export interface DocumentAnalysis {
  /** A CloudFormation template or a standalone cfn-hup file: something the extension checks. */
  isTemplate: boolean;
  findings: Finding[];
  /** The template's parse; absent for cfn-hup files. */
  parsed?: ParsedTemplate;
}

interface CacheEntry {
  version: number;
  generation: number;
  result: DocumentAnalysis;
}

/**
 * Validates open JSON/YAML documents: debounced per document, parsed once per
 * document version (and settings generation), cleared on close.
 */
export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('cfn-hup');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly cache = new Map<string, CacheEntry>();
  private readonly last = new Map<string, AnalysisEvent>();
  private readonly analyzed = new vscode.EventEmitter<AnalysisEvent>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Bumped when a cfnHup setting changes: cached results of older generations are stale. */
  private generation = 0;

  readonly onDidAnalyze = this.analyzed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.collection,
      this.analyzed,
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsValidation(e)) return;
        this.generation++;
        for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
      }),
    );
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  lastAnalysis(uri: vscode.Uri): AnalysisEvent | undefined {
    return this.last.get(uri.toString());
  }

  /** The analysis of this document version, computed at most once per version and settings generation. */
  analysisFor(doc: vscode.TextDocument, config: ValidationConfig = readValidationConfig(doc.uri)): DocumentAnalysis {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version && hit.generation === this.generation) return hit.result;
    const result = analyze(doc, config);
    this.cache.set(key, { version: doc.version, generation: this.generation, result });
    return result;
  }

  private schedule(doc: vscode.TextDocument, delayMs?: number): void {
    if (!isCandidate(doc)) return;
    const key = doc.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    const delay = delayMs ?? readValidationConfig(doc.uri).delayMs;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.validate(doc);
      }, delay),
    );
  }

  /** Validates a document now. Safe to call for any document. */
  validate(doc: vscode.TextDocument): void {
    if (doc.isClosed || !isCandidate(doc)) return;
    const config = readValidationConfig(doc.uri);
    let isTemplate = false;
    let findingCount = 0;
    if (!config.enable || doc.getText().length > MAX_TEMPLATE_CHARS) {
      this.collection.delete(doc.uri);
    } else {
      try {
        const result = this.analysisFor(doc, config);
        isTemplate = result.isTemplate;
        if (result.isTemplate) {
          this.collection.set(doc.uri, toDiagnostics(doc, result.findings));
          findingCount = result.findings.length;
        } else {
          this.collection.delete(doc.uri);
        }
      } catch (e) {
        // analyzeTemplate never throws; this guards the glue itself.
        this.collection.delete(doc.uri);
        this.log.error(`validating ${doc.uri.toString(true)} failed: ${(e as Error).stack ?? e}`);
      }
    }
    const event: AnalysisEvent = { uri: doc.uri, version: doc.version, isTemplate, findingCount };
    this.last.set(doc.uri.toString(), event);
    this.analyzed.fire(event);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.delete(key);
    this.cache.delete(key);
    this.last.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}

function analyze(doc: vscode.TextDocument, config: ValidationConfig): DocumentAnalysis {
  return analyzeText(doc.getText(), doc.fileName, config, doc.languageId === CONF_LANGUAGE);
}

/** A template, or (`conf`) a standalone cfn-hup file; for open documents and for files read from disk alike. */
export function analyzeText(text: string, fileName: string, config: ValidationConfig, conf: boolean): DocumentAnalysis {
  if (conf) {
    // The language is chosen by file name; a file that turns out not to be cfn-hup's gets no findings.
    const result = analyzeConf(text, { fileName, rules: config.rules });
    return result ? { isTemplate: true, findings: result.findings } : { isTemplate: false, findings: [] };
  }
  return analyzeTemplate(text, { fileName, rules: config.rules, buildParameter: config.buildParameter });
}

import * as vscode from 'vscode';
import * as path from 'node:path';
import type { CompletionItem, Finding, Hover } from '../core';
import { looksLikeTemplateText } from '../core/template/parse';
import { affectsValidation, readValidationConfig, type ValidationConfig } from './config';
import { toDiagnostics } from './convert';
import { CONF_LANGUAGE, isCandidate, MAX_TEMPLATE_CHARS, WORKER_THRESHOLD_CHARS } from './documents';
import { analyzeText, type DocumentAnalysis } from './analysis/analyzeText';
import { AnalysisWorker } from './analysis/pool';

export type { DocumentAnalysis } from './analysis/analyzeText';

/** One finished analysis of an open document (also fired when a document turns out not to be a template). */
export interface AnalysisEvent {
  readonly uri: vscode.Uri;
  readonly version: number;
  /** False for JSON/YAML that is not a CloudFormation template, and for documents not validated. */
  readonly isTemplate: boolean;
  readonly findingCount: number;
  /** Where it ran: on the extension host's thread (small documents) or in the analysis worker. */
  readonly ranIn?: 'host' | 'worker';
  /** The analysis went over `cfnHup.validate.timeBudgetMs` and was stopped. */
  readonly timedOut?: boolean;
}

/** The rule id of the finding that stands for an analysis stopped by its time budget. */
export const TIME_BUDGET_RULE = 'ANALYSIS-TIME-BUDGET';

interface CacheEntry {
  version: number;
  generation: number;
  result: DocumentAnalysis;
}

/** Nothing known yet: a large document whose analysis has not come back from the worker. */
const PENDING: DocumentAnalysis = { isTemplate: false, findings: [] };

/**
 * Validates open JSON/YAML documents: debounced per document, parsed once per
 * document version (and settings generation), cleared on close. Documents over
 * WORKER_THRESHOLD_CHARS are analysed in a worker thread with a time budget,
 * and a result is applied only if the document is still at the version it was
 * computed for: typing in a large template never blocks the extension host.
 */
export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('cfn-hup');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, CacheEntry & { promise: Promise<DocumentAnalysis | undefined> }>();
  private readonly inWorker = new Set<string>();
  private readonly last = new Map<string, AnalysisEvent>();
  private readonly analyzed = new vscode.EventEmitter<AnalysisEvent>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly worker: AnalysisWorker;
  /** Each document's settings, read once per generation instead of on every keystroke. */
  private readonly configs = new Map<string, { generation: number; config: ValidationConfig }>();
  /** Bumped when a cfnHup setting changes: cached results of older generations are stale. */
  private generation = 0;

  readonly onDidAnalyze = this.analyzed.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    workerScript = path.join(__dirname, 'analysisWorker.js'),
  ) {
    this.worker = new AnalysisWorker(workerScript, (m) => log.warn(m));
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
        this.rescheduleAll();
      }),
    );
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  /** Analyse every open document again (settings or the project configuration changed). */
  rescheduleAll(): void {
    this.generation++;
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  lastAnalysis(uri: vscode.Uri): AnalysisEvent | undefined {
    return this.last.get(uri.toString());
  }

  /** Whether this document is analysed in the worker (so it has no parse on this thread). */
  usesWorker(doc: vscode.TextDocument): boolean {
    return textLength(doc) > WORKER_THRESHOLD_CHARS;
  }

  /**
   * The document's validation settings (and project config), read once per
   * settings generation: a settings read is not free, and the debounce, the
   * CodeLens and each analysis ask for them after every keystroke.
   */
  configFor(uri: vscode.Uri): ValidationConfig {
    const key = uri.toString();
    const hit = this.configs.get(key);
    if (hit && hit.generation === this.generation) return hit.config;
    const config = readValidationConfig(uri);
    this.configs.set(key, { generation: this.generation, config });
    return config;
  }

  /**
   * The analysis of this document version, computed at most once per version and settings
   * generation. For a document analysed in the worker: the result if it is back, else nothing yet.
   */
  analysisFor(doc: vscode.TextDocument, config?: ValidationConfig): DocumentAnalysis {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version && hit.generation === this.generation) return hit.result;
    if (this.usesWorker(doc)) return PENDING;
    const settings = config ?? this.configFor(doc.uri);
    const result = analyzeText(doc.getText(), doc.fileName, settings, doc.languageId === CONF_LANGUAGE);
    this.cache.set(key, { version: doc.version, generation: this.generation, result });
    return result;
  }

  /** The analysis of the document's current version, waiting for the worker if it runs there. */
  async analysisOf(doc: vscode.TextDocument, config?: ValidationConfig): Promise<DocumentAnalysis> {
    if (!this.usesWorker(doc)) return this.analysisFor(doc, config);
    for (;;) {
      const version = doc.version;
      const result = await this.analyzeInWorker(doc, config ?? this.configFor(doc.uri));
      if (result && doc.version === version) return result;
      if (doc.isClosed) return PENDING;
    }
  }

  /** Any text (a file not open in an editor): on this thread when small, else in the worker. */
  async analyzeFileText(text: string, fileName: string, config: ValidationConfig, conf: boolean) {
    if (text.length <= WORKER_THRESHOLD_CHARS) return analyzeText(text, fileName, config, conf);
    const outcome = await this.worker.analyze(
      { kind: 'analyze', key: `file:${fileName}`, version: 0, text, fileName, conf, settings: config },
      config.timeBudgetMs,
    );
    void this.worker.ask({ kind: 'forget', key: `file:${fileName}` });
    return this.toAnalysis(outcome, text, conf, config.timeBudgetMs, fileName) ?? PENDING;
  }

  /** Completions from the worker's parse of this document version (documents analysed there). */
  async completionsInWorker(doc: vscode.TextDocument, offset: number): Promise<CompletionItem[] | undefined> {
    const outcome = await this.worker.ask({ kind: 'complete', key: doc.uri.toString(), version: doc.version, offset });
    return outcome.kind === 'completions' ? outcome.items : undefined;
  }

  /** A hover from the worker's parse of this document version. */
  async hoverInWorker(doc: vscode.TextDocument, offset: number, buildParameter: string): Promise<Hover | undefined> {
    const outcome = await this.worker.ask({
      kind: 'hover',
      key: doc.uri.toString(),
      version: doc.version,
      offset,
      buildParameter,
    });
    return outcome.kind === 'hover' ? outcome.hover : undefined;
  }

  private schedule(doc: vscode.TextDocument, delayMs?: number): void {
    if (!isCandidate(doc)) return;
    const key = doc.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    const delay = delayMs ?? this.configFor(doc.uri).delayMs;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.validate(doc);
      }, delay),
    );
  }

  /** Validates a document now (in the worker for a large one). Safe to call for any document. */
  validate(doc: vscode.TextDocument): void {
    if (doc.isClosed || !isCandidate(doc)) return;
    const config = this.configFor(doc.uri);
    // The length without the text: only the worker's copy of a large document is ever built.
    const length = textLength(doc);
    if (!config.enable || length > MAX_TEMPLATE_CHARS) {
      this.collection.delete(doc.uri);
      this.publish(doc, PENDING, 'host');
      return;
    }
    if (length > WORKER_THRESHOLD_CHARS) {
      void this.validateInWorker(doc, config);
      return;
    }
    let result = PENDING;
    try {
      result = this.analysisFor(doc, config);
    } catch (e) {
      // analyzeTemplate never throws; this guards the glue itself.
      this.log.error(`validating ${doc.uri.toString(true)} failed: ${(e as Error).stack ?? e}`);
    }
    this.apply(doc, result);
    this.publish(doc, result, 'host');
  }

  private async validateInWorker(doc: vscode.TextDocument, config: ValidationConfig): Promise<void> {
    const version = doc.version;
    const generation = this.generation;
    const result = await this.analyzeInWorker(doc, config);
    // A result for an older version or older settings is dropped: a newer analysis is on its way.
    if (!result || doc.isClosed || doc.version !== version || this.generation !== generation) return;
    this.apply(doc, result);
    this.publish(doc, result, 'worker');
  }

  /** One worker analysis per document version and settings generation, shared by whoever asks. */
  private analyzeInWorker(doc: vscode.TextDocument, config: ValidationConfig): Promise<DocumentAnalysis | undefined> {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version && hit.generation === this.generation) return Promise.resolve(hit.result);
    const flying = this.inFlight.get(key);
    if (flying && flying.version === doc.version && flying.generation === this.generation) return flying.promise;
    const version = doc.version;
    const generation = this.generation;
    const text = doc.getText();
    const conf = doc.languageId === CONF_LANGUAGE;
    this.inWorker.add(key);
    const promise = this.worker
      .analyze(
        { kind: 'analyze', key, version, text, fileName: doc.fileName, conf, settings: config },
        config.timeBudgetMs,
      )
      .then((outcome) => {
        // Not current when the document was closed (or asked again) meanwhile: answered, never cached,
        // so a new document under the same URI (Untitled-1 again) never gets this one's result.
        const current = this.inFlight.get(key)?.promise === promise;
        if (current) this.inFlight.delete(key);
        const result = this.toAnalysis(outcome, text, conf, config.timeBudgetMs, doc.uri.toString(true));
        if (result && current) this.cache.set(key, { version, generation, result });
        return result;
      });
    this.inFlight.set(key, { version, generation, result: PENDING, promise });
    return promise;
  }

  private toAnalysis(
    outcome: Awaited<ReturnType<AnalysisWorker['analyze']>>,
    text: string,
    conf: boolean,
    budgetMs: number,
    name: string,
  ): DocumentAnalysis | undefined {
    switch (outcome.kind) {
      case 'analyzed':
        return {
          isTemplate: outcome.isTemplate,
          findings: outcome.findings,
          ...(outcome.buildParameterKey ? { buildParameterKey: outcome.buildParameterKey } : {}),
        };
      case 'timedOut':
        this.log.warn(`analysis of ${name} stopped after ${budgetMs} ms (cfnHup.validate.timeBudgetMs)`);
        return {
          isTemplate: conf || looksLikeTemplateText(text),
          timedOut: true,
          findings: [timeBudgetFinding(text, budgetMs)],
        };
      case 'failed':
        this.log.error(`analysis of ${name} failed in the worker: ${outcome.message}`);
        return PENDING;
      default:
        return undefined; // superseded by a newer version
    }
  }

  private apply(doc: vscode.TextDocument, result: DocumentAnalysis): void {
    if (result.isTemplate) this.collection.set(doc.uri, toDiagnostics(doc, result.findings));
    else this.collection.delete(doc.uri);
  }

  private publish(doc: vscode.TextDocument, result: DocumentAnalysis, ranIn: 'host' | 'worker'): void {
    const event: AnalysisEvent = {
      uri: doc.uri,
      version: doc.version,
      isTemplate: result.isTemplate,
      findingCount: result.isTemplate ? result.findings.length : 0,
      ranIn,
      ...(result.timedOut ? { timedOut: true } : {}),
    };
    this.last.set(doc.uri.toString(), event);
    this.analyzed.fire(event);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.delete(key);
    this.cache.delete(key);
    this.configs.delete(key);
    this.inFlight.delete(key);
    this.last.delete(key);
    this.collection.delete(uri);
    if (this.inWorker.delete(key)) void this.worker.ask({ kind: 'forget', key });
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.worker.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * The document's length in characters, from the extension host's line index:
 * `getText()` joins every line into a new string (1 MB for a 1 MB template)
 * on each call, which the debounce, the CodeLens and the analysis would
 * otherwise all do after each keystroke.
 */
function textLength(doc: vscode.TextDocument): number {
  return doc.lineCount === 0 ? 0 : doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
}

/** The one finding of an analysis stopped by its time budget, on the document's first line. */
function timeBudgetFinding(text: string, budgetMs: number): Finding {
  const firstLineEnd = text.search(/\r?\n|$/);
  return {
    ruleId: TIME_BUDGET_RULE,
    severity: 'warning',
    message: `cfn-hup analysis took too long (over ${budgetMs} ms) and was stopped, so this version of the document is not checked. It runs again after the next edit; raise cfnHup.validate.timeBudgetMs to allow more time.`,
    start: 0,
    end: Math.max(0, firstLineEnd),
  };
}

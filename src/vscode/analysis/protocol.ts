import type { CompletionItem, Finding, Hover } from '../../core';
import type { AnalysisSettings } from './analyzeText';

/**
 * Messages between the extension host and the analysis worker (./worker.ts).
 * Plain data only: they are copied by structured clone.
 */
export type WorkerRequest =
  | {
      id: number;
      kind: 'analyze';
      /** The document's URI: the worker keeps the latest parse of each for completions and hovers. */
      key: string;
      version: number;
      text: string;
      fileName: string;
      conf: boolean;
      settings: AnalysisSettings;
    }
  | { id: number; kind: 'complete'; key: string; version: number; offset: number }
  | { id: number; kind: 'hover'; key: string; version: number; offset: number; buildParameter: string }
  | { id: number; kind: 'forget'; key: string };

export type WorkerResponse =
  | {
      id: number;
      kind: 'analyzed';
      isTemplate: boolean;
      findings: Finding[];
      buildParameterKey?: { start: number; end: number };
    }
  | { id: number; kind: 'completions'; items: CompletionItem[] }
  | { id: number; kind: 'hover'; hover: Hover | undefined }
  /** The worker holds no parse of that document version (not analysed yet, or already newer). */
  | { id: number; kind: 'stale' }
  | { id: number; kind: 'done' }
  | { id: number; kind: 'failed'; message: string };

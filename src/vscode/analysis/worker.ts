import { parentPort } from 'node:worker_threads';
import { completeAt, hoverAt, type ParsedTemplate } from '../../core';
import { parameterKey } from '../release/text';
import { analyzeText } from './analyzeText';
import type { WorkerRequest, WorkerResponse } from './protocol';

/**
 * The analysis worker (bundled as dist/analysisWorker.js): large documents are
 * parsed and checked here, off the extension host's thread, so typing in a
 * 1 MB template never stalls other extensions. It keeps the latest parse of
 * each document, so completions and hovers on it need no second parse.
 */
const parses = new Map<string, { version: number; parsed: ParsedTemplate }>();

function handle(request: WorkerRequest): WorkerResponse {
  switch (request.kind) {
    case 'analyze': {
      const result = analyzeText(request.text, request.fileName, request.settings, request.conf);
      if (result.parsed) parses.set(request.key, { version: request.version, parsed: result.parsed });
      else parses.delete(request.key);
      const key = result.parsed ? parameterKey(result.parsed.root, request.settings.buildParameter) : undefined;
      return {
        id: request.id,
        kind: 'analyzed',
        isTemplate: result.isTemplate,
        findings: result.findings,
        ...(key ? { buildParameterKey: key } : {}),
      };
    }
    case 'complete': {
      const hit = parses.get(request.key);
      if (hit?.version !== request.version) return { id: request.id, kind: 'stale' };
      return { id: request.id, kind: 'completions', items: completeAt(hit.parsed, request.offset) };
    }
    case 'hover': {
      const hit = parses.get(request.key);
      if (hit?.version !== request.version) return { id: request.id, kind: 'stale' };
      return {
        id: request.id,
        kind: 'hover',
        hover: hoverAt(hit.parsed, request.offset, { buildParameter: request.buildParameter }),
      };
    }
    case 'forget':
      parses.delete(request.key);
      return { id: request.id, kind: 'done' };
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response = handle(request);
  } catch (e) {
    response = { id: request.id, kind: 'failed', message: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(response);
});

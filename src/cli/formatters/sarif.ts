import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPOSITORY_URL, RULE_CATALOGUE, ruleDocUrl } from '../../core';
import type { Formatter } from './types';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** SARIF 2.1.0, as GitHub code scanning reads it: rules with help, results with regions. */
export const sarif: Formatter = (findings, { cwd, version }) => {
  const rules = RULE_CATALOGUE.map((r) => ({
    id: r.id,
    name: r.id.toLowerCase().replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: r.title },
    fullDescription: { text: r.doc.why },
    help: { text: `${r.doc.why}\n\nBad: ${r.doc.bad}\nGood: ${r.doc.good}\nSource: ${r.doc.source}` },
    helpUri: ruleDocUrl(r.id),
    defaultConfiguration: { level: LEVEL[r.severity] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'cfn-hup-tools', version, informationUri: REPOSITORY_URL, rules },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(cwd + path.sep).href } },
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: relativeUri(f.file, cwd),
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};

function relativeUri(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  if (!path.isAbsolute(file)) return { uri: file.split(/[\\/]/).map(encodeURIComponent).join('/') };
  const rel = path.relative(cwd, file);
  if (!rel.startsWith('..') && !path.isAbsolute(rel))
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
  return { uri: pathToFileURL(file).href };
}

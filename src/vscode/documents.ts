import type * as vscode from 'vscode';

/** The language of standalone cfn-hup.conf, hooks.conf and hooks.d/* files (contributed in package.json). */
export const CONF_LANGUAGE = 'cfn-hup-conf';

/** Which documents may hold a CloudFormation template (or are cfn-hup files); the core decides the rest. */
const LANGUAGES: ReadonlySet<string> = new Set(['json', 'yaml', CONF_LANGUAGE]);
const SCHEMES: ReadonlySet<string> = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs']);
/** CloudFormation caps a template at 1 MB; anything far larger is not worth parsing on each keystroke. */
export const MAX_TEMPLATE_CHARS = 5_000_000;
/**
 * Documents longer than this are analysed in the worker thread. Measured (npm run bench): the
 * largest YAML corpus template, 100 KiB, takes about 34 ms on this thread, a 1 MB YAML template
 * 600-800 ms; under the threshold the analysis stays synchronous, which is quicker than a round
 * trip to the worker and keeps every extension-host task under ~50 ms.
 */
export const WORKER_THRESHOLD_CHARS = 100_000;

/** JSON and YAML documents in any scheme the extension validates (completions, hovers, CodeLens). */
export const TEMPLATE_SELECTOR: vscode.DocumentSelector = [{ language: 'json' }, { language: 'yaml' }];

export function isCandidate(doc: vscode.TextDocument): boolean {
  return LANGUAGES.has(doc.languageId) && SCHEMES.has(doc.uri.scheme);
}

/** File globs for the workspace lint command. */
export const TEMPLATE_GLOB = '**/{*.json,*.yaml,*.yml,*.template,cfn-hup.conf,hooks.conf,hooks.d/*}';

/** cfn-hup's own files, by name: the workspace lint reads them as cfn-hup configuration. */
export function isCfnHupFileName(path: string): boolean {
  return /(^|\/)(cfn-hup\.conf|hooks\.conf|hooks\.d\/[^/]+)$/.test(path);
}
export const EXCLUDE_GLOB = '**/{node_modules,.git,.vscode-test,out,dist}/**';

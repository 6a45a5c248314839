import * as vscode from 'vscode';

/** Which documents may hold a CloudFormation template; the core's isTemplate decides the rest. */
const LANGUAGES: ReadonlySet<string> = new Set(['json', 'yaml']);
const SCHEMES: ReadonlySet<string> = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs']);
/** CloudFormation caps a template at 1 MB; anything far larger is not worth parsing on each keystroke. */
export const MAX_TEMPLATE_CHARS = 5_000_000;

export function isCandidate(doc: vscode.TextDocument): boolean {
  return LANGUAGES.has(doc.languageId) && SCHEMES.has(doc.uri.scheme);
}

/** File globs for the workspace lint command. */
export const TEMPLATE_GLOB = '**/*.{json,yaml,yml,template}';
export const EXCLUDE_GLOB = '**/{node_modules,.git,.vscode-test,out,dist}/**';

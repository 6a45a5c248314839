import type { CfnNode, ObjectNode } from './ast';
import { getProperty, recordingDuplicateKeys, stringValue } from './ast';
import { parseJsonTemplate, type ParseProblem } from './parseJson';
import { parseYamlTemplate } from './parseYaml';

export type TemplateFormat = 'json' | 'yaml';

export interface ParsedTemplate {
  text: string;
  format: TemplateFormat;
  root: CfnNode | undefined;
  problems: ParseProblem[];
  /** The text looks like a CloudFormation template (even if it does not parse). */
  isTemplate: boolean;
  /** No object of the tree holds a key twice (the parse recorded none), so nothing needs to look. */
  noDuplicateKeys: boolean;
  /**
   * Set when the text looked like JSON but is not valid JSON, and is valid YAML: what the JSON reader
   * found wrong. CloudFormation "first checks if the template is valid JSON. If it isn't, CloudFormation
   * checks if the template is valid YAML" (ValidateTemplate), so such a template deploys, read as YAML:
   * `format` is then `yaml` and the tree is YAML's (see `writesJsonSyntax` for edits).
   */
  notJson?: ParseProblem[];
  /**
   * Set when the text is JSON with comments or commas before a closing bracket, which CloudFormation
   * refuses (not JSON, and not YAML either: comments are not, and YAML readers differ on them): where.
   * The tree is the tolerant JSON reading, so every other check still runs.
   */
  refused?: ParseProblem[];
}

/**
 * Whether text added to this template is written in JSON's syntax: JSON, and YAML that is one flow
 * collection (JSON that failed as JSON, `{` first), where JSON's syntax is YAML's flow syntax. Block YAML
 * in a `.json` file takes YAML's.
 */
export function writesJsonSyntax(parsed: ParsedTemplate): boolean {
  return parsed.format === 'json' || (parsed.notJson !== undefined && /^\s*[{[]/.test(parsed.text));
}

/** Pick JSON or YAML from the file name, else from the first significant character. */
export function detectFormat(text: string, fileName?: string): TemplateFormat {
  const lower = (fileName ?? '').toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  const first = /\S/.exec(text);
  return first && (first[0] === '{' || first[0] === '[') ? 'json' : 'yaml';
}

export function parseTemplate(text: string, fileName?: string): ParsedTemplate {
  const format = detectFormat(text, fileName);
  // A byte-order mark trips the JSON parser; a space keeps every offset where it was. YAML skips it itself.
  const source = format === 'json' && text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const { parsed, noDuplicateKeys } = recordingDuplicateKeys(() =>
    format === 'json' ? parseJsonTemplate(source) : parseYamlTemplate(source),
  );
  if (format === 'json' && parsed.problems.length > 0) {
    const asYaml = readAsYaml(source, parsed.problems);
    if (asYaml) return asYaml;
  }
  let refused: ParseProblem[] | undefined;
  if (format === 'json' && parsed.lenient) {
    // Commas before a closing bracket only: valid YAML (a flow collection), which CloudFormation reads.
    // A comment is not YAML (PyYAML refuses it; js-yaml reads it into a key): refused either way.
    const asYaml = parsed.lenient.some((l) => l.kind === 'comment') ? undefined : readAsYaml(source, parsed.lenient);
    if (asYaml) return asYaml;
    refused = parsed.lenient;
  }
  const isTemplate = parsed.root?.kind === 'object' ? looksLikeTemplate(parsed.root) : looksLikeTemplateText(source);
  const result: ParsedTemplate = {
    text: source,
    format,
    root: parsed.root,
    problems: parsed.problems,
    isTemplate,
    noDuplicateKeys,
  };
  if (refused) result.refused = refused;
  return result;
}

/**
 * Invalid JSON that CloudFormation reads anyway, as YAML: only when the YAML reading has no problem at
 * all and gives a template (half-typed JSON fails both, and keeps the JSON reader's problems).
 */
function readAsYaml(source: string, jsonProblems: ParseProblem[]): ParsedTemplate | undefined {
  const { parsed, noDuplicateKeys } = recordingDuplicateKeys(() => parseYamlTemplate(source));
  if (parsed.problems.length > 0 || parsed.root?.kind !== 'object' || !looksLikeTemplate(parsed.root)) return undefined;
  return {
    text: source,
    format: 'yaml',
    root: parsed.root,
    problems: [],
    isTemplate: true,
    noDuplicateKeys,
    notJson: jsonProblems,
  };
}

const RESOURCE_TYPE = /^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9:]+$|^Custom::/;

/** A CloudFormation template: a format version, or Resources whose entries carry an `X::Y::Z` Type. */
export function looksLikeTemplate(root: ObjectNode): boolean {
  if (getProperty(root, 'AWSTemplateFormatVersion')) return true;
  const resources = getProperty(root, 'Resources');
  if (!resources || resources.kind !== 'object') return false;
  return resources.properties.some((p) => {
    const type = stringValue(getProperty(p.value, 'Type'));
    return type !== undefined && RESOURCE_TYPE.test(type);
  });
}

/** For text that does not parse (half-typed): the same signals, found textually in the first 64 KiB. */
export function looksLikeTemplateText(text: string): boolean {
  const head = text.slice(0, 65536);
  return (
    /["']?AWSTemplateFormatVersion["']?\s*:/.test(head) ||
    (/["']?Resources["']?\s*:/.test(head) && /["']?Type["']?\s*:\s*["']?AWS::/.test(head))
  );
}

/**
 * File routing, shared by the CLI and the editor: is this file a CloudFormation
 * template, one of cfn-hup's own files, or neither? Content decides first (a
 * template named `stack.cfn` is still a template); a cfn-hup file is recognised
 * by its name or location, or by INI content that only cfn-hup would write.
 * Everything here is a linear scan: it runs on every file a directory holds.
 */
import { HOOK_KEY_NAMES, MAIN_KEY_NAMES } from './cfnhup/vocabulary';
export type ConfKind = 'hup-conf' | 'hook';

export type FileClass = { kind: 'template' } | { kind: 'conf'; conf: ConfKind } | { kind: 'skip'; reason: string };

/** Extensions under which the CLI looks for templates when it walks a directory. */
export const TEMPLATE_EXTENSIONS: readonly string[] = ['.json', '.yaml', '.yml', '.template'];

export function classify(fileName: string, text: string): FileClass {
  if (looksLikeTemplateSource(text)) return { kind: 'template' };
  const byName = confKindByName(fileName);
  if (byName) return { kind: 'conf', conf: byName };
  const byContent = confKindByContent(text);
  if (byContent) return { kind: 'conf', conf: byContent };
  return {
    kind: 'skip',
    reason: 'neither a CloudFormation template (no Resources or AWSTemplateFormatVersion) nor a cfn-hup file',
  };
}

/** cfn-hup's own files as found on an instance: cfn-hup.conf, hooks.conf, hooks.d/*. */
export function confKindByName(fileName: string): ConfKind | undefined {
  const normal = fileName.replace(/\\/g, '/').toLowerCase();
  const slash = normal.lastIndexOf('/');
  const base = normal.slice(slash + 1);
  if (base === 'cfn-hup.conf') return 'hup-conf';
  if (base === 'hooks.conf') return 'hook';
  const dir = normal.slice(0, Math.max(0, slash));
  if (base !== '' && (dir === 'hooks.d' || dir.endsWith('/hooks.d'))) return 'hook';
  return undefined;
}

const SECTION_LINE = /^\[([^\]\r\n]+)\][ \t]*$/;
const OPTION_NAME = /^([A-Za-z][A-Za-z0-9_.-]*)[ \t]*[=:]/;
// The one vocabulary of cfn-hup keys (shared with the rules, completions and hovers).
const MAIN_KEYS = MAIN_KEY_NAMES;
const HOOK_KEYS = HOOK_KEY_NAMES;

/**
 * INI that only cfn-hup would write: a `[main]` section with a cfn-hup key, or a
 * section with `triggers` and `path`/`action`. Scans at most the first 64 KiB.
 */
export function confKindByContent(text: string): ConfKind | undefined {
  let section: string | undefined;
  let mainKey = false;
  const hookKeys = new Map<string, Set<string>>();
  let lineStart = 0;
  const limit = Math.min(text.length, 65536);
  while (lineStart < limit) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > limit) lineEnd = limit;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    lineStart = lineEnd + 1;
    const header = SECTION_LINE.exec(line);
    if (header) {
      section = header[1]!.trim().toLowerCase();
      continue;
    }
    if (section === undefined) continue;
    const option = OPTION_NAME.exec(line);
    if (!option) continue;
    const key = option[1]!.toLowerCase();
    if (section === 'main' && MAIN_KEYS.has(key)) mainKey = true;
    else if (section !== 'main' && HOOK_KEYS.has(key)) {
      const keys = hookKeys.get(section) ?? new Set<string>();
      keys.add(key);
      hookKeys.set(section, keys);
    }
  }
  if (mainKey) return 'hup-conf';
  for (const keys of hookKeys.values())
    if (keys.has('triggers') && (keys.has('path') || keys.has('action'))) return 'hook';
  return undefined;
}

const JSON_TOP_KEY = /"(?:Resources|AWSTemplateFormatVersion)"\s*:/;
const YAML_TOP_KEY =
  /^(?:Resources|AWSTemplateFormatVersion|"Resources"|'Resources'|"AWSTemplateFormatVersion"|'AWSTemplateFormatVersion')[ \t]*:/m;

/**
 * A JSON or YAML document carrying `Resources` or `AWSTemplateFormatVersion`. For
 * YAML the key must start a line (a top-level key, so `resources: Resources:` in a
 * serverless.yml does not count); for JSON any key so named counts, and the parse
 * then confirms it is at the top (`analyzeTemplate` says `isTemplate: false` otherwise).
 */
export function looksLikeTemplateSource(text: string): boolean {
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (text[i] === '{') return JSON_TOP_KEY.test(text);
  return YAML_TOP_KEY.test(text);
}

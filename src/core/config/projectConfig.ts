/**
 * The project config file, `.cfn-hup-tools.yaml` (or `.yml`, `.json`), read by
 * the CLI and the editor alike. Pure: text in, a validated config and located
 * problems out (offsets into the file, so the editor can show them as
 * diagnostics on it). Finding the file is the caller's job (`configCandidates`
 * says which names to look for in each folder).
 */
import type { SeveritySetting } from '../findings';
import type { CfnNode } from '../template/ast';
import { parseJsonTemplate } from '../template/parseJson';
import { parseYamlTemplate } from '../template/parseYaml';
import { RULE_IDS } from '../rules/registry';

/** Looked for in this order in each folder; the first that exists wins. */
export const CONFIG_FILE_NAMES: readonly string[] = [
  '.cfn-hup-tools.yaml',
  '.cfn-hup-tools.yml',
  '.cfn-hup-tools.json',
];

export interface ProjectConfig {
  /** Rule id (upper case) → severity; `off` disables the rule. */
  rules: Record<string, SeveritySetting>;
  buildParameter?: string;
  /** Globs, relative to the config file's folder, of files not to check. */
  ignore: string[];
}

export interface ConfigProblem {
  severity: 'error' | 'warning';
  message: string;
  start: number;
  end: number;
}

export interface ParsedConfig {
  config: ProjectConfig;
  /** Errors make the CLI stop (exit 2); warnings are printed. The editor shows both on the config file. */
  problems: ConfigProblem[];
}

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);
const KEYS = ['rules', 'buildParameter', 'ignore'];

export function parseProjectConfig(text: string, fileName: string): ParsedConfig {
  const config: ProjectConfig = { rules: {}, ignore: [] };
  const problems: ConfigProblem[] = [];
  const json = fileName.toLowerCase().endsWith('.json');
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  let tree;
  try {
    tree = json ? parseJsonTemplate(source) : parseYamlTemplate(source);
  } catch (e) {
    problems.push({ severity: 'error', message: `cannot parse: ${(e as Error).message}`, start: 0, end: 0 });
    return { config, problems };
  }
  for (const p of tree.problems)
    problems.push({ severity: 'error', message: `not valid ${json ? 'JSON' : 'YAML'}: ${p.message}`, ...range(p) });
  if (tree.problems.length) return { config, problems };
  const root = tree.root;
  if (!root || (root.kind === 'scalar' && root.value === null)) return { config, problems }; // an empty file
  if (root.kind !== 'object') {
    problems.push({
      severity: 'error',
      message: 'the config must be a mapping of rules, buildParameter and ignore',
      ...range(root),
    });
    return { config, problems };
  }
  for (const p of root.properties) {
    const at = { start: p.keyStart, end: p.keyEnd };
    if (p.key === 'rules') readRules(p.value, config, problems);
    else if (p.key === 'buildParameter') {
      if (p.value.kind === 'scalar' && typeof p.value.value === 'string' && p.value.value.trim())
        config.buildParameter = p.value.value.trim();
      else problems.push({ severity: 'error', message: 'buildParameter must be a parameter name', ...range(p.value) });
    } else if (p.key === 'ignore') readIgnore(p.value, config, problems);
    else
      problems.push({
        severity: 'warning',
        message: `unknown key "${p.key}" (known: ${KEYS.join(', ')}); it is ignored`,
        ...at,
      });
  }
  return { config, problems };
}

function readRules(node: CfnNode, config: ProjectConfig, problems: ConfigProblem[]): void {
  if (node.kind === 'scalar' && node.value === null) return;
  if (node.kind !== 'object') {
    problems.push({ severity: 'error', message: 'rules must map rule ids to off|info|warning|error', ...range(node) });
    return;
  }
  for (const p of node.properties) {
    const id = p.key.trim().toUpperCase();
    if (!RULE_IDS.includes(id)) {
      problems.push({
        severity: 'error',
        message: `unknown rule "${p.key}" (run \`cfn-hup-tools rules\` for the list)`,
        start: p.keyStart,
        end: p.keyEnd,
      });
      continue;
    }
    const v = p.value.kind === 'scalar' ? p.value.value : undefined;
    // YAML 1.1 reads a bare `off` as false: accept it for what the user wrote.
    const value = v === false ? 'off' : typeof v === 'string' ? v.trim().toLowerCase() : undefined;
    if (value === undefined || !SEVERITIES.has(value)) {
      problems.push({ severity: 'error', message: `${id} must be off, info, warning or error`, ...range(p.value) });
      continue;
    }
    config.rules[id] = value as SeveritySetting;
  }
}

function readIgnore(node: CfnNode, config: ProjectConfig, problems: ConfigProblem[]): void {
  if (node.kind === 'scalar' && node.value === null) return;
  const items = node.kind === 'array' ? node.items : [node];
  for (const item of items) {
    if (item.kind === 'scalar' && typeof item.value === 'string' && item.value.trim())
      config.ignore.push(item.value.trim());
    else problems.push({ severity: 'error', message: 'ignore must be a list of globs', ...range(item) });
  }
}

function range(n: { start: number; end: number }): { start: number; end: number } {
  return { start: n.start, end: Math.max(n.start, n.end) };
}

/** What an analysis uses: `rules` and `buildParameter` after every layer. */
export interface EffectiveSettings {
  rules: Record<string, SeveritySetting>;
  buildParameter?: string;
}

/**
 * Merge layers, lowest precedence first: each layer's rule settings override the
 * previous ones rule by rule, and a set buildParameter replaces the previous one.
 * CLI: [config file, --rule/--build-parameter]. Editor: [config file, cfnHup.rules/cfnHup.buildParameter].
 */
export function mergeSettings(
  ...layers: ({ rules?: Readonly<Record<string, SeveritySetting>>; buildParameter?: string } | undefined)[]
): EffectiveSettings {
  const result: EffectiveSettings = { rules: {} };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [id, s] of Object.entries(layer.rules ?? {})) result.rules[id.toUpperCase()] = s;
    if (layer.buildParameter) result.buildParameter = layer.buildParameter;
  }
  return result;
}

/**
 * Whether `relativePath` (to the config file's folder, `/`-separated) is ignored:
 * a glob matches the path itself or one of its parent folders (`vendor` and
 * `vendor/**` both ignore everything under vendor/). `*` stays in one folder,
 * `**` crosses folders, `?` is one character, `{a,b}` alternatives.
 */
export function isIgnored(relativePath: string, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  const path = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
  const parts = path.split('/');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  return globs.some((g) => {
    const re = globToRegExp(g.replace(/^\.\//, '').replace(/\/+$/, ''));
    return prefixes.some((p) => re.test(p));
  });
}

const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  const hit = cache.get(glob);
  if (hit) return hit;
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        re += '(?:[^/]*/)*'; // zero or more whole folders
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  re += ')'.repeat(braces);
  const compiled = new RegExp(`^${re}$`);
  cache.set(glob, compiled);
  return compiled;
}

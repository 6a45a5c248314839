import { writesJsonSyntax, type ParsedTemplate } from '../template/parse';
import { TemplateModel } from '../template/model';
import { getProperty } from '../template/ast';
import { entries } from '../template/model';
import { INIT_KEY } from '../cfnhup/model';
import { locate, type Location } from './locate';
import { CFN_HUP_DOCS_URL, CFN_INIT_DOCS_URL, HOOK_KEYS, MAIN_KEYS, TRIGGERS } from './knowledge';
import { reloaderInit } from './reloader';
import { toJson, toYaml } from './emit';

export interface CompletionItem {
  label: string;
  kind: 'value' | 'property' | 'reference' | 'snippet';
  insertText: string;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** The text [start, end) the item replaces. */
  start: number;
  end: number;
  sortText?: string;
}

/**
 * Completions at `offset` that know the template: hook triggers and keys,
 * `path=` built from the resources that have Init, `-r` and `-c` for
 * cfn-init, cfn-hup.conf keys, and the whole auto-reloader inside a
 * resource's Metadata.
 */
export function completeAt(parsed: ParsedTemplate, offset: number): CompletionItem[] {
  const text = parsed.text;
  const model = parsed.root?.kind === 'object' ? new TemplateModel(parsed.root) : undefined;
  const location = model ? locate(model, offset) : undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  const inContent = location?.site.kind === 'file-content';
  const inShell = inContent || location?.site.kind === 'command' || location?.site.kind === 'userdata';

  const triggers = /(?:^|["'\s])triggers\s*=\s*((?:[\w.]+\s*,\s*)*)([\w.]*)$/.exec(prefix);
  if (triggers) {
    const used = triggers[1]!.split(',').map((t) => t.trim());
    const start = offset - triggers[2]!.length;
    return TRIGGERS.filter((t) => !t.legacy && !used.includes(t.key)).map((t, i) => ({
      label: t.key,
      kind: 'value',
      insertText: t.key,
      documentation: `${t.summary}\n\n[cfn-hup reference](${CFN_HUP_DOCS_URL})`,
      start,
      end: offset,
      sortText: String(i),
    }));
  }

  const path = /(?:^|["'\s])path\s*=\s*([^"'\s]*)$/.exec(prefix);
  if (path && model) {
    const start = offset - path[1]!.length;
    return pathCandidates(model, location).map((p, i) => ({
      label: p.path,
      kind: 'reference',
      insertText: p.path,
      detail: p.detail,
      documentation: p.doc,
      start,
      end: offset,
      sortText: String(i).padStart(3, '0'),
    }));
  }

  const resource = /(?:^|\s)(?:-r|--resource)(?:\s+|=)([\w-]*)$/.exec(prefix);
  if (resource && model && (inShell || !location)) {
    const start = offset - resource[1]!.length;
    return initResources(model, location).map((id, i) => ({
      label: id,
      kind: 'reference',
      insertText: id,
      detail: `${model.resources.get(id)?.type ?? ''} with ${INIT_KEY}`,
      start,
      end: offset,
      sortText: String(i).padStart(3, '0'),
    }));
  }

  const configSets = /(?:^|\s)(?:-c|--configsets?)(?:\s+|=)((?:[\w-]+,)*)([\w-]*)$/.exec(prefix);
  if (configSets && model && (inShell || !location)) {
    const line = text.slice(lineStart, lineEndOf(text, offset));
    const target = /(?:-r|--resource)(?:\s+|=)([\w-]+)/.exec(line)?.[1] ?? location?.resource.logicalId;
    const start = offset - configSets[2]!.length;
    return configSetNames(model, target).map((name) => ({
      label: name,
      kind: 'value',
      insertText: name,
      detail: `configSet of ${target}`,
      documentation: `cfn-init runs the configs of this configSet in order.\n\n[cfn-init reference](${CFN_INIT_DOCS_URL})`,
      start,
      end: offset,
    }));
  }

  const key = /^(\s*["']?)([A-Za-z_-]*)$/.exec(prefix);
  if (key && location?.site.kind === 'file-content') {
    const role = location.site.role;
    const keys = role === 'hup-conf' ? MAIN_KEYS : role === 'hook' || role === 'hooks-conf' ? HOOK_KEYS : [];
    const start = offset - key[2]!.length;
    return keys
      .filter((k) => !k.legacy)
      .map((k, i) => ({
        label: `${k.key}=`,
        kind: 'property',
        insertText: `${k.key}=${k.example}`,
        documentation: `${k.summary}\n\n[cfn-hup reference](${CFN_HUP_DOCS_URL})`,
        start,
        end: offset,
        sortText: String(i),
      }));
  }

  if (location?.site.kind === 'metadata' && !location.site.hasInit && model) {
    const item = reloaderCompletion(parsed, location, offset, prefix);
    return item ? [item] : [];
  }
  return [];
}

function lineEndOf(text: string, offset: number): number {
  const n = text.indexOf('\n', offset);
  return n < 0 ? text.length : n;
}

function initResources(model: TemplateModel, location: Location | undefined): string[] {
  const ids = [...model.resources.values()].filter((r) => getProperty(r.metadata, INIT_KEY)).map((r) => r.logicalId);
  const own = location?.resource.logicalId;
  return own && ids.includes(own) ? [own, ...ids.filter((i) => i !== own)] : ids;
}

function pathCandidates(
  model: TemplateModel,
  location: Location | undefined,
): { path: string; detail: string; doc: string }[] {
  const out: { path: string; detail: string; doc: string }[] = [];
  for (const id of initResources(model, location)) {
    const r = model.resources.get(id)!;
    const init = getProperty(r.metadata, INIT_KEY);
    const configs = entries(init)
      .filter((p) => p.key !== 'configSets')
      .map((p) => p.key);
    out.push({
      path: `Resources.${id}.Metadata.${INIT_KEY}`,
      detail: `all of ${id}'s Init (${r.type ?? 'resource'})`,
      doc: `Fires when anything in **${id}**'s \`${INIT_KEY}\` changes — the usual choice: a new build number under it reaches every instance.\n\nConfigs: ${configs.map((c) => `\`${c}\``).join(', ') || 'none'}`,
    });
    for (const c of configs) {
      out.push({
        path: `Resources.${id}.Metadata.${INIT_KEY}.${c.replace(/\./g, '\\.')}`,
        detail: `config "${c}" of ${id}`,
        doc: `Fires only when config \`${c}\` of **${id}** changes.`,
      });
    }
  }
  return out;
}

function configSetNames(model: TemplateModel, resourceId: string | undefined): string[] {
  const resources =
    resourceId && model.resources.has(resourceId) ? [model.resources.get(resourceId)!] : [...model.resources.values()];
  const names = new Set<string>();
  for (const r of resources) {
    const init = getProperty(r.metadata, INIT_KEY);
    const sets = getProperty(init, 'configSets');
    if (sets && sets.kind === 'object') sets.properties.forEach((p) => names.add(p.key));
    else if (init) names.add('default');
  }
  return [...names];
}

/** "Add cfn-hup auto-reloader": the whole Init for this resource, in the file's format, at the cursor. */
function reloaderCompletion(
  parsed: ParsedTemplate,
  location: Location,
  offset: number,
  prefix: string,
): CompletionItem | undefined {
  const id = location.resource.logicalId;
  const os = location.os ?? 'linux';
  const doc = reloaderInit({ resourceId: id, os });
  const typed = /["']?[\w:-]*$/.exec(prefix)![0];
  const start = offset - typed.length;
  let insertText: string;
  if (!writesJsonSyntax(parsed)) {
    if (prefix.slice(0, prefix.length - typed.length).trim() !== '') return undefined;
    const indent = prefix.slice(0, prefix.length - typed.length);
    insertText = toYaml(doc, indent).join('\n').slice(indent.length);
  } else {
    const lineIndent = /^\s*/.exec(prefix)![0];
    const body = toJson(doc, lineIndent);
    // Inside the Metadata object: drop the outer braces and keep the key.
    insertText = body.slice(1, body.lastIndexOf('}')).trim();
    const before = parsed.text.slice(0, start).trimEnd();
    const after = parsed.text.slice(offset).trimStart();
    if (!before.endsWith('{') && !before.endsWith(',')) insertText = ', ' + insertText;
    if (after.startsWith('"')) insertText += ',';
  }
  return {
    label: 'Add cfn-hup auto-reloader',
    kind: 'snippet',
    insertText,
    detail: `${INIT_KEY} for ${id} (${os === 'windows' ? 'Windows, c:\\cfn' : 'Linux, /etc/cfn'})`,
    documentation: `Writes cfn-hup.conf and the auto-reloader hook watching **${id}**, and runs cfn-hup as a service that restarts when they change. A stack update that changes this Init then reaches running instances within a minute.`,
    start,
    end: offset,
    sortText: '0',
  };
}

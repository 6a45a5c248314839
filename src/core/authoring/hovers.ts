import type { ParsedTemplate } from '../template/parse';
import { TemplateModel } from '../template/model';
import { getProperty } from '../template/ast';
import { INIT_KEY } from '../cfnhup/model';
import { parseHookPath, resolveKeys } from '../cfnhup/hookPath';
import { findReferences } from '../template/references';
import { locate } from './locate';
import { CFN_HUP_DOCS_URL, CFN_INIT_DOCS_URL, CFN_INIT_OPTIONS, HOOK_KEYS, MAIN_KEYS, TRIGGERS } from './knowledge';

export interface Hover {
  /** Markdown. */
  markdown: string;
  start: number;
  end: number;
}

const WORD = /[A-Za-z0-9_.:\\/${}!-]/;

/**
 * What the word under the cursor means to cfn-hup: a key, a trigger, a hook
 * path (resolved in this template), a cfn-init option or its resource.
 */
export function hoverAt(
  parsed: ParsedTemplate,
  offset: number,
  options: { buildParameter?: string } = {},
): Hover | undefined {
  const text = parsed.text;
  const model = parsed.root?.kind === 'object' ? new TemplateModel(parsed.root) : undefined;
  const location = model ? locate(model, offset) : undefined;
  if (
    !location ||
    (location.site.kind !== 'file-content' && location.site.kind !== 'command' && location.site.kind !== 'userdata')
  )
    return undefined;
  let start = offset;
  let end = offset;
  while (start > 0 && WORD.test(text[start - 1]!) && text[start - 1] !== '=') start--;
  while (end < text.length && WORD.test(text[end]!)) end++;
  const word = text.slice(start, end);
  if (!word) return undefined;
  const after = text.slice(end, end + 2);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);

  if (location.site.kind === 'file-content' && /^\s*["']?$/.test(before) && /^\s*[=:]/.test(after)) {
    const keys = location.site.role === 'hup-conf' ? MAIN_KEYS : HOOK_KEYS;
    const k = keys.find((x) => x.key === word.toLowerCase());
    if (k)
      return {
        start,
        end,
        markdown: `**cfn-hup \`${k.key}\`**\n\n${k.summary}\n\n[cfn-hup reference](${CFN_HUP_DOCS_URL})`,
      };
  }
  const trigger = TRIGGERS.find((t) => t.key === word.replace(/,$/, ''));
  if (trigger && /triggers\s*=[^=]*$/.test(before))
    return {
      start,
      end,
      markdown: `**trigger \`${trigger.key}\`**\n\n${trigger.summary}\n\n[cfn-hup reference](${CFN_HUP_DOCS_URL})`,
    };

  if (/(?:^|["'\s])path\s*=\s*$/.test(before) && model)
    return { start, end, markdown: describePath(model, word, options.buildParameter ?? 'BuildNumber') };

  const option = CFN_INIT_OPTIONS.find((o) => o.names.includes(word.split('=')[0]!));
  if (option && /cfn-init/.test(text.slice(lineStart, start)))
    return {
      start,
      end,
      markdown: `**cfn-init \`${option.names.join('`, `')}\`**\n\n${option.summary}\n\n[cfn-init reference](${CFN_INIT_DOCS_URL})`,
    };

  if (/(?:-r|--resource)(?:\s+|=)$/.test(before) && model) {
    const r = model.resources.get(word);
    const init = r && getProperty(r.metadata, INIT_KEY);
    const md = !r
      ? `⚠ **${word}** is not a resource of this template: cfn-init fails.`
      : init
        ? `cfn-init applies the \`${INIT_KEY}\` of **${word}** (${r.type}).`
        : `⚠ **${word}** (${r.type}) has no \`${INIT_KEY}\`: cfn-init ${r.metadata ? 'does nothing and exits 0' : 'fails'}.`;
    return { start, end, markdown: `${md}\n\n[cfn-init reference](${CFN_INIT_DOCS_URL})` };
  }
  return undefined;
}

/** What a hook path resolves to in this template, and whether a release of the build parameter reaches it. */
export function describePath(model: TemplateModel, path: string, buildParameter: string): string {
  const p = parseHookPath(path.trim());
  const lines = [`**Hook path** \`${path}\``, ''];
  if (p.fatal) {
    lines.push(
      '⚠ Not `Resources.<LogicalId>.Metadata[...]` or `.PhysicalResourceId`: cfn-hup stops with a fatal error on its first poll.',
    );
  } else if (!p.logicalId || !model.resources.has(p.logicalId)) {
    lines.push(`⚠ This template has no resource **${p.logicalId ?? ''}**: the hook never fires.`);
  } else {
    const r = model.resources.get(p.logicalId)!;
    const part = p.part?.toLowerCase();
    if (part === undefined) lines.push(`Watches **${p.logicalId}** (${r.type}) as a whole: fires on any update of it.`);
    else if (part === 'physicalresourceid')
      lines.push(`Watches the physical id of **${p.logicalId}** (${r.type}): fires when it is replaced.`);
    else if (!r.metadata) lines.push(`⚠ **${p.logicalId}** (${r.type}) has no Metadata: the hook never fires.`);
    else {
      const res = p.subPath.length ? resolveKeys(r.metadata, p.subPath) : { kind: 'found' as const, node: r.metadata };
      if (res.kind === 'missing')
        lines.push(
          `⚠ \`${p.subPath.slice(0, res.depth + 1).join('.')}\` is not in the Metadata of **${p.logicalId}**: the hook never fires.`,
        );
      else {
        lines.push(
          `Watches the Metadata of **${p.logicalId}** (${r.type})${p.subPath.length ? ` at \`${p.subPath.join('.')}\`` : ''}: fires on the next poll after a stack update changes it.`,
        );
        if (res.kind === 'found' && model.parameters.has(buildParameter)) {
          const used = findReferences(res.node, buildParameter).length > 0;
          lines.push(
            '',
            used
              ? `✓ \`${buildParameter}\` is used here: releasing a new build reaches running instances.`
              : `\`${buildParameter}\` is not used under this path: releasing a new build does not fire this hook.`,
          );
        }
      }
    }
  }
  lines.push('', `[cfn-hup reference](${CFN_HUP_DOCS_URL})`);
  return lines.join('\n');
}

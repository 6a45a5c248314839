/**
 * The text edit behind "Ignore RULE-ID for this resource" (and "... in this
 * file"): writes `Metadata: cfn-hup-tools: ignore: [RULE-ID]` into the template,
 * JSON or YAML, adding only what is missing and matching the indentation around
 * it. It never rewrites what is there; when it cannot edit safely it offers nothing.
 */
import type { Fix, TextEdit } from '../findings';
import type { CfnNode, ObjectNode, Property } from '../template/ast';
import { getProperty, getPropertyEntry } from '../template/ast';
import { writesJsonSyntax, type ParsedTemplate } from '../template/parse';
import { SUPPRESSION_KEY } from '../suppress';

/** The resource whose entry (key to end of value) contains `offset`. */
export function resourceAt(parsed: ParsedTemplate, offset: number): Property | undefined {
  if (parsed.root?.kind !== 'object') return undefined;
  const resources = getProperty(parsed.root, 'Resources');
  if (resources?.kind !== 'object') return undefined;
  return resources.properties.find((p) => p.keyStart <= offset && offset <= p.value.end);
}

/**
 * The fix that silences `ruleId` for the resource containing `offset` (scope
 * `resource`) or for the whole template (scope `template`); undefined when there
 * is no such resource, the id is already listed, or the Metadata has a shape we
 * would have to rewrite.
 */
export function suppressionFix(
  parsed: ParsedTemplate,
  offset: number,
  ruleId: string,
  scope: 'resource' | 'template' = 'resource',
): Fix | undefined {
  if (parsed.problems.length || parsed.root?.kind !== 'object') return undefined;
  let owner: ObjectNode;
  let ownerIndent: string | undefined;
  let title: string;
  if (scope === 'resource') {
    const resource = resourceAt(parsed, offset);
    if (!resource || resource.value.kind !== 'object') return undefined;
    owner = resource.value;
    ownerIndent = lineIndent(parsed.text, resource.keyStart);
    title = `Ignore ${ruleId} for resource ${resource.key}`;
  } else {
    owner = parsed.root;
    ownerIndent = undefined;
    title = `Ignore ${ruleId} in this template`;
  }
  const edit = new Writer(parsed, ruleId).intoOwner(owner, ownerIndent);
  return edit ? { title, edits: [edit] } : undefined;
}

class Writer {
  private readonly text: string;
  private readonly json: boolean;

  constructor(
    parsed: ParsedTemplate,
    private readonly ruleId: string,
  ) {
    this.text = parsed.text;
    this.json = writesJsonSyntax(parsed);
  }

  intoOwner(owner: ObjectNode, ownerIndent: string | undefined): TextEdit | undefined {
    const metadata = getProperty(owner, 'Metadata');
    if (!metadata) {
      const before = getPropertyEntry(owner, 'Properties') ?? owner.properties[0];
      return this.insertProperty(owner, before, ownerIndent, 'Metadata', [SUPPRESSION_KEY, ['ignore', this.list()]]);
    }
    if (metadata.kind !== 'object') return undefined;
    const ours = getPropertyEntry(metadata, SUPPRESSION_KEY);
    if (!ours)
      return this.insertProperty(metadata, metadata.properties[0], this.keyIndent(owner, 'Metadata'), SUPPRESSION_KEY, [
        'ignore',
        this.list(),
      ]);
    if (ours.value.kind !== 'object') return undefined;
    const ignore = getProperty(ours.value, 'ignore');
    if (!ignore)
      return this.insertProperty(
        ours.value,
        ours.value.properties[0],
        lineIndent(this.text, ours.keyStart),
        'ignore',
        this.list(),
      );
    return this.addToList(ignore);
  }

  private list(): string {
    return this.json ? `["${this.ruleId}"]` : `[${this.ruleId}]`;
  }

  private quote(s: string): string {
    return this.json ? JSON.stringify(s) : s;
  }

  /** The indentation of `key` inside `owner`, when it starts its own line. */
  private keyIndent(owner: ObjectNode, key: string): string | undefined {
    const entry = getPropertyEntry(owner, key);
    return entry ? lineIndent(this.text, entry.keyStart) : undefined;
  }

  /**
   * Insert `key: value` as a property of `object`, before `before` (a property that
   * starts its own line, so the new one gets the same indentation), else into an
   * empty or one-line object. `value` is a list text or a nested [key, value] pair.
   */
  private insertProperty(
    object: ObjectNode,
    before: Property | undefined,
    parentIndent: string | undefined,
    key: string,
    value: string | [string, string | [string, string]],
  ): TextEdit | undefined {
    if (before) {
      const indent = lineIndent(this.text, before.keyStart);
      if (indent !== undefined) {
        const unit =
          parentIndent !== undefined && indent.length > parentIndent.length ? indent.slice(parentIndent.length) : '  ';
        return {
          start: before.keyStart,
          end: before.keyStart,
          newText: this.block(key, value, indent, unit) + (this.json ? ',' : '') + '\n' + indent,
        };
      }
      // A one-line mapping (`{ Type: X }`): insert inline before the first key.
      return { start: before.keyStart, end: before.keyStart, newText: this.inline(key, value) + ', ' };
    }
    // An empty object `{}` (JSON or YAML flow): fill it in one line.
    if (this.text[object.start] === '{')
      return { start: object.start + 1, end: object.start + 1, newText: ` ${this.inline(key, value)} ` };
    return undefined;
  }

  private block(
    key: string,
    value: string | [string, string | [string, string]],
    indent: string,
    unit: string,
  ): string {
    const k = this.quote(key);
    if (typeof value === 'string') return `${k}: ${value}`;
    const inner = this.block(value[0], value[1], indent + unit, unit);
    return this.json ? `${k}: {\n${indent + unit}${inner}\n${indent}}` : `${k}:\n${indent + unit}${inner}`;
  }

  private inline(key: string, value: string | [string, string | [string, string]]): string {
    const k = this.quote(key);
    if (typeof value === 'string') return `${k}: ${value}`;
    return `${k}: { ${this.inline(value[0], value[1])} }`;
  }

  private addToList(ignore: CfnNode): TextEdit | undefined {
    const item = this.quote(this.ruleId);
    if (ignore.kind === 'scalar') {
      if (typeof ignore.value !== 'string') return undefined;
      if (ignore.value.trim().toUpperCase() === this.ruleId) return undefined;
      return { start: ignore.start, end: ignore.end, newText: `[${this.quote(ignore.value.trim())}, ${item}]` };
    }
    if (ignore.kind !== 'array') return undefined;
    if (ignore.items.some((i) => i.kind === 'scalar' && String(i.value).trim().toUpperCase() === this.ruleId))
      return undefined;
    const last = ignore.items[ignore.items.length - 1];
    if (!last)
      return this.text[ignore.start] === '['
        ? { start: ignore.start + 1, end: ignore.start + 1, newText: item }
        : undefined;
    if (this.text[ignore.start] === '[') return { start: last.end, end: last.end, newText: `, ${item}` };
    // A YAML block sequence: a new `- ID` line under the last one.
    const dash = this.text.lastIndexOf('-', last.start);
    const indent = dash >= 0 ? lineIndent(this.text, dash) : undefined;
    if (indent === undefined) return undefined;
    return { start: last.end, end: last.end, newText: `\n${indent}- ${item}` };
  }
}

/** The whitespace before `offset` on its line, or undefined when other text precedes it there. */
export function lineIndent(text: string, offset: number): string | undefined {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  const prefix = text.slice(i, offset);
  return /^[ \t]*$/.test(prefix) ? prefix : undefined;
}

/** For a standalone cfn-hup file: a `# cfn-hup-tools: ignore ID` comment on the first line (or the id added to one). */
export function confSuppressionFix(text: string, ruleId: string): Fix {
  const existing = /^[ \t]*[#;][ \t]*cfn-hup-tools[ \t]*:[ \t]*ignore\b[^\r\n]*/im.exec(text);
  const title = `Ignore ${ruleId} in this file`;
  if (existing) {
    const end = existing.index + existing[0].replace(/[ \t]+$/, '').length;
    return { title, edits: [{ start: end, end, newText: ` ${ruleId}` }] };
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { title, edits: [{ start: 0, end: 0, newText: `# cfn-hup-tools: ignore ${ruleId}${eol}` }] };
}

/**
 * A tiny document model for text we insert into templates, printed as YAML
 * (short-form tags, block scalars) or JSON (long form), so that one
 * definition serves both formats.
 */
export type Doc =
  { map: [string, Doc][] } | { list: Doc[] } | { str: string } | { sub: string } | { lit: string } | { ref: string };

export const map = (...entries: [string, Doc][]): Doc => ({ map: entries });
export const list = (...items: Doc[]): Doc => ({ list: items });
export const str = (s: string): Doc => ({ str: s });
/** Fn::Sub of multi-line text: `!Sub |` in YAML, `{"Fn::Sub": "…\n"}` in JSON. */
export const sub = (s: string): Doc => ({ sub: s });
export const ref = (name: string): Doc => ({ ref: name });
/** Multi-line literal text: a `|` block in YAML, a string in JSON. */
export const lit = (s: string): Doc => ({ lit: s });

export function toYaml(doc: Doc, indent: string, step = '  '): string[] {
  if ('map' in doc) {
    const lines: string[] = [];
    for (const [key, value] of doc.map) {
      const k = yamlKey(key);
      if ('str' in value) lines.push(`${indent}${k}: ${yamlScalar(value.str)}`);
      else if ('ref' in value) lines.push(`${indent}${k}: !Ref ${value.ref}`);
      else if ('sub' in value || 'lit' in value) {
        const body = 'sub' in value ? value.sub : value.lit;
        lines.push(`${indent}${k}: ${'sub' in value ? '!Sub ' : ''}|`);
        for (const l of body.replace(/\n$/, '').split('\n')) lines.push(l === '' ? '' : `${indent}${step}${l}`);
      } else {
        lines.push(`${indent}${k}:`);
        lines.push(...toYaml(value, indent + step, step));
      }
    }
    return lines;
  }
  if ('list' in doc) {
    return doc.list.flatMap((item) => {
      if ('str' in item) return [`${indent}- ${yamlScalar(item.str)}`];
      const inner = toYaml(item, indent + step, step);
      return [`${indent}- ${inner[0]!.trimStart()}`, ...inner.slice(1)];
    });
  }
  if ('str' in doc) return [`${indent}${yamlScalar(doc.str)}`];
  if ('ref' in doc) return [`${indent}!Ref ${doc.ref}`];
  if ('lit' in doc) return [`${indent}${JSON.stringify(doc.lit)}`];
  return [`${indent}!Sub ${JSON.stringify(doc.sub)}`];
}

function yamlKey(key: string): string {
  return /^[A-Za-z0-9_/.:-]+$/.test(key) && !/^[-?:]/.test(key) ? key : yamlQuote(key);
}

/** Plain when YAML reads it back as the same string; quoted otherwise (Windows paths single-quoted: backslashes stay literal). */
function yamlScalar(s: string): string {
  if (/^(true|false|yes|no|on|off|y|n|null|~|[-+]?[0-9.]+)$/i.test(s) || s === '') return `"${s}"`;
  if (/^[A-Za-z0-9_/][A-Za-z0-9_/.:\- ]*$/.test(s) && !/: |\s$/.test(s)) return s;
  return yamlQuote(s);
}

function yamlQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function toJson(doc: Doc, indent: string, step = '  '): string {
  if ('str' in doc) return JSON.stringify(doc.str);
  if ('ref' in doc) return `{ "Ref": ${JSON.stringify(doc.ref)} }`;
  if ('sub' in doc) return `{ "Fn::Sub": ${JSON.stringify(doc.sub)} }`;
  if ('lit' in doc) return JSON.stringify(doc.lit);
  if ('list' in doc) {
    if (doc.list.every((i) => 'str' in i)) return `[${doc.list.map((i) => toJson(i, indent, step)).join(', ')}]`;
    return `[\n${doc.list.map((i) => indent + step + toJson(i, indent + step, step)).join(',\n')}\n${indent}]`;
  }
  return `{\n${doc.map.map(([k, v]) => `${indent}${step}${JSON.stringify(k)}: ${toJson(v, indent + step, step)}`).join(',\n')}\n${indent}}`;
}

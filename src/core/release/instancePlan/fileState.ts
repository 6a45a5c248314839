import { isObject } from './configSets';

/**
 * What cfn-init writes for one `files` entry (aws-cfn-bootstrap file_tool.py):
 * non-empty `content` wins (a string, base64-decoded only for the exact
 * encoding `base64`, or JSON written with json.dump); otherwise the file is
 * downloaded from `source`; a `mode` of 120xxx makes a symbolic link whose
 * target is `content`. `compare` is what decides "changed"; `shown` is the
 * text a person reads (NoEcho values masked, JSON indented).
 */
export interface FileState {
  config: string;
  kind: 'content' | 'source' | 'symlink' | 'invalid';
  compare: string;
  shown: string;
  mode?: string;
  owner?: string;
  group?: string;
  /** `source` URL (real, and as shown). */
  source?: string;
  sourceShown?: string;
  /** Mustache `context`: the written text is the content rendered with it on the instance. */
  context?: string;
  problem?: string;
  /** True when the content is JSON (written on one line by json.dump; shown indented). */
  json?: boolean;
}

export function fileState(config: string, entry: unknown, shownEntry: unknown): FileState {
  const e = isObject(entry) ? entry : {};
  const s = isObject(shownEntry) ? shownEntry : {};
  const base = {
    config,
    mode: scalar(e['mode']),
    owner: scalar(e['owner']),
    group: scalar(e['group']),
    context: e['context'] === undefined ? undefined : canonicalJson(e['context']),
  };
  const content = e['content'];
  if (isLink(base.mode)) {
    if (content === undefined)
      return {
        ...base,
        kind: 'invalid',
        compare: '',
        shown: '',
        problem: 'a symbolic link without a target (content)',
      };
    return { ...base, kind: 'symlink', compare: text(content), shown: text(s['content']) };
  }
  if (content !== undefined && content !== '' && content !== null) {
    if (typeof content === 'object') {
      return {
        ...base,
        kind: 'content',
        compare: canonicalJson(content),
        shown: JSON.stringify(s['content'], null, 2),
        json: true,
      };
    }
    const raw = text(content);
    const rawShown = text(s['content']);
    if (e['encoding'] === 'base64') {
      const decoded = decodeBase64Text(raw);
      if (decoded === undefined) return { ...base, kind: 'content', compare: raw, shown: '(binary content, base64)' };
      return {
        ...base,
        kind: 'content',
        compare: decoded,
        shown: decodeBase64Text(rawShown) ?? '(base64 content with values not shown)',
      };
    }
    return { ...base, kind: 'content', compare: raw, shown: rawShown };
  }
  const source = e['source'];
  if (typeof source === 'string' && source !== '')
    return { ...base, kind: 'source', compare: '', shown: '', source, sourceShown: text(s['source']) };
  return {
    ...base,
    kind: 'invalid',
    compare: '',
    shown: '',
    problem: 'no content and no source: cfn-init fails ("File specified without source or content")',
  };
}

function scalar(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function text(v: unknown): string {
  return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** cfn-init: `stat.S_ISLNK(int(mode, 8))`. */
function isLink(mode: string | undefined): boolean {
  if (!mode || !/^[0-7]+$/.test(mode)) return false;
  return (parseInt(mode, 8) & 0o170000) === 0o120000;
}

/** JSON with sorted keys: cfn-hup/cfn-init compare parsed values, so key order does not matter. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
  if (isObject(v))
    return (
      '{' +
      Object.keys(v)
        .sort()
        .map((k) => JSON.stringify(k) + ':' + canonicalJson(v[k]))
        .join(',') +
      '}'
    );
  return JSON.stringify(v ?? null);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 to UTF-8 text; undefined when it is not base64 or not UTF-8 text (the core has no Buffer). */
export function decodeBase64Text(b64: string): string | undefined {
  const clean = b64.trim().replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return undefined;
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean.replace(/=+$/, '')) {
    value = (value << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 0xff);
    }
  }
  return utf8(bytes);
}

function utf8(bytes: number[]): string | undefined {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 0 : b >= 0xf0 && b < 0xf8 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : -1;
    if (n < 0 || (n > 0 && i + n >= bytes.length)) return undefined;
    let cp = n === 0 ? b : b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp === 0 || (cp < 0x20 && !'\t\n\r'.includes(String.fromCharCode(cp)))) return undefined; // binary
    out += String.fromCodePoint(cp);
    i += n + 1;
  }
  return out;
}

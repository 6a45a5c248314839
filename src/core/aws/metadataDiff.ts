import { jsonEqual } from '../release/jsonEqual';

/**
 * Where live Metadata and a template's evaluated Metadata differ, key path by
 * key path. A template value that is still symbolic (`${Res.Attr}`) cannot be
 * compared offline, so it is reported as `unknown`, not as a difference.
 */
export interface MetadataDifference {
  path: string[];
  kind: 'changed' | 'only-live' | 'only-template' | 'unknown';
  live?: unknown;
  template?: unknown;
}

export function metadataDifferences(
  live: unknown,
  template: unknown,
  symbolic: readonly string[] = [],
  path: string[] = [],
): MetadataDifference[] {
  if (typeof template === 'string' && symbolic.some((s) => template.includes('${' + s + '}')))
    return jsonEqual(live, template) ? [] : [{ path, kind: 'unknown', live, template }];
  if (isObject(live) && isObject(template)) {
    const out: MetadataDifference[] = [];
    for (const k of new Set([...Object.keys(live), ...Object.keys(template)])) {
      if (!(k in template)) out.push({ path: [...path, k], kind: 'only-live', live: live[k] });
      else if (!(k in live)) out.push({ path: [...path, k], kind: 'only-template', template: template[k] });
      else out.push(...metadataDifferences(live[k], template[k], symbolic, [...path, k]));
    }
    return out;
  }
  return jsonEqual(live, template) ? [] : [{ path, kind: 'changed', live, template }];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

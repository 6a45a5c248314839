/**
 * Whether two extractions of one template (one per branch of its undecidable `Fn::If`s) hold the same
 * values: a deep comparison of plain data. Objects both sides share (the parsed tree, the template model)
 * are equal at once; objects made per extraction (files, hooks, rendered text, INI views) are compared
 * field by field, Maps and Sets in order, cycles (a config and its Init) by pairing each object with the
 * one it was first compared to. `skip` names fields a caller handles otherwise (the render context).
 */
export function sameExtraction(a: unknown, b: unknown, skip: ReadonlySet<string>): boolean {
  return same(a, b, skip, new Map());
}

function same(a: unknown, b: unknown, skip: ReadonlySet<string>, paired: Map<object, object>): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  const partner = paired.get(a);
  if (partner !== undefined) return partner === b;
  paired.set(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) return sameList(a, b as unknown[], skip, paired);
  if (a instanceof Map || a instanceof Set) {
    const bs = b as typeof a;
    return a.size === bs.size && sameList([...a], [...bs], skip, paired);
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (skip.has(key)) continue;
    if (!Object.hasOwn(b, key)) return false;
    if (!same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], skip, paired)) return false;
  }
  return true;
}

function sameList(a: unknown[], b: unknown[], skip: ReadonlySet<string>, paired: Map<object, object>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i], b[i], skip, paired)) return false;
  return true;
}

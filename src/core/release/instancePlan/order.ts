/** Python's `sorted()` on text compares code points; JavaScript's default sort compares UTF-16 units. */
export function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

export function sortedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).sort(byCodePoint);
}

/** cfn-init's package manager order: msi, dpkg, rpm, apt, yum, then the others alphabetically (case-insensitive). */
const PKG_ORDER = ['msi', 'dpkg', 'rpm', 'apt', 'yum'];
export function packageManagerOrder(a: string, b: string): number {
  const ia = PKG_ORDER.indexOf(a);
  const ib = PKG_ORDER.indexOf(b);
  if (ia >= 0 && ib >= 0) return ia - ib;
  if (ia >= 0) return -1;
  if (ib >= 0) return 1;
  return byCodePoint(a.toLowerCase(), b.toLowerCase());
}

/** cfn-init's interpret_boolean: only true/yes/y/1 (any case) or a true value are true. */
export function interpretBoolean(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1;
  return typeof v === 'string' && ['true', 'yes', 'y', '1'].includes(v.trim().toLowerCase());
}

/** `C:\…`, `C:/…` or `\\server\…`. */
export function isWindowsPath(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

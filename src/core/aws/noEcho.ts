/**
 * NoEcho parameters in what the tools show. AWS returns their values as
 * `****`; an emulator (or a proxy) may return them in clear, so what a person
 * reads never relies on the API's masking: the template says which
 * parameters are NoEcho, and any value the API gave for one is taken out.
 */
import type { StackParameter } from './ports';
import { getProperty } from '../template/ast';
import type { TemplateModel } from '../template/model';

export const MASK = '****';

/** The parameters a template declares `NoEcho: true`. */
export function noEchoNames(model: TemplateModel): Set<string> {
  const names = new Set<string>();
  for (const [name, p] of model.parameters) {
    const v = getProperty(p.node, 'NoEcho');
    if (v?.kind === 'scalar' && String(v.value).toLowerCase() === 'true') names.add(name);
  }
  return names;
}

/** The values an endpoint returned unmasked for NoEcho parameters (nothing for AWS, which masks them). */
export function unmaskedSecrets(parameters: readonly StackParameter[], noEcho: ReadonlySet<string>): string[] {
  return parameters
    .filter((p) => noEcho.has(p.key) && p.value !== '' && p.value !== MASK)
    .map((p) => p.value)
    .sort((a, b) => b.length - a.length);
}

/** `value` (JSON-like) with every occurrence of a secret inside its strings and keys replaced by `****`. */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  if (!secrets.length) return value;
  const text = (s: string) => secrets.reduce((t, secret) => t.split(secret).join(MASK), s);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [text(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}

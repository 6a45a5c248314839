/**
 * Which configs a cfn-init run executes, in order, decided the way cfn-init's
 * Contractor does (aws-cfn-bootstrap construction.py): without `configSets`
 * there is one virtual configSet `default` = [config `config`]; otherwise
 * every configSet is expanded up front (strings name configs, `{ConfigSet: X}`
 * includes another configSet, lists nest), so one bad configSet anywhere makes
 * every run fail, and the requested sets run in command-line order.
 */
export type JsonObject = Record<string, unknown>;

export interface ConfigRef {
  name: string;
  /** The config's sections (files, commands, …); empty when the config key is absent (virtual default). */
  config: JsonObject;
}

export type Expansion = { ok: true; configs: ConfigRef[] } | { ok: false; error: string };

export const INIT_KEY = 'AWS::CloudFormation::Init';

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function expandConfigSets(metadata: unknown, requested: readonly string[]): Expansion {
  const init = isObject(metadata) ? metadata[INIT_KEY] : undefined;
  if (!isObject(init) || Object.keys(init).length === 0)
    return {
      ok: false,
      error: `the Metadata has no ${INIT_KEY}: cfn-init does nothing (and exits 0)`,
    };
  const sets = new Map<string, ConfigRef[]>();
  if (!('configSets' in init)) {
    const config = init['config'];
    if (config !== undefined && !isObject(config)) return { ok: false, error: 'config "config" is not an object' };
    sets.set('default', [{ name: 'config', config: config ?? {} }]);
  } else {
    const defs = init['configSets'];
    if (!isObject(defs)) return { ok: false, error: 'configSets is not a mapping of name to list' };
    const visiting = new Set<string>();
    const expand = (name: string): ConfigRef[] | string => {
      const done = sets.get(name);
      if (done) return done;
      if (visiting.has(name)) return `configSet "${name}" includes itself (a circular dependency)`;
      visiting.add(name);
      const out: ConfigRef[] = [];
      const problem = collect(defs[name], out);
      visiting.delete(name);
      if (problem) return problem;
      sets.set(name, out);
      return out;
    };
    const collect = (item: unknown, out: ConfigRef[]): string | undefined => {
      if (typeof item === 'string') {
        if (!(item in init)) return `no config named "${item}" (NoSuchConfigurationError)`;
        const config = init[item];
        if (!isObject(config)) return `config "${item}" is not an object`;
        out.push({ name: item, config });
        return undefined;
      }
      if (isObject(item)) {
        const ref = item['ConfigSet'];
        if (ref === undefined) return 'a configSet item is an object without the key ConfigSet';
        if (typeof ref !== 'string' || !(ref in defs))
          return `configSet "${String(ref)}" is referenced but not defined`;
        const included = expand(ref);
        if (typeof included === 'string') return included;
        out.push(...included);
        return undefined;
      }
      if (Array.isArray(item)) {
        for (const x of item) {
          const problem = collect(x, out);
          if (problem) return problem;
        }
        return undefined;
      }
      return `a configSet item is neither a config name, a {ConfigSet: name} nor a list`;
    };
    for (const name of Object.keys(defs)) {
      const r = expand(name);
      if (typeof r === 'string') return { ok: false, error: r };
    }
  }
  const configs: ConfigRef[] = [];
  for (const name of requested) {
    const set = sets.get(name);
    if (!set) {
      const known = [...sets.keys()].map((k) => `"${k}"`).join(', ');
      return { ok: false, error: `no configSet named "${name}" exists (NoSuchConfigSetError; defined: ${known})` };
    }
    configs.push(...set);
  }
  return { ok: true, configs };
}

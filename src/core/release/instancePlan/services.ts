import { isObject, type ConfigRef } from './configSets';
import type { ServiceManager, ServiceRestart } from './types';

/**
 * Which services a config restarts, decided the way cfn-init's service tools
 * do (service_tools.py `_detect_required_restart`): a service restarts when an
 * item in its `files`, `sources`, `commands`, `packages`, `users` or `groups`
 * watch list is, by exact string, one that this same config changed in this
 * run. cfn-init counts a file as changed only when its bytes differ, every
 * source as changed (extracted on every run) and every command that ran.
 */
export type Counts = 'yes' | 'maybe';

export interface ConfigChanges {
  files: Map<string, Counts>;
  sources: Map<string, Counts>;
  commands: Map<string, Counts>;
  packages: Map<string, Map<string, Counts>>;
  users: Map<string, Counts>;
  groups: Map<string, Counts>;
}

const MANAGERS: readonly ServiceManager[] = ['sysvinit', 'systemd', 'windows'];

const WHY: Record<'files' | 'sources' | 'commands' | 'users' | 'groups', (name: string, c: Counts) => string> = {
  files: (n, c) => (c === 'yes' ? `file ${n} changes` : `file ${n} may change`),
  sources: (n) => `source ${n} is extracted (on every run)`,
  commands: (n, c) => (c === 'yes' ? `command ${n} runs` : `command ${n} runs if its test passes`),
  users: (n, c) => (c === 'yes' ? `user ${n} is modified` : `user ${n} is created if missing`),
  groups: (n, c) => (c === 'yes' ? `group ${n} is modified` : `group ${n} is created if missing`),
};

export function restartsOf(c: ConfigRef, changes: ConfigChanges, notes: string[]): ServiceRestart[] {
  const services = c.config['services'];
  if (!isObject(services)) return [];
  const out: ServiceRestart[] = [];
  for (const manager of Object.keys(services)) {
    if (!(MANAGERS as readonly string[]).includes(manager)) {
      notes.push(`config ${c.name}: unsupported service manager "${manager}": cfn-init skips it.`);
      continue;
    }
    const entries = services[manager];
    if (!isObject(entries)) continue;
    for (const name of Object.keys(entries)) {
      const props = entries[name];
      if (!isObject(props)) continue;
      const reasons: { text: string; counts: Counts }[] = [];
      for (const key of ['files', 'sources', 'commands', 'users', 'groups'] as const) {
        for (const item of watchList(props[key])) {
          const counts = changes[key].get(item);
          if (counts) reasons.push({ text: WHY[key](item, counts), counts });
        }
      }
      const packages = props['packages'];
      if (isObject(packages))
        for (const pm of Object.keys(packages))
          for (const pkg of watchList(packages[pm])) {
            const counts = changes.packages.get(pm)?.get(pkg);
            if (counts)
              reasons.push({
                text:
                  counts === 'yes'
                    ? `package ${pm}/${pkg} changes version`
                    : `package ${pm}/${pkg} is installed if missing`,
                counts,
              });
          }
      if (reasons.length)
        out.push({
          config: c.name,
          name,
          manager: manager as ServiceManager,
          because: reasons.map((r) => r.text),
          certain: reasons.some((r) => r.counts === 'yes'),
        });
    }
  }
  return out;
}

/** cfn-init makes a set of the list; only a list of names can ever match. */
function watchList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

import { canonicalJson } from './fileState';
import { isObject, type ConfigRef, type JsonObject } from './configSets';
import { interpretBoolean, sortedKeys } from './order';
import type { ConfigChanges } from './services';
import { obj, type InstanceState, type Out } from './state';
import type { CommandRun, Platform } from './types';

/**
 * The commands of one config: all of them, sorted by name (command_tool.py),
 * because cfn-init does not detect changes for commands. A command with a
 * `test` runs only when the test exits 0, so it is conditional.
 */
export function commands(
  platform: Platform,
  c: ConfigRef,
  shown: JsonObject,
  state: InstanceState,
  previous: Map<string, string>,
  changes: ConfigChanges,
  out: Out,
): void {
  const all = obj(c.config['commands']);
  const shownAll = obj(shown['commands']);
  for (const name of sortedKeys(all)) {
    const attrs = obj(all[name]);
    const s = obj(shownAll[name] ?? attrs);
    const key = `${c.name}\0${name}`;
    const canonical = canonicalJson(attrs);
    state.commands.set(key, canonical);
    const notes: string[] = [];
    const command = s['command'];
    if (command === undefined && attrs['defaults'] === undefined) notes.push('no command: cfn-init fails here');
    if (attrs['defaults'] !== undefined)
      notes.push('its attributes are completed on the instance by the output of its defaults script');
    if (attrs['runas'] !== undefined && platform === 'windows') notes.push('fails on Windows: runas is not supported');
    const wait = attrs['waitAfterCompletion'];
    if (wait !== undefined && platform === 'linux') notes.push('waitAfterCompletion is ignored on Linux');
    const conditional = attrs['test'] !== undefined;
    const run: CommandRun = {
      config: c.name,
      name,
      command: Array.isArray(command) ? command.map(String) : command === undefined ? '' : String(command),
      conditional,
      ...(conditional ? { test: String(s['test']) } : {}),
      ignoreErrors: interpretBoolean(attrs['ignoreErrors']),
      ...(platform === 'windows'
        ? { waitAfterCompletion: waitValue(wait ?? 60) }
        : wait !== undefined
          ? { waitAfterCompletion: waitValue(wait) }
          : {}),
      ...(s['cwd'] !== undefined ? { cwd: String(s['cwd']) } : {}),
      ...(isObject(s['env'])
        ? { env: Object.fromEntries(Object.entries(s['env']).map(([k, v]) => [k, String(v)])) }
        : {}),
      ...(s['runas'] !== undefined ? { runas: String(s['runas']) } : {}),
      changed: previous.get(key) !== canonical,
      ...(notes.length ? { problems: notes } : {}),
    };
    out.commandsRun.push(run);
    changes.commands.set(name, conditional ? 'maybe' : 'yes');
  }
}

function waitValue(v: unknown): number | string {
  if (typeof v === 'number') return v;
  const t = String(v).trim();
  return /^-?\d+$/.test(t) ? Number(t) : t;
}

import { INIT_KEY, isObject, type ConfigRef, type JsonObject } from './configSets';
import { canonicalJson, fileState } from './fileState';
import { isWindowsPath, packageManagerOrder, sortedKeys } from './order';
import { restartsOf, type ConfigChanges, type Counts } from './services';
import { commands } from './commandsPlan';
import { files } from './filesPlan';
import { InstanceState, obj, type Out, type Owned, type RunInput } from './state';
import type { AccountChange, Platform } from './types';

export type { RunInput } from './state';

/**
 * One cfn-init run simulated config by config, in cfn-init's order within
 * each config: packages, groups, users, sources, files, commands, services
 * (construction.py; on Windows commands and services are deferred to the same
 * order through the work log). The instance is assumed to hold what the
 * previous run (the same configSets with the stack's current parameters)
 * wrote; each config is compared with that state and then updates it, so a
 * file written by two configs is compared with the earlier write.
 */

const PACKAGE_MANAGERS = new Set(['apt', 'msi', 'python', 'rpm', 'rubygems', 'yum', 'zypper']);

export function planRun(input: RunInput, out: Out): void {
  const { evaluation, resource } = input;
  const shownBefore = evaluation.metadata('before', resource, true);
  const shownAfter = evaluation.metadata('after', resource, true);
  const state = new InstanceState();
  for (const c of input.before) record(state, c, sectionsOf(shownBefore, c.name));
  const previous = snapshot(state);
  const written = {
    files: new Set<string>(),
    packages: new Set<string>(),
    users: new Set<string>(),
    groups: new Set<string>(),
  };
  let refetched = 0;
  for (const c of input.after) {
    const shown = sectionsOf(shownAfter, c.name);
    const changes: ConfigChanges = {
      files: new Map(),
      sources: new Map(),
      commands: new Map(),
      packages: new Map(),
      users: new Map(),
      groups: new Map(),
    };
    packages(c, shown, state, changes, out, written.packages);
    accounts('groups', c, shown, state.groups, changes.groups, out.groupsChanged, written.groups);
    accounts('users', c, shown, state.users, changes.users, out.usersChanged, written.users);
    sources(c, shown, state, changes, out);
    refetched += files(input, c, shown, state, changes, out, written.files);
    commands(input.platform, c, shown, state, previous.commands, changes, out);
    out.servicesRestarted.push(...restartsOf(c, changes, out.notes));
  }
  if (refetched)
    out.notes.push(
      `${refetched} file(s) are downloaded again from an unchanged source URL: they change only if the remote content changed.`,
    );
  for (const [path, prev] of previous.files)
    if (!written.files.has(path))
      out.filesChanged.push({
        config: prev.config,
        path,
        change: 'no-longer-managed',
        note: 'no longer in the Metadata: cfn-init leaves the file on the instance as it is',
      });
  for (const [key, prev] of previous.packages)
    if (!written.packages.has(key)) {
      const [manager, name] = key.split('\0') as [string, string];
      out.packagesChanged.push({ config: prev.config, manager, name, change: 'no-longer-managed', before: prev.shown });
    }
  for (const [kind, map, list] of [
    ['users', previous.users, out.usersChanged],
    ['groups', previous.groups, out.groupsChanged],
  ] as const)
    for (const [name, prev] of map)
      if (!written[kind].has(name))
        list.push({ config: prev.config, name, change: 'no-longer-managed', before: prev.shown });
}

function snapshot(state: InstanceState): InstanceState {
  const copy = new InstanceState();
  for (const k of ['files', 'commands', 'packages', 'sources', 'users', 'groups'] as const)
    for (const [key, v] of state[k] as Map<string, unknown>) (copy[k] as Map<string, unknown>).set(key, v);
  return copy;
}

/** What the previous run left on the instance. */
function record(state: InstanceState, c: ConfigRef, shown: JsonObject): void {
  const files = obj(c.config['files']);
  for (const path of sortedKeys(files))
    state.files.set(path, fileState(c.name, files[path], obj(shown['files'])[path]));
  const cmds = obj(c.config['commands']);
  for (const name of Object.keys(cmds)) state.commands.set(`${c.name}\0${name}`, canonicalJson(cmds[name]));
  const pkgs = obj(c.config['packages']);
  const shownPkgs = obj(shown['packages']);
  for (const manager of Object.keys(pkgs))
    for (const [name, spec] of Object.entries(obj(pkgs[manager])))
      state.packages.set(`${manager}\0${name}`, owned(c.name, specText(spec), specText(obj(shownPkgs[manager])[name])));
  const shownSources = obj(shown['sources']);
  for (const [path, url] of Object.entries(obj(c.config['sources'])))
    state.sources.set(path, owned(c.name, String(url), String(shownSources[path] ?? '')));
  for (const kind of ['users', 'groups'] as const) {
    const shownAll = obj(shown[kind]);
    for (const [name, attrs] of Object.entries(obj(c.config[kind])))
      state[kind].set(name, owned(c.name, canonicalJson(attrs), canonicalJson(shownAll[name])));
  }
}

function owned(config: string, value: string, shown: string): Owned {
  return { config, value, shown };
}

function packages(
  c: ConfigRef,
  shown: JsonObject,
  state: InstanceState,
  changes: ConfigChanges,
  out: Out,
  written: Set<string>,
): void {
  const pkgs = obj(c.config['packages']);
  const shownPkgs = obj(shown['packages']);
  for (const manager of Object.keys(pkgs).sort(packageManagerOrder)) {
    if (!PACKAGE_MANAGERS.has(manager)) {
      out.notes.push(`config ${c.name}: unsupported package manager "${manager}": cfn-init skips it.`);
      continue;
    }
    const changed = new Map<string, Counts>();
    changes.packages.set(manager, changed);
    for (const name of sortedKeys(obj(pkgs[manager]))) {
      const key = `${manager}\0${name}`;
      const next = owned(c.name, specText(obj(pkgs[manager])[name]), specText(obj(shownPkgs[manager])[name]));
      const prev = state.packages.get(key);
      written.add(key);
      state.packages.set(key, next);
      if (prev === undefined) {
        // Already installed (e.g. by the AMI) it changes nothing: a restart is only possible.
        changed.set(name, 'maybe');
        out.packagesChanged.push({ config: c.name, manager, name, change: 'install', after: next.shown });
      } else if (prev.value !== next.value) {
        changed.set(name, 'yes');
        out.packagesChanged.push({
          config: c.name,
          manager,
          name,
          change: 'version',
          before: prev.shown,
          after: next.shown,
        });
      }
    }
  }
}

function accounts(
  kind: 'users' | 'groups',
  c: ConfigRef,
  shown: JsonObject,
  state: Map<string, Owned>,
  changed: Map<string, Counts>,
  list: AccountChange[],
  written: Set<string>,
): void {
  const all = obj(c.config[kind]);
  const shownAll = obj(shown[kind]);
  for (const name of sortedKeys(all)) {
    const next = owned(c.name, canonicalJson(all[name]), canonicalJson(shownAll[name]));
    const prev = state.get(name);
    written.add(name);
    state.set(name, next);
    if (prev === undefined) {
      changed.set(name, 'maybe'); // it may exist already
      list.push({ config: c.name, name, change: 'create', after: next.shown });
    } else if (prev.value !== next.value) {
      changed.set(name, 'yes');
      list.push({ config: c.name, name, change: 'modify', before: prev.shown, after: next.shown });
    }
  }
}

function sources(c: ConfigRef, shown: JsonObject, state: InstanceState, changes: ConfigChanges, out: Out): void {
  const all = obj(c.config['sources']);
  const shownAll = obj(shown['sources']);
  for (const path of sortedKeys(all)) {
    const url = String(all[path]);
    const prev = state.sources.get(path);
    const shownUrl = String(shownAll[path] ?? '');
    state.sources.set(path, owned(c.name, url, shownUrl));
    // cfn-init downloads and extracts every source on every run, and counts it as changed.
    changes.sources.set(path, 'yes');
    const change = prev === undefined ? 'new' : prev.value === url ? 'same' : 'url';
    out.sourcesExtracted.push({
      config: c.name,
      path,
      url: shownUrl,
      change,
      ...(change === 'url' ? { before: prev!.shown } : {}),
    });
  }
}

function specText(spec: unknown): string {
  if (Array.isArray(spec)) return spec.length ? spec.map(String).join(', ') : '(any version)';
  if (isObject(spec)) return Object.keys(spec).length ? canonicalJson(spec) : '(any version)';
  return spec === undefined || spec === null || spec === '' ? '(any version)' : String(spec);
}

function sectionsOf(metadata: unknown, config: string): JsonObject {
  const init = isObject(metadata) ? metadata[INIT_KEY] : undefined;
  return isObject(init) ? obj(init[config]) : {};
}

export function platformOf(windowsCall: boolean, configs: ConfigRef[]): Platform {
  if (windowsCall) return 'windows';
  for (const c of configs) {
    if (Object.keys(obj(c.config['files'])).some(isWindowsPath)) return 'windows';
    if (isObject(obj(c.config['services'])['windows']) || obj(c.config['packages'])['msi'] !== undefined)
      return 'windows';
  }
  return 'linux';
}

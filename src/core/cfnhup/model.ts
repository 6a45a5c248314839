// Over ~350 lines on purpose: the one pass that turns a parsed template into the cfn-hup model
// (files, hooks, configs, configSet selection, located calls); its steps share private helpers and
// every rule reads its result.
import type { CfnNode, Property } from '../template/ast';
import { getProperty, getPropertyEntry, stringValue } from '../template/ast';
import type { ResourceEntry, TemplateModel } from '../template/model';
import { entries } from '../template/model';
import { chooseBranch, isNoValue, renderText, type RenderContext } from '../intrinsics/render';
import type { Rendered } from '../intrinsics/rendered';
import { classifyPath, isHookRole, type ClassifiedPath, type Os } from './paths';
import { findOption, parseIni, type IniFile, type IniOption, type IniSection } from './ini';
import { findCfnInitCalls, isUnknownWord, optionValue, type CfnInitCall } from './commandLine';
import { parseHookPath, type HookPath } from './hookPath';
import { someLineStartsWith } from '../text/scan';
import { isSymlinkMode } from './fileMode';

export const INIT_KEY = 'AWS::CloudFormation::Init';

export interface InitFile {
  path: string;
  keyStart: number;
  keyEnd: number;
  node: CfnNode;
  classified: ClassifiedPath;
  config: InitConfig;
  content: Property | undefined;
  /** Rendered text content (undefined for JSON-object content or no content). */
  rendered: Rendered | undefined;
  /** INI view, for cfn-hup.conf and hook files. */
  ini: IniFile | undefined;
}

export interface ServiceEntry {
  manager: string;
  name: string;
  keyStart: number;
  keyEnd: number;
  node: CfnNode;
  config: InitConfig;
}

export interface CommandEntry {
  name: string;
  keyStart: number;
  keyEnd: number;
  node: CfnNode;
  rendered: Rendered | undefined;
  config: InitConfig;
}

export interface InitConfig {
  name: string;
  keyStart: number;
  keyEnd: number;
  node: CfnNode;
  init: InitResource;
  files: InitFile[];
  services: ServiceEntry[];
  commands: CommandEntry[];
}

export interface InitResource {
  resource: ResourceEntry;
  metadataEntry: Property;
  initEntry: Property;
  configSets: Property | undefined;
  configs: InitConfig[];
  os: Os | undefined;
  /**
   * The configs some configSet runs (in this analysis' branch of every
   * undecidable Fn::If), or undefined when that cannot be told (configSets
   * built by other intrinsics). Configs chosen by opposite branches of one
   * Fn::If never run on the same instance.
   */
  selected: Set<InitConfig> | undefined;
  /**
   * Set when `selected` depends on an undecidable Fn::If: the context whose branch chose it. Reading the
   * selection through `isSelected` marks that context, as rendering such a value does.
   */
  selectedBy: RenderContext | undefined;
}

export interface Hook {
  file: InitFile;
  section: IniSection;
  triggers: IniOption | undefined;
  path: IniOption | undefined;
  action: IniOption | undefined;
  runas: IniOption | undefined;
  /** The `path=` value parsed as cfn-hup parses it (when there is one). */
  parsedPath: HookPath | undefined;
  /** cfn-init calls inside the action. */
  cfnInitCalls: CfnInitCall[];
}

export type CallSite = 'hook' | 'command' | 'userdata';

export interface LocatedCall {
  call: CfnInitCall;
  rendered: Rendered;
  site: CallSite;
  /** The resource whose Init or UserData holds the call. */
  owner: ResourceEntry;
  hook?: Hook;
}

export interface CfnHupModel {
  text: string;
  format: 'json' | 'yaml';
  model: TemplateModel;
  ctx: RenderContext;
  inits: InitResource[];
  files: InitFile[];
  hupConfs: InitFile[];
  hookFiles: InitFile[];
  hooks: Hook[];
  services: ServiceEntry[];
  commands: CommandEntry[];
  userData: { resource: ResourceEntry; node: CfnNode; rendered: Rendered }[];
  calls: LocatedCall[];
  /** Init resources by logical id. */
  initsById: Map<string, InitResource>;
  /**
   * What rules compute once per analysis and several of them read (rules/shared.ts `perAnalysis`). Not
   * found in the template: the second Fn::If pass leaves it out when it compares two extractions.
   */
  cache: Map<object, unknown>;
}

/** Find every cfn-hup / cfn-init piece in the template. */
export function extractCfnHup(
  text: string,
  format: 'json' | 'yaml',
  model: TemplateModel,
  ctx: RenderContext,
): CfnHupModel {
  const inits: InitResource[] = [];
  for (const resource of model.resources.values()) {
    if (resource.metadata === undefined) continue; // most resources: no Metadata entry to look up
    const metadataEntry = getPropertyEntry(resource.node, 'Metadata');
    const initEntry = getPropertyEntry(metadataEntry?.value, INIT_KEY);
    if (!metadataEntry || !initEntry) continue;
    inits.push(readInit(resource, metadataEntry, initEntry, ctx));
  }
  // Plain loops, not flatMap/filter: this runs for every template, twice with an undecidable Fn::If.
  const files: InitFile[] = [];
  const services: ServiceEntry[] = [];
  const commands: CommandEntry[] = [];
  for (const init of inits) {
    for (const c of init.configs) {
      for (const f of c.files) files.push(f);
      for (const s of c.services) services.push(s);
      for (const command of c.commands) commands.push(command);
    }
  }
  const hupConfs: InitFile[] = [];
  const hookFiles: InitFile[] = [];
  for (const f of files) {
    if (f.classified.role === 'hup-conf') hupConfs.push(f);
    else if (isHookRole(f.classified.role)) hookFiles.push(f);
  }
  const hooks = readHooks(hookFiles);
  const userData = readUserData(model, ctx);

  const calls: LocatedCall[] = [];
  for (const hook of hooks) {
    for (const call of hook.cfnInitCalls)
      calls.push({ call, rendered: hook.file.rendered!, site: 'hook', owner: hook.file.config.init.resource, hook });
  }
  for (const command of commands) {
    if (!command.rendered) continue;
    for (const call of findCfnInitCalls(command.rendered))
      calls.push({ call, rendered: command.rendered, site: 'command', owner: command.config.init.resource });
  }
  for (const ud of userData) {
    for (const call of findCfnInitCalls(ud.rendered))
      calls.push({ call, rendered: ud.rendered, site: 'userdata', owner: ud.resource });
  }
  const requests = setRequestsByResource(calls);
  for (const init of inits) {
    const outer = ctx.sawUnknownCondition;
    ctx.sawUnknownCondition = false;
    init.selected = selectedConfigs(init, ctx, requestedSets(requests.get(init.resource.logicalId)));
    if (ctx.sawUnknownCondition) init.selectedBy = ctx;
    ctx.sawUnknownCondition ||= outer;
  }
  const initsById = new Map(inits.map((i) => [i.resource.logicalId, i]));
  return {
    text,
    format,
    model,
    ctx,
    inits,
    files,
    hupConfs,
    hookFiles,
    hooks,
    services,
    commands,
    userData,
    calls,
    initsById,
    cache: new Map(),
  };
}

function readInit(
  resource: ResourceEntry,
  metadataEntry: Property,
  initEntry: Property,
  ctx: RenderContext,
): InitResource {
  const init: InitResource = {
    resource,
    metadataEntry,
    initEntry,
    configSets: undefined,
    configs: [],
    os: undefined,
    selected: undefined,
    selectedBy: undefined,
  };
  for (const p of entries(chosen(initEntry.value, ctx))) {
    if (p.key === 'configSets') {
      init.configSets = p;
      continue;
    }
    const value = chosen(p.value, ctx);
    if (!value || value.kind !== 'object') continue;
    const config: InitConfig = {
      name: p.key,
      keyStart: p.keyStart,
      keyEnd: p.keyEnd,
      node: value,
      init,
      files: [],
      services: [],
      commands: [],
    };
    const { files, services, commands } = configSections(value);
    for (const f of entries(chosen(files, ctx))) {
      const node = chosen(f.value, ctx);
      if (node) config.files.push(readFile(node === f.value ? f : { ...f, value: node }, config, ctx));
    }
    for (const m of entries(chosen(services, ctx))) {
      for (const s of entries(chosen(m.value, ctx))) {
        const node = chosen(s.value, ctx);
        if (!node) continue;
        config.services.push({
          manager: m.key,
          name: s.key,
          keyStart: s.keyStart,
          keyEnd: s.keyEnd,
          node,
          config,
        });
      }
    }
    for (const c of entries(chosen(commands, ctx))) {
      const node = chosen(c.value, ctx);
      if (!node) continue;
      const commandNode = getProperty(node, 'command');
      const rendered = commandNode && mentionsHelpers(ctx.text, commandNode) ? renderText(commandNode, ctx) : undefined;
      config.commands.push({ name: c.key, keyStart: c.keyStart, keyEnd: c.keyEnd, node, rendered, config });
    }
    init.configs.push(config);
  }
  init.os = detectOs(init);
  return init;
}

/** A config's first `files`, `services` and `commands` (as `getProperty` finds each), in one pass over its keys. */
function configSections(config: CfnNode & { kind: 'object' }): {
  files: CfnNode | undefined;
  services: CfnNode | undefined;
  commands: CfnNode | undefined;
} {
  let files: CfnNode | undefined;
  let services: CfnNode | undefined;
  let commands: CfnNode | undefined;
  const properties = config.properties;
  for (let i = 0; i < properties.length; i++) {
    const { key, value } = properties[i]!;
    if (key === 'files') files ??= value;
    else if (key === 'services') services ??= value;
    else if (key === 'commands') commands ??= value;
  }
  return { files, services, commands };
}

/**
 * The value an Fn::If stands for in this analysis (the decided branch, or the
 * branch this pass explores), undefined for AWS::NoValue; any other node as is.
 */
export function chosen(node: CfnNode | undefined, ctx: RenderContext, depth = 0): CfnNode | undefined {
  if (!node || depth > 16) return node;
  // Only a one-key object can be an intrinsic (Ref AWS::NoValue, Fn::If): anything else is itself (most calls).
  if (node.kind !== 'object' || node.properties.length !== 1) return node;
  const { key, value } = node.properties[0]!;
  if (key === 'Ref') return stringValue(value) === 'AWS::NoValue' ? undefined : node;
  if (key !== 'Fn::If') return node;
  // The branch is chosen once (conditions are decided once per context, so asking again gives the same).
  const branch = chooseBranch(value, ctx);
  if (branch === undefined) return node;
  return isNoValue(branch, ctx, 1) ? undefined : chosen(branch, ctx, depth + 1);
}

/** What one cfn-init call asks for with -c: set names, or `unknown` (an unknown value or expansion). */
type SetRequest = string[] | 'unknown';

/**
 * Each call's -c request, grouped by the literal -r it names (calls in order): read once per
 * pass, not once per Init and call.
 */
function setRequestsByResource(calls: LocatedCall[]): Map<string, SetRequest[]> {
  const byResource = new Map<string, SetRequest[]>();
  for (const { call, rendered } of calls) {
    const r = optionValue(call, 'resource')?.value;
    if (!r || isUnknownWord(rendered, r)) continue;
    const c = optionValue(call, 'configsets');
    let request: SetRequest;
    if (!c) request = call.expansions.length > 0 ? 'unknown' : ['default'];
    else if (!c.value || isUnknownWord(rendered, c.value)) request = 'unknown';
    else request = c.value.text.includes(',') ? c.value.text.split(',') : [c.value.text]; // most name one set
    const list = byResource.get(r.text);
    if (list) list.push(request);
    else byResource.set(r.text, [request]);
  }
  return byResource;
}

/**
 * The configSets cfn-init is asked to run for a resource: the literal -c of
 * every call naming it (`default` without -c), or undefined (all of them) when
 * no call names it or one asks for sets this analysis cannot read.
 */
function requestedSets(requests: SetRequest[] | undefined): string[] | undefined {
  if (!requests) return undefined;
  const names = new Set<string>();
  for (const request of requests) {
    if (request === 'unknown') return undefined;
    for (const name of request) names.add(name);
  }
  return [...names];
}

/** The configs that the configSets run, following Fn::If the way rendering does. */
export function selectedConfigs(
  init: InitResource,
  ctx: RenderContext,
  requested: string[] | undefined,
): Set<InitConfig> | undefined {
  if (!init.configSets) {
    const only = configNamed(init, 'config'); // without configSets cfn-init runs "config" alone
    return new Set(only ? [only] : []);
  }
  const sets = chosen(init.configSets.value, ctx);
  if (!sets || sets.kind !== 'object') return undefined;
  const selected = new Set<InitConfig>();
  const visited = new Set<string>();
  let known = true;
  const walk = (node: CfnNode | undefined, depth: number): void => {
    const n = chosen(node, ctx);
    if (!n || depth > 32) return;
    if (n.kind === 'array') return n.items.forEach((i) => walk(i, depth + 1));
    if (n.kind === 'scalar') {
      const config = typeof n.value === 'string' ? configNamed(init, n.value) : undefined;
      if (config) selected.add(config);
      return;
    }
    const ref = getProperty(n, 'ConfigSet');
    const name = stringValue(ref);
    if (name !== undefined) {
      if (visited.has(name)) return;
      visited.add(name);
      return walk(getProperty(sets, name), depth + 1);
    }
    known = false; // another intrinsic: cannot tell what it selects
  };
  const roots = requested ? sets.properties.filter((p) => requested.includes(p.key)) : sets.properties;
  for (const p of roots) {
    if (visited.has(p.key)) continue;
    visited.add(p.key);
    walk(p.value, 0);
  }
  return known ? selected : undefined;
}

/** The config of that name (the last, as a map by name would keep it); a few configs, so no map is built. */
function configNamed(init: InitResource, name: string): InitConfig | undefined {
  const configs = init.configs;
  for (let i = configs.length - 1; i >= 0; i--) if (configs[i]!.name === name) return configs[i];
  return undefined;
}

/** Whether a config runs on the instance at all (true when that cannot be told). */
export function isSelected(config: InitConfig): boolean {
  const init = config.init;
  if (init.selectedBy) init.selectedBy.sawUnknownCondition = true;
  return init.selected === undefined || init.selected.has(config);
}

function readFile(entry: Property, config: InitConfig, ctx: RenderContext): InitFile {
  const classified = classifyPath(entry.key);
  const content = getPropertyEntry(entry.value, 'content');
  // Only cfn-hup's own files, and files that may be cfn-hup configuration written elsewhere, are rendered;
  // and only when the content is the file's text (not base64 cfn-init decodes, nor a symbolic link's target).
  const relevant = classified.role !== 'other' || (content !== undefined && mayBeCfnHupIni(ctx.text, content.value));
  const rendered = content && relevant && isWrittenAsIs(entry.value) ? renderText(content.value, ctx) : undefined;
  const file: InitFile = {
    path: entry.key,
    keyStart: entry.keyStart,
    keyEnd: entry.keyEnd,
    node: entry.value,
    classified,
    config,
    content,
    rendered,
    ini: undefined,
  };
  if (rendered && (classified.role !== 'other' || looksLikeCfnHupIni(rendered.text)))
    file.ini = parseIni(rendered.text);
  return file;
}

/**
 * Whether cfn-init writes `content` as the file's text: not with `encoding: base64` (decoded first; only
 * that exact value decodes) nor with a 120xxx mode (a symbolic link to the path `content` names).
 */
function isWrittenAsIs(node: CfnNode): boolean {
  return (
    stringValue(getProperty(node, 'encoding')) !== 'base64' && !isSymlinkMode(stringValue(getProperty(node, 'mode')))
  );
}

/**
 * Cheap source-text filters that spare rendering what no rule reads: shell
 * text that never names a helper script, file content that cannot be cfn-hup
 * configuration. A helper's name cannot come from a parameter in practice.
 */
function mentionsHelpers(text: string, node: CfnNode): boolean {
  return text.slice(node.start, node.end).includes('cfn-');
}

function mayBeCfnHupIni(text: string, node: CfnNode): boolean {
  const raw = text.slice(node.start, node.end);
  // One regex pass for both words: about twice as fast as two includes() (most content has neither).
  return raw.includes('[') && /stack|triggers/.test(raw);
}

/** Content that is cfn-hup configuration wherever it is written: a `[main]` with `stack=`, or a hook. */
export function looksLikeCfnHupIni(text: string): boolean {
  return (
    (someLineStartsWith(text, /\[main\]/y) && /(^|\s)stack\s*=/m.test(text)) ||
    (/(^|\s)triggers\s*=/m.test(text) && /(^|\s)path\s*=\s*Resources\./im.test(text))
  );
}

function detectOs(init: InitResource): Os | undefined {
  for (const c of init.configs) {
    for (const f of c.files) if (f.classified.os === 'windows') return 'windows'; // classifyPath asked isWindowsPath
    for (const s of c.services) if (s.manager === 'windows') return 'windows';
  }
  for (const c of init.configs) for (const f of c.files) if (f.classified.os === 'linux') return 'linux'; // starts with /
  return undefined;
}

function readHooks(hookFiles: InitFile[]): Hook[] {
  const hooks: Hook[] = [];
  // [DEFAULT] is shared by every hook file: they are read into one ConfigParser.
  const defaults: IniOption[] = [];
  for (const f of hookFiles)
    for (const s of f.ini?.sections ?? []) if (s.name === 'DEFAULT') defaults.push(...s.options);
  const fromDefaults = (name: string) => {
    let found: IniOption | undefined;
    for (const o of defaults) if (o.name === name) found = o;
    return found;
  };
  for (const file of hookFiles) {
    if (!file.ini || !file.rendered) continue;
    const calls = findCfnInitCalls(file.rendered, { ini: true });
    for (const section of file.ini.sections) {
      if (section.name === 'DEFAULT') continue;
      const option = (name: string) => findOption(section, name) ?? fromDefaults(name);
      const action = option('action');
      const path = option('path');
      hooks.push({
        file,
        section,
        triggers: option('triggers'),
        path,
        parsedPath: path ? parseHookPath(path.value) : undefined,
        action,
        runas: option('runas'),
        cfnInitCalls: action ? calls.filter((c) => withinOption(file.ini!, action, c.program.start)) : [],
      });
    }
  }
  return hooks;
}

/** Hooks and their cfn-init calls for hook files outside a template (standalone conf files). */
export function extractConfHooks(hookFiles: InitFile[]): { hooks: Hook[]; calls: LocatedCall[] } {
  const hooks = readHooks(hookFiles);
  const calls: LocatedCall[] = [];
  for (const hook of hooks)
    for (const call of hook.cfnInitCalls)
      calls.push({ call, rendered: hook.file.rendered!, site: 'hook', owner: hook.file.config.init.resource, hook });
  return { hooks, calls };
}

/** A call belongs to an action if it starts inside the action's value or its continuation lines. */
function withinOption(ini: IniFile, option: IniOption, index: number): boolean {
  if (index >= option.valueStart && index <= option.valueEnd) return true;
  return option.continuationLines.some((l) => index >= ini.lines[l]!.start && index <= ini.lines[l]!.end);
}

const USER_DATA_PATHS: Record<string, string[]> = {
  'AWS::EC2::Instance': ['UserData'],
  'AWS::AutoScaling::LaunchConfiguration': ['UserData'],
  'AWS::EC2::LaunchTemplate': ['LaunchTemplateData', 'UserData'],
};

/**
 * Every UserData of a resource: one for an instance, launch configuration or launch template, one per
 * launch specification of a spot fleet (its Init is applied by that UserData like any other). With a
 * render context, an `Fn::If` around the specifications or one of them takes the branch chosen there;
 * without one (a look for text or a position), both branches.
 */
export function userDataNodesOf(resource: ResourceEntry, ctx?: RenderContext): CfnNode[] {
  if (resource.type === 'AWS::EC2::SpotFleet') {
    const nodes: CfnNode[] = [];
    const config = getProperty(resource.properties, 'SpotFleetRequestConfigData');
    for (const specs of alternatives(getProperty(config, 'LaunchSpecifications'), ctx)) {
      if (specs.kind !== 'array') continue;
      for (const item of specs.items)
        for (const spec of alternatives(item, ctx)) {
          const node = getProperty(spec, 'UserData');
          if (node) nodes.push(node);
        }
    }
    return nodes;
  }
  // Own keys only: a resource typed `constructor` or `toString` must not find Object's methods here.
  const path =
    resource.type && Object.hasOwn(USER_DATA_PATHS, resource.type) ? USER_DATA_PATHS[resource.type] : undefined;
  if (!path) return [];
  let node: CfnNode | undefined = resource.properties;
  for (const key of path) node = getProperty(node, key);
  return node ? [node] : [];
}

/** What a value may be: the branch a render context chooses, or each branch of an `Fn::If` (no AWS::NoValue). */
function alternatives(node: CfnNode | undefined, ctx: RenderContext | undefined, depth = 0): CfnNode[] {
  if (!node) return [];
  if (ctx) {
    const c = chosen(node, ctx);
    return c ? [c] : [];
  }
  if (node.kind !== 'object' || node.properties.length !== 1 || depth > 16) return [node];
  const { key, value } = node.properties[0]!;
  if (key === 'Ref') return stringValue(value) === 'AWS::NoValue' ? [] : [node];
  if (key !== 'Fn::If' || value.kind !== 'array' || value.items.length !== 3) return [node];
  return [...alternatives(value.items[1], undefined, depth + 1), ...alternatives(value.items[2], undefined, depth + 1)];
}

function readUserData(model: TemplateModel, ctx: RenderContext): CfnHupModel['userData'] {
  const result: CfnHupModel['userData'] = [];
  for (const resource of model.resources.values()) {
    for (const node of userDataNodesOf(resource, ctx)) {
      const rendered = mentionsHelpers(ctx.text, node) ? renderText(node, ctx) : undefined;
      if (rendered) result.push({ resource, node, rendered });
    }
  }
  return result;
}

export function initOf(model: CfnHupModel, logicalId: string): InitResource | undefined {
  return model.initsById.get(logicalId);
}

export function literal(node: CfnNode | undefined): string | undefined {
  return stringValue(node);
}

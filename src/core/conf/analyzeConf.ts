import type { Finding, SeveritySetting } from '../findings';
import type { ObjectNode } from '../template/ast';
import { TemplateModel } from '../template/model';
import { Rendered } from '../intrinsics/rendered';
import { parseIni } from '../cfnhup/ini';
import { classifyPath } from '../cfnhup/paths';
import { extractConfHooks, type CfnHupModel, type InitConfig, type InitFile, type InitResource } from '../cfnhup/model';
import { applySettings, runRules } from '../analyze';
import { applySuppressions, confSuppressions } from '../suppress';
import { confKindByContent, confKindByName, type ConfKind } from '../classify';

export type { ConfKind };

export interface ConfAnalysis {
  kind: ConfKind;
  findings: Finding[];
}

/**
 * Which cfn-hup file a standalone file is, from its name (and, for other
 * names, its content): cfn-hup.conf, hooks.conf or a file in hooks.d/.
 */
export function confKind(fileName: string, text: string): ConfKind | undefined {
  return confKindByName(fileName) ?? confKindByContent(text);
}

/**
 * The conf-level rules on a cfn-hup file edited on its own (on an instance,
 * over Remote-SSH): the same checks as inside a template, minus those that
 * need the template. Never throws.
 */
export function analyzeConf(
  text: string,
  options: { fileName: string; rules?: Readonly<Record<string, SeveritySetting>>; kind?: ConfKind },
): ConfAnalysis | undefined {
  const kind = options.kind ?? confKind(options.fileName, text);
  if (!kind) return undefined;
  try {
    const model = standaloneModel(text, kind, options.fileName);
    const findings = runRules(model, { buildParameter: 'BuildNumber' }, options.rules, 'conf');
    return { kind, findings: applySettings(applySuppressions(findings, confSuppressions(text)), options.rules) };
  } catch (e) {
    return {
      kind,
      findings: [
        {
          ruleId: 'INTERNAL-ERROR',
          severity: 'error',
          start: 0,
          end: 0,
          message: `cfn-hup Tools could not analyse this file (${(e as Error).message}).`,
        },
      ],
    };
  }
}

function standaloneModel(text: string, kind: ConfKind, fileName: string): CfnHupModel {
  const windows = /^[a-zA-Z]:[\\/]/.test(fileName) || fileName.includes('\\');
  const name = fileName.split(/[\\/]/).pop() ?? 'hook.conf';
  const path =
    kind === 'hup-conf'
      ? windows
        ? 'c:\\cfn\\cfn-hup.conf'
        : '/etc/cfn/cfn-hup.conf'
      : windows
        ? `c:\\cfn\\hooks.d\\${name}`
        : `/etc/cfn/hooks.d/${name}`;
  const root: ObjectNode = { kind: 'object', properties: [], start: 0, end: 0 };
  const templateModel = new TemplateModel(root);
  const init = {
    resource: {
      logicalId: name,
      keyStart: 0,
      keyEnd: 0,
      node: root,
      type: undefined,
      metadata: undefined,
      properties: undefined,
    },
    configs: [],
    os: windows ? 'windows' : 'linux',
  } as unknown as InitResource;
  const config = {
    name: 'config',
    keyStart: 0,
    keyEnd: 0,
    node: root,
    init,
    files: [],
    services: [],
    commands: [],
  } as unknown as InitConfig;
  const rendered = Rendered.identity(text);
  const file: InitFile = {
    path,
    keyStart: 0,
    keyEnd: 0,
    node: root,
    classified: classifyPath(path),
    config,
    content: undefined,
    rendered,
    ini: parseIni(text),
  };
  config.files.push(file);
  init.configs.push(config);
  const ctx = { text, model: templateModel, unknownConditionBranch: 0 as const, sawUnknownCondition: false };
  const hookFiles = kind === 'hook' ? [file] : [];
  const { hooks, calls } = extractConfHooks(hookFiles);
  return {
    text,
    format: 'yaml',
    model: templateModel,
    ctx,
    inits: [init],
    files: [file],
    hupConfs: kind === 'hup-conf' ? [file] : [],
    hookFiles,
    hooks,
    services: [],
    commands: [],
    userData: [],
    calls,
    initsById: new Map(),
    cache: new Map(),
  };
}

// Over ~350 lines on purpose: the catalogue of AWS::CloudFormation::Init structure rules (configSets,
// sections, files), one self-contained Rule object each with its documentation.
import type { Rule } from './rule';
import type { CfnNode } from '../template/ast';
import { readMode } from '../cfnhup/fileMode';
import { getProperty, getPropertyEntry, intrinsicName, stringValue } from '../template/ast';
import { isWindowsPath } from '../cfnhup/paths';
import { fix, keyRange } from './util';
import type { CfnHupModel, InitResource } from '../cfnhup/model';
import { cacheSlot, perAnalysis } from './shared';

const SECTIONS = new Set(['packages', 'groups', 'users', 'sources', 'files', 'commands', 'services']);

export const initConfigSetsCase: Rule = {
  id: 'INIT-CONFIGSETS-CASE',
  severity: 'error',
  title: 'configSets spelt with the wrong case',
  doc: {
    why: 'Only `configSets` is read as the list of configSets; `ConfigSets` or `configsets` is taken for a config name and cfn-init cannot find the sets.',
    source: 'aws-cfn-bootstrap construction.py L399, L406',
    bad: 'ConfigSets: { default: [config] }',
    good: 'configSets: { default: [config] }',
  },
  check(ctx) {
    for (const init of ctx.model.inits) {
      for (const p of init.initEntry.value.kind === 'object' ? init.initEntry.value.properties : []) {
        if (p.key !== 'configSets' && p.key.toLowerCase() === 'configsets') {
          ctx.report({
            start: p.keyStart,
            end: p.keyEnd,
            message: `"${p.key}" is not "configSets" (case-sensitive): cfn-init reads it as a config and its configSets do not exist. Write "configSets".`,
            fix: fix('Write configSets', [
              {
                start: p.keyStart + (ctx.model.format === 'json' ? 1 : 0),
                end: p.keyEnd - (ctx.model.format === 'json' ? 1 : 0),
                newText: 'configSets',
              },
            ]),
          });
        }
      }
    }
  },
};

export const initConfigSetsNotMap: Rule = {
  id: 'INIT-CONFIGSETS-NOT-MAP',
  severity: 'error',
  title: 'configSets is not a map',
  doc: {
    why: 'cfn-init fails when configSets is not a mapping of name to list of configs.',
    source: 'aws-cfn-bootstrap construction.py L409-411',
    bad: 'configSets: [install, run]',
    good: 'configSets: { default: [install, run] }',
  },
  check(ctx) {
    for (const init of ctx.model.inits) {
      const sets = init.configSets;
      if (!sets || sets.value.kind === 'object') continue;
      ctx.report({
        start: sets.keyStart,
        end: sets.keyEnd,
        message:
          'configSets must map each configSet name to a list of configs: cfn-init fails. Write configSets: { default: [config1, config2] }.',
      });
    }
  },
};

interface SetRef {
  kind: 'config' | 'set' | 'bad';
  name?: string;
  node: CfnNode;
}

function setItems(node: CfnNode, out: SetRef[], depth = 0): void {
  if (depth > 32) return;
  if (node.kind === 'array') {
    for (const i of node.items) setItems(i, out, depth + 1);
    return;
  }
  if (intrinsicName(node)) return; // decided by CloudFormation, not checkable here
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    out.push({ kind: 'config', name: node.value, node });
    return;
  }
  if (node.kind === 'object') {
    const set = getProperty(node, 'ConfigSet');
    if (set && intrinsicName(set)) return; // `{ConfigSet: !Ref X}`: decided by CloudFormation too
    const name = stringValue(set);
    out.push(name !== undefined ? { kind: 'set', name, node } : { kind: 'bad', node });
    return;
  }
  out.push({ kind: 'bad', node });
}

/** An Init's configSets read once: four rules walk their items (issue 12). */
interface ReadSets {
  configs: Set<string>;
  setNames: Set<string>;
  /** The items of each set, in order. */
  items: { set: string; refs: SetRef[] }[];
  /** Some item includes another configSet (only then can there be a cycle). */
  nests: boolean;
}

/** Per Init of one analysis; read from the configSets node only (no rendering, no Fn::If). */
const READ_SETS = cacheSlot<Map<InitResource, ReadSets | undefined>>('readSets');

function readSets(model: CfnHupModel, init: InitResource): ReadSets | undefined {
  const readSetsOf = perAnalysis(model, READ_SETS, () => new Map());
  if (readSetsOf.has(init)) return readSetsOf.get(init);
  const sets = init.configSets?.value;
  let read: ReadSets | undefined;
  // configSets built by an intrinsic (`Fn::If` of two maps): decided by CloudFormation, not read here.
  if (sets && sets.kind === 'object' && !intrinsicName(sets)) {
    read = { configs: new Set(), setNames: new Set(), items: [], nests: false };
    for (const c of init.configs) read.configs.add(c.name);
    for (const p of sets.properties) read.setNames.add(p.key);
    for (const p of sets.properties) {
      const refs: SetRef[] = [];
      setItems(p.value, refs);
      for (const r of refs) if (r.kind === 'set') read.nests = true;
      read.items.push({ set: p.key, refs });
    }
  }
  readSetsOf.set(init, read);
  return read;
}

/** Every item of every configSet of every Init, with the set it belongs to. */
function eachSetItem(
  ctx: Parameters<Rule['check']>[0],
  fn: (item: SetRef, setName: string, configs: Set<string>, setNames: Set<string>) => void,
): void {
  for (const init of ctx.model.inits) {
    const read = readSets(ctx.model, init);
    if (!read) continue;
    for (const { set, refs } of read.items) for (const ref of refs) fn(ref, set, read.configs, read.setNames);
  }
}

export const initConfigSetUnknownConfig: Rule = {
  id: 'INIT-CONFIGSET-UNKNOWN-CONFIG',
  severity: 'error',
  title: 'configSet names a config that does not exist',
  doc: {
    why: 'cfn-init fails with "No configuration found with name".',
    source: 'aws-cfn-bootstrap construction.py L486-489',
    bad: 'configSets: { default: [install, confgure] } with configs install and configure',
    good: 'configSets: { default: [install, configure] }',
  },
  check(ctx) {
    eachSetItem(ctx, (ref, set, configs) => {
      if (ref.kind !== 'config' || configs.has(ref.name!)) return;
      ctx.report({
        start: ref.node.start,
        end: ref.node.end,
        message: `configSet "${set}" lists config "${ref.name}", which this Init does not define: cfn-init fails ("No configuration found"). Defined configs: ${[...configs].map((c) => `"${c}"`).join(', ') || 'none'}.`,
      });
    });
  },
};

export const initConfigSetUnknownSet: Rule = {
  id: 'INIT-CONFIGSET-UNKNOWN-SET',
  severity: 'error',
  title: 'configSet includes a configSet that does not exist',
  doc: {
    why: 'cfn-init fails: the configSet "was referenced but not defined".',
    source: 'aws-cfn-bootstrap construction.py L494-497',
    bad: 'default: [{ ConfigSet: instal }]',
    good: 'default: [{ ConfigSet: install }]',
  },
  check(ctx) {
    eachSetItem(ctx, (ref, set, _configs, setNames) => {
      if (ref.kind !== 'set' || setNames.has(ref.name!)) return;
      ctx.report({
        start: ref.node.start,
        end: ref.node.end,
        message: `configSet "${set}" includes configSet "${ref.name}", which is not defined: cfn-init fails. Defined configSets: ${[...setNames].map((c) => `"${c}"`).join(', ')}.`,
      });
    });
  },
};

export const initConfigSetBadItem: Rule = {
  id: 'INIT-CONFIGSET-BAD-ITEM',
  severity: 'error',
  title: 'configSet item is neither a config name nor { ConfigSet: name }',
  doc: {
    why: 'cfn-init fails on a configSet item that is not a string, an object with the key ConfigSet, or a list of those.',
    source: 'aws-cfn-bootstrap construction.py L486-503',
    bad: 'default: [{ Config: install }]',
    good: 'default: [install, { ConfigSet: other }]',
  },
  check(ctx) {
    eachSetItem(ctx, (ref, set) => {
      if (ref.kind !== 'bad') return;
      ctx.report({
        start: ref.node.start,
        end: ref.node.end,
        message: `configSet "${set}" has an item that is neither a config name nor { ConfigSet: name }: cfn-init fails.`,
      });
    });
  },
};

export const initConfigSetCycle: Rule = {
  id: 'INIT-CONFIGSET-CYCLE',
  severity: 'error',
  title: 'configSets include each other in a cycle',
  doc: {
    why: 'cfn-init refuses circular configSet references (CircularConfigSetDependencyError).',
    source: 'aws-cfn-bootstrap construction.py L443-459',
    bad: 'a: [{ ConfigSet: b }], b: [{ ConfigSet: a }]',
    good: 'a: [config1], b: [{ ConfigSet: a }, config2]',
  },
  check(ctx) {
    for (const init of ctx.model.inits) {
      const sets = init.configSets?.value;
      const read = readSets(ctx.model, init);
      if (!sets || sets.kind !== 'object' || !read?.nests) continue; // no set includes another: no cycle
      const edges = new Map<string, string[]>();
      for (const { set, refs } of read.items)
        edges.set(
          set,
          refs.filter((r) => r.kind === 'set').map((r) => r.name!),
        );
      const state = new Map<string, 1 | 2>();
      const inCycle = new Set<string>();
      const visit = (n: string, stack: string[]): void => {
        if (state.get(n) === 2) return;
        if (state.get(n) === 1) {
          for (const x of stack.slice(stack.indexOf(n))) inCycle.add(x);
          return;
        }
        state.set(n, 1);
        for (const m of edges.get(n) ?? []) if (edges.has(m)) visit(m, [...stack, n]);
        state.set(n, 2);
      };
      for (const n of edges.keys()) visit(n, []);
      for (const s of sets.properties) {
        if (inCycle.has(s.key))
          ctx.report({
            start: s.keyStart,
            end: s.keyEnd,
            message: `configSet "${s.key}" includes itself through other configSets: cfn-init fails with a circular dependency.`,
          });
      }
    }
  },
};

export const initNoDefaultConfig: Rule = {
  id: 'INIT-NO-DEFAULT-CONFIG',
  severity: 'warning',
  title: 'Init has neither configSets nor a config named "config"',
  doc: {
    why: 'Without -c, cfn-init runs the config named `config`; when there is none and no configSets, it silently does nothing.',
    source: 'aws-cfn-bootstrap construction.py L406-407',
    bad: 'AWS::CloudFormation::Init: { setup: { … } }',
    good: 'AWS::CloudFormation::Init: { configSets: { default: [setup] }, setup: { … } }',
  },
  check(ctx) {
    for (const init of ctx.model.inits) {
      if (init.configSets || init.configs.some((c) => c.name === 'config') || init.configs.length === 0) continue;
      if (init.initEntry.value.kind !== 'object') continue;
      // Only a problem when some cfn-init call runs this Init without -c.
      const withoutC = ctx.model.calls.some(
        (c) =>
          c.call.options.some((o) => o.name === 'resource' && o.value?.text === init.resource.logicalId) &&
          !c.call.options.some((o) => o.name === 'configsets'),
      );
      if (!withoutC) continue;
      ctx.report({
        start: init.initEntry.keyStart,
        end: init.initEntry.keyEnd,
        message: `cfn-init without -c runs the config named "config", and "${init.resource.logicalId}" has none and no configSets: it silently does nothing. Rename the config to "config" or add configSets with "default".`,
      });
    }
  },
};

export const initConfigUnknownSection: Rule = {
  id: 'INIT-CONFIG-UNKNOWN-SECTION',
  severity: 'warning',
  title: 'Unknown section in an Init config',
  doc: {
    why: 'cfn-init reads only packages, groups, users, sources, files, commands and services (case-sensitive); anything else, such as `Files` or `command`, is silently ignored.',
    source: 'aws-cfn-bootstrap construction.py L281-289',
    bad: 'config: { Files: { … } }',
    good: 'config: { files: { … } }',
  },
  check(ctx) {
    for (const init of ctx.model.inits) {
      for (const config of init.configs) {
        if (config.node.kind !== 'object' || intrinsicName(config.node) || config.name.toLowerCase() === 'configsets')
          continue;
        for (const p of config.node.properties) {
          if (SECTIONS.has(p.key)) continue;
          const right = [...SECTIONS].find((s) => s === p.key.toLowerCase() || s === p.key.toLowerCase() + 's');
          ctx.report({
            start: p.keyStart,
            end: p.keyEnd,
            message: `cfn-init ignores "${p.key}" in config "${config.name}"${right ? `: did you mean "${right}"?` : '.'} Sections are packages, groups, users, sources, files, commands, services.`,
            fix: right
              ? fix(`Write ${right}`, [
                  {
                    start: p.keyStart + (ctx.model.format === 'json' ? 1 : 0),
                    end: p.keyEnd - (ctx.model.format === 'json' ? 1 : 0),
                    newText: right,
                  },
                ])
              : undefined,
          });
        }
      }
    }
  },
};

export const fileNotAbsolute: Rule = {
  id: 'FILE-NOT-ABSOLUTE',
  severity: 'error',
  title: 'files key is not an absolute path',
  doc: {
    why: 'cfn-init refuses a relative file path and the whole config fails.',
    source: 'aws-cfn-bootstrap file_tool.py L98-99',
    bad: 'etc/cfn/cfn-hup.conf',
    good: '/etc/cfn/cfn-hup.conf',
  },
  check(ctx) {
    for (const f of ctx.model.files) {
      if (f.path.startsWith('/') || isWindowsPath(f.path) || f.path.includes('${')) continue;
      ctx.report({
        ...keyRange(f),
        message: `cfn-init refuses "${f.path}": file paths must be absolute (/… or C:\\…). The config fails.`,
      });
    }
  },
};

export const fileNoContent: Rule = {
  id: 'FILE-NO-CONTENT',
  severity: 'error',
  title: 'File without content or source',
  doc: {
    why: 'cfn-init fails with "File specified without source or content".',
    source: 'aws-cfn-bootstrap file_tool.py L210-218',
    bad: '"/etc/cfn/cfn-hup.conf": { "content": "" }',
    good: '"/etc/cfn/cfn-hup.conf": { "content": "[main]\\n…" }',
  },
  check(ctx) {
    for (const f of ctx.model.files) {
      if (f.node.kind !== 'object' || intrinsicName(f.node)) continue;
      if (getProperty(f.node, 'source')) continue;
      const content = f.content?.value;
      const empty = !content || (content.kind === 'scalar' && (content.value === '' || content.value === null));
      if (!empty) continue;
      ctx.report({
        ...keyRange(f),
        message: `"${f.path}" has no content and no source: cfn-init fails ("File specified without source or content").`,
      });
    }
  },
};

export const fileEncoding: Rule = {
  id: 'FILE-ENCODING',
  severity: 'error',
  title: 'Unknown file encoding',
  doc: {
    why: 'Only the exact string `base64` decodes; anything else (`Base64`) writes the text as is.',
    source: 'aws-cfn-bootstrap file_tool.py L207-208',
    bad: 'encoding: Base64',
    good: 'encoding: base64',
  },
  check(ctx) {
    for (const f of ctx.model.files) {
      const e = getPropertyEntry(f.node, 'encoding');
      const v = stringValue(e?.value);
      if (!e || v === undefined || v === 'plain' || v === 'base64') continue;
      ctx.report({
        start: e.value.start,
        end: e.value.end,
        message: `encoding "${v}" is not "plain" or "base64" (case-sensitive): cfn-init writes the content without decoding it.`,
      });
    }
  },
};

export const fileModeInvalid: Rule = {
  id: 'FILE-MODE-INVALID',
  severity: 'error',
  title: 'File mode is not octal',
  doc: {
    why: "cfn-init reads mode with Python's int(mode, 8): octal digits, with any whitespace around them, a + sign or a 0o prefix; anything else fails the config. Silent on `_` between digits, which Python 3 takes and Python 2 does not.",
    source: 'aws-cfn-bootstrap file_tool.py L103, L142',
    bad: 'mode: "0644r"',
    good: 'mode: "000644"',
  },
  check(ctx) {
    for (const f of ctx.model.files) {
      const m = getProperty(f.node, 'mode');
      if (!m || m.kind !== 'scalar' || typeof m.value !== 'string') continue;
      // As cfn-init reads it (int(mode, 8)): " 000644" and "0o644" are fine.
      const reading = readMode(m.value);
      if (reading.kind === 'depends' || (reading.kind === 'octal' && reading.digits.length <= 6)) continue;
      ctx.report({
        start: m.start,
        end: m.end,
        message: `mode "${m.value}" is not up to six octal digits: cfn-init fails to write "${f.path}". Use e.g. "000644".`,
      });
    }
  },
};

export const fileModeYamlOctal: Rule = {
  id: 'FILE-MODE-YAML-OCTAL',
  // A warning, not an error: whether CloudFormation's YAML reader applies YAML 1.1 octal is evidenced
  // only by a user report (ecs-refarch-cloudformation#66), not by AWS documentation.
  severity: 'warning',
  title: 'Unquoted YAML file mode read as an octal number',
  doc: {
    why: 'YAML reads `mode: 000400` as the octal number 256; CloudFormation passes "256" and cfn-init applies mode 0256 — or fails for values like 000444 ("292" is not octal).',
    source: 'YAML 1.1; aws-samples/ecs-refarch-cloudformation#66',
    bad: 'mode: 000400',
    good: 'mode: "000400"',
  },
  check(ctx) {
    if (ctx.model.format !== 'yaml') return;
    for (const f of ctx.model.files) {
      const m = getProperty(f.node, 'mode');
      if (!m || m.kind !== 'scalar' || m.style !== 'plain' || typeof m.value === 'string') continue;
      const raw = m.rawSource ?? ctx.model.text.slice(m.start, m.end);
      if (!/^0\d+$/.test(raw)) continue;
      ctx.report({
        start: m.start,
        end: m.end,
        message: `mode: ${raw} is not quoted: a YAML 1.1 reader takes it for the octal number ${String(m.value)}, and cfn-init then sets mode ${String(m.value)} (or fails). Quote it to be sure: "${raw}".`,
        fix: fix('Quote the mode', [{ start: m.start, end: m.end, newText: `"${raw}"` }]),
      });
    }
  },
};

/**
 * Decimal values of common file modes, as a YAML→JSON conversion (or a YAML
 * 1.1 reader) writes `0644`. Left out: 511 (0777) and 504 (0770), whose digits
 * read as octal are plausible modes of their own (0511, 0504).
 */
const DECIMAL_MODES = new Map<number, string>(
  [
    '0400',
    '0440',
    '0444',
    '0500',
    '0555',
    '0600',
    '0640',
    '0644',
    '0660',
    '0664',
    '0666',
    '0700',
    '0711',
    '0744',
    '0750',
    '0755',
    '0775',
  ].map((octal) => [parseInt(octal, 8), octal]),
);

export const fileModeDecimal: Rule = {
  id: 'FILE-MODE-DECIMAL',
  severity: 'error',
  title: 'File mode written as the decimal value of an octal mode',
  doc: {
    why: 'A numeric mode reaches cfn-init as its decimal digits: CloudFormation passes `"mode": 420` as "420", and cfn-init reads those digits as octal. 420 is 0644 written in decimal (what a YAML→JSON conversion of `mode: 0644` produces), so the file gets mode 0420; 493 (0755) or 384 (0600) are not octal at all and cfn-init fails the config, so nothing after it is applied. An error when cfn-init fails; a warning when it sets the wrong mode.',
    source:
      'aws-cfn-bootstrap file_tool.py (`int(attribs["mode"], 8)`); aws-samples/ecs-refarch-cloudformation#66 (CloudFormation passes the number 256 as "256")',
    bad: '"/etc/cfn/cfn-hup.conf": { "content": …, "mode": 256 }',
    good: '"/etc/cfn/cfn-hup.conf": { "content": …, "mode": "000400" }',
  },
  check(ctx) {
    for (const f of ctx.model.files) {
      const m = getProperty(f.node, 'mode');
      if (!m || m.kind !== 'scalar' || typeof m.value !== 'number') continue;
      const raw = ctx.model.text.slice(m.start, m.end);
      if (!/^[1-9]\d*$/.test(raw)) continue; // 0644 in YAML is FILE-MODE-YAML-OCTAL's; 420.0, 4.2e2 are not this mistake
      const octal = DECIMAL_MODES.get(m.value);
      if (!octal) continue;
      const fails = /[89]/.test(raw);
      const written = `"00${octal.slice(1).padStart(4, '0')}"`;
      ctx.report({
        start: m.start,
        end: m.end,
        severity: fails ? undefined : 'warning',
        message: fails
          ? `mode ${raw} is the decimal value of ${octal}: cfn-init reads the digits "${raw}" as octal, fails on them ("${f.path}" is not written and the rest of the config is not applied). Write ${written}.`
          : `mode ${raw} is the decimal value of ${octal}: cfn-init reads the digits "${raw}" as octal and gives "${f.path}" mode 0${raw}, not ${octal}. Write ${written}.`,
        fix: fix(`Write the mode as ${written}`, [{ start: m.start, end: m.end, newText: written }]),
      });
    }
  },
};

export const winPathEscape: Rule = {
  id: 'WIN-PATH-ESCAPE',
  severity: 'error',
  title: 'Backslash escape changed a Windows path',
  doc: {
    why: 'In JSON and YAML double quotes, `\\n`, `\\t`, `\\r`, `\\b`, `\\f` are escapes: "c:\\cfn\\new.conf" contains a newline, and cfn-init writes a different file than cfn-hup reads.',
    source: 'JSON / YAML escapes; AWS docs write "c:\\\\cfn\\\\hooks.d\\\\x.conf"',
    bad: '"c:\\cfn\\hooks.d\\new.conf"',
    good: '"c:\\\\cfn\\\\hooks.d\\\\new.conf"',
  },
  check(ctx) {
    for (const f of ctx.model.files) {
      if (!/^[a-zA-Z]:/.test(f.path) || !/[\n\t\r\b\f\x07]/.test(f.path)) continue;
      ctx.report({
        ...keyRange(f),
        message: `The path "${JSON.stringify(f.path).slice(1, -1)}" contains a control character: a backslash before n, t, r, b or f is an escape. Double every backslash ("c:\\\\cfn\\\\…") or use single quotes in YAML.`,
      });
    }
  },
};

export const subNeeded: Rule = {
  id: 'SUB-NEEDED',
  severity: 'error',
  title: '${…} in cfn-hup configuration without Fn::Sub',
  doc: {
    why: 'Without Fn::Sub, `${AWS::StackId}` reaches the instance literally: cfn-hup asks for a stack named "${AWS::StackId}" and never sees an update. The same for `${!AWS::StackId}` inside Fn::Sub, which is its escape for the literal text.',
    source: 'CloudFormation Fn::Sub; cfn-lint E1029',
    bad: 'content: "[main]\\nstack=${AWS::StackId}\\n"',
    good: 'content: !Sub "[main]\\nstack=${AWS::StackId}\\n"',
  },
  check(ctx) {
    for (const f of [...ctx.model.hupConfs, ...ctx.model.hookFiles]) {
      const r = f.rendered;
      if (!r) continue;
      const re = /\$\{([A-Za-z0-9:._-]+)\}/g;
      for (let m = re.exec(r.text); m; m = re.exec(r.text)) {
        if (r.isOpaque(m.index, m.index + m[0].length)) continue;
        const name = m[1]!;
        const known =
          name.startsWith('AWS::') ||
          ctx.model.model.parameters.has(name) ||
          ctx.model.model.resources.has(name.split('.')[0]!);
        if (!known) continue;
        const range = r.sourceRange(m.index, m.index + m[0].length);
        const consequence = `the instance gets the text "${m[0]}" literally${name.startsWith('AWS::Stack') ? ' and cfn-hup watches a stack that does not exist' : ''}`;
        // Inside Fn::Sub, `${!Name}` is the escape for the literal text `${Name}`.
        const bang = ctx.model.text.slice(range.start, range.end).startsWith('${!') ? range.start + 2 : -1;
        ctx.report({
          ...range,
          message:
            bang >= 0
              ? `"\${!${name}}" is Fn::Sub's escape for the literal text "${m[0]}": ${consequence}. Drop the "!".`
              : `"${m[0]}" is not inside Fn::Sub: ${consequence}. Wrap the content in Fn::Sub (!Sub).`,
          fix: bang >= 0 ? fix('Drop the "!"', [{ start: bang, end: bang + 1, newText: '' }]) : undefined,
        });
        break;
      }
    }
  },
};

export const initStructureRules: Rule[] = [
  initConfigSetsCase,
  initConfigSetsNotMap,
  initConfigSetUnknownConfig,
  initConfigSetUnknownSet,
  initConfigSetBadItem,
  initConfigSetCycle,
  initNoDefaultConfig,
  initConfigUnknownSection,
  fileNotAbsolute,
  fileNoContent,
  fileEncoding,
  fileModeInvalid,
  fileModeYamlOctal,
  fileModeDecimal,
  winPathEscape,
  subNeeded,
];

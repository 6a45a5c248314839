// Over ~350 lines on purpose: the catalogue of per-section cfn-init rules (files, commands, services,
// packages, sources), one self-contained Rule object each with its documentation; they share
// reportUnknownKeys and literalEntries.
import type { Rule, RuleContext } from './rule';
import type { InitConfig } from '../cfnhup/model';
import type { CfnNode, Property } from '../template/ast';
import { isSymlinkMode } from '../cfnhup/fileMode';
import { readBase64 } from '../cfnhup/base64';
import { getProperty, getPropertyEntry, intrinsicName, stringValue } from '../template/ast';
import { isWindowsPath } from '../cfnhup/paths';
import { closest, keyRange } from './util';
import { configOs } from './shared';

/** Literal objects only: an intrinsic decides its own shape at deploy time. */
function literalEntries(node: CfnNode | undefined): Property[] {
  return node && node.kind === 'object' && !intrinsicName(node) ? node.properties : [];
}

/** Report each key of `node` that cfn-init does not read, with the likely intended key. */
export function reportUnknownKeys(
  ctx: RuleContext,
  node: CfnNode,
  known: string[],
  where: string,
  aliases: Record<string, string> = {},
  /** Why ignoring this key changes nothing, when it does not: the finding is then info. */
  harmless: (p: Property, suggestion: string | undefined) => string | undefined = () => undefined,
): void {
  for (const p of literalEntries(node)) {
    if (known.includes(p.key)) continue;
    // The same key in another case first (`homedir`, `UID`): closer than any spelling.
    const suggestion =
      known.find((k) => k.toLowerCase() === p.key.toLowerCase()) ?? closest(p.key, known) ?? aliases[p.key];
    const why = harmless(p, suggestion);
    ctx.report({
      start: p.keyStart,
      end: p.keyEnd,
      severity: why ? 'info' : undefined,
      message: `cfn-init ignores "${p.key}" ${where}${suggestion ? `: did you mean "${suggestion}"?` : '.'}${why ? ` ${why}` : ''} Known: ${known.join(', ')}.`,
    });
  }
}

export function eachConfig(ctx: RuleContext, fn: (config: InitConfig) => void): void {
  for (const init of ctx.model.inits) for (const config of init.configs) fn(config);
}

const FILE_ATTRS = ['content', 'source', 'encoding', 'group', 'owner', 'mode', 'authentication', 'context'];
const COMMAND_KEYS = ['command', 'env', 'cwd', 'test', 'ignoreErrors', 'waitAfterCompletion', 'runas', 'defaults'];
const SERVICE_KEYS = ['enabled', 'ensureRunning', 'files', 'sources', 'packages', 'commands', 'users', 'groups'];
/** The package managers cfn-init has a tool for (construction.py _packageTools, zypper since 2.0-10). */
export const PACKAGE_MANAGERS = ['apt', 'msi', 'python', 'rpm', 'rubygems', 'yum', 'zypper'];
const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no', 'y', 'n', '1', '0']);

export const initConfigNotObject: Rule = {
  id: 'INIT-CONFIG-NOT-OBJECT',
  severity: 'error',
  title: 'An Init config is not an object',
  doc: {
    why: 'cfn-init reads each config it runs as a map of sections (files, commands, services, …); anything else fails the run. Only the configs cfn-init builds are judged: `config` when there are no configSets, else the names a configSet lists; another key (`version: "7"`, kept to force a metadata change) is never read.',
    source: 'aws-cfn-bootstrap construction.py',
    bad: 'AWS::CloudFormation::Init: { config: [files] }',
    good: 'AWS::CloudFormation::Init: { config: { files: { … } } }',
  },
  check(ctx) {
    for (const init of ctx.model.inits) {
      const entries = literalEntries(init.initEntry.value);
      const configSets = entries.find((p) => p.key === 'configSets');
      // cfn-init builds only "config" without configSets, else only the configs the configSets name.
      const used = configSets ? namedConfigs(configSets.value) : new Set(['config']);
      for (const p of entries) {
        if (p.key === 'configSets' || p.value.kind === 'object' || !used.has(p.key)) continue;
        if (p.value.kind === 'scalar' && p.value.value === null) continue; // being typed
        ctx.report({
          start: p.keyStart,
          end: p.keyEnd,
          message: `Config "${p.key}" of ${init.resource.logicalId}'s Init is not an object: cfn-init fails. Write it as a map of sections, e.g. { files: {…}, commands: {…} }.`,
        });
      }
    }
  },
};

/**
 * Every name a configSets value may use as a config: its strings, in every branch of Fn::If; not the
 * set names of `{ConfigSet: …}`, nor what Ref or a condition names.
 */
function namedConfigs(node: CfnNode): Set<string> {
  const names = new Set<string>();
  const walk = (n: CfnNode, depth: number): void => {
    if (depth > 32) return;
    if (n.kind === 'scalar') {
      if (typeof n.value === 'string') names.add(n.value);
    } else if (n.kind === 'array') {
      for (const item of n.items) walk(item, depth + 1);
    } else {
      for (const p of n.properties) {
        if (p.key === 'ConfigSet' || p.key === 'Ref' || p.key === 'Condition') continue;
        if (p.key === 'Fn::If' && p.value.kind === 'array') p.value.items.slice(1).forEach((i) => walk(i, depth + 1));
        else walk(p.value, depth + 1);
      }
    }
  };
  walk(node, 0);
  return names;
}

export const fileContentAndSource: Rule = {
  id: 'FILE-CONTENT-AND-SOURCE',
  severity: 'warning',
  title: 'File with both content and source',
  doc: {
    why: 'cfn-init ignores source when content is not empty; the docs forbid combining them.',
    source: 'aws-cfn-bootstrap file_tool.py L212-215; AWS::CloudFormation::Init docs',
    bad: '/etc/app.conf: { content: "…", source: https://… }',
    good: '/etc/app.conf: { source: https://… }',
  },
  check(ctx) {
    for (const f of ctx.model.files) {
      const content = getProperty(f.node, 'content');
      const source = getProperty(f.node, 'source');
      if (!content || !source || (content.kind === 'scalar' && !content.value)) continue;
      // `Fn::If` on either (often one of them AWS::NoValue in each branch): which one is given is CloudFormation's.
      if (intrinsicName(content) === 'Fn::If' || intrinsicName(source) === 'Fn::If') continue;
      ctx.report({
        ...keyRange(f),
        message: `"${f.path}" has both content and source: cfn-init writes the content and ignores the source. Keep one.`,
      });
    }
  },
};

export const fileBase64Invalid: Rule = {
  id: 'FILE-BASE64-INVALID',
  severity: 'error',
  title: 'encoding: base64 with content that is not base64',
  doc: {
    why: "cfn-init decodes the content with Python's base64.b64decode, which skips characters outside the alphabet and stops at the padding that ends a group: it fails the config only on one character too many, incorrect padding or a non-ASCII character (an error). Base64 after that padding is dropped without a word: the file gets only the part before it (a warning).",
    source: 'aws-cfn-bootstrap file_tool.py L253-258',
    bad: 'content: "hello world"\nencoding: base64',
    good: 'content: aGVsbG8gd29ybGQ=\nencoding: base64',
  },
  check(ctx) {
    for (const f of ctx.model.files) {
      if (stringValue(getProperty(f.node, 'encoding')) !== 'base64') continue;
      const content = getProperty(f.node, 'content');
      if (!content || content.kind !== 'scalar' || typeof content.value !== 'string') continue;
      const reading = readBase64(content.value);
      if (reading.kind === 'valid' && reading.droppedAt === undefined) continue;
      ctx.report({
        start: content.start,
        end: content.end,
        ...(reading.kind === 'invalid'
          ? {
              message: `The content of "${f.path}" is not valid base64 although encoding is base64 (${reading.reason}): cfn-init fails to write it. Encode it, or drop "encoding: base64".`,
            }
          : {
              severity: 'warning' as const,
              message: `The content of "${f.path}" has more base64 after a padding "=": cfn-init writes only the data before the first padding and silently drops the rest. Encode the whole content as one piece, with padding only at its end.`,
            }),
      });
    }
  },
};

export const fileSymlinkNoTarget: Rule = {
  id: 'FILE-SYMLINK-NO-TARGET',
  severity: 'error',
  title: 'Symbolic link without a target',
  doc: {
    why: 'A mode starting with 120 makes a symbolic link whose target is the content; without literal content cfn-init fails.',
    source: 'aws-cfn-bootstrap file_tool.py L103-107',
    bad: '/usr/bin/app: { mode: "120755", source: https://… }',
    good: '/usr/bin/app: { mode: "120755", content: /opt/app/bin/app }',
  },
  check(ctx) {
    for (const f of ctx.model.files) {
      const mode = stringValue(getProperty(f.node, 'mode'));
      if (!isSymlinkMode(mode)) continue;
      const content = getProperty(f.node, 'content');
      if (content && !(content.kind === 'scalar' && !content.value)) continue;
      ctx.report({
        ...keyRange(f),
        message: `"${f.path}" has mode ${mode} (a symbolic link) but no content naming its target: cfn-init fails. Put the target path in content.`,
      });
    }
  },
};

export const fileAuthUnknown: Rule = {
  id: 'FILE-AUTH-UNKNOWN',
  severity: 'warning',
  title: 'File authentication names no AWS::CloudFormation::Authentication entry',
  doc: {
    why: 'An unknown authentication name silently falls back to no authentication: a private S3 download then fails with 403.',
    source: 'aws-cfn-bootstrap auth.py L318-321',
    bad: 'authentication: S3Creds (the Authentication metadata defines S3AccessCreds)',
    good: 'authentication: S3AccessCreds',
  },
  check(ctx) {
    for (const init of ctx.model.inits) {
      const auth = getProperty(init.metadataEntry.value, 'AWS::CloudFormation::Authentication');
      if (auth && (auth.kind !== 'object' || intrinsicName(auth))) continue;
      const names = literalEntries(auth).map((p) => p.key);
      for (const c of init.configs)
        for (const f of c.files) {
          const a = getProperty(f.node, 'authentication');
          const name = stringValue(a);
          if (!a || name === undefined || names.includes(name)) continue;
          const suggestion = closest(name, names);
          ctx.report({
            start: a.start,
            end: a.end,
            message: `"${name}" is not in ${init.resource.logicalId}'s AWS::CloudFormation::Authentication${suggestion ? ` (did you mean "${suggestion}"?)` : names.length ? ` (it has ${names.map((n) => `"${n}"`).join(', ')})` : ''}: cfn-init downloads "${f.path}" without credentials.`,
          });
        }
    }
  },
};

export const fileUnknownAttr: Rule = {
  id: 'FILE-UNKNOWN-ATTR',
  severity: 'warning',
  title: 'Unknown file attribute',
  doc: {
    why: 'cfn-init ignores attributes it does not know: `permissions: "0644"` or `user: app` do nothing. Info when ignoring it likely changes nothing (`user: root` or a misspelt `group: root`: a file cfn-init creates is root\'s anyway).',
    source: 'aws-cfn-bootstrap file_tool.py L79-262',
    bad: 'permissions: "000644"',
    good: 'mode: "000644"',
  },
  check(ctx) {
    for (const f of ctx.model.files)
      reportUnknownKeys(
        ctx,
        f.node,
        FILE_ATTRS,
        `on "${f.path}"`,
        { permissions: 'mode', perms: 'mode', user: 'owner' },
        // `user: root`: cfn-init runs as root, so a file it creates is root's anyway (one that existed keeps its owner).
        (p, suggestion) =>
          (suggestion === 'owner' || suggestion === 'group') && stringValue(p.value) === 'root'
            ? `It likely changes nothing: cfn-init runs as root, so a file it creates is root's anyway.`
            : undefined,
      );
  },
};

export const cmdNoCommand: Rule = {
  id: 'CMD-NO-COMMAND',
  severity: 'error',
  title: 'Init command without command',
  doc: {
    why: 'cfn-init fails the config on a commands entry with no `command`.',
    source: 'aws-cfn-bootstrap command_tool.py L78-80',
    bad: '01_restart: { cmd: "service app restart" }',
    good: '01_restart: { command: "service app restart" }',
  },
  check(ctx) {
    for (const c of ctx.model.commands) {
      if (
        c.node.kind !== 'object' ||
        intrinsicName(c.node) ||
        getPropertyEntry(c.node, 'command') ||
        getPropertyEntry(c.node, 'defaults')
      )
        continue;
      ctx.report({
        start: c.keyStart,
        end: c.keyEnd,
        message: `Command "${c.name}" has no "command": cfn-init fails the config. Add command: "…".`,
      });
    }
  },
};

export const cmdUnknownKey: Rule = {
  id: 'CMD-UNKNOWN-KEY',
  severity: 'warning',
  title: 'Unknown key in an Init command',
  doc: {
    why: 'cfn-init ignores keys it does not know: `cmd:` or `ignoreError:` do nothing.',
    source: 'aws-cfn-bootstrap command_tool.py L62-130',
    bad: 'ignoreError: "true"',
    good: 'ignoreErrors: "true"',
  },
  check(ctx) {
    for (const c of ctx.model.commands) reportUnknownKeys(ctx, c.node, COMMAND_KEYS, `in command "${c.name}"`);
  },
};

export const cmdRunasWindows: Rule = {
  id: 'CMD-RUNAS-WINDOWS',
  severity: 'error',
  title: 'runas in a command on Windows',
  doc: {
    why: 'cfn-init refuses runas on Windows: the command fails.',
    source: 'aws-cfn-bootstrap command_tool.py L99-101',
    bad: '01_setup: { command: …, runas: Administrator } on a Windows instance',
    good: '01_setup: { command: … }',
  },
  check(ctx) {
    for (const c of ctx.model.commands) {
      if (configOs(c.config) !== 'windows') continue;
      const runas = getPropertyEntry(c.node, 'runas');
      if (runas)
        ctx.report({
          start: runas.keyStart,
          end: runas.keyEnd,
          message: `cfn-init does not support runas on Windows: command "${c.name}" fails. Remove runas.`,
        });
    }
  },
};

export const cmdBool: Rule = {
  id: 'CMD-BOOL',
  severity: 'warning',
  title: 'A boolean that cfn-init reads as false',
  doc: {
    why: 'cfn-init treats only true, yes, y and 1 as true: `ignoreErrors: "on"` or `enabled: "enable"` mean false.',
    source: 'aws-cfn-bootstrap util.py L290-307',
    bad: 'ignoreErrors: "on"',
    good: 'ignoreErrors: "true"',
  },
  check(ctx) {
    const check = (node: CfnNode | undefined, what: string) => {
      if (!node || node.kind !== 'scalar' || typeof node.value !== 'string') return;
      if (BOOLEAN_WORDS.has(node.value.trim().toLowerCase())) return;
      ctx.report({
        start: node.start,
        end: node.end,
        message: `${what} "${node.value}" is not true/false/yes/no/1/0: cfn-init reads it as false. Write "true" or "false".`,
      });
    };
    for (const c of ctx.model.commands)
      check(getProperty(c.node, 'ignoreErrors'), `ignoreErrors of command "${c.name}"`);
    for (const s of ctx.model.services) {
      check(getProperty(s.node, 'enabled'), `enabled of service "${s.name}"`);
      check(getProperty(s.node, 'ensureRunning'), `ensureRunning of service "${s.name}"`);
    }
  },
};

export const cmdWaitInvalid: Rule = {
  id: 'CMD-WAIT-INVALID',
  severity: 'error',
  title: 'waitAfterCompletion is not a number or "forever"',
  doc: {
    why: 'On Windows cfn-init reads waitAfterCompletion as an integer (or `forever`) and fails on anything else; Linux ignores it.',
    source: 'aws-cfn-bootstrap command_tool.py L125-130',
    bad: 'waitAfterCompletion: "30s"',
    good: 'waitAfterCompletion: "30"',
  },
  check(ctx) {
    for (const c of ctx.model.commands) {
      const w = getProperty(c.node, 'waitAfterCompletion');
      if (!w || w.kind !== 'scalar' || w.value === null || intrinsicName(w)) continue;
      const v = String(w.value).trim();
      if (/^-?\d+$/.test(v) || v.toLowerCase() === 'forever') continue;
      const windows = configOs(c.config) === 'windows';
      ctx.report({
        start: w.start,
        end: w.end,
        severity: windows ? undefined : 'info',
        message: windows
          ? `waitAfterCompletion "${v}" is not a number of seconds or "forever": cfn-init fails command "${c.name}".`
          : `waitAfterCompletion "${v}" is not a number of seconds or "forever"; cfn-init ignores it on Linux, and fails on Windows.`,
      });
    }
  },
};

export const cmdOrderNumeric: Rule = {
  id: 'CMD-ORDER-NUMERIC',
  severity: 'warning',
  title: 'Commands run in string order, not numeric order',
  doc: {
    why: 'cfn-init sorts command names as strings: `10_start` runs before `2_install`. Pad the numbers to one width.',
    source: 'aws-cfn-bootstrap command_tool.py L57; AWS::CloudFormation::Init docs',
    bad: '1_install, 2_configure, 10_start',
    good: '01_install, 02_configure, 10_start',
  },
  check(ctx) {
    eachConfig(ctx, (config) => {
      if (!numberWidthsDiffer(config)) return; // names all numbered alike (or not at all) sort as numbers
      const numbered = config.commands.map((c) => ({ c, m: /^(\d+)/.exec(c.name) })).filter((x) => x.m);
      const byString = [...numbered].sort((a, b) => (a.c.name < b.c.name ? -1 : a.c.name > b.c.name ? 1 : 0));
      for (let i = 1; i < byString.length; i++) {
        const prev = byString[i - 1]!;
        const cur = byString[i]!;
        if (Number(prev.m![1]) <= Number(cur.m![1])) continue;
        ctx.report({
          start: prev.c.keyStart,
          end: prev.c.keyEnd,
          // The example pads the number that sorts too late (`1_a` → `01_a` next to `10_c`).
          message: `cfn-init runs command "${prev.c.name}" before "${cur.c.name}": names are sorted as strings. Pad the numbers to the same width (e.g. "${cur.m![1]!.padStart(prev.m![1]!.length, '0')}${cur.c.name.slice(cur.m![1]!.length)}" for "${cur.c.name}").`,
        });
        return;
      }
    });
  },
};

/** Whether the leading numbers of the command names have two widths or more (`2_a`, `10_b`). */
function numberWidthsDiffer(config: InitConfig): boolean {
  let width = 0;
  for (const c of config.commands) {
    let n = 0;
    while (n < c.name.length && c.name.charCodeAt(n) >= 48 && c.name.charCodeAt(n) <= 57) n++;
    if (n === 0) continue;
    if (width === 0) width = n;
    else if (n !== width) return true;
  }
  return false;
}

export const cmdEnvReplaces: Rule = {
  id: 'CMD-ENV-REPLACES',
  severity: 'info',
  title: 'env replaces the whole environment',
  doc: {
    why: 'A command with env runs with only those variables: no PATH, no HOME.',
    source: 'AWS::CloudFormation::Init docs (commands)',
    bad: 'env: { APP_ENV: prod } and a command that relies on PATH',
    good: 'env: { APP_ENV: prod, PATH: /usr/local/bin:/usr/bin:/bin }',
  },
  check(ctx) {
    for (const c of ctx.model.commands) {
      const env = getPropertyEntry(c.node, 'env');
      if (!env || literalEntries(env.value).some((p) => p.key === 'PATH')) continue;
      ctx.report({
        start: env.keyStart,
        end: env.keyEnd,
        message: `env replaces the whole environment of command "${c.name}": it runs without PATH or HOME. Add PATH if the command needs it.`,
      });
    }
  },
};

export const svcUnknownKey: Rule = {
  id: 'SVC-UNKNOWN-KEY',
  severity: 'warning',
  title: 'Unknown key in a service',
  doc: {
    why: 'cfn-init ignores keys it does not know: `running: true` neither starts nor keeps the service running.',
    source: 'aws-cfn-bootstrap service_tools.py',
    bad: 'cfn-hup: { running: "true" }',
    good: 'cfn-hup: { enabled: "true", ensureRunning: "true" }',
  },
  check(ctx) {
    for (const s of ctx.model.services)
      reportUnknownKeys(ctx, s.node, SERVICE_KEYS, `on service "${s.name}"`, { running: 'ensureRunning' });
  },
};

export const pkgUnknownManager: Rule = {
  id: 'PKG-UNKNOWN-MANAGER',
  severity: 'warning',
  title: 'Unknown package manager',
  doc: {
    why: 'cfn-init skips packages of a manager it does not support ("Unsupported package manager"); dpkg is not supported.',
    source: 'aws-cfn-bootstrap construction.py L195-200, L228-231',
    bad: 'packages: { dnf: { nginx: [] } }',
    good: 'packages: { yum: { nginx: [] } }',
  },
  check(ctx) {
    eachConfig(ctx, (config) => {
      for (const m of literalEntries(getProperty(config.node, 'packages'))) {
        if (PACKAGE_MANAGERS.includes(m.key)) continue;
        ctx.report({
          start: m.keyStart,
          end: m.keyEnd,
          message: `cfn-init does not support package manager "${m.key}": those packages are never installed. Use one of ${PACKAGE_MANAGERS.join(', ')}.`,
        });
      }
    });
  },
};

export const srcBadValue: Rule = {
  id: 'SRC-BAD-VALUE',
  severity: 'warning',
  title: 'A source that is neither a URL nor an absolute path',
  doc: {
    why: 'cfn-init downloads sources from http(s)/ftp URLs or reads an absolute path; anything else fails.',
    source: 'aws-cfn-bootstrap sources_tool.py L39, L60-70',
    bad: '/var/www: s3://bucket/site.zip',
    good: '/var/www: https://bucket.s3.amazonaws.com/site.zip',
  },
  check(ctx) {
    eachConfig(ctx, (config) => {
      for (const p of literalEntries(getProperty(config.node, 'sources'))) {
        const v = p.value;
        if (v.kind !== 'scalar' || typeof v.value !== 'string') continue;
        const value = v.value.trim();
        if (/^(https?|ftp):\/\//i.test(value) || value.startsWith('/') || isWindowsPath(value)) continue;
        ctx.report({
          start: v.start,
          end: v.end,
          message: `Source "${value}" for ${p.key} is not an http(s) or ftp URL or an absolute path: cfn-init cannot fetch it.${/^s3:\/\//i.test(value) ? ' Use the https:// form of the S3 URL.' : ''}`,
        });
      }
    });
  },
};

export const initDetailRules: Rule[] = [
  initConfigNotObject,
  fileContentAndSource,
  fileBase64Invalid,
  fileSymlinkNoTarget,
  fileAuthUnknown,
  fileUnknownAttr,
  cmdNoCommand,
  cmdUnknownKey,
  cmdRunasWindows,
  cmdBool,
  cmdWaitInvalid,
  cmdOrderNumeric,
  cmdEnvReplaces,
  svcUnknownKey,
  pkgUnknownManager,
  srcBadValue,
];

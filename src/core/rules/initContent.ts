/**
 * What cfn-init writes and runs, read the way cfn-init reads it: the shape of
 * `packages`, `${…}` that never went through Fn::Sub in commands and files, and
 * JSON content for files that are not JSON.
 */
import type { Rule, RuleContext } from './rule';
import { chosen, isSelected, type InitFile, type InitResource } from '../cfnhup/model';
import { getProperty, intrinsicName, type CfnNode } from '../template/ast';
import { renderText } from '../intrinsics/render';
import type { Rendered } from '../intrinsics/rendered';
import { keyRange, nodeRange } from './util';
import { PACKAGE_MANAGERS } from './initDetails';

export const pkgNotMap: Rule = {
  id: 'PKG-NOT-MAP',
  severity: 'error',
  title: 'A package manager lists packages instead of mapping them to versions',
  doc: {
    why: 'cfn-init reads each package manager as a map of package name to versions (`[]` for the latest). A list (`yum: [httpd, php]`) or a single name fails that config ("\'list\' object has no attribute …"), so nothing after it in the configSet runs. Only the managers cfn-init supports are judged (PKG-UNKNOWN-MANAGER speaks of the others); an empty apt list does nothing and fails nothing.',
    source:
      'aws-cfn-bootstrap construction.py L222-231, rpm_tools.py / apt_tool.py (iterate name → versions); AWS::CloudFormation::Init packages docs',
    bad: 'packages:\n  yum:\n    - httpd\n    - php',
    good: 'packages:\n  yum:\n    httpd: []\n    php: []',
  },
  check(ctx) {
    for (const init of ctx.model.inits) {
      for (const config of init.configs) {
        const packages = chosen(getProperty(config.node, 'packages'), ctx.model.ctx);
        if (!packages || packages.kind !== 'object' || intrinsicName(packages)) continue;
        for (const m of packages.properties) {
          // cfn-init skips a manager it does not support (PKG-UNKNOWN-MANAGER says so): its shape does not matter.
          if (!PACKAGE_MANAGERS.includes(m.key)) continue;
          const value = chosen(m.value, ctx.model.ctx);
          if (!value || intrinsicName(value)) continue;
          if (value.kind === 'object') continue;
          if (value.kind === 'scalar' && value.value === null) continue; // being typed
          const empty = value.kind === 'array' ? value.items.length === 0 : value.value === '';
          if (empty && m.key === 'apt') continue; // apt_tool.py: `if not action: return`, so nothing is done
          const names =
            value.kind === 'array'
              ? value.items.map((i) => (i.kind === 'scalar' ? String(i.value) : '…'))
              : [String(value.value)];
          const shown = names.slice(0, 3);
          ctx.report({
            ...nodeRange(value),
            message: `packages.${m.key} is a ${value.kind === 'array' ? 'list' : 'single value'}, not a map of package names to versions: cfn-init fails config "${config.name}" and nothing after it runs. ${empty ? `Write a map such as {httpd: []}, or remove packages.${m.key}.` : `Write ${shown.map((n) => `${n}: []`).join(', ')}${names.length > 3 ? ', …' : ''}.`}`,
          });
        }
      }
    }
  },
};

/**
 * The first `${Name}` written for Fn::Sub: a parameter, a resource (or its attribute) or a pseudo
 * parameter. The name is checked before the source is looked at for Fn::Sub's `${!` escape: shell
 * scripts hold many `${VAR}` that name nothing, and mapping them to the source costs a pass over the scalar.
 *
 * Only a `${` that no unknown value covers can start such a reference (a covered one is opaque), and
 * a rendered Fn::Sub is mostly unknown values shown as `${Name}`: the scan jumps from one uncovered
 * `${` to the next past the opaque spans and tries the pattern only there. References cannot overlap
 * (a name holds no `$`), so this finds the same first reference as trying the pattern everywhere.
 */
function firstSubReference(
  ctx: RuleContext,
  r: Rendered,
  /** Whether the text gets this name another way (so it is not meant for Fn::Sub): skipped. */
  supplied: (name: string, at: number) => boolean = () => false,
): { start: number; end: number; text: string; name: string } | undefined {
  const text = r.text;
  const opaque = r.opaque;
  let k = 0; // the first opaque span that ends after `at`
  for (let at = text.indexOf('${'); at >= 0; at = text.indexOf('${', at + 2)) {
    while (k < opaque.length && opaque[k]!.end <= at) k++;
    if (k < opaque.length && opaque[k]!.start <= at) {
      at = opaque[k]!.end - 2; // covered: go on after the span
      continue;
    }
    SUB_REFERENCE.lastIndex = at;
    const m = SUB_REFERENCE.exec(text);
    // The name first: at an uncovered `${` it is mostly a shell variable (`${!VAR}` in Fn::Sub).
    if (!m || !isKnownName(ctx, m[1]!) || r.isOpaque(at, at + m[0].length)) continue;
    const name = m[1]!;
    const src = r.sourceRange(at, at + 3);
    if (ctx.model.text.slice(src.start, src.end + 1).startsWith('${!')) continue; // Fn::Sub's escape for a literal ${
    if (supplied(name, at)) continue;
    return { start: at, end: at + m[0].length, text: m[0], name };
  }
  return undefined;
}

/** `${Name}` tried at one place (sticky). */
const SUB_REFERENCE = /\$\{([A-Za-z0-9:._-]+)\}/y;

/**
 * A name a shell variable can have: only such a name can be supplied by `env` or an assignment.
 * `${AWS::Region}` and `${Res.Attr}` are a "bad substitution" to the shell whatever is set.
 */
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The keys of a command's `env`: undefined without one, 'unknown' when an intrinsic builds it. */
function envKeys(ctx: RuleContext, command: CfnNode): Set<string> | 'unknown' | undefined {
  const env = chosen(getProperty(command, 'env'), ctx.model.ctx);
  if (!env || env.kind !== 'object') return undefined;
  if (intrinsicName(env)) return 'unknown';
  const keys = new Set<string>();
  for (const p of env.properties) if (chosen(p.value, ctx.model.ctx)) keys.add(p.key);
  return keys;
}

/**
 * Where the shell text first sets variable `name`: `name=…` (also after `export `, `local ` …, `;`,
 * `&&`), `for name …` or `read … name`; -1 when it never does. Then a `${name}` after it is the
 * script's own variable. One pass over the places the name is written, without a pattern that could
 * backtrack over a long line.
 */
function firstAssignment(text: string, name: string): number {
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    if (i > 0 && !ASSIGNMENT_BOUNDARY.test(text[i - 1]!)) continue;
    const end = i + name.length;
    if (text[end] === '=' || (text[end] === '+' && text[end + 1] === '=')) return i;
    if (/\w/.test(text[end] ?? '')) continue;
    // `for name in …` or `read [options] … name`: the words before it on its line (at most 200 characters).
    const head = text.slice(Math.max(text.lastIndexOf('\n', i) + 1, i - 200), i);
    if (/\bfor\s+$/.test(head)) return i;
    const read = head.lastIndexOf('read');
    if (
      read >= 0 &&
      /^read\s/.test(head.slice(read)) &&
      !/[;&|]/.test(head.slice(read)) &&
      !/\w/.test(head[read - 1] ?? '')
    )
      return i;
  }
  return -1;
}
const ASSIGNMENT_BOUNDARY = /[\s;&|(`]/;

function isKnownName(ctx: RuleContext, name: string): boolean {
  if (name.startsWith('AWS::') || ctx.model.model.parameters.has(name)) return true;
  const dot = name.indexOf('.');
  return ctx.model.model.resources.has(dot < 0 ? name : name.slice(0, dot));
}

export const subNeededInit: Rule = {
  id: 'SUB-NEEDED-INIT',
  severity: 'error',
  title: '${…} in an Init command or file without Fn::Sub',
  doc: {
    why: 'Without Fn::Sub, `${AWS::Region}` or `${MyParam}` reaches the instance as text. In a command the shell sees it: `${AWS::Region}` is a "bad substitution" error and `${MyParam}` expands to nothing, so the command fails or does something else. In a file, the literal text is written. Silent where `${MyParam}` is a variable the template supplies another way: the command\'s own `env`, an assignment before it in the script, another Init text that sets `MyParam=` (a .env file), a docker compose file, or a systemd unit with Environment= or EnvironmentFile=.',
    source: 'CloudFormation Fn::Sub; bash parameter expansion; cfn-lint E1029',
    bad: 'commands:\n  01_cluster:\n    command: echo ECS_CLUSTER=${ECSCluster} >> /etc/ecs/ecs.config',
    good: 'commands:\n  01_cluster:\n    command: !Sub echo ECS_CLUSTER=${ECSCluster} >> /etc/ecs/ecs.config',
  },
  check(ctx) {
    for (const init of ctx.model.inits) {
      for (const config of init.configs) {
        for (const command of config.commands) {
          const node = getProperty(command.node, 'command');
          const r = command.rendered ?? (node && mayHoldSub(ctx, node) ? renderText(node, ctx.model.ctx) : undefined);
          if (!r) continue;
          // cfn-init passes env to the shell, and the script may set the variable itself. Read only for a
          // reference found (most commands have none).
          let env: ReturnType<typeof envKeys> | null = null;
          const assigned = new Map<string, number>(); // per name: its first assignment in this command
          const first = firstSubReference(ctx, r, (name, at) => {
            if (!SHELL_NAME.test(name)) return false;
            if (env === null) env = envKeys(ctx, command.node);
            if (env === 'unknown' || env?.has(name) === true) return true;
            let from = assigned.get(name);
            if (from === undefined) assigned.set(name, (from = firstAssignment(r.text, name)));
            return from >= 0 && from < at;
          });
          if (!first) continue;
          ctx.report({
            ...r.sourceRange(first.start, first.end),
            message: `"${first.text}" in command "${command.name}" is not inside Fn::Sub: the shell gets it literally and ${first.name.includes('::') ? 'stops with "bad substitution"' : 'expands it to an empty string'}, so the command fails or does something else. Wrap the command in Fn::Sub (!Sub).`,
          });
        }
        // cfn-hup's own files: SUB-NEEDED. Other files get the text literally.
        for (const file of config.files) {
          if (file.classified.role !== 'other' || !file.content || !isSelected(config)) continue;
          const content = file.content.value;
          const r = file.rendered ?? (mayHoldSub(ctx, content) ? renderText(content, ctx.model.ctx) : undefined);
          if (!r) continue;
          // `${Name}` may be meant for the tool that reads the file, when the template supplies Name to it.
          const supplied = new Map<string, boolean>(); // per name, for this file: read once
          const first = firstSubReference(ctx, r, (name) => {
            if (!SHELL_NAME.test(name)) return false;
            let yes = supplied.get(name);
            if (yes === undefined)
              supplied.set(name, (yes = readsOwnVariables(file, r.text) || initSupplies(ctx, init, content, name)));
            return yes;
          });
          if (!first) continue;
          ctx.report({
            ...r.sourceRange(first.start, first.end),
            severity: 'warning',
            message: `"${first.text}" in ${file.path} is not inside Fn::Sub: cfn-init writes the text "${first.text}" into the file instead of its value. Wrap the content in Fn::Sub (!Sub).`,
          });
        }
      }
    }
  },
};

/** Docker compose files: compose fills `${NAME}` from its environment and the project's .env file. */
const COMPOSE_FILE = /(?:^|[/\\])(?:docker-compose[^/\\]*|compose)\.ya?ml$/i;

/**
 * Whether the file's own reader fills `${NAME}`: a docker compose file, or a systemd unit that sets
 * variables (Environment= or EnvironmentFile=), whose Exec lines expand them.
 */
function readsOwnVariables(file: InitFile, text: string): boolean {
  if (COMPOSE_FILE.test(file.path)) return true;
  return /\.service$/i.test(file.path) && /\bEnvironment(?:File)?=/.test(text);
}

/**
 * Whether the Init supplies variable `name` another way, so a `${name}` in a file is meant for a tool
 * that reads it: a command's env has the key, or some text of the Init assigns `name=` (at a line start,
 * after blanks, `;` or `export `, or at the start of a quoted string, as in a .env file written next to
 * a compose file). Read from the template source of the Init, so Fn::Sub and Fn::Join text counts too;
 * but not the file's own `name=${name}`, which is the same unsubstituted text, not a supply.
 */
function initSupplies(ctx: RuleContext, init: InitResource, own: CfnNode, name: string): boolean {
  for (const config of init.configs)
    for (const command of config.commands) {
      const env = envKeys(ctx, command.node);
      if (env === 'unknown' || env?.has(name)) return true;
    }
  const node = init.initEntry.value;
  const text = ctx.model.text;
  // `\n` and `\t`: the escapes of a JSON string.
  const assignment = new RegExp(`(?:^|[\\s;"']|\\\\[nt])${name}=`, 'g');
  const source = text.slice(node.start, node.end);
  for (let m = assignment.exec(source); m; m = assignment.exec(source)) {
    const after = node.start + m.index + m[0].length;
    if (after > own.start && after < own.end && text.startsWith(`\${${name}}`, after)) continue;
    return true;
  }
  return false;
}

/** A cheap filter before rendering: only text that holds `${` can need Fn::Sub. */
function mayHoldSub(ctx: RuleContext, node: CfnNode): boolean {
  return ctx.model.text.slice(node.start, node.end).includes('${');
}

/** File names whose content is certainly not JSON (a JSON dump would break them). */
const NOT_JSON_FILE =
  /\.(sh|bash|conf|cfg|ini|py|rb|pl|ps1|bat|cmd|txt|service|timer|socket|xml|html?|php|properties|env|config|repo|pem|crt|key|csv|sql|j2|erb|md)$/i;

/** System files read as lines whatever their name (no extension to tell): what each one is. */
const NOT_JSON_PLACES: [RegExp, string][] = [
  [/^\/etc\/cron\.(?:d|hourly|daily|weekly|monthly)\/[^/]+$|^\/etc\/crontab$|^\/var\/spool\/cron\//, 'cron file'],
  [/^\/etc\/(?:rc\.d\/)?init\.d\/[^/]+$/, 'init script'],
  [/^\/etc\/sudoers(?:\.d\/[^/]+)?$|^\/etc\/(?:hosts|fstab|environment)$/, 'system file'],
];

/**
 * Places whose readers take JSON whatever the extension: CNI network configs (.conf / .conflist are JSON
 * by the CNI spec) and cloud-init's .cfg files (YAML, and JSON is YAML).
 */
const JSON_PLACES = /^\/etc\/cni\/net\.d\/[^/]+$|^\/etc\/cloud\/cloud\.cfg(?:\.d\/[^/]+)?$/;

/** What a file not meant to hold JSON is, by its extension or its place; undefined when it may be JSON. */
function notJsonKind(file: InitFile): string | undefined {
  const path = jsonHintless(file);
  if (JSON_PLACES.test(path)) return undefined;
  if (NOT_JSON_FILE.test(path)) return `${extension(path)} file`;
  for (const [place, kind] of NOT_JSON_PLACES) if (place.test(path)) return kind;
  return undefined;
}

export const fileContentJson: Rule = {
  id: 'FILE-CONTENT-JSON',
  severity: 'warning',
  title: 'File content given as a JSON object for a file that is not JSON',
  doc: {
    why: "When `content` is a mapping or a list (not an intrinsic function), cfn-init writes it with json.dump: a script, a .conf or a cron file gets a JSON document instead of its text, and whatever reads it fails. Told by the extension (.sh, .conf, .ini, .service, …) or, for files without one, the place (/etc/cron.d and the other cron folders, /etc/crontab, /etc/init.d, /etc/sudoers.d, /etc/hosts, /etc/fstab, /etc/environment); other names stay silent, and so do the places whose readers take JSON (/etc/cni/net.d, cloud-init's /etc/cloud/cloud.cfg.d).",
    source: 'aws-cfn-bootstrap file_tool.py L247-251',
    bad: '/etc/app/app.conf:\n  content:\n    port: 8080',
    good: '/etc/app/app.conf:\n  content: |\n    port=8080\n(or a .json path when JSON is meant)',
  },
  check(ctx) {
    for (const file of ctx.model.files) {
      const content = file.content?.value;
      if (!content || (content.kind !== 'object' && content.kind !== 'array')) continue;
      if (content.kind === 'object' && intrinsicName(content)) continue; // Fn::Join, Fn::Sub …: text
      if (getProperty(file.node, 'context')) continue; // a mustache template: the author knows the shape
      const kind = notJsonKind(file);
      if (!kind) continue; // unknown or JSON-like names: silent
      ctx.report({
        ...keyRange(file),
        message: `The content of ${file.path} is a ${content.kind === 'array' ? 'list' : 'mapping'}: cfn-init writes it as JSON text, which is not what a ${kind} holds. Give the content as a string (a YAML block "|" or an Fn::Join / Fn::Sub of lines).`,
      });
    }
  },
};

/** The file name without a trailing `.json` hint (e.g. `x.conf.json` is JSON, so no match). */
function jsonHintless(file: InitFile): string {
  return /json/i.test(file.path) ? '' : file.path;
}

function extension(path: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(path);
  return m ? `.${m[1]}` : 'plain';
}

export const initContentRules: Rule[] = [pkgNotMap, subNeededInit, fileContentJson];

import type { CommandRun, FileChange, HookPlan, InstancePlan, ServiceRestart } from './types';

/**
 * The instance plan for people: concise lines for the CLI summary, and a
 * Markdown document for the editor. Both say plainly that every command runs
 * again, and when a hook fires but nothing on the instance differs.
 */
const COMMANDS_RUN_AGAIN = 'cfn-init runs every command on every run, changed or not';
const DIFF_LINES_IN_SUMMARY = 12;

const CHANGE_WORDS: Record<FileChange['change'], string> = {
  created: 'created (or overwritten)',
  content: 'content changes',
  source: 'downloaded from a new source',
  attributes: 'attributes change',
  'may-change': 'may change',
  'no-longer-managed': 'no longer managed',
};

export function hookTitle(h: HookPlan): string {
  const who = h.instances === undefined ? '' : h.instances === 1 ? ', 1 instance' : `, ${h.instances} instances`;
  return `hook "${h.hook}" (${h.trigger}, in ${h.definedIn}${who})`;
}

export function runLine(h: HookPlan): string[] {
  return h.runs.map((r) => {
    const sets = r.configSets.map((s) => JSON.stringify(s)).join(', ');
    const head = `cfn-init --resource ${r.resource || '?'} -c ${sets} (${r.platform})`;
    return r.error ? `${head}: ${r.error}` : `${head}: configs ${r.configs.join(' → ') || '(none)'}`;
  });
}

export function fileLine(f: FileChange): string {
  return `${f.path} [${f.config}]: ${fileDetail(f)}`;
}

/** What happens to the file: the change, attribute changes, unknown values, notes. */
export function fileDetail(f: FileChange): string {
  const attrs = (['mode', 'owner', 'group', 'source'] as const)
    .filter((k) => f[k])
    .map((k) => `${k} ${f[k]!.before ?? '(unset)'} -> ${f[k]!.after ?? '(unset)'}`);
  const unknown = f.unknown?.length ? `; contains values not known offline: ${f.unknown.join(', ')}` : '';
  return `${CHANGE_WORDS[f.change]}${attrs.length ? `, ${attrs.join(', ')}` : ''}${unknown}${f.note ? ` (${f.note})` : ''}`;
}

export function commandLine(c: CommandRun): string {
  const text = Array.isArray(c.command) ? JSON.stringify(c.command) : firstLine(c.command);
  const flags = [
    c.conditional ? `only if test passes: ${firstLine(c.test ?? '')}` : '',
    c.ignoreErrors ? 'ignoreErrors' : '',
    c.waitAfterCompletion !== undefined ? `waitAfterCompletion ${c.waitAfterCompletion}` : '',
    c.cwd ? `cwd ${c.cwd}` : '',
    c.env ? `env ${Object.keys(c.env).join(',')} (replaces the whole environment)` : '',
    c.runas ? `runas ${c.runas}` : '',
    c.changed ? 'changed since the previous Metadata' : '',
    ...(c.problems ?? []),
  ].filter(Boolean);
  return `${c.name} [${c.config}]: ${text}${flags.length ? `  (${flags.join('; ')})` : ''}`;
}

export function serviceLine(s: ServiceRestart): string {
  return `${s.manager} ${s.name} [${s.config}]${s.certain ? '' : ' may restart'}: ${s.because.join('; ')}`;
}

function otherLines(h: HookPlan): string[] {
  return [
    ...h.packagesChanged.map((p) =>
      `package ${p.manager}/${p.name} [${p.config}]: ${p.change}${p.before ? ` ${p.before} ->` : ''} ${p.after ?? ''}`.trimEnd(),
    ),
    ...h.sourcesExtracted.map(
      (s) =>
        `source ${s.path} [${s.config}]: extracted from ${s.url}${s.change === 'url' ? ` (was ${s.before})` : s.change === 'new' ? ' (new)' : ' (same URL)'}`,
    ),
    ...h.usersChanged.map((u) => `user ${u.name} [${u.config}]: ${u.change}`),
    ...h.groupsChanged.map((g) => `group ${g.name} [${g.config}]: ${g.change}`),
  ];
}

export function nothingLine(h: HookPlan): string {
  return `Nothing changes on the instance: no file, package, source URL, user, group or command differs from the previous run. The ${h.commandsRun.length} command(s) run again anyway: ${COMMANDS_RUN_AGAIN}.`;
}

/** Concise lines for the CLI's release summary. */
export function instancePlanLines(plan: InstancePlan): string[] {
  const out: string[] = [];
  for (const h of plan.hooks) {
    out.push(`Instance plan, ${hookTitle(h)}:`);
    for (const l of runLine(h)) out.push(`  ${l}`);
    if (h.changesNothing) out.push(`  ${nothingLine(h)}`);
    if (h.filesChanged.length) out.push('  files:');
    for (const f of h.filesChanged) {
      out.push(`    ${fileLine(f)}`);
      const diff = f.diff?.split('\n') ?? [];
      for (const l of diff.slice(0, DIFF_LINES_IN_SUMMARY)) out.push(`      ${l}`);
      if (diff.length > DIFF_LINES_IN_SUMMARY)
        out.push(`      … ${diff.length - DIFF_LINES_IN_SUMMARY} more diff line(s) (--format json has them all)`);
    }
    if (h.commandsRun.length)
      out.push(`  commands (all ${h.commandsRun.length}, in this order; ${COMMANDS_RUN_AGAIN}):`);
    else if (h.runs.some((r) => !r.error)) out.push('  commands: none');
    for (const c of h.commandsRun) out.push(`    ${commandLine(c)}`);
    if (h.servicesRestarted.length) out.push('  services restarted:');
    else if (h.runs.some((r) => !r.error)) out.push('  services restarted: none');
    for (const s of h.servicesRestarted) out.push(`    ${serviceLine(s)}`);
    for (const l of otherLines(h)) out.push(`  ${l}`);
    for (const n of h.notes) out.push(`  note: ${n}`);
  }
  return out;
}

/** A readable Markdown document of the plan (the editor shows it beside the confirmation). */
export function instancePlanMarkdown(plan: InstancePlan, heading: string): string {
  const md: string[] = [`# ${heading}`, ''];
  if (plan.hooks.length === 0)
    md.push('No cfn-hup hook watches what this release changes: running instances will not apply it in place.', '');
  for (const h of plan.hooks) {
    md.push(`## ${esc(hookTitle(h))}`, '', 'Action:', '', '```sh', h.action.trim(), '```', '');
    for (const l of runLine(h)) md.push(`- ${esc(l)}`);
    md.push('');
    if (h.changesNothing) md.push(`**${esc(nothingLine(h))}**`, '');
    if (h.filesChanged.length) {
      md.push('### Files', '');
      for (const f of h.filesChanged) {
        md.push(`- \`${f.path}\` (config ${esc(f.config)}): ${esc(fileDetail(f))}`);
        if (f.diff) md.push('', '  ```diff', ...f.diff.split('\n').map((l) => `  ${l}`), '  ```', '');
      }
      md.push('');
    }
    const ran = h.runs.some((r) => !r.error);
    if (h.commandsRun.length) {
      md.push('### Commands', '', `All of them, in this order (${COMMANDS_RUN_AGAIN}):`, '');
      for (const c of h.commandsRun) md.push(`1. ${esc(commandLine(c))}`);
      md.push('');
    } else if (ran) md.push('### Commands', '', 'None.', '');
    if (h.servicesRestarted.length) {
      md.push('### Services restarted', '');
      for (const s of h.servicesRestarted) md.push(`- ${esc(serviceLine(s))}`);
      md.push('');
    } else if (ran) md.push('### Services restarted', '', 'None.', '');
    const other = otherLines(h);
    if (other.length) md.push('### Packages, sources, users, groups', '', ...other.map((l) => `- ${esc(l)}`), '');
    if (h.notes.length) md.push('### Notes', '', ...h.notes.map((n) => `- ${esc(n)}`), '');
  }
  return md.join('\n');
}

function firstLine(s: string): string {
  const lines = s.trim().split('\n');
  return lines.length > 1 ? `${lines[0]} … (${lines.length} lines)` : (lines[0] ?? '');
}

/** Markdown-escape text that is not code. */
function esc(s: string): string {
  return s.replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

/** One sentence for a confirmation dialog: what the hooks that fire do on each instance. */
export function instancePlanHeadline(plan: InstancePlan): string {
  if (!plan.hooks.length) return '';
  const beside = 'The release plan is open beside.';
  if (plan.hooks.every((h) => h.changesNothing))
    return `On each instance: nothing changes (the commands run again anyway). ${beside}`;
  const files = plan.hooks.reduce(
    (n, h) => n + h.filesChanged.filter((f) => f.change !== 'no-longer-managed').length,
    0,
  );
  const commands = plan.hooks.reduce((n, h) => n + h.commandsRun.length, 0);
  const services = plan.hooks.reduce((n, h) => n + h.servicesRestarted.length, 0);
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `On each instance: ${count(files, 'file changes', 'files change')}, ${count(commands, 'command runs', 'commands run')}, ${count(services, 'service restarts', 'services restart')}. ${beside}`;
}

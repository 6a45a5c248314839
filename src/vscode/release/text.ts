import type { StackParameter } from '../../core/aws/ports';
import type { ParameterDeclaration } from '../../core/release/declarations';
import type { ChangeSetSummary } from '../../core/release/changeSetSummary';
import { validateParameterValue } from '../../core/release/validate';
import type { Finding } from '../../core/findings';
import type { CfnNode } from '../../core/template/ast';
import { TemplateModel } from '../../core/template/model';
import type { PickItem } from './types';

/** What the user sees of a value: NoEcho values never appear. */
export function shownValue(d: Pick<ParameterDeclaration, 'noEcho'>, value: string): string {
  return d.noEcho ? '(NoEcho)' : `"${value}"`;
}

/**
 * The InputBox check, run on every keystroke: the value's problems against
 * the parameter's Type, AllowedValues, AllowedPattern, Min/MaxValue and
 * Min/MaxLength (core validate), or that it would change nothing.
 */
export function valueProblem(d: ParameterDeclaration, current: string | undefined, value: string): string | undefined {
  if (value.trim() === '') return `Enter the new value of ${d.name}.`;
  const problems = validateParameterValue(d, value);
  if (problems.length) return `CloudFormation would reject it: ${problems.join('; ')}.`;
  if (current !== undefined && !d.noEcho && value === current)
    return `${d.name} is already "${current}": nothing would change.`;
  return undefined;
}

/** "String matching [0-9]+ (digits and dots)", for the InputBox prompt. */
export function describeConstraints(d: ParameterDeclaration): string {
  const parts = [d.type];
  if (d.allowedValues) parts.push(`one of ${d.allowedValues.join(', ')}`);
  if (d.allowedPattern !== undefined) parts.push(`matching ${d.allowedPattern}`);
  if (d.minValue !== undefined || d.maxValue !== undefined)
    parts.push(`from ${d.minValue ?? '-∞'} to ${d.maxValue ?? '∞'}`);
  if (d.minLength !== undefined || d.maxLength !== undefined)
    parts.push(`${d.minLength ?? 0} to ${d.maxLength ?? '∞'} characters`);
  if (d.constraintDescription) parts.push(`(${d.constraintDescription})`);
  return parts.join(' ');
}

export interface ParameterPick extends PickItem {
  name: string;
}

/**
 * The parameters to choose the build from when the configured one is missing:
 * those that look like a build first, each with its current value (masked when
 * NoEcho) and type. Only parameters both the template and the stack have.
 */
export function parameterPicks(
  declarations: readonly ParameterDeclaration[],
  stackParameters: readonly StackParameter[],
  likely: readonly string[],
): ParameterPick[] {
  const live = new Map(stackParameters.map((p) => [p.key, p.value]));
  const items = declarations
    .filter((d) => live.has(d.name))
    .map((d) => ({
      name: d.name,
      label: d.name,
      description: d.noEcho ? 'NoEcho' : `current: ${live.get(d.name)}`,
      detail: [describeConstraints(d), d.description].filter(Boolean).join(' · '),
    }));
  const rank = (n: string) => (likely.includes(n) ? 0 : 1);
  return items.sort((a, b) => rank(a.name) - rank(b.name));
}

export interface Confirmation {
  message: string;
  detail: string;
  button: string;
}

/**
 * The modal before executing: what changes, replacements first and loud (a
 * release should replace nothing), which cfn-hup hooks fire on how many
 * instances within which interval.
 */
export function confirmation(title: string, changeSetName: string, summary: ChangeSetSummary): Confirmation {
  const n = summary.replacements.length;
  const loud = n
    ? `\n\n⚠ WARNING: this change set REPLACES OR DELETES ${n} resource${n === 1 ? '' : 's'} (${summary.replacements.map((r) => r.logicalId).join(', ')}). An in-place release should replace nothing.`
    : '';
  return {
    message: `${title}?${loud}`,
    detail: [`Change set ${changeSetName}:`, ...summary.lines].join('\n'),
    button: n ? 'Execute Anyway' : 'Execute',
  };
}

/** The lint gate of "Update stack from template": error findings, described for a modal. */
export function lintGate(
  findings: readonly Finding[],
  max = 5,
): { errors: number; message: string; detail: string } | undefined {
  const errors = findings.filter((f) => f.severity === 'error');
  if (!errors.length) return undefined;
  const shown = errors.slice(0, max).map((f) => `${f.ruleId}: ${f.message}`);
  if (errors.length > max) shown.push(`… and ${errors.length - max} more (see the Problems panel)`);
  return {
    errors: errors.length,
    message: `The template has ${errors.length} error${errors.length === 1 ? '' : 's'} from the cfn-hup checks. Deploy it anyway?`,
    detail: shown.join('\n'),
  };
}

/** The InputBox check of an instance refresh's minimum healthy percentage. */
export function percentageProblem(value: string): string | undefined {
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 100)
    return 'A whole number from 1 to 100: the share of the group that stays in service (0 would replace every instance at once).';
  return undefined;
}

/** The key of parameter `name` in the template's Parameters section (where the CodeLens goes). */
export function parameterKey(root: CfnNode | undefined, name: string): { start: number; end: number } | undefined {
  if (!root || root.kind !== 'object') return undefined;
  const p = new TemplateModel(root).parameters.get(name);
  return p ? { start: p.keyStart, end: p.keyEnd } : undefined;
}

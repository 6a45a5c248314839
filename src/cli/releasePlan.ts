import type { ChangeSetSummary } from '../core/release/changeSetSummary';
import { instancePlanLines } from '../core/release/instancePlan/format';
import type { InstancePlan } from '../core/release/instancePlan/types';
import type { ReleasePlan } from '../core/release/workflow';
import { UsageError, type Io } from './io';

/**
 * The instance plan in `release`: what each hook that fires will do on an
 * instance, as text after the change-set summary, or as the whole preview in
 * JSON (`--format json`, without --yes) for a pipeline to inspect. Kept apart
 * from release.ts so the release flow stays one readable function.
 */
export type ReleaseFormat = 'text' | 'json';

export function releaseFormat(options: { format?: string; yes?: boolean }): ReleaseFormat {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format "${format}" (use text or json)`);
  if (format === 'json' && options.yes)
    throw new UsageError('--format json describes the release without executing it: run it without --yes');
  return format;
}

/** With --format json, stdout carries only the JSON document: the progress text goes to stderr. */
export function progressIo(io: Io, format: ReleaseFormat): Io {
  return format === 'json' ? { ...io, stdout: (t) => io.stderr(t) } : io;
}

/** The plan as text for the summary ('' when no hook fires: the summary already says so). */
export function instancePlanText(instances: InstancePlan | undefined): string {
  const lines = instancePlanLines(instances ?? { hooks: [] });
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** The preview document of `release --format json`. A NoEcho build value is never included. */
export function releasePreviewJson(plan: ReleasePlan, changeSetName: string, summary: ChangeSetSummary): string {
  const secret = plan.parameter.noEcho;
  return (
    JSON.stringify(
      {
        stack: plan.stack.name,
        status: plan.stack.status,
        parameter: {
          name: plan.parameter.name,
          noEcho: secret,
          current: secret ? null : plan.currentValue,
          new: secret ? null : plan.newValue,
        },
        executed: false,
        changeSet: {
          name: changeSetName,
          changes: summary.changes,
          replacements: summary.replacements.map((r) => r.logicalId),
        },
        hooks: summary.instancePlan?.hooks ?? [],
      },
      null,
      2,
    ) + '\n'
  );
}

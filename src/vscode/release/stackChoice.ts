import { cancelled, cancelledIf, refuse, withStep } from './steps';
import { listingFailed } from './pickStack';
import type { PickItem, ReleaseDeps, ReleaseResult } from './types';

/** Stacks looked at for a template's parameter: DescribeStacks calls at a time, and at most this many stacks. */
const CONCURRENCY = 6;
const MAX_STACKS = 500;

/**
 * Ask for a stack to release a template's build to: only the stacks whose
 * deployed template declares `parameter` (a stack's parameters are its
 * template's), the one last released from this file first. When none does,
 * say so instead of offering stacks the release would refuse.
 */
export async function pickStackDeclaring(
  deps: ReleaseDeps,
  parameter: string,
  title: string,
  lastReleased?: string,
): Promise<string | ReleaseResult> {
  let stacks: PickItem[];
  try {
    stacks = await withStep(deps, `cfn-hup: finding the stacks that declare ${parameter}`, async (step) => {
      const names: { name: string; status: string }[] = [];
      for await (const page of deps.aws.stacks.listStacks(step.signal)) {
        for (const s of page) if (s.status !== 'DELETE_COMPLETE') names.push({ name: s.name, status: s.status });
        if (step.signal.aborted || names.length >= MAX_STACKS) break;
      }
      cancelledIf(step);
      const declaring: PickItem[] = [];
      for (let i = 0; i < names.length; i += CONCURRENCY) {
        const batch = names.slice(i, i + CONCURRENCY);
        const details = await Promise.all(
          batch.map((s) => deps.aws.stacks.describeStack(s.name, step.signal).catch(() => undefined)),
        );
        cancelledIf(step);
        details.forEach((d, j) => {
          // Values are not shown: one could be NoEcho, and an endpoint may return it unmasked.
          if (!d?.parameters.some((x) => x.key === parameter)) return;
          declaring.push({
            label: batch[j]!.name,
            description: [
              batch[j]!.status,
              batch[j]!.name === lastReleased ? 'last released from this file' : undefined,
            ]
              .filter(Boolean)
              .join(' · '),
          });
        });
      }
      return declaring;
    });
  } catch (e) {
    return listingFailed(deps, e);
  }
  if (!stacks.length) {
    const region = await deps.aws.resolveRegion().catch(() => undefined);
    return refuse(
      'no-stacks',
      `No stack in ${region ?? 'this region'} declares ${parameter} in its deployed template: deploy the template to a stack first, or choose another profile or region.`,
    );
  }
  const last = stacks.findIndex((s) => s.label === lastReleased);
  if (last > 0) stacks.unshift(...stacks.splice(last, 1));
  const picked = await deps.ui.prompter.showQuickPick(stacks, {
    title,
    placeHolder: `Stacks whose template declares ${parameter}`,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return picked?.label ?? cancelled('No stack chosen; nothing was changed.');
}

import { describeAwsError, isAwsError } from '../../core/aws/errors';
import { cancelled, Cancelled, cancelledIf, refuse, withStep } from './steps';
import type { PickItem, ReleaseDeps, ReleaseResult } from './types';

/** Ask for a stack: a QuickPick of the region's live stacks. Undefined when the user escapes. */
export async function pickStack(deps: ReleaseDeps, title: string): Promise<string | ReleaseResult> {
  let stacks: PickItem[];
  try {
    stacks = await withStep(deps, 'cfn-hup: listing stacks', async (step) => {
      const all: PickItem[] = [];
      for await (const page of deps.aws.stacks.listStacks(step.signal)) {
        for (const s of page)
          if (s.status !== 'DELETE_COMPLETE')
            all.push({ label: s.name, description: s.status, detail: s.statusReason });
        if (step.signal.aborted || all.length >= 2000) break;
      }
      cancelledIf(step);
      return all;
    });
  } catch (e) {
    return listingFailed(deps, e);
  }
  if (!stacks.length) {
    const region = await deps.aws.resolveRegion().catch(() => undefined);
    return refuse('no-stacks', `No stacks in ${region ?? 'this region'}: choose another profile or region.`);
  }
  const picked = await deps.ui.prompter.showQuickPick(stacks, {
    title,
    placeHolder: 'Stack',
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return picked?.label ?? cancelled('No stack chosen; nothing was changed.');
}

/** Listing the stacks ended early: the user cancelled (nothing changed) or AWS failed (logged and said). */
export function listingFailed(deps: ReleaseDeps, e: unknown): ReleaseResult {
  if (e instanceof Cancelled) return cancelled('Cancelled; nothing was changed.');
  if (!isAwsError(e)) throw e;
  deps.ui.log.error(`Listing stacks: ${describeAwsError(e)}`);
  return { kind: 'failed', message: `Cannot list the stacks: ${describeAwsError(e).replace('\n', ' ')}` };
}

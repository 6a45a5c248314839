import type { ChangeSetDetail, ResourceChange } from '../aws/ports';
import { describeFiring, type HookFiring } from './hookImpact';
import type { InstancePlan } from './instancePlan/types';

export interface ChangeSetSummary {
  changes: ResourceChange[];
  /** Resources CloudFormation will (or may) replace: new instances, new launch configurations. */
  replacements: ResourceChange[];
  hooks: HookFiring[];
  /** What each hook that fires will do on an instance (files, commands, services), when it was planned. */
  instancePlan?: InstancePlan;
  /** Printable lines, replacements first and loud. */
  lines: string[];
}

/**
 * What a change set will do, for a person about to approve it: resources that
 * change, replacements called out loudly (a replaced instance is not an
 * in-place release), and which cfn-hup hooks will apply the release on running
 * instances, and how soon.
 */
export function summarizeChangeSet(
  changeSet: ChangeSetDetail,
  hooks: HookFiring[] = [],
  /** cfn-hup may run hooks nothing here reads (../cfnhup/hooksElsewhere.ts): written outside the Init, downloaded, or in the image. */
  hooksElsewhere = false,
): ChangeSetSummary {
  const replacements = changeSet.changes.filter(
    (c) => c.replacement === 'True' || c.replacement === 'Conditional' || c.action === 'Remove',
  );
  const lines: string[] = [];
  for (const r of replacements) {
    const what = r.action === 'Remove' ? 'DELETES' : r.replacement === 'True' ? 'REPLACES' : 'MAY REPLACE';
    lines.push(
      `!! ${what} ${r.logicalId} (${r.resourceType})${r.physicalId ? ` ${r.physicalId}` : ''}${r.details.length ? ` because of ${r.details.join(', ')}` : ''}`,
    );
  }
  for (const c of changeSet.changes) {
    if (replacements.includes(c)) continue;
    const scope = c.scope.length ? ` [${c.scope.join(', ')}]` : '';
    const details = c.details.length ? `: ${c.details.join(', ')}` : '';
    lines.push(`${c.action.padEnd(6)} ${c.logicalId} (${c.resourceType})${scope}${details}`);
  }
  if (changeSet.changes.length === 0) lines.push('No resource changes.');
  if (hooks.length) for (const h of hooks) lines.push(`cfn-hup: ${describeFiring(h)}`);
  else if (hooksElsewhere)
    lines.push(
      'cfn-hup: no hook in the Init watches what changes, but cfn-hup may run hooks cfn-hup-tools cannot read (downloaded with source; written by UserData, an Init command, a script or an archive; or, as the Init writes cfn-hup.conf and no hook file, brought by the image): whether running instances apply this release in place depends on those.',
    );
  else lines.push('cfn-hup: no hook watches what changes; running instances will not apply this release in place.');
  return { changes: changeSet.changes, replacements, hooks, lines };
}

/** CloudFormation's words for "this change set changes nothing". */
export function isNoChangesReason(reason: string | undefined): boolean {
  return !!reason && /didn't contain changes|did not contain changes|No updates are to be performed/i.test(reason);
}

/** The no-change result of a refusal with such words: "No updates are to be performed" once, then any other reason. */
export function noChangesRefusal(reason: string): string {
  const r = reason.trim();
  if (/^No updates are to be performed/i.test(r)) return /[.!]$/.test(r) ? r : `${r}.`;
  return `No updates are to be performed (${r}).`;
}

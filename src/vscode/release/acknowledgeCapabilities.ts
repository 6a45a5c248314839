import { CAPABILITY_MEANINGS, type Capability } from '../../core/release/capabilities';
import type { ReleasePrompter } from './types';

/**
 * The modal that asks the user to acknowledge the capabilities CloudFormation refused an update
 * for: each named with what acknowledging it means. Only the button's click acknowledges them
 * (IAM changes are the user's decision); the change set made afterwards is still confirmed
 * before it is executed.
 */

export const ACKNOWLEDGE = 'Acknowledge and Update';

export interface AcknowledgeQuestion {
  stackName: string;
  fileName: string;
  /** The capabilities to acknowledge (asked by CloudFormation, not given yet). */
  capabilities: readonly Capability[];
  /** The stack's own, kept. */
  kept: readonly string[];
  /** What became of a change set CloudFormation failed (undefined: none was made). */
  changeSet?: string;
}

export function acknowledgeQuestion(q: AcknowledgeQuestion): { message: string; detail: string } {
  const names = q.capabilities.join(' and ');
  const meanings = q.capabilities.map((c) => `${c}: ${CAPABILITY_MEANINGS[c]}`);
  const sent = q.kept.length ? `the stack's own (${q.kept.join(', ')}) and ${names}` : names;
  return {
    message: `CloudFormation will not update ${q.stackName} from ${q.fileName} until you acknowledge ${names}.`,
    detail: [
      ...meanings,
      `"${ACKNOWLEDGE}" makes the change set again with ${sent}, no other capability; you still confirm it before anything is executed. Acknowledge only if you expect these changes.`,
      `${q.changeSet ? `${q.changeSet} ` : 'Nothing was created; '}${q.stackName} was not changed.`,
    ].join('\n\n'),
  };
}

/** True only when the user clicked "Acknowledge and Update". */
export async function askToAcknowledge(prompter: ReleasePrompter, q: AcknowledgeQuestion): Promise<boolean> {
  const { message, detail } = acknowledgeQuestion(q);
  return (await prompter.showWarningMessage(message, { modal: true, detail }, ACKNOWLEDGE)) === ACKNOWLEDGE;
}

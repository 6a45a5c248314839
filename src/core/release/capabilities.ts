/**
 * The capabilities CloudFormation asks an update to acknowledge. An update from a new
 * template keeps the stack's own and adds only those the user acknowledges (the CLI's
 * `--capability`, the editor's "Acknowledge and Update" on CloudFormation's refusal):
 * acknowledging IAM changes is the user's decision, never guessed from the template.
 */
export const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;

export type Capability = (typeof CAPABILITIES)[number];

export function isCapability(value: string): value is Capability {
  return (CAPABILITIES as readonly string[]).includes(value);
}

/** What acknowledging each one means, in one plain sentence: said before the user decides. */
export const CAPABILITY_MEANINGS: Readonly<Record<Capability, string>> = {
  CAPABILITY_IAM:
    'The template creates or changes IAM resources (roles, policies, users, groups, instance profiles), which can change who may do what in your AWS account.',
  CAPABILITY_NAMED_IAM:
    'The template creates or changes IAM resources with custom names (such as a RoleName), which can change who may do what in your AWS account; a name already taken in the account makes the update fail.',
  CAPABILITY_AUTO_EXPAND:
    'The template uses macros or transforms (Transform), which CloudFormation expands into resources that are not written in the template itself.',
};

/** The stack's capabilities followed by the added ones not already there, in the order given. */
export function withCapabilities(existing: readonly string[], added: readonly string[]): string[] {
  const out = [...existing];
  for (const c of added) if (!out.includes(c)) out.push(c);
  return out;
}

/**
 * The capabilities a CloudFormation refusal names — an InsufficientCapabilities error on
 * CreateChangeSet, or a change set FAILED with "Requires capabilities : [CAPABILITY_IAM]"
 * (after a transform is expanded) — in the order named; undefined when the text is no such refusal.
 */
export function capabilitiesAsked(reason: string | undefined): string[] | undefined {
  if (!reason || !/Requires capabilities|InsufficientCapabilities/i.test(reason)) return undefined;
  const named = reason.match(/CAPABILITY_[A-Z_]+/g);
  return named ? [...new Set(named)] : undefined;
}

/**
 * What to ask the user to acknowledge after a refusal: the capabilities it asked for that the
 * refused request did not carry. Undefined when there is nothing to ask — no capability named,
 * every one already given (asking again would loop: the refusal is then shown as it is), or a
 * name this tool does not know (its meaning could not be said, so it is not offered).
 */
export function capabilitiesToAcknowledge(
  asked: readonly string[] | undefined,
  given: readonly string[],
): Capability[] | undefined {
  if (!asked?.length || !asked.every(isCapability)) return undefined;
  const missing = asked.filter((c) => !given.includes(c));
  return missing.length ? missing : undefined;
}

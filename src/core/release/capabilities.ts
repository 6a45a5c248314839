/**
 * The capabilities CloudFormation asks an update to acknowledge. An update from a new
 * template keeps the stack's own and adds only those the user names (`--capability`):
 * acknowledging IAM changes is the user's decision, never guessed from the template.
 */
export const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;

export type Capability = (typeof CAPABILITIES)[number];

export function isCapability(value: string): value is Capability {
  return (CAPABILITIES as readonly string[]).includes(value);
}

/** The stack's capabilities followed by the added ones not already there, in the order given. */
export function withCapabilities(existing: readonly string[], added: readonly string[]): string[] {
  const out = [...existing];
  for (const c of added) if (!out.includes(c)) out.push(c);
  return out;
}

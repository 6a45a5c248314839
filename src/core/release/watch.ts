/**
 * Where to follow a stack update that goes on without us (after Ctrl-C, the
 * Cancel button, or a lost connection): the CloudFormation console's events
 * page of the stack. The CLI adds its `status` command, the editor its view.
 */

/** The console page of the stack's events; undefined for a custom endpoint (moto, LocalStack) or no region. */
export function stackEventsUrl(
  stackId: string,
  region: string | undefined,
  customEndpoint: boolean,
): string | undefined {
  if (customEndpoint || !region) return undefined;
  return `https://${region}.console.aws.amazon.com/cloudformation/home?region=${region}#/stacks/events?stackId=${encodeURIComponent(stackId)}`;
}

/**
 * What explorer nodes hand to commands (tree context menus pass the node).
 * Explorer nodes implement these; release commands accept them, or ask.
 */
export interface StackTarget {
  readonly kind: 'stack';
  readonly stackName: string;
  readonly stackId?: string;
}

export interface GroupTarget {
  readonly kind: 'autoScalingGroup';
  readonly stackName: string;
  readonly groupName: string;
}

export interface ResourceTarget {
  readonly kind: 'resource';
  readonly stackName: string;
  readonly logicalId: string;
  readonly resourceType?: string;
}

export function isStackTarget(x: unknown): x is StackTarget {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as StackTarget).kind === 'stack' &&
    typeof (x as StackTarget).stackName === 'string'
  );
}

export function isGroupTarget(x: unknown): x is GroupTarget {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as GroupTarget).kind === 'autoScalingGroup' &&
    typeof (x as GroupTarget).groupName === 'string'
  );
}

export function isResourceTarget(x: unknown): x is ResourceTarget {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as ResourceTarget).kind === 'resource' &&
    typeof (x as ResourceTarget).logicalId === 'string'
  );
}

/** contextValue prefixes of explorer nodes (package.json menus match `viewItem =~ /^cfnHup\.stack\b/` etc.). */
export const CONTEXT = {
  stack: 'cfnHup.stack',
  group: 'cfnHup.group',
  instance: 'cfnHup.instance',
  resource: 'cfnHup.resource',
} as const;

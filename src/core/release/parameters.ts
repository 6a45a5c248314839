import type { ParameterSetting, StackDetail, TemplateSource, UpdateRequest } from '../aws/ports';

/**
 * The parameters of a release: the changed one with its new value and every
 * other parameter as UsePreviousValue. Every one is listed explicitly: a
 * parameter left out of an update falls back to its template Default, which
 * silently resets it, and NoEcho values could not be sent back anyway (AWS
 * returns them masked).
 */
export function releaseParameters(stack: StackDetail, changedKey: string, newValue: string): ParameterSetting[] {
  return stack.parameters.map((p) =>
    p.key === changedKey ? { key: p.key, value: newValue } : { key: p.key, usePreviousValue: true as const },
  );
}

/**
 * The update request that changes only the parameters. Capabilities must be
 * acknowledged again on every update, so the stack's own are carried over.
 * Tags, notification topics and the service role are left out on purpose:
 * for UpdateStack and CreateChangeSet an omitted value keeps the stack's,
 * while an empty list would remove them.
 */
export function updateRequest(
  stack: StackDetail,
  parameters: ParameterSetting[],
  template: TemplateSource = { usePrevious: true },
): UpdateRequest {
  return { stackName: stack.name, template, parameters, capabilities: [...stack.capabilities] };
}

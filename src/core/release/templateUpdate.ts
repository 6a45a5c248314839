import type { ParameterSetting, StackDetail, TemplateSource, UpdateRequest } from '../aws/ports';
import { withCapabilities } from './capabilities';
import { readDeclarations } from './declarations';

/** CloudFormation's limits: TemplateBody up to 51,200 bytes; TemplateURL (S3) up to 1 MB. */
export const TEMPLATE_BODY_LIMIT = 51_200;
export const TEMPLATE_URL_LIMIT = 1_000_000;

export type TemplateDelivery =
  { kind: 'body' } | { kind: 'upload'; bucket: string; key: string } | { kind: 'refused'; message: string };

/** How a template reaches CloudFormation: inline when small, through S3 when a bucket is given, otherwise a clear refusal. */
export function chooseTemplateDelivery(
  body: string,
  stackName: string,
  bucket: string | undefined,
  now: number,
): TemplateDelivery {
  const bytes = utf8Length(body);
  if (bytes <= TEMPLATE_BODY_LIMIT) return { kind: 'body' };
  if (bytes > TEMPLATE_URL_LIMIT)
    return {
      kind: 'refused',
      message: `The template is ${bytes} bytes; CloudFormation accepts at most ${TEMPLATE_URL_LIMIT} bytes even from S3.`,
    };
  if (!bucket)
    return {
      kind: 'refused',
      message: `The template is ${bytes} bytes, over the ${TEMPLATE_BODY_LIMIT}-byte TemplateBody limit: give an S3 bucket to upload it to (the stack's region).`,
    };
  return {
    kind: 'upload',
    bucket,
    key: `cfn-hup-tools/${stackName}/${new Date(now).toISOString().replace(/[:.]/g, '-')}.template`,
  };
}

export type TemplateUpdatePlan = { ok: true; request: UpdateRequest } | { ok: false; message: string };

/**
 * An update from a new template: every parameter both the stack and the new
 * template have keeps its value (UsePreviousValue), new parameters take their
 * Default, and a new parameter without one is refused with its name.
 */
export function planTemplateUpdate(
  stack: StackDetail,
  templateText: string,
  template: Exclude<TemplateSource, { usePrevious: true }>,
  overrides: Record<string, string> = {},
  addedCapabilities: readonly string[] = [],
): TemplateUpdatePlan {
  const decl = readDeclarations(templateText);
  if (!decl.ok)
    return { ok: false, message: `Not updating: ${decl.reason.replace("the stack's template", 'the template')}.` };
  const live = new Set(stack.parameters.map((p) => p.key));
  const parameters: ParameterSetting[] = [];
  const missing: string[] = [];
  for (const d of decl.parameters) {
    if (overrides[d.name] !== undefined) parameters.push({ key: d.name, value: overrides[d.name]! });
    else if (live.has(d.name)) parameters.push({ key: d.name, usePreviousValue: true });
    else if (d.defaultValue === undefined) missing.push(d.name);
  }
  if (missing.length)
    return {
      ok: false,
      message: `Not updating: the template adds parameter${missing.length > 1 ? 's' : ''} ${missing.join(', ')} with no Default; give ${missing.length > 1 ? 'their values' : 'a value'}.`,
    };
  const capabilities = withCapabilities(stack.capabilities, addedCapabilities);
  return { ok: true, request: { stackName: stack.name, template, parameters, capabilities } };
}

export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

import type { CfnNode } from '../template/ast';
import { getProperty, stringValue } from '../template/ast';
import { TemplateModel } from '../template/model';
import { parseTemplate } from '../template/parse';

/** A template parameter with the constraints CloudFormation checks before an update. */
export interface ParameterDeclaration {
  name: string;
  type: string;
  defaultValue?: string;
  noEcho: boolean;
  description?: string;
  allowedValues?: string[];
  allowedPattern?: string;
  constraintDescription?: string;
  minValue?: number;
  maxValue?: number;
  minLength?: number;
  maxLength?: number;
}

export type Declarations =
  { ok: true; parameters: ParameterDeclaration[]; model: TemplateModel } | { ok: false; reason: string };

/** Read the Parameters section of a template (JSON or YAML, as GetTemplate returns it). */
export function readDeclarations(templateText: string): Declarations {
  const parsed = parseTemplate(templateText);
  if (!parsed.root || parsed.root.kind !== 'object' || parsed.problems.length > 0)
    return { ok: false, reason: `the stack's template does not parse as ${parsed.format.toUpperCase()}` };
  const model = new TemplateModel(parsed.root);
  const parameters = [...model.parameters.values()].map((p) => declaration(p.name, p.node));
  return { ok: true, parameters, model };
}

function declaration(name: string, node: CfnNode): ParameterDeclaration {
  const str = (key: string) => stringValue(getProperty(node, key));
  const num = (key: string) => {
    const v = str(key);
    return v === undefined || v.trim() === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);
  };
  const allowed = getProperty(node, 'AllowedValues');
  return {
    name,
    type: str('Type') ?? 'String',
    defaultValue: str('Default'),
    noEcho: (str('NoEcho') ?? '').toLowerCase() === 'true',
    description: str('Description'),
    allowedValues: allowed?.kind === 'array' ? allowed.items.map((i) => stringValue(i) ?? '') : undefined,
    allowedPattern: str('AllowedPattern'),
    constraintDescription: str('ConstraintDescription'),
    minValue: num('MinValue'),
    maxValue: num('MaxValue'),
    minLength: num('MinLength'),
    maxLength: num('MaxLength'),
  };
}

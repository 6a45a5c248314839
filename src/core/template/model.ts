import type { CfnNode, ObjectNode, Property } from './ast';
import type { ParseProblem } from './parseJson';
import { getProperty, getPropertyEntry, stringValue } from './ast';

export interface ResourceEntry {
  logicalId: string;
  keyStart: number;
  keyEnd: number;
  node: CfnNode;
  type: string | undefined;
  metadata: CfnNode | undefined;
  properties: CfnNode | undefined;
}

export interface ParameterEntry {
  name: string;
  keyStart: number;
  keyEnd: number;
  node: CfnNode;
  type: string | undefined;
}

/**
 * A parameter's entry. Its `Type` is looked up when first asked: most analyses ask it of a few
 * parameters, and every parameter's lookup reads parts of the tree nothing else reads.
 */
class Parameter implements ParameterEntry {
  readonly name: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly node: CfnNode;
  private typeOf: { value: string | undefined } | undefined;

  constructor(p: Property) {
    this.name = p.key;
    this.keyStart = p.keyStart;
    this.keyEnd = p.keyEnd;
    this.node = p.value;
  }

  get type(): string | undefined {
    this.typeOf ??= { value: stringValue(getProperty(this.node, 'Type')) };
    return this.typeOf.value;
  }
}

/** A typed view over the located tree: sections by logical id, nothing copied. */
export class TemplateModel {
  readonly resources = new Map<string, ResourceEntry>();
  readonly parameters = new Map<string, ParameterEntry>();
  readonly mappings: CfnNode | undefined;
  readonly conditions: CfnNode | undefined;
  /** True when the parse saw no key twice in any object (`ParsedTemplate.noDuplicateKeys`); false when unknown. */
  readonly noDuplicateKeys: boolean;
  /** The JSON reader's problems when CloudFormation reads this JSON-looking text as YAML (`ParsedTemplate.notJson`). */
  readonly notJson: readonly ParseProblem[] | undefined;
  /** Where JSON that CloudFormation refuses has comments or trailing commas (`ParsedTemplate.refused`). */
  readonly refused: readonly ParseProblem[] | undefined;

  constructor(
    readonly root: ObjectNode,
    known: { noDuplicateKeys?: boolean; notJson?: readonly ParseProblem[]; refused?: readonly ParseProblem[] } = {},
  ) {
    this.noDuplicateKeys = known.noDuplicateKeys === true;
    this.notJson = known.notJson;
    this.refused = known.refused;
    for (const p of entries(getProperty(root, 'Resources'))) this.resources.set(p.key, resourceEntry(p));
    for (const p of entries(getProperty(root, 'Parameters'))) this.parameters.set(p.key, new Parameter(p));
    this.mappings = getProperty(root, 'Mappings');
    this.conditions = getProperty(root, 'Conditions');
  }

  section(name: string): Property | undefined {
    return getPropertyEntry(this.root, name);
  }
}

/**
 * A resource's entry: its first `Type`, `Metadata` and `Properties` (as `getProperty` finds each),
 * read in one pass over its keys instead of one search per key.
 */
function resourceEntry(p: Property): ResourceEntry {
  let type: CfnNode | undefined;
  let metadata: CfnNode | undefined;
  let properties: CfnNode | undefined;
  const fields = entries(p.value);
  for (let i = 0; i < fields.length; i++) {
    const { key, value } = fields[i]!;
    if (key === 'Type') type ??= value;
    else if (key === 'Metadata') metadata ??= value;
    else if (key === 'Properties') properties ??= value;
  }
  return {
    logicalId: p.key,
    keyStart: p.keyStart,
    keyEnd: p.keyEnd,
    node: p.value,
    type: stringValue(type),
    metadata,
    properties,
  };
}

export function entries(node: CfnNode | undefined): Property[] {
  return node && node.kind === 'object' ? node.properties : [];
}

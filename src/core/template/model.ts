import type { CfnNode, ObjectNode, Property } from './ast';
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

/** A typed view over the located tree: sections by logical id, nothing copied. */
export class TemplateModel {
  readonly resources = new Map<string, ResourceEntry>();
  readonly parameters = new Map<string, ParameterEntry>();
  readonly mappings: CfnNode | undefined;
  readonly conditions: CfnNode | undefined;

  constructor(readonly root: ObjectNode) {
    for (const p of entries(getProperty(root, 'Resources'))) this.resources.set(p.key, resourceEntry(p));
    for (const p of entries(getProperty(root, 'Parameters'))) {
      this.parameters.set(p.key, {
        name: p.key,
        keyStart: p.keyStart,
        keyEnd: p.keyEnd,
        node: p.value,
        type: stringValue(getProperty(p.value, 'Type')),
      });
    }
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

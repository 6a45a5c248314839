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
    for (const p of entries(getProperty(root, 'Resources'))) {
      this.resources.set(p.key, {
        logicalId: p.key,
        keyStart: p.keyStart,
        keyEnd: p.keyEnd,
        node: p.value,
        type: stringValue(getProperty(p.value, 'Type')),
        metadata: getProperty(p.value, 'Metadata'),
        properties: getProperty(p.value, 'Properties'),
      });
    }
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

export function entries(node: CfnNode | undefined): Property[] {
  return node && node.kind === 'object' ? node.properties : [];
}

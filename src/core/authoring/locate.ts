import type { CfnNode } from '../template/ast';
import { getProperty, getPropertyEntry } from '../template/ast';
import type { ResourceEntry, TemplateModel } from '../template/model';
import { entries } from '../template/model';
import { classifyPath, isWindowsPath, type FileRole, type Os } from '../cfnhup/paths';
import { INIT_KEY, userDataNodesOf } from '../cfnhup/model';

/** Where in the cfn-hup set-up an offset is. */
export type Site =
  | { kind: 'file-content'; role: FileRole; path: string }
  | { kind: 'command' }
  | { kind: 'userdata' }
  /** Inside a resource's Metadata, outside any Init file content. */
  | { kind: 'metadata'; hasInit: boolean };

export interface Location {
  resource: ResourceEntry;
  site: Site;
  os: Os | undefined;
}

function contains(node: { start: number; end: number } | undefined, offset: number): boolean {
  return !!node && offset >= node.start && offset <= node.end;
}

/** The resource and cfn-hup site at `offset`, from the parsed tree. */
export function locate(model: TemplateModel, offset: number): Location | undefined {
  for (const resource of model.resources.values()) {
    if (!contains(resource.node, offset) && !(offset >= resource.keyStart && offset <= resource.keyEnd)) continue;
    const os = guessOs(resource);
    const metadata = resource.metadata;
    if (inEmptyMetadata(resource, offset)) return { resource, os, site: { kind: 'metadata', hasInit: false } };
    if (contains(metadata, offset)) {
      const init = getProperty(metadata, INIT_KEY);
      if (init && contains(init, offset)) {
        for (const config of entries(init)) {
          for (const file of entries(getProperty(config.value, 'files'))) {
            const content = getPropertyEntry(file.value, 'content');
            if (content && contains(content.value, offset))
              return {
                resource,
                os,
                site: { kind: 'file-content', role: classifyPath(file.key).role, path: file.key },
              };
          }
          for (const command of entries(getProperty(config.value, 'commands'))) {
            if (contains(getProperty(command.value, 'command'), offset))
              return { resource, os, site: { kind: 'command' } };
          }
        }
      }
      return { resource, os, site: { kind: 'metadata', hasInit: !!init } };
    }
    // Own keys only: a resource typed `constructor` or `toString` must not find Object's methods here.
    if (userDataNodesOf(resource).some((node) => contains(node, offset)))
      return { resource, os, site: { kind: 'userdata' } };
    return undefined;
  }
  return undefined;
}

/** YAML `Metadata:` with nothing yet: the lines between the key and the resource's next key. */
function inEmptyMetadata(resource: ResourceEntry, offset: number): boolean {
  if (resource.node.kind !== 'object') return false;
  const props = resource.node.properties;
  const i = props.findIndex((p) => p.key === 'Metadata');
  if (i < 0) return false;
  const value = props[i]!.value;
  if (value.kind !== 'scalar' || value.value !== null) return false;
  const next = props[i + 1]?.keyStart ?? resource.node.end;
  return offset > props[i]!.keyEnd && offset < next;
}

/** Windows when the Init writes to a drive path or manages a Windows service, or UserData is a <script>/<powershell> block. */
export function guessOs(resource: ResourceEntry): Os | undefined {
  const init = getProperty(resource.metadata, INIT_KEY);
  for (const config of entries(init)) {
    for (const file of entries(getProperty(config.value, 'files'))) if (isWindowsPath(file.key)) return 'windows';
    if (getProperty(getProperty(config.value, 'services'), 'windows')) return 'windows';
  }
  for (const config of entries(init))
    for (const file of entries(getProperty(config.value, 'files'))) if (file.key.startsWith('/')) return 'linux';
  const text = JSON.stringify(simplify(resource.properties));
  if (/<powershell>|<script>|cfn-init\.exe|Windows/i.test(text)) return 'windows';
  return undefined;
}

function simplify(node: CfnNode | undefined, depth = 0): unknown {
  if (!node || depth > 40) return null;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'array') return node.items.map((i) => simplify(i, depth + 1));
  return Object.fromEntries(node.properties.map((p) => [p.key, simplify(p.value, depth + 1)]));
}

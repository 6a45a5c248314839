import { INIT_KEY, type ConfigRef, type JsonObject } from './configSets';
import { fileState, type FileState } from './fileState';
import { unifiedDiff } from './lineDiff';
import { sortedKeys } from './order';
import type { ConfigChanges, Counts } from './services';
import { obj, type InstanceState, type Out, type RunInput } from './state';
import type { FileChange } from './types';

/**
 * The files of one config, in path order, compared with what the instance
 * holds: cfn-init counts a file as changed only when the bytes it writes
 * differ (file_tool.py compares with the backup), so a mode, owner or group
 * change alone is applied but restarts nothing.
 */
export function files(
  input: RunInput,
  c: ConfigRef,
  shown: JsonObject,
  state: InstanceState,
  changes: ConfigChanges,
  out: Out,
  written: Set<string>,
): number {
  const all = obj(c.config['files']);
  const shownAll = obj(shown['files']);
  let refetched = 0;
  for (const path of sortedKeys(all)) {
    const next = fileState(c.name, all[path], shownAll[path]);
    const prev = state.files.get(path);
    written.add(path);
    state.files.set(path, next);
    if (next.kind === 'invalid') {
      out.notes.push(`config ${c.name}: ${path}: ${next.problem}.`);
      continue;
    }
    const unknown = input.evaluation.unknownIn(
      input.resource,
      [INIT_KEY, c.name, 'files', path],
      next.compare + (next.source ?? ''),
    );
    const change = compareFile(prev, next, unknown, input);
    if (!change) {
      if (next.kind === 'source') refetched++;
      continue;
    }
    if (change.counts !== 'no') changes.files.set(path, change.counts);
    out.filesChanged.push({ config: c.name, path, ...change.file, ...(unknown.length ? { unknown } : {}) });
  }
  return refetched;
}

function compareFile(
  prev: FileState | undefined,
  next: FileState,
  unknown: string[],
  input: RunInput,
): { file: Omit<FileChange, 'config' | 'path'>; counts: Counts | 'no' } | undefined {
  const windows = input.platform === 'windows';
  const attrs: Pick<FileChange, 'mode' | 'owner' | 'group'> = {};
  for (const k of ['mode', 'owner', 'group'] as const) {
    if (windows && k !== 'mode') continue; // owner and group are not supported on Windows
    // Without the key cfn-init leaves the attribute as it is.
    if (next[k] !== undefined && next[k] !== prev?.[k]) attrs[k] = { before: prev?.[k], after: next[k] };
  }
  const notes: string[] = [];
  if (next.json) notes.push('JSON content: cfn-init writes it on one line (json.dump); shown indented');
  if (next.context !== undefined)
    notes.push('rendered with Mustache on the instance (context); the diff shows the template');
  if (next.kind === 'source') {
    const sourceChanged = !prev || prev.kind !== 'source' || prev.source !== next.source;
    if (!sourceChanged && !input.evaluation.mayChange(unknown)) return undefined;
    return {
      counts: 'maybe',
      file: {
        change: prev ? (sourceChanged ? 'source' : 'may-change') : 'created',
        source: { before: prev?.sourceShown, after: next.sourceShown },
        ...attrs,
        note: 'downloaded from its source on the instance: the content is not known offline',
      },
    };
  }
  const contentDiffers =
    !prev || prev.kind !== next.kind || prev.compare !== next.compare || prev.context !== next.context;
  const diff = contentDiffers ? unifiedDiff(prev?.kind === next.kind ? prev.shown : '', next.shown) : undefined;
  if (contentDiffers && diff === '') notes.push('the content changes through values that are not shown (NoEcho)');
  const shownDiff = diff ? { diff } : {};
  if (!prev) return { counts: 'yes', file: { change: 'created', ...shownDiff, ...attrs, ...noted(notes) } };
  if (contentDiffers) return { counts: 'yes', file: { change: 'content', ...shownDiff, ...attrs, ...noted(notes) } };
  if (input.evaluation.mayChange(unknown)) {
    notes.unshift('the text is the same, but it contains values this update may change');
    return { counts: 'maybe', file: { change: 'may-change', ...attrs, ...noted(notes) } };
  }
  if (Object.keys(attrs).length)
    return {
      counts: 'no',
      file: {
        change: 'attributes',
        ...attrs,
        note: 'content unchanged: cfn-init applies the new attributes but does not count the file as changed',
      },
    };
  return undefined;
}

function noted(notes: string[]): { note?: string } {
  return notes.length ? { note: notes.join('; ') } : {};
}

/**
 * Where cfn-hup reads its files, on Linux (`/etc/cfn`) and Windows
 * (`%SystemDrive%\cfn`, any case, either slash).
 */
export type FileRole = 'hup-conf' | 'hooks-conf' | 'hook' | 'other';
export type Os = 'linux' | 'windows';

export interface ClassifiedPath {
  role: FileRole;
  os: Os | undefined;
  /** The config directory this file belongs to, normalised (`/etc/cfn`, `c:\cfn`). */
  configDir: string | undefined;
}

export function isWindowsPath(path: string): boolean {
  return /^[a-zA-Z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/** Comparable form: Windows paths lower-cased with backslashes. */
export function normalisePath(path: string): string {
  return isWindowsPath(path) ? path.replace(/\//g, '\\').toLowerCase() : path;
}

export function classifyPath(path: string): ClassifiedPath {
  const windows = isWindowsPath(path);
  const os: Os | undefined = windows ? 'windows' : path.startsWith('/') ? 'linux' : undefined;
  // Most paths are elsewhere: on Linux the prefix tells at once, without the regex.
  if (!windows && !path.startsWith('/etc/cfn/')) return { role: 'other', os, configDir: undefined };
  const p = windows ? path.replace(/\//g, '\\').toLowerCase() : path;
  const m = windows ? /^([a-z]:\\cfn)\\(.*)$/.exec(p) : /^(\/etc\/cfn)\/(.*)$/.exec(p);
  if (!m) return { role: 'other', os, configDir: undefined };
  const configDir = m[1]!;
  const rest = m[2]!;
  const sep = windows ? '\\' : '/';
  if (rest === 'cfn-hup.conf') return { role: 'hup-conf', os, configDir };
  if (rest === 'hooks.conf') return { role: 'hooks-conf', os, configDir };
  const hooksDir = 'hooks.d' + sep;
  if (rest.startsWith(hooksDir) && rest.length > hooksDir.length && !rest.slice(hooksDir.length).includes(sep)) {
    return { role: 'hook', os, configDir };
  }
  return { role: 'other', os, configDir };
}

export function isHookRole(role: FileRole): boolean {
  return role === 'hook' || role === 'hooks-conf';
}

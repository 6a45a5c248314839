import { promises as fs, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A profile from the shared config/credentials files: its name and region only (never its secrets). */
export interface ProfileInfo {
  name: string;
  region?: string;
  /** How it gets credentials, for display: sso, credential_process, keys, role, … */
  source?: string;
}

/**
 * The profiles of ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE /
 * AWS_SHARED_CREDENTIALS_FILE). Only names, regions and the kind of
 * credential are kept; key material is never read into the result.
 */
export async function listProfiles(env: NodeJS.ProcessEnv = process.env): Promise<ProfileInfo[]> {
  const home = os.homedir();
  const configFile = env.AWS_CONFIG_FILE ?? path.join(home, '.aws', 'config');
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(home, '.aws', 'credentials');
  const profiles = new Map<string, ProfileInfo>();
  for (const [file, isConfig] of [
    [configFile, true],
    [credentialsFile, false],
  ] as const) {
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    for (const section of parseIni(text)) {
      let name = section.name;
      if (isConfig) {
        if (name.startsWith('sso-session ') || name.startsWith('services ')) continue;
        if (name.startsWith('profile ')) name = name.slice('profile '.length).trim();
        else if (name !== 'default') continue;
      }
      const info = profiles.get(name) ?? { name };
      if (section.values.region) info.region = section.values.region;
      info.source ??=
        section.values.sso_session || section.values.sso_start_url
          ? 'sso'
          : section.values.credential_process
            ? 'credential_process'
            : section.values.role_arn
              ? 'role'
              : section.values.aws_access_key_id
                ? 'keys'
                : undefined;
      profiles.set(name, info);
    }
  }
  return [...profiles.values()].sort((a, b) =>
    a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name),
  );
}

function parseIni(text: string): { name: string; values: Record<string, string> }[] {
  const sections: { name: string; values: Record<string, string> }[] = [];
  let current: { name: string; values: Record<string, string> } | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      current = { name: header[1]!.trim(), values: {} };
      sections.push(current);
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    // Only the keys that tell us what a profile is; secrets are skipped unread.
    if (kv && current && ['region', 'sso_session', 'sso_start_url', 'credential_process', 'role_arn'].includes(kv[1]!))
      current.values[kv[1]!] = kv[2]!;
    else if (kv && current && kv[1] === 'aws_access_key_id') current.values.aws_access_key_id = 'present';
  }
  return sections;
}

/**
 * The shared config file's text (AWS_CONFIG_FILE or ~/.aws/config), for the endpoints a
 * profile names; '' when there is none or it cannot be read. Read whole: endpoints are
 * looked up in it, and nothing from it is kept or printed but endpoint URLs.
 */
export function readSharedConfigText(env: Readonly<Record<string, string | undefined>> = process.env): {
  text: string;
  label: string;
} {
  const file = env.AWS_CONFIG_FILE ?? path.join(os.homedir(), '.aws', 'config');
  const label = env.AWS_CONFIG_FILE ? file : '~/.aws/config';
  try {
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > 1_048_576) return { text: '', label };
    // Asked for on every connection check (the CLI's header and refusal, the editor's status bar and
    // each gateways() call): read again only when the file changed.
    const version = `${file}\0${stat.mtimeMs}\0${stat.size}`;
    if (lastConfigRead?.version !== version) lastConfigRead = { version, text: readFileSync(file, 'utf8') };
    return { text: lastConfigRead.text, label };
  } catch {
    return { text: '', label };
  }
}

let lastConfigRead: { version: string; text: string } | undefined;

import type { EndpointInUse } from './endpoint';

/**
 * The endpoints the shared config file (~/.aws/config) sends calls to for one
 * profile, as the AWS SDK reads them: `endpoint_url` in the profile for every
 * service, and `endpoint_url` under a service's name in the `[services NAME]`
 * section the profile names with `services = NAME`. The SDK follows them
 * silently; the tools name them and apply the same rule as to the flag (plain
 * http only on loopback), so a profile cannot redirect signed requests unseen.
 */

/** The SDK's config-file names of the services the tools call (its service id, lower case, `_` for spaces). */
export const CONFIG_SERVICE_KEYS = ['cloudformation', 'auto_scaling', 'ec2', 's3', 'sts', 'ssm'] as const;

interface Section {
  values: Map<string, string>;
  /** `service =` followed by indented `key = value` lines. */
  nested: Map<string, Map<string, string>>;
}

export function configuredEndpoints(configText: string, profile: string, fileLabel = '~/.aws/config'): EndpointInUse[] {
  const sections = parseSharedConfig(configText);
  const own =
    sections.get(profile === 'default' ? 'default' : `profile ${profile}`) ??
    (profile === 'default' ? sections.get('profile default') : undefined);
  if (!own) return [];
  if (/^true$/i.test(own.values.get('ignore_configured_endpoint_urls') ?? '')) return [];
  const found: EndpointInUse[] = [];
  const servicesName = own.values.get('services');
  const services = servicesName ? sections.get(`services ${servicesName}`) : undefined;
  for (const key of CONFIG_SERVICE_KEYS) {
    const url = services?.nested.get(key)?.get('endpoint_url');
    if (url) found.push({ url, source: `${key} endpoint_url in [services ${servicesName}] of ${fileLabel}` });
  }
  const general = own.values.get('endpoint_url');
  if (general && found.length < CONFIG_SERVICE_KEYS.length)
    found.push({ url: general, source: `endpoint_url of profile "${profile}" in ${fileLabel}` });
  return found;
}

/** The INI dialect of the shared config file: `[section]`, `key = value`, and one level of indented sub-keys. */
function parseSharedConfig(text: string): Map<string, Section> {
  const sections = new Map<string, Section>();
  let current: Section | undefined;
  let parent: Map<string, string> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
      const name = trimmed.slice(1, -1).trim().replace(/\s+/g, ' ');
      current = sections.get(name) ?? { values: new Map(), nested: new Map() };
      sections.set(name, current);
      parent = undefined;
      continue;
    }
    const eq = trimmed.indexOf('=');
    if (!current || eq <= 0) continue;
    const key = trimmed.slice(0, eq).trim().toLowerCase();
    const value = trimmed.slice(eq + 1).trim();
    const indented = line.length > 0 && (line[0] === ' ' || line[0] === '\t');
    if (indented && parent) parent.set(key, value);
    else if (value === '') {
      parent = new Map();
      current.nested.set(key, parent);
    } else {
      parent = undefined;
      current.values.set(key, value);
    }
  }
  return sections;
}

import { parseTemplate } from '../template/parse';
import { TemplateModel } from '../template/model';
import type { RenderContext } from '../intrinsics/render';
import { extractCfnHup } from '../cfnhup/model';
import { findOption, type IniFile } from '../cfnhup/ini';

/**
 * Which cfn-hup hooks a resource's Metadata sets up, what each one watches and
 * how often cfn-hup polls — read from live Metadata (DescribeStackResource) or
 * from a template's Metadata evaluated to plain JSON.
 *
 * It reuses the linter's cfn-hup extraction: the Metadata is wrapped in a
 * one-resource template, so cfn-hup.conf and hooks.d files are found by the
 * same path rules the linter uses, and hook `path=` values are split the way
 * cfn-hup splits them.
 */
export interface HookView {
  /** The hook's section name. */
  name: string;
  triggers: string[];
  /** The raw `path=` value. */
  path: string;
  /** The logical id the path watches, when the path is valid. */
  watchesResource?: string;
  /** `Metadata`, `PhysicalResourceId`, or undefined for the whole resource (LastUpdatedTimestamp). */
  watchesPart?: string;
  /** Keys below Metadata (unescaped). */
  watchesKeys: string[];
  action: string;
  runas?: string;
  /** Minutes between cfn-hup polls, from cfn-hup.conf (15 when unset or unreadable, as cfn-hup does). */
  intervalMinutes: number;
  /** The file that defines the hook, e.g. `/etc/cfn/hooks.d/cfn-auto-reloader.conf`. */
  file: string;
}

export const DEFAULT_INTERVAL_MINUTES = 15;

export function hooksView(metadata: unknown, logicalId = 'Resource'): HookView[] {
  if (!metadata || typeof metadata !== 'object') return [];
  const text = JSON.stringify({ Resources: { [logicalId]: { Type: 'AWS::EC2::Instance', Metadata: metadata } } });
  const parsed = parseTemplate(text, 'live.json');
  if (!parsed.root || parsed.root.kind !== 'object') return [];
  const model = new TemplateModel(parsed.root);
  const ctx: RenderContext = { text: parsed.text, model, unknownConditionBranch: 0, sawUnknownCondition: false };
  const hup = extractCfnHup(parsed.text, parsed.format, model, ctx);
  const interval = intervalOf(hup.hupConfs.map((f) => f.ini));
  return hup.hooks.map((h) => {
    const p = h.parsedPath;
    const valid = p && !p.fatal && p.logicalId;
    return {
      name: h.section.name,
      triggers: (h.triggers?.value ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      path: h.path?.value ?? '',
      watchesResource: valid ? p.logicalId : undefined,
      watchesPart: valid ? normalizePart(p.part) : undefined,
      watchesKeys: valid ? p.subPath : [],
      action: h.action?.value ?? '',
      runas: h.runas?.value,
      intervalMinutes: interval,
      file: h.file.path,
    };
  });
}

function normalizePart(part: string | undefined): string | undefined {
  if (part === undefined) return undefined;
  return part.toLowerCase() === 'metadata' ? 'Metadata' : 'PhysicalResourceId';
}

/** cfn-hup reads `interval` with getint; anything else or below 1 is not a usable interval. */
function intervalOf(inis: (IniFile | undefined)[]): number {
  for (const ini of inis) {
    const main = ini?.sections.find((s) => s.name === 'main');
    const option = main && findOption(main, 'interval');
    if (option && /^\s*\d+\s*$/.test(option.value) && Number(option.value) >= 1) return Number(option.value);
  }
  return DEFAULT_INTERVAL_MINUTES;
}

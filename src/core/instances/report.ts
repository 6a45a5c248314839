import { REPORT_MARK } from './script';

/**
 * The output of the report script (./script.ts), parsed: facts only, no
 * judgement (that is ./judge.ts). Unknown lines are ignored, never fatal:
 * aws-cfn-bootstrap 1.4 and 2.0 may word things differently.
 */
export interface LogLine {
  /** UTC epoch milliseconds, from the instance's local time and its UTC offset; undefined when the line has no date. */
  time?: number;
  level?: string;
  message: string;
  /** The last line of a traceback that followed this line (the exception), when there was one. */
  exception?: string;
  raw: string;
}

export interface InstanceReport {
  /** False when the text is not a report at all (another program's output, an empty answer). */
  recognized: boolean;
  /** The end mark is missing: SSM cut the output short. */
  truncated: boolean;
  platform?: 'linux' | 'windows';
  /** The instance's UTC offset in minutes (log times are local). */
  utcOffsetMinutes: number;
  installed?: boolean;
  serviceManager?: string;
  serviceState?: string;
  pidState?: string;
  version?: string;
  /** cfn-hup.conf's `interval` as written (minutes), when found. */
  interval?: string;
  /** Hook section names configured in hooks.conf / hooks.d. */
  hooks: string[];
  hupLog: LogLine[];
  initLog: LogLine[];
  cmdLog: string[];
  /** Sections whose file did not exist or could not be read. */
  missing: string[];
  /** `hook|path` keys of cfn-hup's state file, when it was readable JSON. */
  storedKeys?: string[];
}

// Python logging's default: `2026-11-30 12:03:07,512 [INFO] message` (cfn-init-cmd.log adds `P1234 ` before the level).
const LOG_LINE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})[,.](\d{3}) (?:P\d+ )?\[([A-Z]+)\] ?(.*)$/;

export function parseReport(text: string): InstanceReport {
  const report: InstanceReport = {
    recognized: false,
    truncated: true,
    utcOffsetMinutes: 0,
    hooks: [],
    hupLog: [],
    initLog: [],
    cmdLog: [],
    missing: [],
  };
  const sections = new Map<string, string[]>();
  let section: string[] | undefined;
  let sectionName = '';
  for (const line of text.replace(/\r/g, '').split('\n')) {
    if (line.startsWith(REPORT_MARK + ' ')) {
      const rest = line.slice(REPORT_MARK.length + 1).trim();
      if (rest.startsWith('report ')) report.recognized = true;
      else if (rest === 'end') {
        report.truncated = false;
        section = undefined;
      } else if (rest === 'missing' && section) report.missing.push(sectionName);
      else if (rest.startsWith('section ')) {
        sectionName = rest.slice('section '.length).trim();
        section = [];
        sections.set(sectionName, section);
      }
      continue;
    }
    if (section) {
      section.push(line);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) header(report, line.slice(0, eq), line.slice(eq + 1).trim());
  }
  const offset = report.utcOffsetMinutes;
  report.hooks = (sections.get('hooks') ?? [])
    .map((l) => /^\s*\[([^\]]+)\]/.exec(l)?.[1]?.trim())
    .filter((n): n is string => !!n && n !== 'main' && n !== 'DEFAULT');
  report.hupLog = parseLog(sections.get('cfn-hup.log') ?? [], offset);
  report.initLog = parseLog(sections.get('cfn-init.log') ?? [], offset);
  report.cmdLog = (sections.get('cfn-init-cmd.log') ?? []).filter((l) => l.trim() !== '');
  report.storedKeys = storedKeys((sections.get('metadata_db') ?? []).join(''));
  return report;
}

function header(report: InstanceReport, key: string, value: string): void {
  switch (key) {
    case 'platform':
      if (value === 'linux' || value === 'windows') report.platform = value;
      break;
    case 'tz':
      report.utcOffsetMinutes = parseOffset(value);
      break;
    case 'installed':
      report.installed = value === 'yes';
      break;
    case 'service_manager':
      report.serviceManager = value || undefined;
      break;
    case 'service_state':
      report.serviceState = value || undefined;
      break;
    case 'pid_state':
      report.pidState = value || undefined;
      break;
    case 'version':
      report.version = value || undefined;
      break;
    case 'interval':
      report.interval = value || undefined;
      break;
  }
}

/** `+0100`, `-0530`, `+01:00` → minutes east of UTC; anything else → 0. */
export function parseOffset(value: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(value.trim());
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

export function parseLog(lines: string[], utcOffsetMinutes: number): LogLine[] {
  const out: LogLine[] = [];
  for (const raw of lines) {
    if (raw.trim() === '') continue;
    const m = LOG_LINE.exec(raw);
    if (m) {
      const [, y, mo, d, h, mi, s, ms, level, message] = m;
      const local = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, +ms!);
      out.push({ time: local - utcOffsetMinutes * 60_000, level, message: message!.trimEnd(), raw });
    } else if (/^\s/.test(raw) && out.length) {
      // The script keeps only a traceback's last line, indented under the line that logged it.
      out[out.length - 1]!.exception = raw.trim();
    } else {
      out.push({ message: raw.trim(), raw });
    }
  }
  return out;
}

function storedKeys(json: string): string[] | undefined {
  if (!json.trim()) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : undefined;
  } catch {
    // Cut at the size limit, or not JSON (an older shelve): the keys are not needed for a verdict.
    return undefined;
  }
}

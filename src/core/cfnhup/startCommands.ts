/**
 * Shell text that starts cfn-hup, told apart from text that only registers it.
 *
 * `update-rc.d cfn-hup defaults`, `chkconfig --add cfn-hup`, `chkconfig cfn-hup on`,
 * `systemctl enable cfn-hup` (without --now) and `Set-Service -StartupType` make the
 * daemon start at the next boot; they do not start it now. Copying or linking the
 * init script (`cp …/cfn-hup /etc/init.d/cfn-hup`) starts nothing either.
 * Works on words of one command at a time, so it is linear in the text.
 */

export type StartKind =
  /** A service manager starts it (idempotent: a second start finds it running). */
  | 'service'
  /** The daemon binary itself is run (a second one waits on the PID lock). */
  | 'daemon';

export interface CfnHupStart {
  kind: StartKind;
  /** Index range of the command that starts it, in the text given. */
  start: number;
  end: number;
}

interface Tok {
  text: string;
  start: number;
  end: number;
}

const PREFIXES = new Set(['sudo', 'exec', 'nohup', 'env', 'then', 'do', 'else', 'time', 'call', '!', 'if', 'until']);
const SYSTEMCTL_STARTS = new Set(['start', 'restart', 'reload-or-restart', 'try-restart', 'condrestart']);

const isUnit = (t: string) => /^cfn-hup(\.service)?$/i.test(t);
const isDaemon = (t: string) => /^(?:[^\s]*[/\\])?cfn-hup(?:\.exe)?$/i.test(t) && !/init\.d[/\\]cfn-hup$/i.test(t);

/** Every start below names cfn-hup in a word (as unit, daemon or init script), in any case. */
const MENTIONS_CFN_HUP = /cfn-hup/gi;

/**
 * Where cfn-hup is started in a piece of shell, PowerShell or cmd text. A command that starts it
 * names it, and commands end at line breaks: only the lines naming cfn-hup are split into
 * commands and words (most UserData has none).
 */
export function cfnHupStarts(text: string): CfnHupStart[] {
  const starts: CfnHupStart[] = [];
  MENTIONS_CFN_HUP.lastIndex = 0;
  for (let m = MENTIONS_CFN_HUP.exec(text); m; m = MENTIONS_CFN_HUP.exec(text)) {
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const newline = text.indexOf('\n', m.index);
    const lineEnd = newline < 0 ? text.length : newline;
    startsIn(commands(text, lineStart, lineEnd), starts);
    MENTIONS_CFN_HUP.lastIndex = lineEnd; // the next line naming it
  }
  return starts;
}

function startsIn(commandsOfLine: Tok[][], starts: CfnHupStart[]): void {
  for (const command of commandsOfLine) {
    let words = cronCommand(command);
    let prefixes = 0; // counted, then cut once: slicing per prefix is quadratic on a line of `sudo sudo …`
    while (prefixes < words.length) {
      const w = words[prefixes]!.text;
      if (!PREFIXES.has(w) && !/^[A-Za-z_]\w*=/.test(w)) break;
      prefixes++;
      // `sudo -u root …`, `sudo -E …`: sudo's own options (those that take a value take the next word).
      if (w === 'sudo')
        while (prefixes < words.length && words[prefixes]!.text.startsWith('-'))
          prefixes += /^-[ugCDhpRrTt]$/.test(words[prefixes]!.text) ? 2 : 1;
    }
    words = words.slice(prefixes);
    // powershell -NoProfile -Command Start-Service cfn-hup: the command follows -Command.
    if (words.length > 0 && /^(powershell|pwsh)(\.exe)?$/i.test(words[0]!.text.replace(/^.*[/\\]/, ''))) {
      const at = words.findIndex((w) => /^-c(ommand)?$/i.test(w.text));
      words = at > 0 ? words.slice(at + 1) : [];
      if (words.length > 0) words = [{ ...words[0]!, text: words[0]!.text.replace(/^["']/, '') }, ...words.slice(1)];
    }
    if (words.length === 0) continue;
    const kind = startKind(words.map((w) => w.text.replace(/^["']|["']$/g, '')));
    if (kind) starts.push({ kind, start: words[0]!.start, end: words[words.length - 1]!.end });
  }
}

function startKind(w: string[]): StartKind | undefined {
  const cmd = w[0]!.toLowerCase().replace(/^.*[/\\]/, '');
  if (isDaemon(w[0]!)) return 'daemon';
  if (cmd === 'systemctl') {
    const args = w.slice(1).filter((a) => !a.startsWith('-'));
    const now = w.includes('--now');
    const sub = args[0]?.toLowerCase();
    const units = args.slice(1);
    if (!units.some(isUnit)) return undefined;
    return sub && (SYSTEMCTL_STARTS.has(sub) || (sub === 'enable' && now)) ? 'service' : undefined;
  }
  if (cmd === 'service')
    return isUnit(w[1] ?? '') && /^(start|restart|condrestart|try-restart)$/i.test(w[2] ?? '') ? 'service' : undefined;
  if (/^\/etc\/(rc\.d\/)?init\.d\/cfn-hup$/.test(w[0]!))
    return /^(start|restart)$/i.test(w[1] ?? '') ? 'service' : undefined;
  if (cmd === 'initctl') return /^(start|restart)$/i.test(w[1] ?? '') && isUnit(w[2] ?? '') ? 'service' : undefined;
  if (cmd === 'start' || cmd === 'restart') return isUnit(w[1] ?? '') ? 'service' : undefined; // upstart
  if (cmd === 'start-service' || cmd === 'restart-service')
    return w.slice(1).some((a) => isUnit(a.replace(/,$/, ''))) ? 'service' : undefined;
  if (cmd === 'set-service') {
    const status = w.findIndex((a) => /^-status$/i.test(a));
    return w.slice(1).some(isUnit) && status > 0 && /^running$/i.test(w[status + 1] ?? '') ? 'service' : undefined;
  }
  if (cmd === 'sc' || cmd === 'sc.exe' || cmd === 'net')
    return /^start$/i.test(w[1] ?? '') && isUnit(w[2] ?? '') ? 'service' : undefined;
  return undefined;
}

const CRON_FIELD = /^(\*|[0-9*,\/-]+|[A-Za-z]{3}(-[A-Za-z]{3})?)$/;

/**
 * A crontab line runs its command on schedule: `* * * * * /opt/aws/bin/cfn-hup -f`
 * (five schedule fields, or `@reboot` and friends; /etc/cron.d adds a user).
 */
function cronCommand(words: Tok[]): Tok[] {
  let rest: Tok[] | undefined;
  if (words.length > 1 && /^@(reboot|yearly|annually|monthly|weekly|daily|hourly|midnight)$/.test(words[0]!.text))
    rest = words.slice(1);
  else if (words.length > 5 && words.slice(0, 5).every((w) => CRON_FIELD.test(w.text))) rest = words.slice(5);
  if (!rest) return words;
  // /etc/cron.d lines name a user before the command.
  return rest.length > 1 && /^[a-z_][a-z0-9_-]*$/.test(rest[0]!.text) && /[/\\]/.test(rest[1]!.text)
    ? rest.slice(1)
    : rest;
}

/** Commands of text[from, to) as word lists: split at newlines, `;`, `&`, `|`, `(`, `)`, backticks; comments dropped. */
function commands(text: string, from: number, to: number): Tok[][] {
  const result: Tok[][] = [];
  let current: Tok[] = [];
  const flush = () => {
    if (current.length > 0) result.push(current);
    current = [];
  };
  const n = to;
  let i = from;
  while (i < n) {
    const c = text[i]!;
    if (
      c === '\n' ||
      c === ';' ||
      c === '&' ||
      c === '|' ||
      c === '(' ||
      c === ')' ||
      c === '`' ||
      c === '{' ||
      c === '}'
    ) {
      flush();
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' && current.length === 0) {
      while (i < n && text[i] !== '\n') i++; // a comment line
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++; // a comment after a command
      flush();
      continue;
    }
    const start = i;
    while (i < n && !' \t\r\n;&|()`{}'.includes(text[i]!)) i++;
    current.push({ text: text.slice(start, i), start, end: i });
  }
  flush();
  return result;
}

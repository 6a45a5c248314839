/**
 * A quote a UserData shell script never closes. Bash reads on to the end of the script looking for the
 * closing quote, stops with a syntax error ("unexpected EOF while looking for matching `''") and runs
 * nothing from that command on: a cfn-hup start, cfn-init or cfn-signal after it silently never runs
 * (found in a real template: `/opt/aws/bin/cfn-hup || error_exit 'Failed to start cfn-hup`).
 *
 * The scan follows only what it is sure of: comments, backslashes, single and double quotes. Anything
 * that changes how quotes pair (heredocs, `$'…'`, command substitution inside double quotes, unknown
 * values other than pseudo parameters) makes it stay silent.
 */
import type { Rule } from './rule';
import { scriptKind } from './userData';

/** Where an opening quote is never closed, or undefined: all closed, or a construct this scan does not follow. */
export function unclosedQuote(script: string): number | undefined {
  if (script.includes('<<')) return undefined; // heredoc bodies are not shell text
  const n = script.length;
  for (let i = 0; i < n; i++) {
    const c = script[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '#' && (i === 0 || /[\s;&|()]/.test(script[i - 1]!))) {
      const eol = script.indexOf('\n', i);
      if (eol < 0) return undefined;
      i = eol;
      continue;
    }
    if (c === "'") {
      if (script[i - 1] === '$') return undefined; // $'…' takes backslash escapes
      const close = script.indexOf("'", i + 1);
      if (close < 0) return i;
      i = close;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (; j < n; j++) {
        const d = script[j];
        if (d === '\\') j++;
        else if (d === '"') break;
        else if (d === '`' || (d === '$' && script[j + 1] === '('))
          return undefined; // quotes nest in there
        else if (d === '$' && script[j + 1] === '{') {
          // `"${AWS::Region}"` (most scripts): skipped; `"${x:-"y"}"` nests quotes.
          const close = script.indexOf('}', j);
          if (close < 0 || /['"]/.test(script.slice(j, close))) return undefined;
          j = close;
        }
      }
      if (j >= n) return i;
      i = j;
    }
  }
  return undefined;
}

const CFN_COMMAND = /\bcfn-(?:init|hup|signal)\b/g;

/** The lines that are not comments: a helper named in a comment is not a command that is lost. */
function withoutComments(lines: string): string {
  return lines
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n');
}

export const userDataUnclosedQuote: Rule = {
  id: 'USERDATA-UNCLOSED-QUOTE',
  severity: 'error',
  title: 'A quote the UserData script never closes: nothing after it runs',
  doc: {
    why: "Bash reads a quoted string until its closing quote. When a quote is never closed, it reads to the end of the script, stops with \"unexpected EOF while looking for matching `''\" and runs nothing from that command on: cfn-init, the cfn-hup start or cfn-signal written after it never run, and nothing on the instance says why. Reported only when cfn-init, cfn-hup or cfn-signal is among what never runs, and only for scripts whose quoting this reading can follow (no heredoc, `$'…'`, command substitution inside double quotes, or unknown values other than pseudo parameters).",
    source: 'bash manual, Quoting; a non-interactive shell exits on a syntax error',
    bad: "/opt/aws/bin/cfn-hup || error_exit 'Failed to start cfn-hup\n/opt/aws/bin/cfn-signal -e $? …",
    good: "/opt/aws/bin/cfn-hup || error_exit 'Failed to start cfn-hup'\n/opt/aws/bin/cfn-signal -e $? …",
  },
  check(ctx) {
    for (const ud of ctx.model.userData) {
      const r = ud.rendered;
      const text = r.text;
      if (!text.includes("'") && !text.includes('"')) continue;
      if (scriptKind(text) !== 'shell' || r.opaque.some((o) => !o.name.startsWith('AWS::'))) continue;
      const at = unclosedQuote(text);
      if (at === undefined) continue;
      const lineStart = text.lastIndexOf('\n', at) + 1;
      const lost = [...new Set(withoutComments(text.slice(lineStart)).match(CFN_COMMAND) ?? [])];
      if (lost.length === 0) continue;
      ctx.report({
        ...r.sourceRange(at, at + 1),
        message: `This ${text[at] === "'" ? 'single' : 'double'} quote is never closed: bash reads to the end of the UserData looking for its match, stops with a syntax error and runs nothing from this line on, so ${lost.join(', ')} ${lost.length === 1 ? 'never runs' : 'never run'} there. Close the quote.`,
      });
    }
  },
};

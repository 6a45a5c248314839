/**
 * Where the next `cfn-init` program name starts in shell text: the global
 * regex below run from `from`, but tried only around each written
 * `cfn-init` instead of at every offset of a long script (most positions of
 * a UserData script cannot start a match).
 */

/** The program name: a separator (or the text start), an optional path, `cfn-init` or `cfn-init.exe`. */
export const PROGRAM_SOURCE = /(^|[\s"'`;&|(=>])((?:[\w.\/\\:~-]*[\/\\])?cfn-init(\.exe)?)(?=[\s"'`;&|)<]|$)/.source;

const PROGRAM_AT = new RegExp(PROGRAM_SOURCE, 'y');

/** `[\w.\/\\:~-]`: the characters a program path is made of (`cfn-init` and `.exe` included). */
function isPathChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || // a-z
    (c >= 65 && c <= 90) || // A-Z
    (c >= 45 && c <= 58) || // - . / 0-9 :
    c === 95 || // _
    c === 92 || // \
    c === 126 // ~
  );
}

/**
 * The match `new RegExp(PROGRAM_SOURCE, 'g')` finds with `lastIndex = from`, or null.
 *
 * Why it is the same: a separator is never a path character, so a match starts
 * either at the text start or on the separator just before the run of path
 * characters that holds its `cfn-init` (the whole program name lies in that run).
 * The first `cfn-init` at or after `from` therefore names the only run where the
 * leftmost match can start; if the match tried there fails (or would start
 * before `from`), no match starts before the run's end.
 */
export function nextProgram(text: string, from: number): RegExpExecArray | null {
  for (let k = text.indexOf('cfn-init', from); k >= 0;) {
    let runStart = k;
    while (runStart > 0 && isPathChar(text.charCodeAt(runStart - 1))) runStart--;
    const start = runStart === 0 ? 0 : runStart - 1;
    if (start >= from) {
      PROGRAM_AT.lastIndex = start;
      const m = PROGRAM_AT.exec(text);
      if (m) return m;
    }
    let runEnd = k + 8;
    while (runEnd < text.length && isPathChar(text.charCodeAt(runEnd))) runEnd++;
    k = text.indexOf('cfn-init', runEnd);
  }
  return null;
}

/**
 * Hand scanners for user text (issue 14): a regex such as `(\s+)key\s*=`
 * retried at every offset of a 1 MB run of blanks takes minutes; these loops
 * look at each character a bounded number of times.
 */

/** The same characters as the regex class `\s`. */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return (
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** A space or a tab. */
export function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** `[A-Za-z_-]`: the characters of a cfn-hup setting name. */
export function isKeyChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

/** Where the line holding `from` ends (its `\r` or `\n`, or the end of the text). */
export function lineEndOf(text: string, from: number): number {
  for (let p = from; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c === 10 || c === 13) return p;
  }
  return text.length;
}

/** The first offset at or after `from` (before `end`) that is not `\s`. */
export function skipSpaces(text: string, from: number, end = text.length): number {
  let p = from;
  while (p < end && isSpace(text.charCodeAt(p))) p++;
  return p;
}

/** The first offset at or after `from` (before `end`) that is not a space or tab. */
export function skipBlanks(text: string, from: number, end = text.length): number {
  let p = from;
  while (p < end && isBlank(text.charCodeAt(p))) p++;
  return p;
}

/** The end of the `[A-Za-z_-]*` run at `from`. */
export function skipKeyChars(text: string, from: number, end = text.length): number {
  let p = from;
  while (p < end && isKeyChar(text.charCodeAt(p))) p++;
  return p;
}

/**
 * `text` from `from` to `end` starts with `key` (any case) then `\s*` then one of `ops`
 * (as `/^\s*key\s*[=:]/i` with `leadingSpace`).
 */
export function startsWithSetting(
  text: string,
  from: number,
  end: number,
  key: string,
  ops = '=:',
  leadingSpace = true,
): boolean {
  let p = leadingSpace ? skipSpaces(text, from, end) : from;
  if (p + key.length > end || text.slice(p, p + key.length).toLowerCase() !== key.toLowerCase()) return false;
  p = skipSpaces(text, p + key.length, end);
  return p < end && ops.includes(text[p]!);
}

function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/**
 * `new RegExp('^\\s*' + rest.source, 'm').test(text)` in linear time: `rest` (a sticky regex,
 * flag `y`) is tried once per line, after the line's leading blanks. That regex retries its
 * `\s*` from every line start across every following blank line: quadratic on `" \n"` runs.
 */
export function someLineStartsWith(text: string, rest: RegExp): boolean {
  let p = 0;
  while (p <= text.length) {
    let q = p;
    while (q < text.length && isSpace(text.charCodeAt(q)) && !isLineTerminator(text.charCodeAt(q))) q++;
    rest.lastIndex = q;
    if (rest.test(text)) return true;
    while (q < text.length && !isLineTerminator(text.charCodeAt(q))) q++;
    p = q + 1;
  }
  return false;
}

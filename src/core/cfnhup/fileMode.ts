/**
 * A file's `mode` string as cfn-init reads it: `int(mode, 8)` (aws-cfn-bootstrap file_tool.py).
 * Python's int() ignores whitespace around the number and takes a sign and a `0o` prefix, so
 * `" 120000"` is a symbolic link and `"0o644"` is 0644 (found by the seventh fresh sample: a real
 * template whose `" 120000"` made the link we called invalid). Python 3 (aws-cfn-bootstrap 2.x) also
 * takes `_` between digits and Python 2 does not: such a mode depends on the instance.
 */
export type ModeReading =
  /** The digits after any sign and prefix, without `_`; `value` is what chmod gets. */
  | { kind: 'octal'; digits: string; value: number }
  /** int() refuses it (or gives a negative mode): cfn-init fails on the file. */
  | { kind: 'invalid' }
  /** Python 3 reads it, Python 2 does not. */
  | { kind: 'depends' };

// What Python 3's int() strips: whitespace, ASCII and Unicode, but not a byte-order mark (JavaScript's
// \s has it) nor the separators \x1c-\x1f (Python 3.11: int('\x1c644', 8) is a ValueError).
const AROUND = /^[^\S\ufeff]+|[^\S\ufeff]+$/g;
const NUMBER = /^([+-]?)(0[oO])?(_?[0-7](?:_?[0-7])*)$/;

export function readMode(mode: string): ModeReading {
  const m = NUMBER.exec(mode.replace(AROUND, ''));
  if (!m) return { kind: 'invalid' };
  const [, sign, prefix, body] = m as unknown as [string, string, string | undefined, string];
  // `_` right after the prefix, or between digits: PEP 515, Python 3.6 and later only.
  if (body.includes('_')) return body.startsWith('_') && !prefix ? { kind: 'invalid' } : { kind: 'depends' };
  const value = parseInt(body, 8);
  if (sign === '-' && value !== 0) return { kind: 'invalid' };
  return { kind: 'octal', digits: body, value };
}

/** A mode that makes cfn-init write a symbolic link (120xxx): `content` is then the target's path. */
export function isSymlinkMode(mode: string | undefined): boolean {
  const reading = mode === undefined ? undefined : readMode(mode);
  return reading?.kind === 'octal' && /^120[0-7]{3}$/.test(reading.digits);
}

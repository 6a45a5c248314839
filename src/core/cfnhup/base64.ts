/**
 * `encoding: base64` content as cfn-init decodes it: `base64.b64decode(content)` (aws-cfn-bootstrap
 * file_tool.py), which is binascii.a2b_base64 in its non-strict mode. Emulated after CPython:
 * characters outside the alphabet (blanks, newlines, `*`, …) are skipped; an `=` ends decoding when it
 * completes a quad (the third character's `=`, or a second `=` right after the second character), and
 * whatever follows is dropped without a word; at the end, a quad with one character raises ("cannot be
 * 1 more than a multiple of 4") and one with two or three raises "Incorrect padding". A stray `=`
 * that completes nothing is skipped. Python 3 refuses a str with non-ASCII characters (ValueError) and
 * Python 2 cannot encode such unicode (UnicodeEncodeError). Checked against Python 2.7, 3.6, 3.7, 3.10,
 * 3.11 and 3.13 (test/unit/review-init-content.test.ts holds the cases).
 */
export type Base64Reading =
  /** b64decode raises: cfn-init fails on the file. */
  | { kind: 'invalid'; reason: string }
  /** Decoded; `droppedAt` is where decoding stopped when base64 data follows (dropped). */
  | { kind: 'valid'; droppedAt?: number };

const PAD = 61; // '='

function isAlphabet(c: number): boolean {
  return (
    (c >= 65 && c <= 90) || // A-Z
    (c >= 97 && c <= 122) || // a-z
    (c >= 48 && c <= 57) || // 0-9
    c === 43 || // +
    c === 47 // /
  );
}

export function readBase64(text: string): Base64Reading {
  let quadPos = 0;
  let pads = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return { kind: 'invalid', reason: 'it holds a non-ASCII character' };
    if (c === PAD) {
      if (quadPos >= 2 && quadPos + ++pads >= 4) return stopped(text, i + 1);
      continue;
    }
    if (!isAlphabet(c)) continue;
    pads = 0;
    quadPos = (quadPos + 1) & 3;
  }
  if (quadPos === 1) return { kind: 'invalid', reason: 'its base64 characters number one more than a multiple of 4' };
  if (quadPos !== 0) return { kind: 'invalid', reason: 'its padding is incorrect ("=" missing at the end)' };
  return { kind: 'valid' };
}

/** Decoding stopped at a padding that ends at `at`: the rest is dropped (only non-ASCII would still raise). */
function stopped(text: string, at: number): Base64Reading {
  let data = false;
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return { kind: 'invalid', reason: 'it holds a non-ASCII character' };
    if (isAlphabet(c)) data = true;
  }
  return data ? { kind: 'valid', droppedAt: at } : { kind: 'valid' };
}

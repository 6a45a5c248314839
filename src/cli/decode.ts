/**
 * Bytes → text the way an editor would: UTF-8 (with or without BOM), UTF-16
 * LE/BE by BOM or, without one, by the zero bytes ASCII text leaves in every
 * other position. Other binary content is refused rather than guessed.
 */
import { isUtf8 } from 'node:buffer';

export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

export function decodeTemplateBytes(bytes: Uint8Array): Decoded {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { ok: true, text: new TextDecoder(utf16).decode(bytes) };
  const body =
    bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const sample = body.subarray(0, 8192);
  if (sample.includes(0)) return { ok: false, reason: 'binary content (NUL bytes), not a text file' };
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // isUtf8 and toString run natively; a fatal TextDecoder per file cost more than the reads.
  if (isUtf8(buffer)) return { ok: true, text: buffer.toString('utf8') };
  // Latin-1 is what a byte-for-byte read of a legacy template means; nothing is lost.
  // (TextDecoder's latin1 is windows-1252, as editors read such files: 0x80 is €.)
  return { ok: true, text: new TextDecoder('latin1').decode(body) };
}

/**
 * UTF-16 without a BOM: in the first 8 KiB (an even length of at least 4 bytes),
 * nearly every byte at one parity is zero and almost none at the other —
 * what mostly-ASCII text (YAML, JSON, INI) looks like in UTF-16.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros >= pairs * 0.9 && evenZeros <= pairs * 0.02) return 'utf-16le';
  if (evenZeros >= pairs * 0.9 && oddZeros <= pairs * 0.02) return 'utf-16be';
  return undefined;
}

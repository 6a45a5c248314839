/**
 * Bytes → text the way an editor would: UTF-8 (with or without BOM),
 * UTF-16 LE/BE by BOM. Binary content is refused rather than guessed.
 */
export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

export function decodeTemplateBytes(bytes: Uint8Array): Decoded {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const body =
    bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const sample = body.subarray(0, 8192);
  if (sample.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes)' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    // Latin-1 is what a byte-for-byte read of a legacy template means; nothing is lost.
    return { ok: true, text: new TextDecoder('latin1').decode(body) };
  }
}

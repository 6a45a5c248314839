/**
 * Propose the next build: a Number goes up by one; in a string the last run
 * of digits goes up by one, keeping its zero padding (`2024.11.3` → `2024.11.4`,
 * `v17` → `v18`, `build-009` → `build-010`). Undefined when there is no number.
 */
export function proposeNextValue(current: string, type = 'String'): string | undefined {
  if (type === 'Number') {
    const n = Number(current);
    if (current.trim() !== '' && Number.isInteger(n)) return String(n + 1);
  }
  const m = /(\d+)(\D*)$/.exec(current);
  if (!m) return undefined;
  const digits = m[1]!;
  const next = incrementDigits(digits);
  return current.slice(0, m.index) + next + m[2];
}

/** Decimal +1 on a digit string of any length, keeping its width unless it overflows (`099` → `100`, `99` → `100`). */
function incrementDigits(digits: string): string {
  const chars = digits.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    if (chars[i] === '9') chars[i] = '0';
    else {
      chars[i] = String(Number(chars[i]) + 1);
      return chars.join('');
    }
  }
  return '1' + chars.join('');
}

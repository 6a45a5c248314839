import type { Formatter } from './types';
import { stylish } from './stylish';
import { json } from './json';
import { sarif } from './sarif';
import { github } from './github';

/** A Map, so `--format toString` or `__proto__` is simply unknown. */
export const FORMATTERS: ReadonlyMap<string, Formatter> = new Map([
  ['stylish', stylish],
  ['json', json],
  ['sarif', sarif],
  ['github', github],
]);

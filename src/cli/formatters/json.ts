import type { Formatter } from './types';

export const json: Formatter = (findings) => JSON.stringify(findings, null, 2) + '\n';

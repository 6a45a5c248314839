/**
 * The YAML readers we measured before choosing one (issue 12): parse MB/s of
 * each on the same texts, in the same run. Only the first builds our located
 * tree; the others show what each library costs on its own, before any tree of
 * ours is built (the `yaml` package's full reading is the reader we replaced,
 * kept as the differential test's reference).
 */
import { parseEvents } from 'js-yaml';
import { Lexer, Parser } from 'yaml';
import { safeLoad } from 'yaml-ast-parser';
import { parseYamlTemplate } from '../../src/core/template/parseYaml';
import { fastYamlEvents } from '../../src/core/template/yamlFastEvents';
import { parseYamlReference } from '../unit/helpers/yamlReference';
import { verdict } from './verdict';

const ENGINE = 'engine: events → located tree';

export function yamlCandidates(texts: string[], time: (fn: () => void, runs?: number) => number): void {
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const candidates: [string, (text: string) => void][] = [
    [ENGINE, (t) => parseYamlTemplate(t)],
    ['fast scanner (events only, as js-yaml gives)', (t) => fastYamlEvents(t, 500)],
    ['js-yaml parseEvents (events only)', (t) => parseEvents(t, { maxDepth: 500 })],
    ['yaml-ast-parser safeLoad (its own AST)', (t) => safeLoad(t)],
    ['yaml Lexer (tokens only)', (t) => [...new Lexer().lex(t)]],
    ['yaml Parser (CST only)', (t) => [...new Parser().parse(t)]],
    ['yaml parseDocument → tree (the old reader)', (t) => parseYamlReference(t)],
  ];
  console.log(
    `\nYAML readers, ${(bytes / 1048576).toFixed(2)} MB of YAML (the corpus's YAML templates and the 1 MB one):`,
  );
  for (const [name, parse] of candidates) {
    const ms = time(() => texts.forEach(parse), 5);
    const mbps = bytes / 1048576 / (ms / 1000);
    // Only our own reader, to the located tree, is held to the target; the others are for comparison.
    const target = name === ENGINE ? `; ${verdict('≥ 10 MB/s', mbps >= 10)}` : '';
    console.log(`  ${name.padEnd(44)} ${mbps.toFixed(1).padStart(6)} MB/s${target}`);
  }
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

/** Tokenise with the same engine VS Code uses, so the grammar is tested as users see it. */
const ROOT = join(__dirname, '..', '..', '..');

async function grammar(): Promise<IGrammar> {
  const wasm = readFileSync(join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) =>
      scope === 'source.cfn-hup-conf'
        ? parseRawGrammar(
            readFileSync(join(ROOT, 'syntaxes', 'cfn-hup-conf.tmLanguage.json'), 'utf8'),
            'cfn-hup-conf.tmLanguage.json',
          )
        : null,
  });
  return (await registry.loadGrammar('source.cfn-hup-conf'))!;
}

function scopesOf(g: IGrammar, line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of g.tokenizeLine(line, INITIAL).tokens)
    out[line.slice(t.startIndex, t.endIndex)] = t.scopes[t.scopes.length - 1]!;
  return out;
}

test('the cfn-hup conf grammar marks sections, keys, triggers, paths and mistakes', async () => {
  const g = await grammar();
  assert.equal(scopesOf(g, '[cfn-auto-reloader-hook]')['cfn-auto-reloader-hook'], 'entity.name.section.cfn-hup-conf');
  assert.equal(scopesOf(g, '[main] stack=x')[' stack=x'], 'invalid.illegal.text-after-header.cfn-hup-conf');
  assert.equal(scopesOf(g, 'interval=1')['interval'], 'keyword.other.definition.cfn-hup-conf');
  assert.equal(scopesOf(g, 'triggers=post.update')['post.update'], 'constant.language.trigger.cfn-hup-conf');
  assert.equal(
    scopesOf(g, 'path=Resources.LC.Metadata.AWS::CloudFormation::Init')['Resources.LC.Metadata'],
    'support.type.path.cfn-hup-conf',
  );
  assert.equal(scopesOf(g, 'action=date +%s')['%'], 'invalid.illegal.lone-percent.cfn-hup-conf');
  assert.equal(scopesOf(g, 'action=date +%%s')['%%'], 'constant.character.escape.cfn-hup-conf');
  assert.equal(scopesOf(g, '# a comment')['# a comment'], 'comment.line.cfn-hup-conf');
});

import type { StackParameter } from '../aws/ports';
import type { ParameterDeclaration } from './declarations';

export const DEFAULT_BUILD_PARAMETER = 'BuildNumber';

export type BuildParameterLookup =
  | { ok: true; declaration: ParameterDeclaration; current: StackParameter }
  | { ok: false; message: string; candidates: string[] };

/** Names that usually carry a build, offered first when the asked-for parameter is missing. */
const LIKELY = /build|version|release|artifact|revision|tag|image|ami|commit/i;

/** Find the parameter a release changes, on both the template and the live stack. */
export function findBuildParameter(
  declarations: ParameterDeclaration[],
  stackParameters: StackParameter[],
  name = DEFAULT_BUILD_PARAMETER,
): BuildParameterLookup {
  const declaration = declarations.find((d) => d.name === name);
  const current = stackParameters.find((p) => p.key === name);
  if (declaration && current) return { ok: true, declaration, current };
  const names = stackParameters.map((p) => p.key);
  const likely = names.filter((n) => LIKELY.test(n));
  const candidates = likely.length ? likely : names;
  const nearby = names.find((n) => n.toLowerCase() === name.toLowerCase());
  const hint = nearby
    ? ` Parameter names are case-sensitive: did you mean "${nearby}"?`
    : candidates.length
      ? ` Its parameters${likely.length ? ' that look like a build' : ''}: ${candidates.join(', ')}. Choose one with --parameter.`
      : ' The stack has no parameters.';
  return {
    ok: false,
    message: `The stack has no parameter "${name}".${hint}`,
    candidates: nearby ? [nearby] : candidates,
  };
}

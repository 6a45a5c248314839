/**
 * A template that looks like JSON but is not: CloudFormation reads it as YAML instead (it tries JSON
 * first, then YAML), so it deploys, and unquoted text in it means what YAML says, not what the author
 * of a JSON file expects. The analysis reads it the same way (`ParsedTemplate.notJson`).
 */
import type { Rule, RuleContext } from './rule';
import type { Leniency, ParseProblem } from '../template/parseJson';

function isLeniency(p: ParseProblem): p is Leniency {
  return 'kind' in p;
}

/** One finding at the first place JSON refuses, counting the others, then what that means. */
function reportFirst(
  ctx: RuleContext,
  problems: readonly ParseProblem[] | undefined,
  meaning: (problems: readonly ParseProblem[]) => string,
): void {
  const first = problems?.[0];
  if (!problems || !first) return;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  ctx.report({
    start: first.start,
    end: first.end,
    message: `Not valid JSON: ${first.message}${more}. ${meaning(problems)}`,
  });
}

/** What to do about comments and commas before closing brackets, for those there are. */
function advice(problems: readonly ParseProblem[]): string {
  const kinds = new Set(problems.filter(isLeniency).map((p) => p.kind));
  const parts = [
    kinds.has('comment') ? 'JSON has no comments: put notes in Description or Metadata' : '',
    kinds.has('trailing-comma') ? 'remove the commas before closing brackets' : '',
  ].filter(Boolean);
  const text = parts.join(', and ');
  return text ? `${text[0]!.toUpperCase()}${text.slice(1)}.` : '';
}

export const templateNotJson: Rule = {
  id: 'TEMPLATE-NOT-JSON',
  severity: 'warning',
  title: 'Not valid JSON: CloudFormation reads the template as YAML',
  doc: {
    why: "CloudFormation first checks whether a template is valid JSON and, when it is not, reads it as YAML. A JSON-looking template with an unquoted key or value still deploys, but that text follows YAML's rules: backslashes stay as written (`c:\\\\cfn` keeps both), `000400` is the octal number 256, and JSON tools (jq, cfn-flip, editors) refuse the file. The cfn-hup checks read it as CloudFormation does.",
    source:
      'CloudFormation API Reference, ValidateTemplate ("first checks if the template is valid JSON. If it isn\'t, CloudFormation checks if the template is valid YAML")',
    bad: '"files": { c:\\\\cfn\\\\app.zip: { "source": "…" } }',
    good: '"files": { "c:\\\\cfn\\\\app.zip": { "source": "…" } }',
  },
  check(ctx) {
    reportFirst(
      ctx,
      ctx.model.model.notJson,
      (problems) =>
        `CloudFormation then reads the template as YAML, and so do these checks: unquoted text follows YAML's rules (backslashes stay as written, 000400 is a number) and JSON tools refuse the file. ${problems.every(isLeniency) ? advice(problems) : 'Quote it as JSON so it reads one way.'}`,
    );
  },
};

export const templateJsonRefused: Rule = {
  id: 'TEMPLATE-JSON-REFUSED',
  severity: 'error',
  title: 'JSON with comments: CloudFormation refuses the template',
  doc: {
    why: 'CloudFormation reads a template as JSON, and when that fails, as YAML. JSON has no comments; an editor in JSON-with-comments mode accepts them, CloudFormation does not: read as YAML, a comment is an error in most places ("Template format error") and elsewhere becomes part of the next key, so the create or update fails or the template means something else. (Commas before a closing bracket alone are valid YAML: the template then deploys, read as YAML, and TEMPLATE-NOT-JSON says so.) The cfn-hup checks read the template as JSON meanwhile.',
    source:
      'CloudFormation API Reference, ValidateTemplate (JSON first, then YAML); RFC 8259 (no comments); PyYAML (a comment in a flow mapping is an error)',
    bad: '{\n  // the web tier\n  "Resources": { … }\n}',
    good: '{\n  "Description": "the web tier",\n  "Resources": { … }\n}',
  },
  check(ctx) {
    reportFirst(
      ctx,
      ctx.model.model.refused,
      (problems) =>
        `CloudFormation refuses the template ("Template format error"), or, reading it as YAML, makes a comment part of the next key. ${advice(problems)} These checks read it as JSON meanwhile.`,
    );
  },
};

export const templateFormatRules: Rule[] = [templateNotJson, templateJsonRefused];

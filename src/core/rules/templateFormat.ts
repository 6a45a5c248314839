/**
 * A template that looks like JSON but is not: CloudFormation reads it as YAML instead (it tries JSON
 * first, then YAML), so it deploys, and unquoted text in it means what YAML says, not what the author
 * of a JSON file expects. The analysis reads it the same way (`ParsedTemplate.notJson`).
 */
import type { Rule } from './rule';

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
    const problems = ctx.model.model.notJson;
    const first = problems?.[0];
    if (!first) return;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    ctx.report({
      start: first.start,
      end: first.end,
      message: `Not valid JSON: ${first.message}${more}. CloudFormation then reads the template as YAML, and so do these checks: unquoted text follows YAML's rules (backslashes stay as written, 000400 is a number) and JSON tools refuse the file. Quote it as JSON so it reads one way.`,
    });
  },
};

export const templateFormatRules: Rule[] = [templateNotJson];

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTemplate, completeAt, parseTemplate, suppressionFix } from '../../src/core';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { applyEdits, replaceOnce } from './helpers/analyze';

/**
 * CloudFormation "first checks if the template is valid JSON. If it isn't, CloudFormation checks if the
 * template is valid YAML" (ValidateTemplate). A JSON-looking template with an unquoted key deploys, read
 * as YAML: users rely on getting the cfn-hup checks of that reading and a warning about the JSON, not a
 * PARSE-ERROR that claims it cannot deploy and hides every other finding (found in a real template, a
 * Windows stack embedded in a PowerShell script: `c:\\cfn\\test.zip` left unquoted).
 */
const UNQUOTED_KEY = replaceOnce(
  WINDOWS_JSON,
  '"AWSTemplateFormatVersion": "2010-09-09"',
  'AWSTemplateFormatVersion: "2010-09-09"',
);

const ids = (text: string, fileName: string) =>
  analyzeTemplate(text, { fileName }).findings.map((f) => `${f.ruleId}:${f.severity}`);

test('invalid JSON that is valid YAML: read as YAML, with the JSON problems kept', () => {
  for (const fileName of ['t.json', 't.template', 'template']) {
    const parsed = parseTemplate(UNQUOTED_KEY, fileName);
    assert.equal(parsed.format, 'yaml', fileName);
    assert.deepEqual(parsed.problems, [], fileName);
    assert.equal(parsed.isTemplate, true, fileName);
    assert.ok(parsed.notJson && parsed.notJson.length > 0, fileName);
    assert.deepEqual(ids(UNQUOTED_KEY, fileName), ['TEMPLATE-NOT-JSON:warning'], fileName);
  }
  // Valid JSON is read as JSON, with nothing to say.
  assert.equal(parseTemplate(WINDOWS_JSON, 't.json').notJson, undefined);
  assert.deepEqual(ids(WINDOWS_JSON, 't.json'), []);
});

test('the warning points at the first character JSON refuses', () => {
  const [finding] = analyzeTemplate(UNQUOTED_KEY, { fileName: 't.json' }).findings;
  assert.equal(finding!.ruleId, 'TEMPLATE-NOT-JSON');
  assert.equal(finding!.start, UNQUOTED_KEY.indexOf('AWSTemplateFormatVersion'));
  assert.match(finding!.message, /reads the template as YAML/);
});

test('the cfn-hup checks run on the YAML reading: a hook path typo, and YAML meaning (000400 is octal)', () => {
  const typo = replaceOnce(
    UNQUOTED_KEY,
    'path=Resources.WebServerLaunchConfiguration.Metadata.AWS::CloudFormation::Init',
    'path=Resources.WebServerLaunchConfig.Metadata.AWS::CloudFormation::Init',
  );
  assert.ok(ids(typo, 't.json').includes('HOOK-PATH-UNKNOWN-RESOURCE:error'));
  // Unquoted, 000400 is no JSON at all; YAML reads an octal number, and cfn-init then sets another mode.
  const octal = replaceOnce(
    WINDOWS_JSON,
    '"c:\\\\cfn\\\\cfn-hup.conf": {',
    '"c:\\\\cfn\\\\cfn-hup.conf": { "mode": 000400,',
  );
  const found = ids(octal, 't.json');
  assert.ok(found.includes('TEMPLATE-NOT-JSON:warning'), found.join());
  assert.ok(found.includes('FILE-MODE-YAML-OCTAL:warning'), found.join());
});

test('text that is neither JSON nor YAML (half-typed) still gives PARSE-ERROR with the JSON problem', () => {
  const halfTyped = WINDOWS_JSON.slice(0, WINDOWS_JSON.indexOf('"Resources"') + 20);
  const result = analyzeTemplate(halfTyped, { fileName: 't.json' });
  assert.deepEqual(
    result.findings.map((f) => f.ruleId),
    ['PARSE-ERROR'],
  );
  assert.match(result.findings[0]!.message, /does not parse as JSON/);
  assert.equal(result.parsed.notJson, undefined);
});

test('invalid JSON that YAML reads as something other than a template is not a template', () => {
  const result = analyzeTemplate('{ name: demo, "items": [1, 2] }', { fileName: 'settings.json' });
  assert.equal(result.isTemplate, false);
  assert.deepEqual(result.findings, []);
});

test('edits in such a template are written in JSON syntax, which YAML reads in a flow collection', () => {
  // "Ignore RULE for this resource": the result still reads, the finding is gone.
  const bad = replaceOnce(UNQUOTED_KEY, '"interval=1\\n"', '"interval=0\\n"');
  const parsed = parseTemplate(bad, 't.json');
  const finding = analyzeTemplate(bad, { fileName: 't.json' }).findings.find(
    (f) => f.ruleId === 'HUP-INTERVAL-INVALID',
  )!;
  const fix = suppressionFix(parsed, finding.start, 'HUP-INTERVAL-INVALID')!;
  const after = applyEdits(bad, fix.edits);
  assert.match(after, /"cfn-hup-tools": \{\s+"ignore": \["HUP-INTERVAL-INVALID"\]\s+\}/);
  assert.deepEqual(ids(after, 't.json'), ['TEMPLATE-NOT-JSON:warning']);
  // The auto-reloader completion inside an empty Metadata: JSON text, and the result lints clean but for the JSON.
  const bare = `{
  AWSTemplateFormatVersion: "2010-09-09",
  "Resources": {
    "Web": {
      "Type": "AWS::EC2::Instance",
      "Metadata": {  },
      "Properties": { "ImageId": "ami-1", "UserData": { "Fn::Base64": "<powershell>Write-Host hi</powershell>" } }
    }
  }
}
`;
  const offset = bare.indexOf('{  }') + 2;
  const [item] = completeAt(parseTemplate(bare, 't.json'), offset);
  assert.equal(item?.label, 'Add cfn-hup auto-reloader');
  const completed = applyEdits(bare, [{ start: item!.start, end: item!.end, newText: item!.insertText }]);
  assert.match(completed, /"AWS::CloudFormation::Init": \{/);
  assert.deepEqual(ids(completed, 't.json'), ['TEMPLATE-NOT-JSON:warning']);
});

test('block YAML in a .json file: read as YAML, and edits are written in YAML', () => {
  const bad = replaceOnce(LINUX_YAML, 'interval=1', 'interval=0');
  const parsed = parseTemplate(bad, 'misnamed.json');
  assert.equal(parsed.format, 'yaml');
  assert.ok(parsed.notJson);
  const finding = analyzeTemplate(bad, { fileName: 'misnamed.json' }).findings.find(
    (f) => f.ruleId === 'HUP-INTERVAL-INVALID',
  )!;
  const fix = suppressionFix(parsed, finding.start, 'HUP-INTERVAL-INVALID')!;
  const after = applyEdits(bad, fix.edits);
  assert.match(after, /\n {6}cfn-hup-tools:\n {8}ignore: \[HUP-INTERVAL-INVALID\]\n/);
  assert.deepEqual(ids(after, 'misnamed.json'), ['TEMPLATE-NOT-JSON:warning']);
});

test('JSON with comments: CloudFormation refuses it (TEMPLATE-JSON-REFUSED), and the checks still read it as JSON', () => {
  const commented = replaceOnce(
    WINDOWS_JSON,
    '"AWSTemplateFormatVersion"',
    '// the article\'s stack\n  "AWSTemplateFormatVersion"',
  );
  const parsed = parseTemplate(commented, 't.json');
  assert.equal(parsed.format, 'json');
  assert.equal(parsed.refused?.[0]?.start, commented.indexOf('//'));
  assert.deepEqual(ids(commented, 't.json'), ['TEMPLATE-JSON-REFUSED:error']);
  // A cfn-hup mistake in it is still found.
  const typo = replaceOnce(commented, 'Metadata.AWS::CloudFormation::Init', 'Metadata.AWS::CloudFormation::Inits');
  assert.ok(ids(typo, 't.json').includes('HOOK-PATH-MISSING-KEY:error'));
  // A block comment among trailing commas: refused too (a comment is never YAML to CloudFormation).
  const both = replaceOnce(commented, '"2010-09-09"', '"2010-09-09" /* v1 */');
  assert.deepEqual(ids(both, 't.json'), ['TEMPLATE-JSON-REFUSED:error']);
});

test('JSON with a comma before a closing bracket: valid YAML, so CloudFormation reads it as YAML (TEMPLATE-NOT-JSON)', () => {
  const trailing = replaceOnce(
    WINDOWS_JSON,
    '"AWSTemplateFormatVersion": "2010-09-09"',
    '"AWSTemplateFormatVersion": "2010-09-09", "Description": ["x",]',
  );
  const parsed = parseTemplate(trailing, 't.json');
  assert.equal(parsed.format, 'yaml');
  assert.equal(parsed.refused, undefined);
  const [finding, ...rest] = analyzeTemplate(trailing, { fileName: 't.json' }).findings;
  assert.deepEqual(rest, []);
  assert.equal(finding!.ruleId, 'TEMPLATE-NOT-JSON');
  assert.equal(trailing.slice(finding!.start, finding!.end), ',');
  assert.match(finding!.message, /Remove the commas before closing brackets\.$/);
  // Valid JSON: neither.
  assert.equal(parseTemplate(WINDOWS_JSON, 't.json').refused, undefined);
});

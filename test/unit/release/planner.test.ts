import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDeclarations, type ParameterDeclaration } from '../../../src/core/release/declarations';
import { findBuildParameter } from '../../../src/core/release/buildParameter';
import { proposeNextValue } from '../../../src/core/release/nextValue';
import { validateParameterValue } from '../../../src/core/release/validate';
import { releaseParameters, updateRequest } from '../../../src/core/release/parameters';
import { busyReason, classifyStackStatus, isTerminal, updateOutcome } from '../../../src/core/aws/stackStatus';
import {
  chooseTemplateDelivery,
  planTemplateUpdate,
  TEMPLATE_BODY_LIMIT,
} from '../../../src/core/release/templateUpdate';
import type { StackDetail } from '../../../src/core/aws/ports';

const decl = (d: Partial<ParameterDeclaration>): ParameterDeclaration => ({
  name: 'P',
  type: 'String',
  noEcho: false,
  ...d,
});

function stack(over: Partial<StackDetail> = {}): StackDetail {
  return {
    name: 'fleet',
    id: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/fleet/1',
    status: 'UPDATE_COMPLETE',
    parameters: [
      { key: 'BuildNumber', value: '41' },
      { key: 'DbPassword', value: '****' },
      { key: 'Environment', value: 'prod' },
    ],
    tags: [{ key: 'team', value: 'ops' }],
    capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
    notificationArns: ['arn:aws:sns:eu-west-1:111122223333:releases'],
    roleArn: 'arn:aws:iam::111122223333:role/cfn',
    outputs: [],
    ...over,
  };
}

test('the build parameter is found on the template and the stack; a missing one lists candidates', () => {
  const d = readDeclarations(
    'Parameters:\n  BuildNumber: { Type: Number }\n  AppVersion: { Type: String }\n  Environment: { Type: String }\nResources: {}\n',
  );
  assert.ok(d.ok);
  const live = [
    { key: 'BuildNumber', value: '3' },
    { key: 'AppVersion', value: 'v1' },
    { key: 'Environment', value: 'dev' },
  ];
  const ok = findBuildParameter(d.parameters, live);
  assert.ok(ok.ok);
  assert.equal(ok.declaration.type, 'Number');
  const missing = findBuildParameter(d.parameters, live, 'Build');
  assert.equal(missing.ok, false);
  assert.ok(
    !missing.ok &&
      missing.candidates.includes('AppVersion') &&
      missing.candidates.includes('BuildNumber') &&
      !missing.candidates.includes('Environment'),
  );
  assert.match(!missing.ok ? missing.message : '', /no parameter "Build".*AppVersion/);
  const cased = findBuildParameter(d.parameters, live, 'buildnumber');
  assert.match(!cased.ok ? cased.message : '', /case-sensitive: did you mean "BuildNumber"/);
});

test('the next value: Number +1, the last number of a string with its padding', () => {
  assert.equal(proposeNextValue('41', 'Number'), '42');
  assert.equal(proposeNextValue('2024.11.3'), '2024.11.4');
  assert.equal(proposeNextValue('v17'), 'v18');
  assert.equal(proposeNextValue('build-009'), 'build-010');
  assert.equal(proposeNextValue('release-099-final'), 'release-100-final');
  assert.equal(proposeNextValue('99'), '100');
  assert.equal(proposeNextValue('1.9.9'), '1.9.10');
  assert.equal(proposeNextValue('latest'), undefined);
  assert.equal(proposeNextValue('1.5', 'Number'), '1.6', 'a non-integer Number bumps its last digits');
});

test('values are validated like CloudFormation does, before any call', () => {
  assert.deepEqual(validateParameterValue(decl({ type: 'Number', minValue: 1, maxValue: 100 }), '42'), []);
  assert.match(validateParameterValue(decl({ type: 'Number' }), '4x').join(), /not a number/);
  assert.match(validateParameterValue(decl({ type: 'Number', maxValue: 10 }), '11').join(), /above MaxValue 10/);
  assert.match(validateParameterValue(decl({ type: 'Number', minValue: 5 }), '4').join(), /below MinValue 5/);
  assert.match(
    validateParameterValue(decl({ allowedValues: ['dev', 'prod'] }), 'qa').join(),
    /AllowedValues: dev, prod/,
  );
  // AllowedPattern must match the whole value, not a part of it.
  assert.deepEqual(validateParameterValue(decl({ allowedPattern: '[0-9]+' }), '123'), []);
  assert.match(
    validateParameterValue(decl({ allowedPattern: '[0-9]+', constraintDescription: 'digits only' }), '12a').join(),
    /does not match AllowedPattern \[0-9\]\+ \(digits only\)/,
  );
  assert.match(validateParameterValue(decl({ allowedPattern: 'a|b' }), 'ab').join(), /does not match/);
  assert.match(validateParameterValue(decl({ minLength: 3 }), 'ab').join(), /shorter than MinLength 3/);
  assert.match(validateParameterValue(decl({ maxLength: 3 }), 'abcd').join(), /longer than MaxLength 3/);
  assert.deepEqual(validateParameterValue(decl({ type: 'CommaDelimitedList', allowedValues: ['a', 'b'] }), 'a, b'), []);
  assert.match(
    validateParameterValue(decl({ type: 'CommaDelimitedList', allowedPattern: '[a-z]+' }), 'a,B').join(),
    /"B" in the list/,
  );
  assert.match(validateParameterValue(decl({ type: 'List<Number>' }), '1,x').join(), /"x" in the list is not a number/);
  assert.match(validateParameterValue(decl({ type: 'AWS::EC2::KeyPair::KeyName' }), '').join(), /empty value/);
});

test('release parameters: the changed one with its value, every other one (NoEcho too) as UsePreviousValue', () => {
  const params = releaseParameters(stack(), 'BuildNumber', '42');
  assert.deepEqual(params, [
    { key: 'BuildNumber', value: '42' },
    { key: 'DbPassword', usePreviousValue: true },
    { key: 'Environment', usePreviousValue: true },
  ]);
  const request = updateRequest(stack(), params);
  assert.deepEqual(request.capabilities, ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM']);
  assert.deepEqual(request.template, { usePrevious: true });
  // Omitted on purpose: omitted keeps the stack's tags, topics and role; an empty list would remove them.
  assert.equal('tags' in request, false);
  assert.equal('notificationArns' in request, false);
  assert.equal('roleArn' in request, false);
});

test('stack statuses: classes, terminal, busy, outcome', () => {
  assert.equal(classifyStackStatus('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'), 'inProgress');
  assert.equal(classifyStackStatus('UPDATE_ROLLBACK_COMPLETE'), 'rolledBack');
  assert.equal(classifyStackStatus('CREATE_FAILED'), 'failed');
  assert.equal(classifyStackStatus('DELETE_COMPLETE'), 'deleted');
  assert.equal(classifyStackStatus('UPDATE_COMPLETE'), 'complete');
  assert.equal(isTerminal('UPDATE_IN_PROGRESS'), false);
  assert.equal(isTerminal('UPDATE_ROLLBACK_COMPLETE'), true);
  assert.match(busyReason('UPDATE_IN_PROGRESS') ?? '', /another operation is running/);
  assert.match(busyReason('ROLLBACK_COMPLETE') ?? '', /creation failed/);
  assert.match(busyReason('UPDATE_ROLLBACK_FAILED') ?? '', /continue-update-rollback/);
  assert.equal(busyReason('UPDATE_ROLLBACK_COMPLETE'), undefined, 'a rolled-back update can be released again');
  assert.equal(busyReason('CREATE_COMPLETE'), undefined);
  assert.equal(updateOutcome('UPDATE_COMPLETE'), 'succeeded');
  assert.equal(updateOutcome('UPDATE_ROLLBACK_COMPLETE'), 'rolledBack');
});

test('a template update: inline under 51,200 bytes, through S3 above, refused without a bucket', () => {
  assert.deepEqual(chooseTemplateDelivery('x'.repeat(TEMPLATE_BODY_LIMIT), 'fleet', undefined, 0), { kind: 'body' });
  const big = 'é'.repeat(TEMPLATE_BODY_LIMIT / 2 + 1); // 2 bytes each: over the limit in bytes, not in characters
  assert.match(
    (chooseTemplateDelivery(big, 'fleet', undefined, 0) as { message: string }).message,
    /give an S3 bucket/,
  );
  const up = chooseTemplateDelivery(big, 'fleet', 'my-bucket', Date.parse('2026-01-01T00:00:00Z'));
  assert.deepEqual(up, {
    kind: 'upload',
    bucket: 'my-bucket',
    key: 'cfn-hup-tools/fleet/2026-01-01T00-00-00-000Z.template',
  });
  assert.equal(chooseTemplateDelivery('x'.repeat(1_000_001), 'fleet', 'b', 0).kind, 'refused');
});

test('a template update keeps existing parameters, lets new ones default, refuses new ones without a Default', () => {
  const tpl =
    'Parameters:\n  BuildNumber: { Type: String }\n  DbPassword: { Type: String, NoEcho: true }\n  NewOne: { Type: String, Default: x }\nResources: {}\n';
  const plan = planTemplateUpdate(stack(), tpl, { body: tpl });
  assert.ok(plan.ok);
  assert.deepEqual(plan.request.parameters, [
    { key: 'BuildNumber', usePreviousValue: true },
    { key: 'DbPassword', usePreviousValue: true },
  ]);
  assert.deepEqual(plan.request.capabilities, ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM']);
  const refused = planTemplateUpdate(stack(), tpl.replace('Default: x', 'Description: y'), { body: tpl });
  assert.match(!refused.ok ? refused.message : '', /adds parameter NewOne with no Default/);
});

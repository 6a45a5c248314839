import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsError } from '../../src/core/aws/errors';
import { assembleFleet } from '../../src/core/aws/fleet';
import {
  alignToLive,
  deployedTemplateFacts,
  filterStacks,
  groupDescription,
  hookDescription,
  instanceDescription,
  instanceIcon,
  parameterDisplay,
  presentError,
  stackContext,
  stackDescription,
  stackIcon,
  templateDeclares,
  templateFormat,
} from '../../src/vscode/explorer/model';

/** The explorer's plain-data decisions (src/vscode/explorer/model.ts): no VS Code needed. */
const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'aws');
const FLEET = readFileSync(join(FIXTURES, 'fleet-stack.yaml'), 'utf8');

test('stack status → icon, context value, description', () => {
  assert.deepEqual(stackIcon('UPDATE_IN_PROGRESS'), { id: 'sync~spin', color: 'charts.yellow' });
  assert.deepEqual(stackIcon('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS').id, 'sync~spin');
  assert.equal(stackIcon('UPDATE_COMPLETE').id, 'pass');
  assert.equal(stackIcon('CREATE_FAILED').id, 'error');
  assert.equal(stackIcon('UPDATE_ROLLBACK_COMPLETE').id, 'history');
  assert.equal(stackIcon('REVIEW_IN_PROGRESS').id, 'eye');
  assert.equal(stackContext('UPDATE_IN_PROGRESS'), 'cfnHup.stack.inProgress');
  assert.equal(stackContext('ROLLBACK_COMPLETE'), 'cfnHup.stack.rolledBack');
  assert.equal(stackDescription('UPDATE_COMPLETE'), 'update complete');
  assert.equal(
    stackDescription('UPDATE_COMPLETE', { name: 'BuildNumber', value: '42' }),
    'BuildNumber 42 · update complete',
  );
  assert.equal(stackDescription('UPDATE_COMPLETE', { name: 'BuildNumber', value: undefined }), 'update complete');
});

test('filter by name: case-insensitive substring; empty keeps all', () => {
  const stacks = [{ name: 'web-prod' }, { name: 'Web-dev' }, { name: 'db' }];
  assert.deepEqual(
    filterStacks(stacks, 'WEB').map((s) => s.name),
    ['web-prod', 'Web-dev'],
  );
  assert.deepEqual(filterStacks(stacks, '  ').length, 3);
  assert.deepEqual(filterStacks(stacks, undefined).length, 3);
});

test('NoEcho parameters are masked even where the API shows them (emulators)', () => {
  const noEcho = new Set(['DbPassword']);
  assert.equal(parameterDisplay({ key: 'DbPassword', value: 's3cret' }, noEcho), '****');
  assert.equal(parameterDisplay({ key: 'Other', value: '****' }, new Set()), '****');
  assert.equal(parameterDisplay({ key: 'BuildNumber', value: '41' }, noEcho), '41');
  assert.equal(parameterDisplay({ key: 'Ami', value: '/aws/ami', resolvedValue: 'ami-1' }, noEcho), '/aws/ami → ami-1');
});

test('deployed template: NoEcho, Metadata, cfn-hup hooks (evaluated with the stack values) and the resources they watch', () => {
  const facts = deployedTemplateFacts(FLEET, {
    parameterValues: { BuildNumber: '41', Environment: 'dev' },
    pseudoValues: { 'AWS::StackName': 'fleet', 'AWS::Region': 'us-east-1' },
  });
  assert.equal(facts.format, 'yaml');
  assert.deepEqual([...facts.noEcho], ['DbPassword']);
  assert.deepEqual([...facts.withMetadata], ['LaunchConfig']);
  const [hook] = facts.hooks.get('LaunchConfig') ?? [];
  assert.ok(hook);
  assert.equal(hook.name, 'cfn-auto-reloader-hook');
  assert.equal(hook.intervalMinutes, 2);
  assert.equal(hookDescription(hook), 'post.update on LaunchConfig.Metadata.AWS::CloudFormation::Init, every 2 min');
  assert.deepEqual([...facts.watchedBy], [['LaunchConfig', ['cfn-auto-reloader-hook']]]);
  assert.equal(deployedTemplateFacts('not: [a template', {}).hooks.size, 0);
  assert.equal(templateFormat('  {"Resources": {}}'), 'json');
  assert.equal(templateFormat('Resources: {}'), 'yaml');
});

test('fleet descriptions: outdated instances and the group that has them', () => {
  const fleet = assembleFleet(
    [
      {
        logicalId: 'Group',
        physicalId: 'web-Group-1',
        type: 'AWS::AutoScaling::AutoScalingGroup',
        status: 'CREATE_COMPLETE',
      },
      { logicalId: 'Template', physicalId: 'lt-1', type: 'AWS::EC2::LaunchTemplate', status: 'CREATE_COMPLETE' },
    ],
    [
      {
        name: 'web-Group-1',
        minSize: 1,
        maxSize: 3,
        desiredCapacity: 2,
        launchTemplate: { id: 'lt-1', name: 'web', version: '$Latest' },
        instances: [
          {
            id: 'i-old',
            lifecycleState: 'InService',
            health: 'Healthy',
            launchTemplate: { id: 'lt-1', name: 'web', version: '1' },
          },
          {
            id: 'i-new',
            lifecycleState: 'InService',
            health: 'Unhealthy',
            launchTemplate: { id: 'lt-1', name: 'web', version: '2' },
          },
        ],
      },
    ],
    [{ id: 'lt-1', name: 'web', latestVersion: 2, defaultVersion: 1 }],
    [{ id: 'i-old', state: 'running', privateIp: '10.0.0.1' }],
  );
  const g = fleet.groups[0]!;
  assert.equal(groupDescription(g), '1 outdated · 2 desired (1–3) · web v$Latest (= 2) · web-Group-1');
  assert.equal(instanceDescription(g.instances[0]!), 'outdated · InService · Healthy · web v1 · 10.0.0.1');
  assert.equal(instanceIcon(g.instances[0]!).id, 'warning');
  assert.equal(instanceDescription(g.instances[1]!), 'InService · Unhealthy · web v2');
  assert.equal(instanceIcon(g.instances[1]!).id, 'vm-outline');
});

test("errors in VS Code words: next steps name the view's controls, not CLI flags", () => {
  const none = presentError(
    new AwsError('NoCredentials', 'No AWS credentials found.', 'Choose a profile with --profile (or AWS_PROFILE)…'),
    { profile: undefined },
  );
  assert.match(none.nextStep, /^Choose a profile \(the account icon/);
  assert.doesNotMatch(none.nextStep, /--profile/);
  assert.deepEqual(none.actions, ['chooseProfile', 'retry']);
  const sso = presentError(
    new AwsError(
      'ExpiredToken',
      'The SSO session of profile "dev" has expired.',
      'Run `aws sso login --profile dev`, then try again.',
    ),
    { profile: 'dev' },
  );
  assert.equal(sso.nextStep, 'Run `aws sso login --profile dev`, then try again.');
  const region = presentError(new AwsError('Validation', 'No AWS region is set.', 'Give --region, …'), {});
  assert.deepEqual(region.actions, ['chooseRegion']);
  assert.doesNotMatch(region.nextStep, /--region/);
  const denied = presentError(
    new AwsError(
      'AccessDenied',
      'Access denied: the credentials in use may not call cloudformation:ListStacks.',
      'Ask for an IAM policy that allows cloudformation:ListStacks.',
    ),
    {},
  );
  assert.match(denied.nextStep, /cloudformation:ListStacks/);
  const hung = presentError(
    new AwsError(
      'Network',
      'No answer from AWS for cloudformation:ListStacks within 1 s: the request timed out.',
      'x',
      'cloudformation:ListStacks',
      true,
    ),
    {},
  );
  assert.match(
    hung.nextStep,
    /endpoint in use .*raise `cfnHup\.aws\.requestTimeoutSeconds`/,
    'the editor names its own setting',
  );
});

test('a local template is used for a resource only when it declares that logical id', () => {
  assert.equal(templateDeclares(FLEET, 'LaunchConfig', 'fleet.yaml'), true);
  assert.equal(templateDeclares(FLEET, 'Nope', 'fleet.yaml'), false);
  assert.equal(templateDeclares('name: my-app\nversion: 1\n', 'LaunchConfig', 'settings.yaml'), false);
});

test('rendered Metadata laid out like the live one: live key order, scalars written as AWS stores them', () => {
  const live = { b: { enabled: 'true', n: '2' }, a: ['x', 'y'], onlyLive: 1 };
  const rendered = { a: ['x', 'z'], b: { n: 2, enabled: true }, onlyLocal: 'new' };
  assert.equal(
    JSON.stringify(alignToLive(rendered, live)),
    JSON.stringify({ b: { enabled: 'true', n: '2' }, a: ['x', 'z'], onlyLocal: 'new' }),
  );
  // A real difference stays as it is.
  assert.deepEqual(alignToLive({ n: 3 }, { n: '2' }), { n: 3 });
  assert.equal(alignToLive(null, 'x'), null);
});

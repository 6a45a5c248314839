import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplate } from '../../../src/core/template/parse';
import type { ParameterDeclaration } from '../../../src/core/release/declarations';
import type { Fleet } from '../../../src/core/aws/fleet';
import type { HookFiring } from '../../../src/core/release/hookImpact';
import { convergenceReport, utcTime } from '../../../src/vscode/release/convergence';
import {
  confirmation,
  describeConstraints,
  lintGate,
  parameterKey,
  parameterPicks,
  percentageProblem,
  valueProblem,
} from '../../../src/vscode/release/text';

const build: ParameterDeclaration = {
  name: 'BuildNumber',
  type: 'String',
  noEcho: false,
  allowedPattern: '[0-9]+(\\.[0-9]+)*',
  constraintDescription: 'digits and dots',
};
const size: ParameterDeclaration = { name: 'FleetSize', type: 'Number', noEcho: false, minValue: 1, maxValue: 3 };
const secret: ParameterDeclaration = { name: 'DbPassword', type: 'String', noEcho: true };

test('valueProblem: the InputBox check against Type, AllowedPattern, Min/MaxValue, and "nothing would change"', () => {
  assert.equal(valueProblem(build, '41', '42'), undefined);
  assert.equal(valueProblem(build, '41', '2024.11.3'), undefined);
  assert.match(valueProblem(build, '41', '42a')!, /does not match AllowedPattern .* \(digits and dots\)/);
  assert.match(valueProblem(build, '41', '41')!, /already "41": nothing would change/);
  assert.match(valueProblem(build, '41', '  ')!, /Enter the new value of BuildNumber/);
  assert.match(valueProblem(size, '2', '4')!, /above MaxValue 3/);
  assert.match(valueProblem(size, '2', 'two')!, /not a number/);
  assert.equal(valueProblem(secret, '****', '****'), undefined, 'a NoEcho value is never compared with the mask');
});

test('describeConstraints and parameterPicks: likely build parameters first, NoEcho values hidden', () => {
  assert.equal(describeConstraints(build), 'String matching [0-9]+(\\.[0-9]+)* (digits and dots)');
  assert.equal(describeConstraints(size), 'Number from 1 to 3');
  const picks = parameterPicks(
    [size, secret, build],
    [
      { key: 'FleetSize', value: '2' },
      { key: 'DbPassword', value: '****' },
      { key: 'BuildNumber', value: '41' },
    ],
    ['BuildNumber'],
  );
  assert.deepEqual(
    picks.map((p) => [p.label, p.description]),
    [
      ['BuildNumber', 'current: 41'],
      ['FleetSize', 'current: 2'],
      ['DbPassword', 'NoEcho'],
    ],
  );
});

test('confirmation: replacements first and loud; the button says so', () => {
  const quiet = confirmation('Release X', 'cs-1', {
    changes: [],
    replacements: [],
    hooks: [],
    lines: ['Modify LaunchConfig'],
  });
  assert.deepEqual(quiet, {
    message: 'Release X?',
    detail: 'Change set cs-1:\nModify LaunchConfig',
    button: 'Execute',
  });
  const r = {
    action: 'Modify',
    logicalId: 'Web',
    resourceType: 'AWS::EC2::Instance',
    replacement: 'True',
    scope: [],
    details: [],
  };
  const loud = confirmation('Release X', 'cs-1', {
    changes: [r],
    replacements: [r],
    hooks: [],
    lines: ['!! REPLACES Web'],
  });
  assert.match(loud.message, /REPLACES OR DELETES 1 resource \(Web\)\. An in-place release should replace nothing\./);
  assert.equal(loud.button, 'Execute Anyway');
});

test('lintGate and percentageProblem', () => {
  assert.equal(lintGate([{ ruleId: 'A', severity: 'warning', start: 0, end: 0, message: 'w' }]), undefined);
  const gate = lintGate(
    Array.from({ length: 7 }, (_, i) => ({
      ruleId: `R${i}`,
      severity: 'error' as const,
      start: 0,
      end: 0,
      message: `m${i}`,
    })),
  );
  assert.equal(gate!.errors, 7);
  assert.match(gate!.detail, /R4: m4\n… and 2 more/);
  assert.equal(percentageProblem('90'), undefined);
  assert.equal(percentageProblem('100'), undefined);
  for (const bad of ['0', '101', '-5', '50.5', 'x', '']) assert.ok(percentageProblem(bad), bad);
});

test('parameterKey: where the CodeLens goes, in YAML and JSON', () => {
  const yaml = 'Parameters:\n  BuildNumber:\n    Type: String\nResources: {}\n';
  const y = parameterKey(parseTemplate(yaml).root, 'BuildNumber')!;
  assert.equal(yaml.slice(y.start, y.end), 'BuildNumber');
  const json = '{"Parameters": {"Env": {"Type": "String"}, "BuildNumber": {"Type": "Number"}}, "Resources": {}}';
  const j = parameterKey(parseTemplate(json).root, 'BuildNumber')!;
  assert.equal(json.slice(j.start, j.end), '"BuildNumber"');
  assert.equal(parameterKey(parseTemplate(yaml).root, 'Version'), undefined);
});

test('convergenceReport: instances per launch configuration / template version, and the poll-by time', () => {
  const fleet: Fleet = {
    groups: [
      {
        name: 'g-1',
        logicalId: 'Group',
        minSize: 1,
        maxSize: 4,
        desiredCapacity: 3,
        launchTemplate: { id: 'lt-1', name: 'web', version: '$Latest', resolvedVersion: '5' },
        instances: [
          {
            id: 'a',
            lifecycleState: 'InService',
            health: 'Healthy',
            launchTemplate: { id: 'lt-1', name: 'web', version: '5' },
            outdated: false,
          },
          {
            id: 'b',
            lifecycleState: 'InService',
            health: 'Healthy',
            launchTemplate: { id: 'lt-1', name: 'web', version: '4' },
            outdated: true,
          },
          {
            id: 'c',
            lifecycleState: 'InService',
            health: 'Healthy',
            launchTemplate: { id: 'lt-1', name: 'web', version: '5' },
            outdated: false,
          },
          {
            id: 'd',
            lifecycleState: 'Terminating',
            health: 'Healthy',
            launchTemplate: { id: 'lt-1', name: 'web', version: '3' },
            outdated: true,
          },
        ],
      },
    ],
    instances: [{ id: 'i-b', logicalId: 'Bastion', state: 'running' }],
    instancesByResource: {},
  };
  const hook = (intervalMinutes: number, instances?: number): HookFiring => ({
    hook: {
      name: 'h',
      triggers: ['post.update'],
      path: 'Resources.LT.Metadata',
      watchesKeys: [],
      action: 'x',
      intervalMinutes,
      file: 'f',
    },
    definedIn: 'LT',
    watches: 'LT',
    trigger: 'post.update',
    instances,
  });
  const t = Date.parse('2026-01-01T10:00:00Z');
  const report = convergenceReport(fleet, [hook(5, 3), hook(15, 3)], t);
  assert.deepEqual(report.groups[0]!.configurations, [
    { label: 'launch template web version 5', instances: 2, current: true },
    { label: 'launch template web version 4', instances: 1, current: false },
  ]);
  assert.equal(report.maxIntervalMinutes, 15);
  assert.equal(report.pollBy, t + 15 * 60_000);
  assert.match(
    report.lines[0]!,
    /^Auto Scaling group Group \(g-1\): 3\/3 instances: 2 on launch template web version 5 \(current\); 1 on launch template web version 4 \(older/,
  );
  assert.equal(report.lines[1], '1 stand-alone instance running');
  assert.equal(
    report.lines[2],
    'Every cfn-hup should have polled by 10:15 UTC (the longest interval of the 2 hooks that fire: 15 minutes); 3 instances run them.',
  );
  assert.equal(
    report.headline,
    'Group: 2/3 instances on the current configuration, 1 on an older one; every cfn-hup should have polled by 10:15 UTC.',
  );
  assert.equal(utcTime(t), '10:00 UTC');
  assert.match(convergenceReport(fleet, [], t).lines.at(-1)!, /No cfn-hup hook fires/);
  assert.equal(convergenceReport(undefined, undefined, t).lines.length, 0);
  assert.equal(convergenceReport(undefined, undefined, t).headline, '');
});

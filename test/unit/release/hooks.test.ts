import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hooksView } from '../../../src/core/aws/hooksView';
import { hookImpact, describeFiring } from '../../../src/core/release/hookImpact';
import { summarizeChangeSet } from '../../../src/core/release/changeSetSummary';
import { firstFailure } from '../../../src/core/release/events';
import { readDeclarations } from '../../../src/core/release/declarations';
import { metadataDifferences } from '../../../src/core/aws/metadataDiff';
import type { StackEvent } from '../../../src/core/aws/ports';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'aws');
const fleetTemplate = readFileSync(join(FIXTURES, 'fleet-stack.yaml'), 'utf8');
const liveMetadata = JSON.parse(readFileSync(join(FIXTURES, 'live-metadata.json'), 'utf8'));

test('hooksView lists the hooks of live Metadata: what each watches, its triggers and interval', () => {
  const hooks = hooksView(liveMetadata, 'LaunchConfig');
  assert.equal(hooks.length, 1);
  const h = hooks[0]!;
  assert.equal(h.name, 'cfn-auto-reloader-hook');
  assert.deepEqual(h.triggers, ['post.update']);
  assert.equal(h.watchesResource, 'LaunchConfig');
  assert.equal(h.watchesPart, 'Metadata');
  assert.deepEqual(h.watchesKeys, ['AWS::CloudFormation::Init']);
  assert.equal(h.intervalMinutes, 2);
  assert.equal(h.file, '/etc/cfn/hooks.d/cfn-auto-reloader.conf');
  assert.match(h.action, /cfn-init -v --stack fleet --resource LaunchConfig/);
  assert.deepEqual(hooksView(undefined), []);
  assert.deepEqual(hooksView({ other: 1 }), []);
});

test('without interval in cfn-hup.conf the hook polls every 15 minutes, as cfn-hup does', () => {
  const md = JSON.parse(JSON.stringify(liveMetadata));
  md['AWS::CloudFormation::Init'].config.files['/etc/cfn/cfn-hup.conf'].content =
    '[main]\nstack=fleet\nregion=us-east-1\n';
  assert.equal(hooksView(md)[0]!.intervalMinutes, 15);
});

test('hook impact: a BuildNumber bump fires the hook watching the Init on every instance launched from it', () => {
  const d = readDeclarations(fleetTemplate);
  assert.ok(d.ok);
  const pseudo = {
    'AWS::StackName': 'fleet',
    'AWS::StackId': 'arn:aws:cloudformation:us-east-1:123456789012:stack/fleet/1',
    'AWS::Region': 'us-east-1',
  };
  const before = { parameterValues: { BuildNumber: '41', Environment: 'dev' }, pseudoValues: pseudo };
  const firings = hookImpact({
    model: d.model,
    before,
    after: { ...before, parameterValues: { ...before.parameterValues, BuildNumber: '42' } },
    instancesByResource: { LaunchConfig: 2 },
  });
  assert.equal(firings.length, 1);
  assert.equal(firings[0]!.trigger, 'post.update');
  assert.equal(firings[0]!.instances, 2);
  assert.match(describeFiring(firings[0]!), /fires post.update on 2 instances within 2 minutes/);
  // A parameter that no watched Metadata uses fires nothing.
  const none = hookImpact({
    model: d.model,
    before,
    after: { ...before, parameterValues: { ...before.parameterValues, FleetSize: '3' } },
  });
  assert.deepEqual(none, []);
});

test('a change-set summary flags replacements loudly and says which hooks fire', () => {
  const s = summarizeChangeSet(
    {
      id: 'cs',
      name: 'cs',
      status: 'CREATE_COMPLETE',
      changes: [
        {
          action: 'Modify',
          logicalId: 'LaunchConfig',
          resourceType: 'AWS::AutoScaling::LaunchConfiguration',
          replacement: 'False',
          scope: ['Metadata'],
          details: [],
        },
        {
          action: 'Modify',
          logicalId: 'Bastion',
          resourceType: 'AWS::EC2::Instance',
          replacement: 'True',
          scope: ['Properties'],
          details: ['ImageId (requires replacement)'],
        },
      ],
    },
    [],
  );
  assert.equal(s.replacements.length, 1);
  assert.match(s.lines[0]!, /^!! REPLACES Bastion \(AWS::EC2::Instance\) because of ImageId/);
  assert.match(s.lines[1]!, /Modify +LaunchConfig .* \[Metadata\]/);
  assert.match(s.lines.at(-1)!, /no hook watches what changes/);
});

test('the first failed resource is the root cause, not the knock-on cancellations or the stack', () => {
  const ev = (
    t: string,
    logicalId: string,
    status: string,
    reason?: string,
    type = 'AWS::AutoScaling::LaunchConfiguration',
  ): StackEvent => ({
    id: `${t}${logicalId}`,
    timestamp: `2026-01-01T00:00:${t}Z`,
    logicalId,
    resourceType: type,
    status,
    statusReason: reason,
  });
  const f = firstFailure(
    [
      ev('01', 'fleet', 'UPDATE_IN_PROGRESS', 'User Initiated', 'AWS::CloudFormation::Stack'),
      ev('05', 'Group', 'UPDATE_FAILED', 'Resource update cancelled', 'AWS::AutoScaling::AutoScalingGroup'),
      ev('03', 'LaunchConfig', 'UPDATE_FAILED', 'The image id [ami-1] does not exist'),
      ev(
        '06',
        'fleet',
        'UPDATE_ROLLBACK_IN_PROGRESS',
        'The following resource(s) failed to update: [LaunchConfig].',
        'AWS::CloudFormation::Stack',
      ),
    ],
    'fleet',
  );
  assert.deepEqual(f, {
    logicalId: 'LaunchConfig',
    resourceType: 'AWS::AutoScaling::LaunchConfiguration',
    status: 'UPDATE_FAILED',
    reason: 'The image id [ami-1] does not exist',
  });
});

test('metadata differences: changed, only on one side, and symbolic values that cannot be judged', () => {
  const diffs = metadataDifferences(
    { a: 1, b: { c: 'x' }, gone: true, ip: '10.0.0.1' },
    { a: '1', b: { c: 'y' }, added: 2, ip: '${Web.PrivateIp}' },
    ['Web.PrivateIp'],
  );
  assert.deepEqual(
    diffs.map((d) => [d.path.join('.'), d.kind]),
    [
      ['b.c', 'changed'],
      ['gone', 'only-live'],
      ['ip', 'unknown'],
      ['added', 'only-template'],
    ],
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planRelease, type ReleasePlan } from '../../../src/core/release/workflow';
import { directFirings } from '../../../src/core/release/directImpact';
import type { StackEvent } from '../../../src/core/aws/ports';
import { TEMPLATE, world } from '../helpers/fleet';

/**
 * `release --direct`: no change set says which hooks fire, so they are found
 * after the update from the parameters (a Metadata path) and from the
 * update's own stack events (a whole resource, a physical id).
 */
const WHOLE = `                [cfn-auto-reloader-hook]
                triggers=post.update
                path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init
                action=/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource LaunchConfig --region \${AWS::Region}
                [bastion-hook]
                triggers=post.update
                path=Resources.Bastion
                action=/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource LaunchConfig --region \${AWS::Region}
                [bastion-id-hook]
                triggers=post.update
                path=Resources.Bastion.PhysicalResourceId
                action=/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource LaunchConfig --region \${AWS::Region}
`;

async function plan(template = TEMPLATE): Promise<ReleasePlan> {
  const aws = world();
  aws.stacks.get('fleet')!.template = template;
  const p = await planRelease({ stacks: aws, release: aws, clock: aws.clock }, { stackName: 'fleet' });
  assert.ok(p.ok, !p.ok ? p.message : '');
  return p;
}

const event = (logicalId: string, status: string, statusReason?: string): StackEvent => ({
  id: `${logicalId}-${status}`,
  timestamp: '2026-11-30T12:00:00Z',
  logicalId,
  resourceType: logicalId === 'fleet' ? 'AWS::CloudFormation::Stack' : 'AWS::EC2::Instance',
  status,
  statusReason,
});

test('a hook on a Metadata path the new build changes fires without any event (moto logs none per resource)', async () => {
  const fired = directFirings(await plan(), [event('fleet', 'UPDATE_COMPLETE')], 'us-east-1');
  assert.deepEqual(
    fired.map((f) => [f.hook.name, f.definedIn, f.trigger]),
    [['cfn-auto-reloader-hook', 'LaunchConfig', 'post.update']],
  );
});

test('a hook on a whole resource fires only when the update modified it; one on its physical id only when it was replaced', async () => {
  const template = TEMPLATE.replace(/ {16}\[cfn-auto-reloader-hook\][\s\S]*?--region \$\{AWS::Region\}\n/, WHOLE);
  assert.notEqual(template, TEMPLATE);
  const p = await plan(template);
  const names = (events: StackEvent[]) => directFirings(p, events, 'us-east-1').map((f) => f.hook.name);
  assert.deepEqual(names([event('fleet', 'UPDATE_COMPLETE')]), ['cfn-auto-reloader-hook']);
  assert.deepEqual(names([event('Bastion', 'UPDATE_IN_PROGRESS'), event('Bastion', 'UPDATE_COMPLETE')]), [
    'cfn-auto-reloader-hook',
    'bastion-hook',
  ]);
  assert.deepEqual(
    names([
      event(
        'Bastion',
        'UPDATE_IN_PROGRESS',
        'Requested update requires the creation of a new physical resource; hence creating one.',
      ),
      event('Bastion', 'UPDATE_COMPLETE'),
    ]),
    ['cfn-auto-reloader-hook', 'bastion-hook', 'bastion-id-hook'],
  );
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeAws, FakeClock } from './fakeAws';

/** test/fixtures/aws/fleet-stack.yaml: the stack every release test works on. */
export const TEMPLATE = readFileSync(
  join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'aws', 'fleet-stack.yaml'),
  'utf8',
);

/**
 * That stack in the in-memory fake: BuildNumber 41, a NoEcho password, tags,
 * a capability, a topic and a role; a launch configuration, its group with one
 * instance on the current and one on an older configuration, and a bastion.
 */
export function world(status = 'CREATE_COMPLETE'): FakeAws {
  const aws = new FakeAws(new FakeClock());
  aws.addStack(
    {
      name: 'fleet',
      status,
      parameters: [
        { key: 'BuildNumber', value: '41' },
        { key: 'Environment', value: 'dev' },
        { key: 'DbPassword', value: '****' },
        { key: 'FleetSize', value: '2' },
      ],
      tags: [{ key: 'team', value: 'ops' }],
      capabilities: ['CAPABILITY_IAM'],
      notificationArns: ['arn:aws:sns:us-east-1:123456789012:releases'],
      roleArn: 'arn:aws:iam::123456789012:role/cfn',
    },
    TEMPLATE,
    [
      {
        logicalId: 'LaunchConfig',
        physicalId: 'fleet-LaunchConfig-1',
        type: 'AWS::AutoScaling::LaunchConfiguration',
        status: 'CREATE_COMPLETE',
        metadata: {},
      },
      {
        logicalId: 'Group',
        physicalId: 'fleet-Group-1',
        type: 'AWS::AutoScaling::AutoScalingGroup',
        status: 'CREATE_COMPLETE',
        metadata: undefined,
      },
      {
        logicalId: 'Bastion',
        physicalId: 'i-bastion',
        type: 'AWS::EC2::Instance',
        status: 'CREATE_COMPLETE',
        metadata: undefined,
      },
    ],
  );
  aws.groups.set('fleet-Group-1', {
    name: 'fleet-Group-1',
    minSize: 2,
    maxSize: 3,
    desiredCapacity: 2,
    launchConfigurationName: 'fleet-LaunchConfig-1',
    instances: [
      { id: 'i-1', lifecycleState: 'InService', health: 'Healthy', launchConfigurationName: 'fleet-LaunchConfig-1' },
      { id: 'i-2', lifecycleState: 'InService', health: 'Healthy', launchConfigurationName: 'fleet-LaunchConfig-0' },
    ],
  });
  aws.ec2.set('i-1', { id: 'i-1', state: 'running', privateIp: '10.0.0.1' });
  aws.ec2.set('i-bastion', { id: 'i-bastion', state: 'running', privateIp: '10.0.0.9' });
  return aws;
}

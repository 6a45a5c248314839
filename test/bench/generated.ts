/** The generated templates the bench measures (also the YAML fast path's differential test reads them). */
import { LINUX_YAML } from '../unit/helpers/templates';

/** Resources a real large template is mostly made of: networking, IAM, alarms, storage. */
function supportingResources(i: number): string {
  return `  SecurityGroup${i}:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web tier ${i}
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8 }
        - { IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 10.0.0.0/8 }
  Role${i}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: app-${i}
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [s3:GetObject, s3:ListBucket]
                Resource: [!Sub "arn:\${AWS::Partition}:s3:::builds-${i}", !Sub "arn:\${AWS::Partition}:s3:::builds-${i}/*"]
  CpuAlarm${i}:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmDescription: CPU high on group ${i}
      Namespace: AWS/EC2
      MetricName: CPUUtilization
      Statistic: Average
      Period: 300
      EvaluationPeriods: 2
      Threshold: 80
      ComparisonOperator: GreaterThanThreshold
      Dimensions:
        - Name: AutoScalingGroupName
          Value: !Ref Group${i}
  Bucket${i}:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub builds-${i}-\${AWS::AccountId}
      VersioningConfiguration: { Status: Enabled }
      LifecycleConfiguration:
        Rules:
          - Id: expire-old-builds
            Status: Enabled
            ExpirationInDays: 90
`;
}

/**
 * A large template. `everyResource`: the worst case, nothing but cfn-hup set-ups.
 * Otherwise the realistic mix: each cfn-hup launch configuration and its group
 * among the security group, role, alarm and bucket that come with them.
 */
export function generatedTemplate(targetBytes: number, everyResource = false): string {
  const body = LINUX_YAML.split('Resources:\n')[1]!;
  const parts = [LINUX_YAML.split('Resources:\n')[0] + 'Resources:\n'];
  let i = 0;
  let size = parts[0]!.length;
  while (size < targetBytes) {
    const copy =
      body.replace(/\bLaunchConfig\b/g, `LaunchConfig${i}`).replace(/\bGroup\b/g, `Group${i}`) +
      (everyResource ? '' : supportingResources(i));
    parts.push(copy);
    size += copy.length;
    i++;
  }
  return parts.join('');
}

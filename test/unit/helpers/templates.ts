/**
 * Known-good templates that follow the pattern this product is for. Rule
 * tests mutate one thing in them and expect exactly that finding.
 */
export const LINUX_YAML = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  BuildNumber:
    Type: Number
Resources:
  LaunchConfig:
    Type: AWS::AutoScaling::LaunchConfiguration
    Metadata:
      AWS::CloudFormation::Init:
        config:
          files:
            /opt/app/build.txt:
              content: !Sub "build \${BuildNumber}\\n"
            /etc/cfn/cfn-hup.conf:
              content: !Sub |
                [main]
                stack=\${AWS::StackId}
                region=\${AWS::Region}
                interval=1
              mode: "000400"
            /etc/cfn/hooks.d/cfn-auto-reloader.conf:
              content: !Sub |
                [cfn-auto-reloader-hook]
                triggers=post.update
                path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init
                action=/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource LaunchConfig --region \${AWS::Region}
          services:
            sysvinit:
              cfn-hup:
                enabled: "true"
                ensureRunning: "true"
                files:
                  - /etc/cfn/cfn-hup.conf
                  - /etc/cfn/hooks.d/cfn-auto-reloader.conf
    Properties:
      ImageId: ami-12345678
      InstanceType: t3.micro
      UserData: !Base64
        Fn::Sub: |
          #!/bin/bash -xe
          /opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource LaunchConfig --region \${AWS::Region}
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      LaunchConfigurationName: !Ref LaunchConfig
      MinSize: "1"
      MaxSize: "2"
      AvailabilityZones: !GetAZs ""
`;

/** The Windows `c:\\cfn` pattern from the article this product started from, in JSON with Fn::Join. */
export const WINDOWS_JSON = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": {
    "BuildNumber": { "Type": "Number" }
  },
  "Resources": {
    "WebServerLaunchConfiguration": {
      "Type": "AWS::AutoScaling::LaunchConfiguration",
      "Metadata": {
        "AWS::CloudFormation::Init": {
          "config": {
            "sources": {
              "c:\\\\inetpub\\\\wwwroot": { "Fn::Join": ["", ["https://builds.example.com/site-", { "Ref": "BuildNumber" }, ".zip"]] }
            },
            "files": {
              "c:\\\\cfn\\\\cfn-hup.conf": {
                "content": { "Fn::Join": ["", [
                  "[main]\\n",
                  "stack=", { "Ref": "AWS::StackId" }, "\\n",
                  "region=", { "Ref": "AWS::Region" }, "\\n",
                  "interval=1\\n"
                ]]}
              },
              "c:\\\\cfn\\\\hooks.d\\\\cfn-auto-reloader.conf": {
                "content": { "Fn::Join": ["", [
                  "[cfn-auto-reloader-hook]\\n",
                  "triggers=post.update\\n",
                  "path=Resources.WebServerLaunchConfiguration.Metadata.AWS::CloudFormation::Init\\n",
                  "action=cfn-init.exe -v -s ", { "Ref": "AWS::StackId" },
                  " -r WebServerLaunchConfiguration",
                  " --region ", { "Ref": "AWS::Region" }, "\\n"
                ]]}
              }
            },
            "services": {
              "windows": {
                "cfn-hup": {
                  "enabled": "true",
                  "ensureRunning": "true",
                  "files": ["c:\\\\cfn\\\\cfn-hup.conf", "c:\\\\cfn\\\\hooks.d\\\\cfn-auto-reloader.conf"]
                }
              }
            }
          }
        }
      },
      "Properties": {
        "ImageId": "ami-12345678",
        "InstanceType": "t3.medium",
        "UserData": { "Fn::Base64": { "Fn::Join": ["", [
          "<script>\\n",
          "cfn-init.exe -v -s ", { "Ref": "AWS::StackId" }, " -r WebServerLaunchConfiguration --region ", { "Ref": "AWS::Region" }, "\\n",
          "</script>"
        ]]}}
      }
    }
  }
}
`;

/** An Init `files` entry (12 spaces in, under a config's `files:`) writing cfn-hup.conf for this stack and region. */
export const HUP_CONF_FILE = `            /etc/cfn/cfn-hup.conf:
              content: !Sub |
                [main]
                stack=\${AWS::StackId}
                region=\${AWS::Region}
`;

/** The auto-reloader hook file entry, as HUP_CONF_FILE: it watches and runs `resource`'s Init. */
export function reloaderHookFile(resource: string): string {
  return `            /etc/cfn/hooks.d/cfn-auto-reloader.conf:
              content: !Sub |
                [cfn-auto-reloader-hook]
                triggers=post.update
                path=Resources.${resource}.Metadata.AWS::CloudFormation::Init
                action=/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource ${resource} --region \${AWS::Region}
`;
}

import { LINUX_YAML } from './templates';
import { covered, findings, replaceOnce } from './analyze';

/** One rule's findings on a text: severity and the source they cover. */
export const only = (text: string, rule: string, fileName = 't.yaml') =>
  findings(text, { fileName })
    .filter((f) => f.ruleId === rule)
    .map((f) => [f.severity, covered(text, f)]);

/** The cfn-init line of LINUX_YAML's UserData, and a cfn-signal that sends the last exit code. */
export const UD =
  '          /opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}';
export const SIGNAL =
  '          /opt/aws/bin/cfn-signal -e $? --stack ${AWS::StackName} --resource Group --region ${AWS::Region}';

/** The base UserData with these lines, under `#!/bin/bash` (the base's `-xe` would stop a failing cfn-init). */
export const withScript = (lines: string[]) =>
  replaceOnce(replaceOnce(LINUX_YAML, UD, lines.join('\n')), '#!/bin/bash -xe', '#!/bin/bash');

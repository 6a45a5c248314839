import type { EvaluateOptions } from '../intrinsics/evaluate';
import type { StackDetail } from './ports';

/** Pseudo parameter values of a live stack: its name and id, and what its ARN tells (account, partition). */
export function pseudoValuesOf(stack: StackDetail, region?: string): Record<string, string> {
  const arn = /^arn:([^:]+):cloudformation:([^:]*):(\d+):/.exec(stack.id);
  const partition = arn?.[1] ?? 'aws';
  const values: Record<string, string> = {
    'AWS::StackName': stack.name,
    'AWS::StackId': stack.id,
    'AWS::Partition': partition,
    'AWS::URLSuffix': partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
    'AWS::NotificationARNs': stack.notificationArns.join(','),
  };
  const r = region ?? arn?.[2];
  if (r) values['AWS::Region'] = r;
  if (arn?.[3]) values['AWS::AccountId'] = arn[3];
  return values;
}

/** Everything needed to evaluate the stack's template as CloudFormation did. */
export function evaluationContextOf(stack: StackDetail, region?: string): EvaluateOptions {
  return {
    parameterValues: Object.fromEntries(stack.parameters.map((p) => [p.key, p.value])),
    pseudoValues: pseudoValuesOf(stack, region),
  };
}

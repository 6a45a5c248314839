import { describeAwsError, isAwsError } from '../../core/aws/errors';
import type { TemplateSource } from '../../core/aws/ports';
import { busyReason } from '../../core/aws/stackStatus';
import { readDeclarations } from '../../core/release/declarations';
import { templateJob } from '../../core/release/jobs';
import { chooseTemplateDelivery, planTemplateUpdate } from '../../core/release/templateUpdate';
import type { Finding } from '../../core/findings';
import { changeSetFlow } from './changeSetFlow';
import { cancelled, guard, readStack, refuse, withStep } from './steps';
import { describeConstraints, lintGate, valueProblem } from './text';
import type { ReleaseDeps, ReleaseResult } from './types';

/**
 * "Update stack from template": deploy the editor's template to a stack
 * through a change set, parameters kept; the cfn-hup checks gate it, new
 * parameters without a Default are asked for, a large template is uploaded.
 */

export interface TemplateUpdateTarget {
  stackName: string;
  /** The template's text, as the editor has it. */
  text: string;
  /** For messages and the change set's description. */
  fileName: string;
  /** The cfn-hup checks' findings on `text`. */
  findings: readonly Finding[];
}

export async function updateFromTemplate(deps: ReleaseDeps, target: TemplateUpdateTarget): Promise<ReleaseResult> {
  return guard(deps, target.stackName, async () => {
    const { stackName, text, fileName } = target;
    const newDeclarations = readDeclarations(text);
    if (!newDeclarations.ok)
      return refuse(
        'template',
        `Not updating ${stackName}: ${newDeclarations.reason.replace("the stack's template", fileName)}.`,
        stackName,
      );

    // 1. The lint gate.
    const gate = lintGate(target.findings);
    if (gate) {
      deps.ui.log.warn(`${fileName}: ${gate.errors} error(s) from the cfn-hup checks:\n${gate.detail}`);
      const answer = await deps.ui.prompter.showWarningMessage(
        gate.message,
        { modal: true, detail: gate.detail },
        'Deploy Anyway',
      );
      if (answer !== 'Deploy Anyway')
        return refuse(
          'lint',
          `Not updating ${stackName}: ${fileName} has ${gate.errors} error(s) from the cfn-hup checks (see the Problems panel).`,
          stackName,
        );
      deps.ui.log.warn('Deploying despite the errors, as the user chose.');
    }

    // 2. The stack, and how the template can reach CloudFormation.
    const { stack, body: oldBody } = await readStack(deps, stackName);
    const busy = busyReason(stack.status);
    if (busy || oldBody === undefined) return refuse('busy', `Not updating ${stackName}: ${busy}.`, stackName);
    const bucket = deps.settings.templateBucket.trim() || undefined;
    const delivery = chooseTemplateDelivery(text, stackName, bucket, deps.aws.clock.now());
    if (delivery.kind === 'refused') {
      const hint = bucket
        ? ''
        : " Set cfnHup.templateBucket to an S3 bucket you can write to, in the stack's region, and run the command again.";
      return refuse('too-large', `Cannot deploy ${fileName} to ${stackName}: ${delivery.message}${hint}`, stackName);
    }

    // 3. New parameters without a Default: asked for, checked like a build value.
    const live = new Set(stack.parameters.map((p) => p.key));
    const overrides: Record<string, string> = {};
    for (const d of newDeclarations.parameters) {
      if (live.has(d.name) || d.defaultValue !== undefined) continue;
      const value = await deps.ui.prompter.showInputBox({
        title: `${fileName} adds parameter ${d.name} with no Default`,
        prompt: `Value of ${d.name} for ${stackName}: ${describeConstraints(d)}${d.description ? ` — ${d.description}` : ''}`,
        ignoreFocusOut: true,
        validateInput: (v) => valueProblem(d, undefined, v),
      });
      if (value === undefined) return cancelled(`No value for ${d.name}; nothing was changed.`, stackName);
      const problem = valueProblem(d, undefined, value);
      if (problem) return refuse('invalid-value', `Not updating ${stackName}: ${d.name}: ${problem}`, stackName);
      overrides[d.name] = value;
    }

    // 4. Upload when too large for TemplateBody.
    let source: Exclude<TemplateSource, { usePrevious: true }> = { body: text };
    if (delivery.kind === 'upload') {
      try {
        const url = await withStep(
          deps,
          `cfn-hup: uploading ${fileName} to s3://${delivery.bucket}/${delivery.key}`,
          (step) => deps.aws.templates.putTemplate(delivery.bucket, delivery.key, text, step.signal),
        );
        deps.ui.log.info(`Uploaded ${fileName} (${text.length} characters) to ${url}`);
        source = { url };
      } catch (e) {
        if (!isAwsError(e)) throw e;
        return refuse(
          'too-large',
          `Cannot deploy ${fileName} to ${stackName}: it is over 51,200 bytes and the upload to s3://${delivery.bucket} failed: ${describeAwsError(e)}`,
          stackName,
        );
      }
    }
    const plan = planTemplateUpdate(stack, text, source, overrides);
    if (!plan.ok)
      return refuse('template', plan.message.replace('Not updating:', `Not updating ${stackName}:`), stackName);
    deps.ui.log.info(
      `Update ${stackName} from ${fileName}: parameters ${plan.request.parameters.map((p) => ('value' in p ? `${p.key} (new)` : `${p.key} (kept)`)).join(', ') || '(none)'}; capabilities ${plan.request.capabilities.join(', ') || '(none)'}.`,
    );
    const job = templateJob({
      stack,
      request: plan.request,
      fileName,
      declarations: newDeclarations,
      oldBody,
      overrides,
      buildParameter: deps.settings.buildParameter,
      now: deps.aws.clock.now(),
    });
    return changeSetFlow(deps, {
      job,
      stackId: stack.id,
      title: `Update ${stackName} from ${fileName}`,
      success: `${stackName} was updated from ${fileName}.`,
    });
  });
}

import { describeAwsError, isAwsError } from '../../core/aws/errors';
import type { TemplateSource, UpdateRequest } from '../../core/aws/ports';
import { busyReason } from '../../core/aws/stackStatus';
import { capabilitiesToAcknowledge, withCapabilities } from '../../core/release/capabilities';
import { readDeclarations } from '../../core/release/declarations';
import { templateJob } from '../../core/release/jobs';
import { chooseTemplateDelivery, planTemplateUpdate } from '../../core/release/templateUpdate';
import type { Finding } from '../../core/findings';
import { askToAcknowledge } from './acknowledgeCapabilities';
import { changeSetFlow } from './changeSetFlow';
import { cancelled, guard, readStack, refuse, withStep } from './steps';
import { describeConstraints, lintGate, valueProblem } from './text';
import type { ReleaseDeps, ReleaseResult } from './types';

/**
 * "Update stack from template": deploy the editor's template to a stack
 * through a change set, parameters kept; the cfn-hup checks gate it, new
 * parameters without a Default are asked for, a large template is uploaded.
 * When CloudFormation refuses it for capabilities the stack lacks, the user is
 * asked to acknowledge exactly those, and the change set is made again.
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
    const deploy = (request: UpdateRequest) => {
      deps.ui.log.info(
        `Update ${stackName} from ${fileName}: parameters ${request.parameters.map((p) => ('value' in p ? `${p.key} (new)` : `${p.key} (kept)`)).join(', ') || '(none)'}; capabilities ${request.capabilities.join(', ') || '(none)'}.`,
      );
      const job = templateJob({
        stack,
        request,
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
    };
    const first = await deploy(plan.request);

    // 5. CloudFormation refused it for capabilities the stack lacks: asked, once, in a modal.
    const refusal = first.kind === 'failed' ? first.capabilityRefusal : undefined;
    const toAcknowledge = capabilitiesToAcknowledge(refusal?.asked, plan.request.capabilities);
    if (!toAcknowledge) return first;
    deps.ui.log.warn(first.message);
    const acknowledged = await askToAcknowledge(deps.ui.prompter, {
      stackName,
      fileName,
      capabilities: toAcknowledge,
      kept: plan.request.capabilities,
      changeSet: refusal?.changeSet,
    });
    const names = toAcknowledge.join(', ');
    if (!acknowledged)
      return {
        kind: 'declined',
        message: `Not updating ${stackName}: ${names} not acknowledged. ${refusal?.changeSet ? `${refusal.changeSet} ${stackName} was not changed.` : 'Nothing was created or changed.'}`,
        stackName,
      };
    deps.ui.log.info(`${names} acknowledged by the user for ${stackName}.`);
    const capabilities = withCapabilities(plan.request.capabilities, toAcknowledge);
    const second = await deploy({ ...plan.request, capabilities });
    // Refused for capabilities again (should not happen): shown as it is, never asked twice.
    if (second.kind === 'failed' && second.capabilityRefusal)
      return { ...second, message: `${second.message} (Sent with ${capabilities.join(', ')}.)` };
    return second;
  });
}

import type { StackDetail } from '../../core/aws/ports';
import { busyReason } from '../../core/aws/stackStatus';
import { findBuildParameter } from '../../core/release/buildParameter';
import { readDeclarations } from '../../core/release/declarations';
import { proposeNextValue } from '../../core/release/nextValue';
import { releaseJob } from '../../core/release/jobs';
import { planRelease, recentReleaseOf } from '../../core/release/workflow';
import { isAwsError } from '../../core/aws/errors';
import { changeSetFlow } from './changeSetFlow';
import { cancelled, guard, readStack, refuse, servicesOf, withStep } from './steps';
import { describeConstraints, parameterPicks, shownValue, valueProblem } from './text';
import type { ReleaseDeps, ReleaseResult } from './types';

/**
 * "Release new build": change the build parameter of a stack, keep every
 * other parameter, tag and capability, through a change set the user sees
 * and executes. Every question is asked before the first write.
 */

export interface NewBuildTarget {
  stackName: string;
  /** The parameter to bump (a CodeLens names it); default: the `cfnHup.buildParameter` setting. */
  parameter?: string;
}

export async function releaseNewBuild(deps: ReleaseDeps, target: NewBuildTarget): Promise<ReleaseResult> {
  return guard(deps, target.stackName, async () => {
    const { stackName } = target;
    const { stack, body } = await readStack(deps, stackName);
    const busy = busyReason(stack.status);
    if (busy || body === undefined) return refuse('busy', `Not releasing ${stackName}: ${busy}.`, stackName);
    const declarations = readDeclarations(body);
    if (!declarations.ok) return refuse('template', `Not releasing ${stackName}: ${declarations.reason}.`, stackName);

    // 1. The build parameter: the one asked for, or the user's choice.
    const wanted = target.parameter ?? deps.settings.buildParameter;
    let found = findBuildParameter(declarations.parameters, stack.parameters, wanted);
    if (!found.ok) {
      deps.ui.log.info(`${stackName}: ${found.message}`);
      const picks = parameterPicks(declarations.parameters, stack.parameters, found.candidates);
      if (!picks.length) return refuse('unknown-parameter', `Not releasing ${stackName}: ${found.message}`, stackName);
      const picked = await deps.ui.prompter.showQuickPick(picks, {
        title: `${stackName} has no parameter "${wanted}": which one carries the build?`,
        placeHolder: 'Parameter to change (set cfnHup.buildParameter to skip this question)',
        matchOnDetail: true,
        ignoreFocusOut: true,
      });
      if (!picked) return cancelled('No parameter chosen; nothing was changed.', stackName);
      found = findBuildParameter(declarations.parameters, stack.parameters, picked.name);
      if (!found.ok) return refuse('unknown-parameter', `Not releasing ${stackName}: ${found.message}`, stackName);
    }
    const declaration = found.declaration;
    const current = found.current.value;

    // 2. The new value: proposed, editable, checked on every keystroke. Not proposed when a recent release of
    // ours set the current value (one that lost its connection may have): a second bump must be typed.
    const already = declaration.noEcho ? undefined : await recentRelease(deps, stack, declaration.name, current);
    const proposal = declaration.noEcho || already ? undefined : proposeNextValue(current, declaration.type);
    const value = await deps.ui.prompter.showInputBox({
      title: `Release new build to ${stackName}`,
      prompt: already
        ? `${declaration.name} "${current}" was set by a cfn-hup-tools release at ${already}: type the next build to release another (a release that lost its connection may have set it; nothing is proposed so that it is not bumped twice). ${describeConstraints(declaration)}.`
        : `New value of ${declaration.name} (now ${shownValue(declaration, current)}); ${describeConstraints(declaration)}. Every other parameter, tag and capability is kept.`,
      value: proposal ?? '',
      placeHolder:
        proposal === undefined && !already
          ? `no number to increase in ${shownValue(declaration, current)}: type the new value`
          : undefined,
      ignoreFocusOut: true,
      // A NoEcho value is a secret: typed masked, never proposed (see `proposal`).
      password: declaration.noEcho === true,
      validateInput: (v) => valueProblem(declaration, current, v),
    });
    if (value === undefined) return cancelled('No value entered; nothing was changed.', stackName);
    const problem = valueProblem(declaration, current, value);
    if (problem)
      return refuse(
        value === current ? 'same-value' : 'invalid-value',
        `Not releasing ${stackName}: ${declaration.name}=${declaration.noEcho ? '(NoEcho)' : value}: ${problem}`,
        stackName,
      );

    // 3. The plan (the stack is read again: it may have become busy meanwhile).
    const services = servicesOf(deps);
    const plan = await withStep(deps, `cfn-hup: planning the release of ${stackName}`, (step) =>
      planRelease(services, { stackName, parameter: declaration.name, value }, step.signal),
    );
    if (!plan.ok)
      return refuse(
        plan.reason === 'busy'
          ? 'busy'
          : plan.reason === 'same-value'
            ? 'same-value'
            : plan.reason === 'template'
              ? 'template'
              : plan.reason === 'unknown-parameter'
                ? 'unknown-parameter'
                : 'invalid-value',
        plan.message,
        stackName,
      );
    const title = `Release ${declaration.name} ${shownValue(declaration, plan.currentValue)} → ${shownValue(declaration, plan.newValue)} to ${stackName}`;
    deps.ui.log.info(
      `${title}: ${plan.request.parameters.length - 1} other parameter(s) keep their values (UsePreviousValue); capabilities ${plan.request.capabilities.join(', ') || '(none)'}; tags, notification topics and role untouched.`,
    );
    return changeSetFlow(deps, {
      job: releaseJob(plan, deps.aws.clock.now()),
      stackId: plan.stack.id,
      title,
      success: `${stackName}: ${declaration.name} is now ${shownValue(declaration, plan.newValue)}.`,
    });
  });
}

/** When a recent cfn-hup-tools release set `value`, its time; undefined when not, or when the events cannot be read. */
async function recentRelease(
  deps: ReleaseDeps,
  stack: StackDetail,
  name: string,
  value: string,
): Promise<string | undefined> {
  try {
    return (await recentReleaseOf(servicesOf(deps), stack, name, value))?.timestamp;
  } catch (e) {
    if (!isAwsError(e)) throw e;
    deps.ui.log.warn(
      `${stack.name}: could not read the recent stack events (${e.message}); the next value is proposed.`,
    );
    return undefined;
  }
}

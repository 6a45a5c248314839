import { hooksOutOfReach } from '../cfnhup/hooksElsewhere';
import type { StackDetail, UpdateRequest } from '../aws/ports';
import { evaluationContextOf } from '../aws/pseudo';
import type { TemplateModel } from '../template/model';
import { summarizeChangeSet } from './changeSetSummary';
import { readDeclarations, type ParameterDeclaration } from './declarations';
import { hookImpact } from './hookImpact';
import { planInstances } from './instancePlan/plan';
import type { ChangeSetJob } from './run';
import {
  createChangeSet,
  createChangeSetFor,
  outcome,
  planToken,
  summarizeRelease,
  updateResult,
  type ReleasePlan,
} from './workflow';

/** The change-set jobs the CLI and the editor run through ./run.ts. */

/** A release: one parameter changes; judged on the stack's status and that parameter's value. */
export function releaseJob(plan: ReleasePlan, now: number): ChangeSetJob {
  const name = plan.parameter.name;
  return {
    stackName: plan.stack.name,
    create: (services, options) => createChangeSet(services, plan, options),
    summarize: (cs, counts, region) => summarizeRelease(plan, cs, counts, region),
    judge: (stack, events) => outcome(plan, stack, events),
    describeStack: (stack) => describeParameter(stack, name, plan.parameter.noEcho),
    clientRequestToken: planToken(plan, now),
  };
}

export interface TemplateJobInput {
  stack: StackDetail;
  request: UpdateRequest;
  fileName: string;
  /** The new template's parameters and model. */
  declarations: { parameters: readonly ParameterDeclaration[]; model: TemplateModel };
  /** The deployed template's text (hooks that fire compare its Init with the new one's when it parses). */
  oldBody: string;
  /** Values given for parameters (new ones without a Default). */
  overrides: Record<string, string>;
  /** Reported after a lost connection when the new template declares it (NoEcho masked). */
  buildParameter: string;
  now: number;
}

/** An update from a local template (the CLI's `update`, the editor's Update Stack from Template): judged on the stack's status. */
export function templateJob(input: TemplateJobInput): ChangeSetJob {
  const { stack, fileName, declarations } = input;
  const old = readDeclarations(input.oldBody);
  const after = afterValues(stack, declarations.parameters, input.overrides);
  const build = declarations.parameters.find((d) => d.name === input.buildParameter);
  return {
    stackName: stack.name,
    create: (services, options) =>
      createChangeSetFor(
        services,
        input.request,
        {
          name: `cfn-hup-tools-template-${input.now}`,
          description: `Update from ${fileName} (cfn-hup-tools)`,
          noChangesMessage: `No updates are to be performed: ${fileName} and the parameters match what ${stack.name} runs.`,
        },
        options,
      ),
    summarize: (cs, counts, region) => {
      const before = evaluationContextOf(stack, region);
      const evaluation = {
        model: declarations.model,
        beforeModel: old.ok ? old.model : undefined,
        before,
        after: { ...before, parameterValues: after },
        modifiedResources: new Set(cs.changes.filter((c) => c.action === 'Modify').map((c) => c.logicalId)),
        replacedResources: new Set(cs.changes.filter((c) => c.replacement === 'True').map((c) => c.logicalId)),
      };
      const hooks = hookImpact({ ...evaluation, instancesByResource: counts });
      return {
        ...summarizeChangeSet(cs, hooks, hooksOutOfReach(declarations.model)),
        instancePlan: planInstances({ ...evaluation, firings: hooks }),
      };
    },
    judge: updateResult,
    // After a lost connection the build parameter's value is what tells where the stack stands.
    describeStack: (s) =>
      build ? describeParameter(s, build.name, build.noEcho === true) : `last updated ${s.lastUpdatedAt ?? '?'}`,
  };
}

/** `BuildNumber is "42"`; a NoEcho value is never shown, whatever the API returned. */
export function describeParameter(stack: StackDetail, name: string, noEcho: boolean): string {
  const p = stack.parameters.find((x) => x.key === name);
  if (!p) return `it has no parameter ${name}`;
  return noEcho ? `${name} is set (NoEcho, not shown)` : `${name} is "${p.value}"`;
}

/** Parameter values after a template update: the stack's (kept), new ones' Defaults, and the answers. */
export function afterValues(
  stack: StackDetail,
  declarations: readonly ParameterDeclaration[],
  overrides: Record<string, string>,
): Record<string, string> {
  const values: Record<string, string> = {};
  const live = new Map(stack.parameters.map((p) => [p.key, p.value]));
  for (const d of declarations) {
    const v = overrides[d.name] ?? live.get(d.name) ?? d.defaultValue;
    if (v !== undefined) values[d.name] = v;
  }
  return values;
}

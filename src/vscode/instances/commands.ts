import * as vscode from 'vscode';
import { isAwsError } from '../../core/aws/errors';
import { applyNow, type ApplyOutcome } from '../../core/instances/apply';
import { checkInstances, type CheckOutcome } from '../../core/instances/check';
import { prepareCheck } from '../../core/instances/prepare';
import { allHealthy, describeCounts, resultLines } from '../../core/instances/summary';
import type { AwsSession } from '../aws/session';
import { isGroupTarget, isStackTarget } from '../aws/targets';
import { instanceStates } from './states';

export const INSTANCE_COMMANDS = {
  check: 'cfnHup.instances.check',
  applyNow: 'cfnHup.instances.applyNow',
} as const;

/** What the integration tests observe (development and test mode only). */
export interface InstancesTestingApi {
  readonly lastOutcome: CheckOutcome | undefined;
  readonly lastApply: ApplyOutcome | undefined;
}

interface Scope {
  stackName: string;
  filter?: { group?: string; instanceId?: string };
  what: string;
}

/** A stack, group or instance node (the explorer passes the node), or a stack name typed in. */
async function scopeOf(arg: unknown, session: AwsSession): Promise<Scope | undefined> {
  if (isStackTarget(arg)) return { stackName: arg.stackName, what: `stack ${arg.stackName}` };
  if (isGroupTarget(arg)) {
    const logicalId = (arg as { group?: { logicalId?: string } }).group?.logicalId ?? arg.groupName;
    return { stackName: arg.stackName, filter: { group: logicalId }, what: `group ${logicalId}` };
  }
  const instanceId = (arg as { instanceId?: unknown } | undefined)?.instanceId;
  if (typeof instanceId === 'string') {
    let node = arg as { parent?: unknown; stackName?: unknown } | undefined;
    while (node && typeof node.stackName !== 'string') node = node.parent as typeof node;
    if (node && typeof node.stackName === 'string')
      return { stackName: node.stackName, filter: { instanceId }, what: `instance ${instanceId}` };
  }
  const typed = await session.prompter.showInputBox({
    title: 'Check Instances',
    prompt: 'The stack whose instances to check (name or id)',
  });
  return typed?.trim() ? { stackName: typed.trim(), what: `stack ${typed.trim()}` } : undefined;
}

/**
 * "Check Instances" and "Apply Now" on stack, Auto Scaling group and instance
 * nodes: the core's instance check over Systems Manager, with no release to
 * judge against (each hook on its last action: converged, idle, failing), re-checking
 * instances whose action is still running until it ends or cfn-hup's
 * interval + 5 minutes passed; the state lands on each instance node.
 */
export function registerInstanceCommands(
  session: AwsSession,
  log: vscode.LogOutputChannel,
): { disposables: vscode.Disposable[]; testing: InstancesTestingApi } {
  let lastOutcome: CheckOutcome | undefined;
  let lastApply: ApplyOutcome | undefined;

  /** Success as an information message; anything else through the session's prompter, with the log a click away. */
  const report = (message: string, ok: boolean) => {
    if (ok) void vscode.window.showInformationMessage(message);
    else
      void session.prompter.showErrorMessage(message, 'Show Log').then((choice) => {
        if (choice) log.show(true);
      });
  };

  const check = async (scope: Scope): Promise<CheckOutcome | undefined> =>
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `cfn-hup: checking the instances of ${scope.what}`,
        cancellable: true,
      },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        const g = session.gateways();
        await g.stacks.describeStack(scope.stackName, controller.signal);
        const prepared = await prepareCheck(g, scope.stackName, { filter: scope.filter, signal: controller.signal });
        for (const n of prepared.notes) log.warn(n);
        const longest = Math.max(15, ...prepared.targets.flatMap((t) => t.hooks.map((h) => h.intervalMinutes)));
        log.info(
          `Checking ${prepared.targets.length} instance(s) of ${scope.what} through AWS Systems Manager, as they are now (each hook judged on its last action in cfn-hup.log; no action there is idle).`,
        );
        // No release to judge against (the release's own live view has one): nothing can be late, so nothing is silent for want of an action.
        const outcome = await checkInstances({ ssm: g.ssm, clock: g.clock }, prepared.targets, {
          until: g.clock.now() + (longest + 5) * 60_000,
          signal: controller.signal,
          onResults: (results) => {
            instanceStates.set(results);
            progress.report({ message: describeCounts(results) });
          },
        });
        for (const line of resultLines(outcome.results)) log.info(line);
        return outcome;
      },
    );

  const guarded =
    (what: string, fn: (arg: unknown) => Promise<void>) =>
    async (arg: unknown): Promise<void> => {
      try {
        await fn(arg);
      } catch (e) {
        if (!isAwsError(e)) throw e;
        log.error(`${what}: ${e.kind}: ${e.message} ${e.nextStep}`);
        report(`cfn-hup: ${e.message} ${e.nextStep}`.trim(), false);
      }
    };

  const disposables = [
    instanceStates,
    vscode.commands.registerCommand(
      INSTANCE_COMMANDS.check,
      guarded('Check Instances', async (arg) => {
        const scope = await scopeOf(arg, session);
        if (!scope) return;
        const outcome = await check(scope);
        if (!outcome) return;
        lastOutcome = outcome;
        const summary = outcome.results.length ? describeCounts(outcome.results) : 'no running instances';
        report(
          `cfn-hup: ${scope.what}: ${summary}${outcome.timedOut ? ' (stopped waiting)' : ''}.`,
          allHealthy(outcome),
        );
      }),
    ),
    vscode.commands.registerCommand(
      INSTANCE_COMMANDS.applyNow,
      guarded('Apply Now', async (arg) => {
        const scope = await scopeOf(arg, session);
        if (!scope) return;
        const g = session.gateways();
        const prepared = await prepareCheck(g, scope.stackName, { filter: scope.filter });
        const outcome = await applyNow({ ssm: g.ssm, clock: g.clock }, prepared.targets, {
          confirm: async (q) =>
            (await session.prompter.showWarningMessage(
              `Run cfn-hup now on ${q.instances} instance(s) of ${scope.what}?`,
              { modal: true, detail: `${q.message} This runs \`cfn-hup --no-daemon\` through AWS Systems Manager.` },
              'Run cfn-hup',
            )) === 'Run cfn-hup',
        });
        lastApply = outcome;
        if (outcome.kind === 'declined') return;
        for (const r of outcome.results) log.info(`cfn-hup --no-daemon on ${r.instanceId}: ${r.message}`);
        if (outcome.kind === 'stopped')
          log.warn('The first instance’s cfn-hup pass failed: the others were left alone.');
        const checked = await check(scope);
        if (checked) {
          lastOutcome = checked;
          report(
            `cfn-hup: Apply Now on ${scope.what}: ${describeCounts(checked.results)}.`,
            allHealthy(checked) && outcome.kind === 'done',
          );
        }
      }),
    ),
  ];
  return {
    disposables,
    testing: {
      get lastOutcome() {
        return lastOutcome;
      },
      get lastApply() {
        return lastApply;
      },
    },
  };
}

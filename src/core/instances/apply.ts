import { isAwsError } from '../aws/errors';
import type { Cancellation } from '../aws/ports';
import { collect, MAX_IDS_PER_COMMAND, NEXT_STEPS, type CheckServices, type CheckTarget } from './check';
import { applyScript, SSM_DOCUMENTS, type InstancePlatform } from './script';

/**
 * "Apply Now": run one cfn-hup pass (`cfn-hup --no-daemon`) on the instances
 * so a release does not wait for cfn-hup's interval. Confirmed once, then
 * rate-controlled: one instance first; only if its pass exits 0 the rest, in
 * batches of at most 50 with a pause between. The caller checks again after.
 */
export interface ApplyResult {
  instanceId: string;
  ok: boolean;
  /** cfn-hup's exit code, when it ran. */
  exitCode?: number;
  message: string;
}

export interface ApplyPrompter {
  /** Ask before anything is sent; false cancels with nothing done. */
  confirm(question: { instances: number; first: string; message: string }): Promise<boolean>;
}

export type ApplyOutcome =
  | { kind: 'declined' }
  | { kind: 'nothing'; results: ApplyResult[] }
  /** The first instance's pass failed: the others were left alone. */
  | { kind: 'stopped'; results: ApplyResult[] }
  | { kind: 'done'; results: ApplyResult[] };

const APPLY_TIMEOUT_SECONDS = 900;
const EXIT = /@@cfn-hup-tools apply-exit=(\d+)/;

export async function applyNow(
  services: CheckServices,
  targets: CheckTarget[],
  prompter: ApplyPrompter,
  options: { signal?: Cancellation; batchGapMs?: number; invocationPollMs?: number } = {},
): Promise<ApplyOutcome> {
  const results: ApplyResult[] = [];
  let managed;
  try {
    managed = await services.ssm.describeManagedInstances(
      targets.map((t) => t.instanceId),
      options.signal,
    );
  } catch (e) {
    if (!isAwsError(e)) throw e;
    return {
      kind: 'nothing',
      results: targets.map((t) => ({ instanceId: t.instanceId, ok: false, message: e.message })),
    };
  }
  const ready: { target: CheckTarget; platform: InstancePlatform }[] = [];
  for (const t of targets) {
    const m = managed.find((x) => x.id === t.instanceId);
    if (!m) results.push({ instanceId: t.instanceId, ok: false, message: `skipped: ${NEXT_STEPS.notManaged}` });
    else if (m.pingStatus !== 'Online')
      results.push({ instanceId: t.instanceId, ok: false, message: `skipped: the SSM agent is ${m.pingStatus}` });
    else ready.push({ target: t, platform: m.platformType === 'Windows' ? 'windows' : 'linux' });
  }
  if (!ready.length) return { kind: 'nothing', results };
  const first = ready[0]!;
  const yes = await prompter.confirm({
    instances: ready.length,
    first: first.target.instanceId,
    message: `Run one cfn-hup pass (cfn-hup --no-daemon) now on ${ready.length} instance(s)? ${first.target.instanceId} goes first; the others follow only if its pass succeeds.`,
  });
  if (!yes) return { kind: 'declined' };

  const firstResults = await runBatch(services, [first], options);
  results.push(...firstResults);
  if (!firstResults[0]?.ok) return { kind: 'stopped', results };
  const rest = ready.slice(1);
  for (const platform of ['linux', 'windows'] as const) {
    const list = rest.filter((r) => r.platform === platform);
    for (let i = 0; i < list.length; i += MAX_IDS_PER_COMMAND) {
      if (options.signal?.aborted) return { kind: 'done', results };
      await services.clock.sleep(options.batchGapMs ?? 1000, options.signal);
      results.push(...(await runBatch(services, list.slice(i, i + MAX_IDS_PER_COMMAND), options)));
    }
  }
  return { kind: 'done', results };
}

async function runBatch(
  services: CheckServices,
  batch: { target: CheckTarget; platform: InstancePlatform }[],
  options: { signal?: Cancellation; invocationPollMs?: number },
): Promise<ApplyResult[]> {
  const platform = batch[0]!.platform;
  let commandId: string;
  try {
    commandId = await services.ssm.sendCommand(
      {
        documentName: SSM_DOCUMENTS[platform],
        commands: applyScript(platform),
        instanceIds: batch.map((b) => b.target.instanceId),
        comment: 'cfn-hup Tools Apply Now (cfn-hup --no-daemon)',
        timeoutSeconds: APPLY_TIMEOUT_SECONDS,
      },
      options.signal,
    );
  } catch (e) {
    if (!isAwsError(e)) throw e;
    return batch.map((b) => ({
      instanceId: b.target.instanceId,
      ok: false,
      message: `${e.message} ${e.nextStep}`.trim(),
    }));
  }
  const invocations = await collect(
    services,
    commandId,
    batch.map((b) => b.target),
    APPLY_TIMEOUT_SECONDS,
    options,
  );
  return batch.map(({ target }) => {
    const inv = invocations.get(target.instanceId);
    const exit = EXIT.exec(inv?.stdout ?? '');
    if (!inv || !exit)
      return {
        instanceId: target.instanceId,
        ok: false,
        message: `cfn-hup did not run: ${inv ? `${inv.status}${inv.statusDetails ? ` (${inv.statusDetails})` : ''}` : 'no answer'}`,
      };
    const code = Number(exit[1]);
    const tail = (inv.stdout ?? '')
      .split('\n')
      .filter((l) => l.trim() && !EXIT.test(l))
      .slice(-1)[0];
    return {
      instanceId: target.instanceId,
      ok: code === 0,
      exitCode: code,
      message: code === 0 ? 'cfn-hup pass completed' : `cfn-hup exited with ${code}${tail ? `: ${tail.trim()}` : ''}`,
    };
  });
}

import type { Clock } from '../core/aws/ports';
import { toAwsError, type ErrorContext } from './errors';

/**
 * Every SDK call goes through here: errors become AwsError, and throttling is
 * retried with exponential backoff before it becomes a message. The SDK's own
 * retries are turned off (maxAttempts 1 in ./clients.ts) so that this is the
 * one retry policy, and it sleeps on the injected clock: tests never wait.
 */
export interface RetryPolicy {
  clock: Clock;
  /** Attempts in all, default 5. */
  attempts?: number;
  /** First delay, default 500 ms, doubled each time, at most 20 s. */
  baseDelayMs?: number;
  /** 0..1; default Math.random (jitter spreads retries of many clients). */
  random?: () => number;
}

export async function callAws<T>(
  ctx: ErrorContext & { idempotent?: boolean },
  retry: RetryPolicy,
  fn: () => Promise<T>,
): Promise<T> {
  const attempts = retry.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const error = toAwsError(e, ctx);
      // A read may be repeated after a network blip; a write might have happened, so it is not.
      // A timeout is not repeated either: a hung endpoint would otherwise hold the user for attempts × timeout.
      const retryable =
        error.kind === 'Throttled' || (ctx.idempotent === true && error.kind === 'Network' && !error.timedOut);
      if (!retryable || attempt >= attempts) {
        if (error.kind === 'Throttled' && attempt > 1)
          throw Object.assign(error, { message: `${error.message} Gave up after ${attempt} attempts.` });
        throw error;
      }
      const base = Math.min(20_000, (retry.baseDelayMs ?? 500) * 2 ** (attempt - 1));
      await retry.clock.sleep(base / 2 + (base / 2) * (retry.random ?? Math.random)());
    }
  }
}

import type { Cancellation, Clock } from '../core/aws/ports';

/** The real clock. `sleep` ends early, without error, when the signal aborts. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms: number, signal?: Cancellation) =>
    new Promise<void>((resolve) => {
      const s = signal as AbortSignal | undefined;
      if (s?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        s?.removeEventListener('abort', done);
        resolve();
      }
      s?.addEventListener?.('abort', done, { once: true });
    }),
};

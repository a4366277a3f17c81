import { randomUUID } from 'node:crypto';
import type { Clock, IdSource } from '../contracts/index.js';

/** The real clock. `sleep(0)` yields with setImmediate (setTimeout(0) would cost a millisecond). */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = (): void => {
        if (ms <= 0) clearImmediate(handle as NodeJS.Immediate);
        else clearTimeout(handle as NodeJS.Timeout);
        reject(signal?.reason as Error);
      };
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const handle = ms <= 0 ? setImmediate(done) : setTimeout(done, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** GUID run ids, as ADF's. */
export const uuidIds: IdSource = { newRunId: () => randomUUID() };

/**
 * Runs synchronous store code as a promise: what it throws becomes a rejection, never a synchronous throw
 * (callers of an async port only `await` or `.catch`).
 */
export function attempt<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

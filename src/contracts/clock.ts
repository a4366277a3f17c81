/**
 * Time as the engine sees it. Injected so runs are deterministic in tests (a fake clock advances instantly)
 * and the engine itself never reads the system clock.
 */
export interface Clock {
  /** The current instant in milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds. Rejects with the signal's reason when `signal` aborts first.
   * `ms <= 0` resolves on the next turn of the event loop.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

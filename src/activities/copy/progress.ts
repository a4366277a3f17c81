import type { CopyProgress } from '../../contracts/index.js';

/** Accumulates copy progress and reports it at most once per interval (plus once at the end). */
export interface ProgressReporter {
  /** Adds to the running totals; reports when the interval has passed since the last report. */
  add(delta: Partial<CopyProgress>): void;
  /** Reports the final totals (when anything changed since the last report). */
  done(): void;
}

/** Default minimum time between two progress reports. */
export const PROGRESS_INTERVAL_MS = 250;

/** Creates a reporter calling `onProgress` (a no-op reporter without one). `now` is injectable for tests. */
export function createProgressReporter(
  onProgress: ((progress: CopyProgress) => void) | undefined,
  intervalMs = PROGRESS_INTERVAL_MS,
  now: () => number = Date.now,
): ProgressReporter {
  const totals = { bytes: 0, rows: 0, files: 0 };
  let last = now();
  let dirty = false;
  const report = (): void => {
    dirty = false;
    last = now();
    onProgress?.({ ...totals });
  };
  return {
    add(delta) {
      totals.bytes += delta.bytes ?? 0;
      totals.rows += delta.rows ?? 0;
      totals.files += delta.files ?? 0;
      dirty = true;
      if (onProgress && now() - last >= intervalMs) report();
    },
    done() {
      if (dirty && onProgress) report();
    },
  };
}

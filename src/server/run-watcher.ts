import type { ListRunsQuery, RunPage, RunStatus } from '../index.js';
import type { ApiRunChange } from './api-types.js';

/** How often the store is read for runs of other processes while someone follows `/api/events`. */
export const RUN_WATCH_MS = 1_000;

/** Newest runs read each poll: a new run of another process shows up among them. */
const NEWEST = 50;
/** Unfinished runs read each poll: one of another process that starts or ends is among them. */
const ACTIVE: readonly RunStatus[] = ['Queued', 'InProgress', 'Canceling'];
/** Statuses a run never leaves. */
const isFinalRunStatus = (status: string): boolean =>
  status === 'Succeeded' || status === 'Failed' || status === 'Cancelled';

export interface RunWatcherSource {
  listRuns(query?: ListRunsQuery): Promise<RunPage>;
  /** The status of one run (for an unfinished run that left both lists), undefined when gone. */
  runStatus(runId: string): Promise<RunStatus | undefined>;
  /** Run status changes of this process (they arrive at once; the poll skips them). */
  subscribe(listener: (change: ApiRunChange) => void): () => void;
}

/**
 * The run status changes a client of `/api/events` sees: this process's as they happen, plus those of other
 * processes writing the same run store (a CLI `millrace run` on the project), found by reading the newest and
 * the unfinished runs every `intervalMs` while at least one listener is connected (one read per server, not
 * per client; none when nobody listens). Runs of other processes report `run-created`, `run-started` and
 * `run-finished` only (no activity events), at most `intervalMs` late.
 */
export function createRunWatcher(
  source: RunWatcherSource,
  intervalMs = RUN_WATCH_MS,
  onError: (err: unknown) => void = () => undefined,
): { subscribe(listener: (change: ApiRunChange) => void): () => void } {
  const listeners = new Set<(change: ApiRunChange) => void>();
  /** Last status known per run (from this process's events or the previous poll). */
  let known: Map<string, string> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  let polling = false;

  const emit = (change: ApiRunChange): void => {
    for (const l of listeners) l(change);
  };
  const read = async (): Promise<Map<string, { status: RunStatus; pipeline: string }>> => {
    const [newest, active] = await Promise.all([
      source.listRuns({ limit: NEWEST }),
      source.listRuns({ status: ACTIVE, limit: 1000 }),
    ]);
    const seen = new Map<string, { status: RunStatus; pipeline: string }>();
    for (const r of [...newest.runs, ...active.runs])
      seen.set(r.runId, { status: r.status, pipeline: r.pipeline });
    return seen;
  };
  /** Known runs missing from this read: an unfinished one is looked up (it may have ended); final ones are forgotten. */
  const settleMissing = async (seen: ReadonlyMap<string, unknown>): Promise<void> => {
    for (const [runId, status] of [...(known ?? [])]) {
      if (seen.has(runId)) continue;
      if (isFinalRunStatus(status)) {
        known?.delete(runId);
        continue;
      }
      const now = await source.runStatus(runId);
      if (now === undefined || !isFinalRunStatus(now)) continue; // not stored yet (this process's), or running
      known?.delete(runId);
      emit({ kind: 'run-finished', runId, status: now });
    }
  };
  const poll = async (): Promise<void> => {
    if (polling) return;
    polling = true;
    try {
      const seen = await read();
      if (unsubscribe === undefined) return; // stopped meanwhile
      if (known === undefined) {
        // The first read: what is there already is no news.
        known = new Map([...seen].map(([id, r]) => [id, r.status]));
        return;
      }
      for (const [runId, r] of seen) {
        const before = known.get(runId);
        if (before === r.status) continue;
        known.set(runId, r.status);
        if (before === undefined) {
          emit({ kind: 'run-created', runId, pipeline: r.pipeline, status: r.status });
        } else if (isFinalRunStatus(r.status)) {
          emit({ kind: 'run-finished', runId, status: r.status });
        } else {
          emit({ kind: 'run-started', runId, status: r.status });
        }
      }
      await settleMissing(seen);
    } catch (err) {
      onError(err);
    } finally {
      polling = false;
    }
  };
  const start = (): void => {
    unsubscribe = source.subscribe((change) => {
      if (change.status !== undefined && !change.kind.startsWith('activity-'))
        known?.set(change.runId, change.status);
      emit(change);
    });
    void poll();
    timer = setInterval(() => void poll(), intervalMs);
    timer.unref();
  };
  const stop = (): void => {
    clearInterval(timer);
    unsubscribe?.();
    unsubscribe = undefined;
    known = undefined;
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) start();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stop();
      };
    },
  };
}

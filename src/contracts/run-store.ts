import type { RunEvent } from './run-event.js';
import type { ActivityRunRecord, PipelineRunRecord } from './run-records.js';
import type { RunStatus } from './run-status.js';

/** Filters, sorting and pagination of `listRuns`. */
export interface ListRunsQuery {
  /** Exact pipeline name. */
  readonly pipeline?: string;
  readonly status?: RunStatus | readonly RunStatus[];
  /** Only runs queued at or after this instant (epoch ms). */
  readonly since?: number;
  /** Only runs queued before this instant (epoch ms). */
  readonly until?: number;
  /** Sort by queue time; default `desc` (newest first). */
  readonly order?: 'asc' | 'desc';
  /** Page size; default 50, at most 1000. */
  readonly limit?: number;
  /** Rows to skip; default 0. */
  readonly offset?: number;
}

/** One page of runs. */
export interface RunPage {
  readonly runs: readonly PipelineRunRecord[];
  /** Runs matching the filters, all pages together. */
  readonly total: number;
}

/** The status message of a run left behind by a process that died. */
export const INTERRUPTED_MESSAGE = 'interrupted';

/**
 * Durable state of pipeline runs and activity runs. The engine writes through `append` as things happen;
 * an implementation may buffer (group commit) but must make everything appended durable when `flush()`
 * resolves, and must never reorder events of one run. Reads see every event flushed so far (and may
 * flush first). Implementations: memory (tests), SQLite (embedded default), PostgreSQL (`store/postgres`); each runs
 * the contract suite in `contracts/testing/run-store-suite.ts`.
 */
export interface RunStore {
  /** Records an event. Never throws for a well-formed event; write errors surface from `flush()`. */
  append(event: RunEvent): void;
  /** Makes every appended event durable. */
  flush(): Promise<void>;
  getRun(runId: string): Promise<PipelineRunRecord | undefined>;
  listRuns(query?: ListRunsQuery): Promise<RunPage>;
  /** Activity runs of one run, in the order they began. */
  getActivityRuns(runId: string): Promise<readonly ActivityRunRecord[]>;
  /**
   * Asks for a run to be cancelled: a Queued or InProgress run becomes `Canceling` (the process that owns
   * it notices and cancels). Returns false when the run is unknown or already final.
   */
  requestCancel(runId: string): Promise<boolean>;
  /**
   * Marks runs whose owner process is gone (Queued, InProgress or Canceling) as Failed with message
   * `interrupted` (and `interrupted: true`), and their unfinished activity runs as Failed. Returns their ids.
   */
  recoverInterrupted(isOwnerAlive: (owner: string) => boolean, now: number): Promise<readonly string[]>;
  /** Flushes and releases resources. */
  close(): Promise<void>;
}

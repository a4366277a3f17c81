import type { RunEvent } from './run-event.js';
import type { ActivityRunRecord, PipelineRunRecord } from './run-records.js';
import type { RunStatus } from './run-status.js';

/** Filters, sorting and pagination of `listRuns`. */
export interface ListRunsQuery {
  /** Exact pipeline name. */
  readonly pipeline?: string;
  readonly status?: RunStatus | readonly RunStatus[];
  /** Only runs of this environment (`--env`). */
  readonly environment?: string;
  /** Only runs started this way: `invokedBy.triggerType` (`Manual`, `Rerun`, `ScheduleTrigger`, …). */
  readonly triggerType?: string;
  /** Only child runs of this run (ExecutePipeline): `invokedBy.parentRunId`. */
  readonly parentRunId?: string;
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

/** An unfinished run whose owner is gone (`RunStore.listOrphanedRuns`). */
export interface OrphanedRun {
  readonly runId: string;
  readonly pipeline: string;
  readonly status: RunStatus;
  /** The process that owned it. */
  readonly owner: string;
  /** Its last heartbeat (its start, or queue time, when it never beat), epoch ms. */
  readonly heartbeat: number;
  /** The run that started it (ExecutePipeline), if any. */
  readonly parentRunId?: string;
  readonly environment?: string;
}

/** The status message of a run left behind by a process that died. */
export const INTERRUPTED_MESSAGE = 'interrupted';

/** How often a process renews the lease of the runs it executes. */
export const RUN_HEARTBEAT_MS = 5_000;

/** A run whose heartbeat is older than this is owned by no live process (missed heartbeats, any host). */
export const RUN_LEASE_MS = 30_000;

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
   * Renews the lease of every unfinished run `owner` executes: their heartbeat becomes `now`. The process that
   * runs them calls it every few seconds ({@link RUN_HEARTBEAT_MS}), so another process (on any host) can tell
   * a live owner from a vanished one by the heartbeat's age, not by guessing from a host name and pid.
   */
  renewLease(owner: string, now: number): Promise<void>;
  /**
   * Marks runs whose owner is gone (Queued, InProgress or Canceling) as ended, with `interrupted: true` and
   * message `interrupted`: Failed, or Cancelled when a cancel had been asked for. Their unfinished activity runs
   * become Failed. The end time is the run's last heartbeat (when its owner was last known to live), not `now`.
   * `isOwnerAlive` gets the owner and that heartbeat (the run's start when it never beat). Returns their ids.
   */
  recoverInterrupted(
    isOwnerAlive: (owner: string, heartbeat: number) => boolean,
    now: number,
    /** Only these runs (of those whose owner is gone); default all. */
    runIds?: readonly string[],
  ): Promise<readonly string[]>;
  /**
   * The unfinished runs (Queued, InProgress or Canceling) whose owner is gone, as `recoverInterrupted` judges
   * them, without changing them: what a takeover may resume. Oldest first.
   */
  listOrphanedRuns(
    isOwnerAlive: (owner: string, heartbeat: number) => boolean,
  ): Promise<readonly OrphanedRun[]>;
  /**
   * Takes over an orphaned run: when it is still unfinished and still owned by `from`, `owner` becomes its owner
   * with a fresh heartbeat (`now`), atomically, so of several processes trying only one wins (the work the old
   * owner queued for workers stays, for the new owner to adopt). Returns false when the run ended or someone else
   * took it first.
   */
  takeOverRun(runId: string, from: string, owner: string, now: number): Promise<boolean>;
  /** Flushes and releases resources. */
  close(): Promise<void>;
}

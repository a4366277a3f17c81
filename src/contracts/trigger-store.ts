import type { JsonValue } from '../model/index.js';

/** A trigger's runtime state as Millrace keeps it (`Disabled` in a factory file counts as Stopped). */
export type TriggerRuntimeState = 'Started' | 'Stopped';

/** The runtime state set by `millrace triggers start|stop` (it wins over the factory and the environment). */
export interface TriggerStateRecord {
  readonly trigger: string;
  readonly runtimeState: TriggerRuntimeState;
  /** When the state was set (epoch ms). */
  readonly changedAt: number;
}

/** What a trigger run is for: a schedule occurrence, a tumbling window, or a storage event. */
export type TriggerRunKind = 'schedule' | 'window' | 'blob';

/**
 * Status of a trigger run. `Waiting`: not started yet (a storage event queued, a window waiting for its
 * dependencies or for its next retry at `nextAttemptAt`). `Running`: claimed, its pipeline run `runId` started
 * or about to. The final ones mirror the pipeline run.
 */
export type TriggerRunStatus = 'Waiting' | 'Running' | 'Succeeded' | 'Failed' | 'Cancelled';

/** One trigger run: the unit of exactly-once firing, keyed by (trigger, key). Times are epoch ms. */
export interface TriggerRunRecord {
  readonly trigger: string;
  /** Unique per trigger: the window start, the occurrence (+ pipeline), or the storage event (+ pipeline). */
  readonly key: string;
  readonly kind: TriggerRunKind;
  readonly pipeline: string;
  readonly status: TriggerRunStatus;
  /** The current attempt's pipeline run (recorded in the same transaction as the claim). */
  readonly runId?: string;
  /** `@pipeline().TriggerId` of the current attempt. */
  readonly triggerRunId?: string;
  /** Attempts claimed so far (0 while a first attempt is waiting). */
  readonly attempt: number;
  /** Planned time: the occurrence, the window end + delay, or the time the event was seen. */
  readonly scheduledTime: number;
  readonly windowStart?: number;
  readonly windowEnd?: number;
  /** `@triggerBody()` of a storage event: `{fileName, folderPath, eventType}`. */
  readonly payload?: JsonValue;
  /** When the current attempt was claimed. */
  readonly firedAt?: number;
  readonly endedAt?: number;
  /** A Waiting retry is not claimed before this instant. */
  readonly nextAttemptAt?: number;
  readonly message?: string;
}

/** A request to start (another attempt of) a trigger run. */
export interface TriggerClaim {
  readonly trigger: string;
  readonly key: string;
  readonly kind: TriggerRunKind;
  readonly pipeline: string;
  readonly scheduledTime: number;
  readonly windowStart?: number;
  readonly windowEnd?: number;
  readonly payload?: JsonValue;
  /** The pipeline run id this attempt will use (recorded before the run starts). */
  readonly runId: string;
  readonly triggerRunId: string;
  readonly now: number;
}

/** The final outcome of an attempt, or a Waiting retry (`status: 'Waiting'` + `nextAttemptAt`). */
export interface TriggerRunOutcome {
  readonly status: Exclude<TriggerRunStatus, 'Running'>;
  readonly endedAt: number;
  readonly message?: string;
  readonly nextAttemptAt?: number;
}

/** Filters of `listTriggerRuns`. */
export interface TriggerRunQuery {
  readonly trigger?: string;
  readonly status?: TriggerRunStatus | readonly TriggerRunStatus[];
  readonly kind?: TriggerRunKind;
  /** Only runs whose scheduled time is in `[from, to)`. */
  readonly from?: number;
  readonly to?: number;
  /** By scheduled time; default `asc`. */
  readonly order?: 'asc' | 'desc';
  /** Default 1000. */
  readonly limit?: number;
  /** Rows skipped before the first one returned (pagination). Default 0. */
  readonly offset?: number;
}

/** A file seen by a storage event trigger: its size and version (last-modified ms). */
export interface BlobSnapshotEntry {
  readonly size: number;
  readonly version: string;
}

/** The persisted listing of a storage event trigger, and when it was taken (the event watermark). */
export interface BlobSnapshot {
  /** When the listing was first taken after the trigger started (events before it never fire). */
  readonly baselineAt: number;
  readonly polledAt: number;
  /** By container path (`container/folder/file.csv`). */
  readonly entries: ReadonlyMap<string, BlobSnapshotEntry>;
}

/**
 * Durable trigger state: runtime states, schedule watermarks, tumbling windows, storage-event snapshots.
 * Every method is atomic; `claim` is the exactly-once gate: a trigger run is started only by the caller whose
 * claim succeeded, and the claim records the pipeline run id before the run exists. Implementations: memory
 * (tests), SQLite (the run store's database) and PostgreSQL (`store/postgres`, shared by many servers); each runs
 * `contracts/testing/trigger-store-suite.ts`.
 */
export interface TriggerStore {
  getState(trigger: string): Promise<TriggerStateRecord | undefined>;
  /** Every trigger's runtime state, by trigger name. */
  listStates(): Promise<readonly TriggerStateRecord[]>;
  setState(trigger: string, state: TriggerRuntimeState, at: number): Promise<void>;
  /** The latest schedule occurrence claimed for a trigger (the schedule watermark). */
  getLastScheduledTime(trigger: string): Promise<number | undefined>;
  /**
   * Claims a trigger run: inserts it as Running, or moves a Waiting one whose `nextAttemptAt` has passed
   * to Running, with `attempt + 1`, the new `runId` and `firedAt = now`. For `schedule` runs it also advances
   * the schedule watermark. Returns the claimed record, or undefined when the run is already Running or final.
   */
  claim(claim: TriggerClaim): Promise<TriggerRunRecord | undefined>;
  /** Ends an attempt; ignored unless the run is Running with this `runId`. Returns whether it applied. */
  finish(trigger: string, key: string, runId: string, outcome: TriggerRunOutcome): Promise<boolean>;
  /** Inserts Waiting trigger runs (queued events, backfill, dependency waits); existing keys are kept. */
  enqueue(runs: readonly TriggerRunRecord[]): Promise<void>;
  /** Puts a finished run back to Waiting (rerun); false when it is unknown or Running. */
  requeue(trigger: string, key: string, now: number): Promise<boolean>;
  getTriggerRun(trigger: string, key: string): Promise<TriggerRunRecord | undefined>;
  listTriggerRuns(query?: TriggerRunQuery): Promise<readonly TriggerRunRecord[]>;
  getBlobSnapshot(trigger: string): Promise<BlobSnapshot | undefined>;
  /**
   * In one transaction: stores the new listing of a storage event trigger and queues the trigger runs of
   * the events found by comparing it with the previous one (existing keys are kept). So an event is
   * recorded exactly when the listing that reveals it is.
   */
  saveBlobSnapshot(
    trigger: string,
    snapshot: BlobSnapshot,
    events: readonly TriggerRunRecord[],
  ): Promise<void>;
  /** Forgets a storage event trigger's listing (a stopped trigger re-baselines when started again). */
  clearBlobSnapshot(trigger: string): Promise<void>;
  close(): Promise<void>;
}

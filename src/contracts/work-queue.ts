import type { Activity, JsonValue } from '../model/index.js';
import type { ActivityReferences } from './activity-executor.js';

/**
 * One activity attempt sent to a worker: everything the engine evaluated for it (the worker never evaluates an
 * expression), and what the worker needs to wire the same factory and environment.
 */
export interface WorkPayload {
  readonly activity: Activity;
  readonly pipelineName: string;
  readonly runId: string;
  readonly activityRunId: string;
  readonly attempt: number;
  /** The activity's typeProperties, evaluated. */
  readonly typeProperties: JsonValue;
  /** Its `inputs`, `outputs` and `linkedServiceName`, evaluated. */
  readonly references: ActivityReferences;
  /** The environment the run runs in (the worker applies the same one). */
  readonly environment?: string;
  /** Content hash of the factory the run was planned on: a worker with another version refuses the work. */
  readonly factoryHash?: string;
}

/** How a worker reports a failed attempt: an `ActivityError`'s fields. */
export interface WorkError {
  readonly code: string;
  readonly message: string;
  readonly errorCode: string;
  readonly failureType: string;
  readonly retryable: boolean;
  readonly output?: JsonValue;
}

/** The end of one work item as its dispatcher sees it. */
export type WorkOutcome =
  | { readonly status: 'succeeded'; readonly output: JsonValue; readonly worker: string }
  | { readonly status: 'failed'; readonly error: WorkError; readonly worker: string }
  /** The worker running it stopped renewing its lease (killed, hung, cut off): nobody will finish it. */
  | { readonly status: 'lost'; readonly worker: string };

/** A submission to the queue. */
export interface WorkSubmission {
  /** The queue it goes to (`default` unless the activity runs on a named integration runtime). */
  readonly queue: string;
  readonly payload: WorkPayload;
  /** Aborted: the item is withdrawn (queued) or its worker told to stop (running); `submit` rejects. */
  readonly signal: AbortSignal;
  /** Each line the worker logged, in order, as it arrives. */
  readonly onLog?: (line: string) => void;
}

/**
 * The dispatching side of the durable work queue: a process that orchestrates runs sends activity attempts to
 * it and waits for their outcome.
 */
export interface WorkQueue {
  /** Enqueues one attempt and resolves with its outcome; rejects with the signal's reason when aborted. */
  submit(submission: WorkSubmission): Promise<WorkOutcome>;
  close(): Promise<void>;
}

/** A work item a worker holds a lease on. */
export interface ClaimedWork {
  readonly id: string;
  readonly queue: string;
  readonly payload: WorkPayload;
}

/** What a worker reports for one item. */
export type WorkResult =
  | { readonly id: string; readonly status: 'succeeded'; readonly output: JsonValue }
  | { readonly id: string; readonly status: 'failed'; readonly error: WorkError };

/**
 * The taking side of the durable work queue (`millrace worker`): claim items under a lease, keep the lease
 * alive with heartbeats, report results. An item whose lease lapses is the dispatcher's to settle (as `lost`);
 * a result reported after that is dropped.
 */
export interface WorkSource {
  /** Claims up to `max` queued items of `queues` for `worker`, oldest first; never an item another worker holds. */
  claim(worker: string, queues: readonly string[], max: number): Promise<ClaimedWork[]>;
  /** Renews the leases `worker` holds; returns the ids whose cancellation was requested. */
  heartbeat(worker: string): Promise<string[]>;
  /** Reports finished items (only those `worker` still holds count). */
  complete(worker: string, results: readonly WorkResult[]): Promise<void>;
  /** Appends log lines to items `worker` holds (delivered to their dispatchers). */
  appendLogs(worker: string, lines: readonly { readonly id: string; readonly line: string }[]): Promise<void>;
  /** Deletes the items (and their log lines) of runs that ended a while ago; returns how many. */
  sweep(): Promise<number>;
  /**
   * Resolves when work may have arrived on one of `queues` or a cancellation for `worker` was requested, or after
   * `timeoutMs`, or when `signal` aborts. True when a cancellation for `worker` was notified meanwhile.
   */
  wait(worker: string, queues: readonly string[], timeoutMs: number, signal: AbortSignal): Promise<boolean>;
  close(): Promise<void>;
}

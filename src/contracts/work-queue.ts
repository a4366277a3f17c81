import type { Activity, JsonValue } from '../model/index.js';
import type { ActivityReferences } from './activity-executor.js';
import type { CopyProgress } from './copy-progress.js';

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
  | {
      readonly status: 'succeeded';
      readonly output: JsonValue;
      readonly worker: string;
      readonly files?: readonly WorkFile[];
    }
  | {
      readonly status: 'failed';
      readonly error: WorkError;
      readonly worker: string;
      readonly files?: readonly WorkFile[];
    }
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
  /**
   * Takes over an attempt another dispatcher (a dead or stopping orchestrator) had queued, by its activity run id:
   * wherever it is (queued, running on a worker, finished and not yet collected) it becomes this dispatcher's,
   * with the log lines not yet read; resolves with its outcome as `submit` does, or undefined when there is no
   * such item (never queued, withdrawn, cancelled). `queue` of the submission is not used.
   */
  adopt(submission: WorkSubmission): Promise<WorkOutcome | undefined>;
  /**
   * Stops waiting for the attempts in flight without withdrawing them (their runs are being handed over: their
   * new orchestrator adopts them); their submissions then reject when aborted, as usual.
   */
  handOver(): void;
  close(): Promise<void>;
}

/** A work item a worker holds a lease on. */
export interface ClaimedWork {
  readonly id: string;
  readonly queue: string;
  readonly payload: WorkPayload;
}

/** What a worker reports for one item. */
export type WorkResult = (
  | { readonly id: string; readonly status: 'succeeded'; readonly output: JsonValue }
  | { readonly id: string; readonly status: 'failed'; readonly error: WorkError }
) & {
  /** The files the attempt kept (a notebook's `display()` output), sent back to the orchestrating process. */
  readonly files?: readonly WorkFile[];
};

/** A file an attempt kept, as it travels back with its result. */
export interface WorkFile {
  readonly name: string;
  readonly base64: string;
}

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

/**
 * What a worker reports about a running attempt besides log text: a Copy's running totals or a status line. It
 * travels as a log line starting with {@link WORK_SIGNAL_PREFIX} (a record separator, which a worker escapes in
 * the text lines it sends), so it needs no channel of its own; the dispatcher hands it to the activity's
 * `onProgress` / `onStatus` instead of its log.
 */
export type WorkSignal = { readonly progress: CopyProgress } | { readonly status: string };

/** The first character of a log line that carries a {@link WorkSignal}. */
export const WORK_SIGNAL_PREFIX = '\u001e';

/** A work signal as a log line. */
export function encodeWorkSignal(signal: WorkSignal): string {
  return `${WORK_SIGNAL_PREFIX}${JSON.stringify(signal)}`;
}

/** A text line as a worker sends it: one that would read as a signal gets a leading space. */
export function workLogLine(line: string): string {
  return line.startsWith(WORK_SIGNAL_PREFIX) ? ` ${line}` : line;
}

/** The signal a log line carries, or undefined for a text line. */
export function decodeWorkSignal(line: string): WorkSignal | undefined {
  if (!line.startsWith(WORK_SIGNAL_PREFIX)) return undefined;
  try {
    const value = JSON.parse(line.slice(WORK_SIGNAL_PREFIX.length)) as unknown;
    if (typeof value !== 'object' || value === null) return undefined;
    const v = value as { progress?: CopyProgress; status?: unknown };
    if (typeof v.status === 'string') return { status: v.status };
    const p = v.progress;
    if (p && typeof p.bytes === 'number' && typeof p.rows === 'number' && typeof p.files === 'number')
      return { progress: { bytes: p.bytes, rows: p.rows, files: p.files } };
  } catch {
    // not a signal after all
  }
  return undefined;
}

import type { ActivityExecutor, RunEvent, ListRunsQuery, RunPage } from '../contracts/index.js';
import type { RunDocument, TriggerInvocation } from '../engine/index.js';
import type { JsonValue } from '../model/index.js';
import type { ActivityLog, LogLine } from '../store/index.js';
import type { OutputSummaries } from './activity-summaries.js';
import type { RunProgress } from './progress-router.js';
import type { TakeoverOutcome } from './run-takeover.js';

/* The run API's types (`createMillrace` in run-service.ts implements them). */
/** Options of one run. */
export interface RunOptions {
  /** Values as text (`-p name=value`), parsed by declared type. */
  readonly rawParameters?: Readonly<Record<string, string>>;
  /** Typed values. */
  readonly parameters?: Readonly<Record<string, JsonValue>>;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: RunEvent) => void;
  /** The trigger starting the run (pipeline() Trigger* values, parameters in trigger scope). */
  readonly trigger?: TriggerInvocation;
  /** A run id chosen by the caller (the trigger scheduler records it before the run starts). */
  readonly runId?: string;
  /**
   * Live progress of the run's copies (and its child runs'): byte, row and file totals, at most every
   * ~250 ms per activity run. Not a run event: it is neither stored nor heard by `subscribe` listeners.
   */
  readonly onProgress?: (progress: RunProgress) => void;
}

/** Options of a rerun: a run's options, and what to reuse of the earlier run (`planRerun`'s choice). */
export interface RerunOptions extends RunOptions {
  /** Reuse what succeeded and rerun from the failed activities (ADF's "rerun from failed activity"). */
  readonly fromFailed?: boolean;
  /**
   * Failed ForEach iterations to run again (`Loop[3]`, nested `Outer[1]/Inner[2]`), in full; the other iterations
   * keep the earlier results, and the rest is a rerun from failed activity. Throws `run/unknown-iteration` or
   * `run/iteration-not-failed` before anything runs.
   */
  readonly iterations?: readonly string[];
}

/** The run API of the library: what `millrace run` / `millrace runs` and the server call. */
export interface Millrace extends OutputSummaries {
  /** Runs a pipeline to its end and returns its run document. Bad input throws a ConfigError. */
  runPipeline(pipeline: string, options?: RunOptions): Promise<RunDocument>;
  getRun(runId: string): Promise<RunDocument | undefined>;
  listRuns(query?: ListRunsQuery): Promise<RunPage>;
  /** Cancels a run of this process at once, or asks the process that owns it (through the store). */
  cancelRun(runId: string): Promise<boolean>;
  /**
   * Reruns a finished run (same parameters); `fromFailed` reuses what succeeded and reruns from the failures,
   * `iterations` reruns only those failed ForEach iterations.
   */
  rerun(runId: string, options?: RerunOptions): Promise<RunDocument>;
  /** The kept log of each activity run of a run (optionally of one activity), in run order. */
  logs(runId: string, activityName?: string): Promise<ActivityLog[]>;
  /**
   * Starts a run in the background: bad input throws (ConfigError) before anything is recorded; `done`
   * resolves with the run document when it ends.
   */
  startRun(pipeline: string, options?: RunOptions): Promise<StartedRun>;
  /** `rerun` in the background, like `startRun`. */
  startRerun(runId: string, options?: RerunOptions): Promise<StartedRun>;
  /** Receives every event of every run of this process (masked). Returns the unsubscribe function. */
  subscribe(listener: (event: RunEvent) => void): () => void;
  /**
   * Follows a run's log: replays the kept lines, then each new line as it is logged, until the run ends
   * (`onEnd`) or the returned stop function is called. Each line is delivered once. Throws `run/unknown-run`.
   */
  followLogs(runId: string, onLine: (line: LogLine) => void, onEnd: () => void): Promise<() => void>;
  /**
   * Hands this process's unfinished runs over instead of ending them (a server stopping on a shared PostgreSQL
   * database): stops them without recording anything more, marks their lease expired, and refuses new runs
   * (`run/process-stopping`); the elected leader takes them over and resumes them. Returns their ids.
   */
  handOverRuns(): Promise<readonly string[]>;
  /**
   * Takes over the unfinished runs whose orchestrating process died (a shared PostgreSQL store): each is resumed
   * in this process where it stopped, with its child runs, when it can be (same environment and factory version,
   * no secure value needed that the store does not keep); the others end `interrupted`. The server's elected
   * leader calls it every few seconds. Returns what it did.
   */
  takeOverOrphanedRuns(
    isOwnerAlive?: (owner: string, heartbeat: number) => boolean,
  ): Promise<TakeoverOutcome[]>;
  /** True when an activity of the run was given MLflow tracking (so its notebooks may have logged ML runs). */
  usedMlTracking(runId: string): boolean;
  /** Waits for background runs (ExecutePipeline without waiting), then flushes and closes the store. */
  close(): Promise<void>;
}

/** Wiring hooks for other app/ code (not part of the public API): the pipeline test harness uses them. */
export interface RunServiceInternals {
  /** Wraps the executors (built-in or given) before they are registered: mocks replace activities. */
  readonly decorateExecutors?: (executors: readonly ActivityExecutor[]) => readonly ActivityExecutor[];
  /** Activities (control-flow ones too) that the decorated executors run instead of the engine: mocks. */
  readonly replacesActivity?: (activity: { readonly name: string; readonly type: string }) => boolean;
  /** Folder of the kept activity logs; default `<project>/.millrace/logs`. */
  readonly logDir?: string;
}

/** A run started in the background. */
export interface StartedRun {
  readonly runId: string;
  readonly done: Promise<RunDocument>;
}

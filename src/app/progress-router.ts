import type { ActivityContext, CopyProgress, RunEvent } from '../contracts/index.js';

/** Progress of one activity run (a Copy), as `RunOptions.onProgress` receives it. Totals so far. */
export interface RunProgress {
  /** The run the activity belongs to (a child run's id for an activity of an ExecutePipeline child). */
  readonly runId: string;
  readonly activityRunId: string;
  readonly activityName: string;
  /** Bytes copied so far. */
  readonly bytes: number;
  /** Rows copied so far. */
  readonly rows: number;
  /** Files written so far. */
  readonly files: number;
  /**
   * A step without totals, in words (bytes, rows and files are 0): what a notebook's Python environment is
   * installing right now (`Collecting pandas`, `Installing collected packages: …`).
   */
  readonly status?: string;
}

/** Routes the progress of activity runs to the listener of the run request they belong to. */
export interface ProgressRouter {
  /**
   * Wraps a run request's event listener: the run and its child runs (they share the listener) report
   * progress to `listener` from their `run-created` event until they finish.
   */
  follow(
    listener: (progress: RunProgress) => void,
    onEvent?: (event: RunEvent) => void,
  ): (event: RunEvent) => void;
  /** The context with `onProgress` when its run is followed; otherwise the context as it is. */
  extend(ctx: ActivityContext): ActivityContext;
}

/**
 * Creates the progress router of a run service. Progress is not a run event: it is not stored, and only
 * the caller that asked for it hears it (the engine stays out of it; Copy calls `ctx.onProgress`).
 */
export function createProgressRouter(): ProgressRouter {
  const byRun = new Map<string, (progress: RunProgress) => void>();
  return {
    follow: (listener, onEvent) => (event) => {
      if (event.kind === 'run-created') byRun.set(event.run.runId, listener);
      else if (event.kind === 'run-finished' && event.status !== 'Canceling') byRun.delete(event.runId);
      onEvent?.(event);
    },
    extend(ctx) {
      const listener = byRun.get(ctx.runId);
      if (!listener) return ctx;
      return {
        ...ctx,
        onStatus: (status: string) => {
          try {
            listener({
              runId: ctx.runId,
              activityRunId: ctx.activityRunId,
              activityName: ctx.activity.name,
              bytes: 0,
              rows: 0,
              files: 0,
              status,
            });
          } catch {
            // A failing progress display must not fail the step it displays.
          }
        },
        onProgress: (p: CopyProgress) => {
          try {
            listener({
              runId: ctx.runId,
              activityRunId: ctx.activityRunId,
              activityName: ctx.activity.name,
              bytes: p.bytes,
              rows: p.rows,
              files: p.files,
            });
          } catch {
            // A failing progress display must not fail the copy it displays.
          }
        },
      };
    },
  };
}

import type { JsonValue } from '../model/index.js';
import type { ActivityRunStatus, RunStatus } from './run-status.js';

/** An activity error as ADF reports it (`@activity('x').error`). */
export interface ActivityRunError {
  readonly errorCode: string;
  readonly message: string;
  readonly failureType: 'UserError' | 'SystemError';
  /** The activity name. */
  readonly target: string;
}

/** How a run was started. */
export interface RunInvocation {
  /** `Manual`, `PipelineActivity` (ExecutePipeline), `Rerun`, or a trigger type. */
  readonly triggerType: string;
  readonly parentRunId?: string;
  readonly parentPipeline?: string;
  /** The ExecutePipeline activity run that started this run. */
  readonly parentActivityRunId?: string;
  /** The trigger that started the run (`pipeline().TriggerName`, `TriggerId`, `TriggerTime`), as ADF's `invokedBy` names it. */
  readonly triggerName?: string;
  readonly triggerId?: string;
  /** `pipeline().TriggerTime` of a triggered run (ISO 8601). */
  readonly triggerTime?: string;
  /** The run this one reruns (rerun from failed activity). */
  readonly rerunOf?: string;
}

/**
 * One pipeline run as stored. Times are epoch milliseconds. Values that a policy marks secure (secure
 * parameters, secureOutput variables) are already masked: a store never receives a secret.
 */
export interface PipelineRunRecord {
  readonly runId: string;
  readonly pipeline: string;
  readonly status: RunStatus;
  readonly message?: string;
  readonly parameters: Readonly<Record<string, JsonValue>>;
  readonly variables: Readonly<Record<string, JsonValue>>;
  /** The pipeline return value (`{}` when none was set). */
  readonly output: JsonValue;
  /** Group of the run and its reruns (the runId of the first run). */
  readonly groupId: string;
  readonly invokedBy: RunInvocation;
  /** sha256 of the factory content that ran (which version of the pipeline). */
  readonly contentHash: string;
  readonly queuedAt: number;
  readonly start?: number;
  readonly end?: number;
  /** Process that executes the run (host:pid); used to recognise runs left behind by a crash. */
  readonly owner?: string;
  /** True when the run was found unfinished after its process died (status Failed, message `interrupted`). */
  readonly interrupted?: boolean;
  /** The environment the run ran in (`--env`); absent for a run with the project's own settings. */
  readonly environment?: string;
}

/**
 * One activity run (one attempt of one activity in one iteration) as stored. `iteration` is the path
 * of the enclosing containers (`ForEach1[3]/If1(true)`); absent for top-level activities.
 */
export interface ActivityRunRecord {
  readonly activityRunId: string;
  readonly runId: string;
  /** Position in the run's activity sequence: the order activity runs began. */
  readonly seq: number;
  readonly activityName: string;
  readonly activityType: string;
  readonly status: ActivityRunStatus;
  readonly iteration?: string;
  /** 1 for the first attempt, 2 for the first retry… */
  readonly attempt: number;
  readonly start: number;
  readonly end?: number;
  readonly input?: JsonValue;
  readonly output?: JsonValue;
  readonly error?: ActivityRunError;
  /** Set when a rerun reused this result from an earlier run instead of executing the activity. */
  readonly reusedFrom?: string;
  /**
   * On an `Inactive` run: the status the deactivated activity is marked as (`onInactiveMarkAs`, default
   * Succeeded), which its dependency conditions see (https://learn.microsoft.com/azure/data-factory/deactivate-activity).
   */
  readonly markedAs?: 'Succeeded' | 'Failed' | 'Skipped';
}

import type { JsonValue } from '../model/index.js';
import type { ActivityRunError, ActivityRunRecord, PipelineRunRecord } from './run-records.js';
import type { ActivityRunStatus, RunStatus } from './run-status.js';

/** A run was created (status Queued or InProgress). Carries the whole record. */
export interface RunCreatedEvent {
  readonly kind: 'run-created';
  readonly run: PipelineRunRecord;
}

/** A queued run started. */
export interface RunStartedEvent {
  readonly kind: 'run-started';
  readonly runId: string;
  readonly start: number;
}

/** A run reached a final status (or Canceling). */
export interface RunFinishedEvent {
  readonly kind: 'run-finished';
  readonly runId: string;
  readonly status: RunStatus;
  readonly end: number;
  readonly message?: string;
  readonly variables: Readonly<Record<string, JsonValue>>;
  readonly output: JsonValue;
}

/** An activity run began (or, for Skipped/Inactive/reused runs, was recorded already final). */
export interface ActivityStartedEvent {
  readonly kind: 'activity-started';
  readonly activityRun: ActivityRunRecord;
  /** Name of the pipeline the run belongs to, for progress output. */
  readonly pipeline: string;
}

/** An activity run ended. */
export interface ActivityFinishedEvent {
  readonly kind: 'activity-finished';
  readonly runId: string;
  readonly activityRunId: string;
  readonly activityName: string;
  readonly iteration?: string;
  readonly status: ActivityRunStatus;
  readonly end: number;
  /** Input known only at the end (control activities evaluate theirs while running). */
  readonly input?: JsonValue;
  readonly output?: JsonValue;
  readonly error?: ActivityRunError;
}

/** A log line from an activity (already masked). Not persisted by every store. */
export interface ActivityLogEvent {
  readonly kind: 'activity-log';
  readonly runId: string;
  readonly activityRunId: string;
  readonly line: string;
}

/** Everything a run emits; the state store records these, shells render them. */
export type RunEvent =
  | RunCreatedEvent
  | RunStartedEvent
  | RunFinishedEvent
  | ActivityStartedEvent
  | ActivityFinishedEvent
  | ActivityLogEvent;

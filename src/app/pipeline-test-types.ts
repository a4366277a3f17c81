import type { ActivityRunRecord, Clock, IdSource } from '../contracts/index.js';
import type { RunDocument } from '../engine/index.js';
import type { JsonValue } from '../model/index.js';

/** What a mocked activity does instead of running: return `output`, or fail with `error`. */
export interface ActivityMock {
  readonly output?: JsonValue;
  readonly error?: {
    readonly errorCode?: string;
    readonly message: string;
    readonly failureType?: 'UserError' | 'SystemError';
  };
}

/** Mocks of one test run: by activity name (nested ones too) and by activity type. A name mock wins. */
export interface ActivityMocks {
  readonly activities?: Readonly<Record<string, ActivityMock>>;
  readonly types?: Readonly<Record<string, ActivityMock>>;
}

/** Options of `runPipelineTest`. */
export interface PipelineTestRunOptions {
  readonly projectDir?: string;
  readonly parameters?: Readonly<Record<string, JsonValue>>;
  readonly rawParameters?: Readonly<Record<string, string>>;
  readonly mocks?: ActivityMocks;
  readonly environment?: string;
  readonly clock?: Clock;
  readonly ids?: IdSource;
}

/** A child pipeline run (of an ExecutePipeline activity): its document and activity runs. */
export interface PipelineTestChild {
  readonly document: RunDocument;
  readonly activityRuns: readonly ActivityRunRecord[];
}

/** A finished test run: the run document and every activity run with its evaluated input. */
export interface PipelineTestRunResult {
  readonly document: RunDocument;
  readonly activityRuns: readonly ActivityRunRecord[];
  /** Child pipeline runs started by ExecutePipeline activities (nested ones too), by run id. */
  readonly children: ReadonlyMap<string, PipelineTestChild>;
}

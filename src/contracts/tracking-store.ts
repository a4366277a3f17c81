/**
 * ML tracking: experiments, runs, params, metrics, tags and MLflow 3 logged models. Record fields keep
 * MLflow's REST spelling (snake_case, as in `mlflow/protos/service.proto`) the way model types keep ADF's,
 * so the MLflow API renders them unchanged. Times are epoch milliseconds.
 */

/** A key/value pair: a tag or a param. */
export interface MlTag {
  readonly key: string;
  readonly value: string;
}

/** One metric value at a step. */
export interface MlMetric {
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
  readonly step: number;
}

/** `active` or `deleted` (soft delete; restore brings it back). */
export type MlLifecycleStage = 'active' | 'deleted';

/** An experiment. */
export interface MlExperiment {
  readonly experiment_id: string;
  readonly name: string;
  readonly artifact_location: string;
  readonly lifecycle_stage: MlLifecycleStage;
  readonly creation_time: number;
  readonly last_update_time: number;
  readonly tags: readonly MlTag[];
}

/** Run statuses of MLflow (`RunStatus` in service.proto). */
export const MlRunStatus = {
  RUNNING: 'RUNNING',
  SCHEDULED: 'SCHEDULED',
  FINISHED: 'FINISHED',
  FAILED: 'FAILED',
  KILLED: 'KILLED',
} as const;
export type MlRunStatus = (typeof MlRunStatus)[keyof typeof MlRunStatus];

/** The `info` part of a run. */
export interface MlRunInfo {
  readonly run_id: string;
  readonly run_name: string;
  readonly experiment_id: string;
  readonly user_id: string;
  readonly status: MlRunStatus;
  readonly start_time: number;
  readonly end_time?: number;
  readonly artifact_uri: string;
  readonly lifecycle_stage: MlLifecycleStage;
}

/** A run: info, the latest value of each metric, params, tags, and the models it logged. */
export interface MlRun {
  readonly info: MlRunInfo;
  readonly data: {
    readonly metrics: readonly MlMetric[];
    readonly params: readonly MlTag[];
    readonly tags: readonly MlTag[];
  };
  /** Logged models this run produced (`POST /runs/outputs`). */
  readonly outputs: {
    readonly model_outputs: readonly { readonly model_id: string; readonly step: number }[];
  };
}

/** One condition of a run search (`metrics.rmse < 1`, `params.alpha = '0.5'`, `attributes.status = 'FINISHED'`). */
export interface MlRunFilterClause {
  readonly kind: 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';
  /** For attributes: `run_id`, `run_name`, `status`, `user_id`, `start_time`, `end_time`, `artifact_uri`. */
  readonly key: string;
  readonly op:
    '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN' | 'IS NULL' | 'IS NOT NULL';
  /** A number for metric and numeric attribute comparisons, a list for IN, absent for IS [NOT] NULL. */
  readonly value?: string | number | readonly string[];
}

/** One sort key of a run search. */
export interface MlRunOrder {
  readonly kind: 'metric' | 'param' | 'tag' | 'attribute';
  readonly key: string;
  readonly ascending: boolean;
}

/** Which runs (or experiments) a search sees. */
export type MlViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

/** A run search: every clause holds (AND); ordered, then `start_time` desc, then `run_id`. */
export interface MlRunSearch {
  readonly experimentIds: readonly string[];
  readonly clauses: readonly MlRunFilterClause[];
  readonly viewType: MlViewType;
  readonly orderBy: readonly MlRunOrder[];
  readonly maxResults: number;
  readonly offset: number;
}

/** MLflow 3 logged model (`LoggedModel` in service.proto). */
export interface MlLoggedModel {
  readonly info: {
    readonly model_id: string;
    readonly experiment_id: string;
    readonly name: string;
    readonly artifact_uri: string;
    readonly creation_timestamp_ms: number;
    readonly last_updated_timestamp_ms: number;
    readonly status: string;
    readonly lifecycle_stage: MlLifecycleStage;
    readonly model_type?: string;
    readonly source_run_id?: string;
    readonly status_message?: string;
    readonly tags: readonly MlTag[];
  };
  readonly data: { readonly params: readonly MlTag[]; readonly metrics: readonly MlMetric[] };
}

/** Changes to an experiment. */
export interface MlExperimentPatch {
  readonly name?: string;
  readonly lifecycle_stage?: MlLifecycleStage;
  readonly last_update_time: number;
}

/** Changes to a run. */
export interface MlRunPatch {
  readonly status?: MlRunStatus;
  readonly end_time?: number;
  readonly run_name?: string;
  readonly lifecycle_stage?: MlLifecycleStage;
}

/**
 * Durable experiment tracking (SQLite in the project's state db by default; memory for tests). Lookups
 * return `undefined` for what does not exist; writes to a run or experiment that does not exist throw
 * `mlflow/resource-does-not-exist`; a param logged again with another value throws
 * `mlflow/invalid-parameter-value` and writes nothing of that batch.
 */
export interface TrackingStore {
  /** Creates an experiment; `mlflow/resource-already-exists` when the name is taken (deleted ones count). */
  createExperiment(input: {
    readonly name: string;
    readonly tags: readonly MlTag[];
    readonly now: number;
    /** The artifact location, given the id the store chose. */
    readonly artifactLocation: (experimentId: string) => string;
  }): Promise<MlExperiment>;
  getExperiment(experimentId: string): Promise<MlExperiment | undefined>;
  getExperimentByName(name: string): Promise<MlExperiment | undefined>;
  /** Every experiment of the view, in creation order. */
  listExperiments(viewType: MlViewType): Promise<readonly MlExperiment[]>;
  updateExperiment(experimentId: string, patch: MlExperimentPatch): Promise<void>;
  setExperimentTag(experimentId: string, tag: MlTag): Promise<void>;
  deleteExperimentTag(experimentId: string, key: string): Promise<void>;

  createRun(info: MlRunInfo, tags: readonly MlTag[]): Promise<void>;
  getRun(runId: string): Promise<MlRun | undefined>;
  updateRun(runId: string, patch: MlRunPatch): Promise<void>;
  /** Logs metrics (history kept, latest by step then timestamp), params and tags in one transaction. */
  logBatch(
    runId: string,
    batch: {
      readonly metrics: readonly MlMetric[];
      readonly params: readonly MlTag[];
      readonly tags: readonly MlTag[];
    },
  ): Promise<void>;
  deleteTag(runId: string, key: string): Promise<void>;
  /** Every value of one metric of a run, by step then timestamp. */
  getMetricHistory(runId: string, key: string): Promise<readonly MlMetric[]>;
  /** Runs of the search's page, plus whether more follow. */
  searchRuns(search: MlRunSearch): Promise<{ readonly runs: readonly MlRun[]; readonly more: boolean }>;
  logOutputs(
    runId: string,
    models: readonly { readonly model_id: string; readonly step: number }[],
  ): Promise<void>;

  createLoggedModel(model: MlLoggedModel): Promise<void>;
  getLoggedModel(modelId: string): Promise<MlLoggedModel | undefined>;
  /** Replaces a logged model (status, tags, params change after creation). */
  putLoggedModel(model: MlLoggedModel): Promise<void>;
  /** Logged models of the given experiments, newest first. */
  listLoggedModels(experimentIds: readonly string[]): Promise<readonly MlLoggedModel[]>;
  close(): Promise<void>;
}

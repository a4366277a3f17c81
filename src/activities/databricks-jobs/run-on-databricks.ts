import { ActivityError } from '../../errors/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { NotebookErrorCode } from '../notebook-runtime/index.js';
import { DatabricksErrorCode } from './databricks-error.js';
import type { JobsApiClient, RunInfo } from './jobs-api-client.js';

/** What to run remotely: exactly one task kind. */
export type RemoteTask =
  | {
      readonly notebook_task: {
        readonly notebook_path: string;
        readonly base_parameters?: Readonly<Record<string, string>>;
      };
    }
  | { readonly spark_python_task: { readonly python_file: string; readonly parameters?: readonly string[] } };

/** Options of one remote run. */
export interface RunOnDatabricksOptions {
  readonly client: JobsApiClient;
  readonly task: RemoteTask;
  /** `existing_cluster_id` or `new_cluster` (see `clusterFromLinkedService`). */
  readonly cluster: JsonObject;
  /** ADF `libraries`, passed through (same shape in the Jobs API). */
  readonly libraries?: readonly JsonValue[];
  readonly runName: string;
  /** Poll interval of `runs/get`; default 5000 ms. */
  readonly pollIntervalMs?: number;
  /** Waits between polls; injected by tests. Must reject when the signal aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Aborting cancels the remote run (`runs/cancel`) and rejects. */
  readonly signal?: AbortSignal;
  /** Progress lines (state changes). */
  readonly onLog?: (line: string) => void;
}

/** A finished remote run. */
export interface RemoteRunResult {
  readonly runId: number;
  readonly runPageUrl: string | undefined;
  /** `notebook_output.result` (the `dbutils.notebook.exit` value), or null. */
  readonly exitValue: string | null;
  readonly truncated: boolean;
}

const FINAL = new Set(['TERMINATED', 'SKIPPED', 'INTERNAL_ERROR']);

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      },
      { once: true },
    );
  });
}

/**
 * Submits a one-time run (`runs/submit` with one task), polls `runs/get` until it is final, and reads
 * the task run's output (`runs/get-output` on the task's run id). A result other than SUCCESS throws
 * `activity/databricks-run-failed` with the run's error; aborting cancels the run.
 */
export async function runOnDatabricks(options: RunOnDatabricksOptions): Promise<RemoteRunResult> {
  const { client, signal } = options;
  const sleep = options.sleep ?? defaultSleep;
  const taskKey = 'millrace';
  const runId = await client.submitRun(
    {
      run_name: options.runName,
      tasks: [
        {
          task_key: taskKey,
          ...options.task,
          ...options.cluster,
          ...(options.libraries ? { libraries: options.libraries } : {}),
        },
      ],
    },
    signal,
  );
  options.onLog?.(`databricks: submitted run ${runId}`);
  let info: RunInfo;
  let last = '';
  try {
    for (;;) {
      info = await client.getRun(runId, signal);
      const state = info.state.life_cycle_state;
      if (state !== last)
        options.onLog?.(
          `databricks: run ${runId} ${state}${info.run_page_url ? ` ${info.run_page_url}` : ''}`,
        );
      last = state;
      if (FINAL.has(state)) break;
      await sleep(options.pollIntervalMs ?? 5000, signal);
    }
  } catch (err) {
    if (signal?.aborted) {
      await client.cancelRun(runId).catch(() => undefined);
      throw new ActivityError({
        code: NotebookErrorCode.Cancelled,
        message: `Databricks run ${runId} was cancelled`,
        cause: err,
      });
    }
    throw err;
  }
  const taskRunId = info.tasks?.find((t) => t.task_key === taskKey)?.run_id ?? runId;
  const output = await client.getRunOutput(taskRunId, signal);
  if (info.state.result_state !== 'SUCCESS') {
    const why = output.error ?? info.state.state_message ?? info.state.life_cycle_state;
    throw new ActivityError({
      code: DatabricksErrorCode.RunFailed,
      message: `Databricks run ${runId} ${info.state.result_state ?? info.state.life_cycle_state}: ${why}`,
      ...(info.run_page_url ? { hint: `see ${info.run_page_url}` } : {}),
    });
  }
  return {
    runId,
    runPageUrl: info.run_page_url,
    exitValue: output.notebook_output?.result ?? null,
    truncated: output.notebook_output?.truncated ?? false,
  };
}

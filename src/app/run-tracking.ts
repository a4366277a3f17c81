import { randomBytes } from 'node:crypto';
import type { ActivityContext } from '../contracts/index.js';
import type { ResolvedConfig } from '../config/index.js';
import { isJsonObject } from '../model/index.js';
import { serveMlflow } from '../ml/index.js';
import type { MlflowRunServer } from '../ml/index.js';
import { git } from './git.js';
import { DEFAULT_ML_ENVIRONMENT, openMlflow } from './ml-wiring.js';
import type { OpenMlflow } from './ml-wiring.js';

/** Lineage tags Millrace puts on every MLflow run a pipeline's notebook starts. */
export const LineageTag = {
  pipelineRunId: 'millrace.pipelineRunId',
  pipeline: 'millrace.pipeline',
  activity: 'millrace.activity',
  activityRunId: 'millrace.activityRunId',
  environment: 'millrace.environment',
  bundleVersion: 'millrace.bundleVersion',
  /** MLflow's own system tag for the source commit. */
  gitCommit: 'mlflow.source.git.commit',
} as const;

/** Options of `createRunTracking`. */
export interface RunTrackingOptions {
  readonly config: ResolvedConfig;
  /** The environment the pipeline runs in (its registry); default `default`. */
  readonly environment?: string;
  /** The deployed bundle's version, when known. */
  readonly bundleVersion?: string;
  /** Receives each per-run token, so the run's redactor masks it. */
  readonly onSecret?: (value: string) => void;
}

/** MLflow tracking for the notebooks of `millrace run`: an in-process MLflow API and per-activity variables. */
export interface RunTracking {
  /** `MLFLOW_TRACKING_URI`, `MLFLOW_TRACKING_TOKEN`, `MLFLOW_EXPERIMENT_NAME`, `MLFLOW_RUN_CONTEXT` of an activity. */
  activityEnv(ctx: ActivityContext): Promise<Readonly<Record<string, string>>>;
  close(): Promise<void>;
}

/**
 * The experiment of an activity: `typeProperties.millrace.experimentName` when set, else the notebook path or
 * Python file (Databricks names a notebook's experiment after the notebook), else `/<pipeline>/<activity>`.
 * A notebook's own `mlflow.set_experiment` still wins.
 */
export function experimentNameOf(ctx: ActivityContext): string {
  const tp = ctx.typeProperties();
  const ext = isJsonObject(tp) ? tp['millrace'] : undefined;
  const chosen = isJsonObject(ext) ? ext['experimentName'] : undefined;
  if (typeof chosen === 'string' && chosen !== '') return chosen;
  const source = isJsonObject(tp) ? (tp['notebookPath'] ?? tp['pythonFile']) : undefined;
  if (typeof source === 'string' && source !== '') return source;
  return `/${ctx.pipelineName}/${ctx.activity.name}`;
}

/**
 * Starts (on the first activity that asks) the MLflow API on 127.0.0.1 on a free port, over the project's
 * tracking store and the environment's registry. Each pipeline run gets its own token; the run's notebooks
 * get it through `MLFLOW_TRACKING_TOKEN`, and their MLflow runs the lineage tags through `MLFLOW_RUN_CONTEXT`
 * (MLflow's `SystemEnvironmentContext` adds that JSON's tags to every run `mlflow.start_run` creates).
 */
export function createRunTracking(options: RunTrackingOptions): RunTracking {
  const environment = options.environment ?? DEFAULT_ML_ENVIRONMENT;
  const tokens = new Map<string, string>(); // token → pipeline run id
  const byRun = new Map<string, string>(); // pipeline run id → token
  let started:
    Promise<{ url: string; service: OpenMlflow; server: MlflowRunServer; commit?: string }> | undefined;
  const start = async () => {
    const service = await openMlflow(options.config, environment);
    try {
      // Fastify loads only for runs whose notebooks track.
      const server = await serveMlflow(service, (token) => {
        const runId = tokens.get(token);
        return Promise.resolve(runId === undefined ? undefined : `run:${runId}`);
      });
      const commit = await git(options.config.root, ['rev-parse', 'HEAD']);
      return { url: server.url, service, server, ...(commit === undefined ? {} : { commit }) };
    } catch (err) {
      await service.close();
      throw err;
    }
  };
  return {
    async activityEnv(ctx) {
      started ??= start();
      const { url, commit } = await started;
      let token = byRun.get(ctx.runId);
      if (token === undefined) {
        token = `mrr_${randomBytes(24).toString('base64url')}`;
        byRun.set(ctx.runId, token);
        tokens.set(token, ctx.runId);
        options.onSecret?.(token);
      }
      const tags: Record<string, string> = {
        [LineageTag.pipelineRunId]: ctx.runId,
        [LineageTag.pipeline]: ctx.pipelineName,
        [LineageTag.activity]: ctx.activity.name,
        [LineageTag.activityRunId]: ctx.activityRunId,
        [LineageTag.environment]: environment,
        ...(options.bundleVersion === undefined ? {} : { [LineageTag.bundleVersion]: options.bundleVersion }),
        ...(commit === undefined ? {} : { [LineageTag.gitCommit]: commit }),
      };
      return {
        MLFLOW_TRACKING_URI: url,
        MLFLOW_TRACKING_TOKEN: token,
        MLFLOW_EXPERIMENT_NAME: experimentNameOf(ctx),
        MLFLOW_RUN_CONTEXT: JSON.stringify(tags),
      };
    },
    async close() {
      if (!started) return;
      const s = await started.catch(() => undefined);
      if (!s) return;
      await s.server.close();
      await s.service.close();
    },
  };
}

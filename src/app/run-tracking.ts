import { randomBytes } from 'node:crypto';
import type { ActivityContext } from '../contracts/index.js';
import type { ResolvedConfig } from '../config/index.js';
import { isJsonObject } from '../model/index.js';
import { serveMlflow } from '../ml/index.js';
import type { MlflowRunServer } from '../ml/index.js';
import { git } from './git.js';
import { DEFAULT_ML_ENVIRONMENT, openMlflow } from './ml-wiring.js';
import type { OpenMlflow } from './ml-wiring.js';
import type { OpenArtifactStore } from './artifact-store-wiring.js';

/** Lineage tags Millrace puts on every MLflow run a pipeline's notebook starts. */
export const LineageTag = {
  pipelineRunId: 'millrace.pipelineRunId',
  pipeline: 'millrace.pipeline',
  activity: 'millrace.activity',
  activityRunId: 'millrace.activityRunId',
  environment: 'millrace.environment',
  /** The deployed bundle's version label; `none` for a run of the project's files (no bundle). */
  bundleVersion: 'millrace.bundleVersion',
  /** The deployed bundle's content hash (`sha256:…`). */
  bundleHash: 'millrace.bundleHash',
  /** MLflow's system tags (`mlflow.utils.mlflow_tags`): the commit the code came from, … */
  gitCommit: 'mlflow.source.git.commit',
  gitBranch: 'mlflow.source.git.branch',
  gitRepoUrl: 'mlflow.source.git.repoURL',
  gitDirty: 'mlflow.source.git.dirty',
  /** … and the source: the notebook path or Python file, `NOTEBOOK` or `LOCAL`. */
  sourceName: 'mlflow.source.name',
  sourceType: 'mlflow.source.type',
} as const;

/** `bundleVersion` of a run of the project's own files. */
export const NO_BUNDLE = 'none';

/** The bundle a deployed environment runs (its millrace.json `bundle`). */
export interface RunBundle {
  readonly version: string;
  readonly contentHash: string;
  readonly commit?: string;
  readonly dirty?: boolean;
}

/** Options of `createRunTracking`. */
export interface RunTrackingOptions {
  readonly config: ResolvedConfig;
  /** The environment the pipeline runs in (its registry); default `default`. */
  readonly environment?: string;
  /** The bundle a deployed environment runs; absent for a run of the project's files (git gives the commit). */
  readonly bundle?: RunBundle;
  /** Receives each per-run token, so the run's redactor masks it. */
  readonly onSecret?: (value: string) => void;
  /** Opens the environment's artifact store (default: the project's `.millrace/mlartifacts` folder). */
  readonly openArtifacts?: () => Promise<OpenArtifactStore>;
}

/** MLflow tracking for the notebooks of `millrace run`: an in-process MLflow API and per-activity variables. */
export interface RunTracking {
  /** `MLFLOW_TRACKING_URI`, `MLFLOW_TRACKING_TOKEN`, `MLFLOW_EXPERIMENT_NAME`, `MLFLOW_RUN_CONTEXT` of an activity. */
  activityEnv(ctx: ActivityContext): Promise<Readonly<Record<string, string>>>;
  /** True when an activity of the pipeline run was given tracking variables. */
  usedBy(runId: string): boolean;
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
 * Where the code of a run came from. A deployed bundle: its version, hash, and the commit (and dirty flag)
 * `millrace build` recorded. The project's files: `bundleVersion` `none`, and the project's git commit,
 * branch and `origin` URL when it is in a git repository (what MLflow's `GitRunContext` records for a script).
 */
async function sourceTags(
  projectRoot: string,
  bundle: RunBundle | undefined,
): Promise<Record<string, string>> {
  if (bundle)
    return {
      [LineageTag.bundleVersion]: bundle.version,
      [LineageTag.bundleHash]: bundle.contentHash,
      ...(bundle.commit === undefined ? {} : { [LineageTag.gitCommit]: bundle.commit }),
      ...(bundle.dirty === undefined ? {} : { [LineageTag.gitDirty]: String(bundle.dirty) }),
    };
  const [commit, branch, repoUrl] = await Promise.all([
    git(projectRoot, ['rev-parse', 'HEAD']),
    git(projectRoot, ['rev-parse', '--abbrev-ref', 'HEAD']),
    git(projectRoot, ['remote', 'get-url', 'origin']),
  ]);
  return {
    [LineageTag.bundleVersion]: NO_BUNDLE,
    ...(commit ? { [LineageTag.gitCommit]: commit } : {}),
    ...(branch && branch !== 'HEAD' ? { [LineageTag.gitBranch]: branch } : {}),
    ...(repoUrl ? { [LineageTag.gitRepoUrl]: repoUrl } : {}),
  };
}

/**
 * The source of an activity's MLflow runs: a notebook's workspace path with type `NOTEBOOK` (as Databricks
 * tags a notebook's runs), else the Python file with type `LOCAL`, instead of the path of Millrace's driver
 * script that MLflow's `DefaultRunContext` would record.
 */
function activitySource(ctx: ActivityContext): Record<string, string> {
  const tp = ctx.typeProperties();
  const notebook = isJsonObject(tp) ? tp['notebookPath'] : undefined;
  if (typeof notebook === 'string' && notebook !== '')
    return { [LineageTag.sourceName]: notebook, [LineageTag.sourceType]: 'NOTEBOOK' };
  const file = isJsonObject(tp) ? tp['pythonFile'] : undefined;
  if (typeof file === 'string' && file !== '')
    return { [LineageTag.sourceName]: file, [LineageTag.sourceType]: 'LOCAL' };
  return {};
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
    | Promise<{
        url: string;
        service: OpenMlflow;
        server: MlflowRunServer;
        source: Readonly<Record<string, string>>;
      }>
    | undefined;
  const start = async () => {
    const service = await openMlflow(options.config, environment, await options.openArtifacts?.());
    try {
      // Fastify loads only for runs whose notebooks track.
      const server = await serveMlflow(service, (token) => {
        const runId = tokens.get(token);
        return Promise.resolve(runId === undefined ? undefined : `run:${runId}`);
      });
      return {
        url: server.url,
        service,
        server,
        source: await sourceTags(options.config.root, options.bundle),
      };
    } catch (err) {
      await service.close();
      throw err;
    }
  };
  return {
    async activityEnv(ctx) {
      started ??= start();
      const { url, source } = await started;
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
        ...source,
        ...activitySource(ctx),
      };
      return {
        MLFLOW_TRACKING_URI: url,
        MLFLOW_TRACKING_TOKEN: token,
        MLFLOW_EXPERIMENT_NAME: experimentNameOf(ctx),
        MLFLOW_RUN_CONTEXT: JSON.stringify(tags),
      };
    },
    usedBy: (runId) => byRun.has(runId),
    async close() {
      if (!started) return;
      const s = await started.catch(() => undefined);
      if (!s) return;
      await s.server.close();
      await s.service.close();
    },
  };
}

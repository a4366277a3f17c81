import type { MlMetric, MlRun, MlRunStatus, MlTag } from '../contracts/index.js';
import { MlRunStatus as Statuses } from '../contracts/index.js';
import { requireExperiment, viewTypeOf } from './experiment-endpoints.js';
import type { MlflowContext, MlflowEndpoint } from './mlflow-endpoint.js';
import { invalidParameter, notFound } from './mlflow-error.js';
import type { MlflowInput } from './request-input.js';
import {
  optionalInt,
  optionalString,
  pageToken,
  readPageToken,
  requiredNumber,
  requiredString,
  stringList,
  tagList,
} from './request-input.js';
import { runNameFor } from './run-names.js';
import { parseOrderBy, parseSearchFilter } from './search-filter.js';

/** MLflow's log-batch limits (`mlflow/utils/validation.py`). */
const MAX_BATCH = { metrics: 1000, params: 100, tags: 100, total: 1000 } as const;

/** A run as the REST API shows it (`run_uuid` is the deprecated twin of `run_id`). */
export function runJson(run: MlRun): unknown {
  return {
    info: { ...run.info, run_uuid: run.info.run_id },
    data: run.data,
    inputs: {},
    outputs: run.outputs,
  };
}

/** The run, or RESOURCE_DOES_NOT_EXIST with MLflow's message. */
export async function requireRun(ctx: MlflowContext, runId: string): Promise<MlRun> {
  const run = await ctx.tracking.getRun(runId);
  if (!run) throw notFound(`Run with id=${runId} not found`);
  return run;
}

function runIdOf(input: MlflowInput): string {
  return optionalString(input, 'run_id') || requiredString(input, 'run_uuid');
}

function statusOf(input: MlflowInput): MlRunStatus | undefined {
  const s = optionalString(input, 'status');
  if (s === undefined) return undefined;
  if (!(s in Statuses))
    throw invalidParameter(
      `Invalid value ${s} for parameter 'status' (allowed: ${Object.keys(Statuses).join(', ')})`,
    );
  return s as MlRunStatus;
}

function metricOf(o: MlflowInput, now: number): MlMetric {
  return {
    key: requiredString(o, 'key'),
    value: requiredNumber(o, 'value'),
    timestamp: optionalInt(o, 'timestamp') ?? now,
    step: optionalInt(o, 'step') ?? 0,
  };
}

function objects(input: MlflowInput, field: string): MlflowInput[] {
  const v = input[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalidParameter(`Invalid value for parameter '${field}': expected an array`);
  return v.map((x: unknown) => (typeof x === 'object' && x !== null ? (x as MlflowInput) : {}));
}

async function logBatch(
  ctx: MlflowContext,
  runId: string,
  batch: { metrics: MlMetric[]; params: MlTag[]; tags: MlTag[] },
): Promise<object> {
  await ctx.tracking.logBatch(runId, batch);
  return {};
}

async function createRun(input: MlflowInput, ctx: MlflowContext): Promise<unknown> {
  const experimentId = optionalString(input, 'experiment_id') || '0';
  const experiment = await requireExperiment(ctx, experimentId);
  if (experiment.lifecycle_stage !== 'active')
    throw invalidParameter(
      `The experiment ${experimentId} must be in the 'active' state. Current state is deleted.`,
    );
  const runId = ctx.newId();
  const tags = tagList(input, 'tags');
  const runName =
    optionalString(input, 'run_name') ||
    tags.find((t) => t.key === 'mlflow.runName')?.value ||
    runNameFor(runId);
  const withName = [
    ...tags.filter((t) => t.key !== 'mlflow.runName'),
    { key: 'mlflow.runName', value: runName },
  ];
  await ctx.tracking.createRun(
    {
      run_id: runId,
      run_name: runName,
      experiment_id: experimentId,
      user_id: optionalString(input, 'user_id') ?? '',
      status: 'RUNNING',
      start_time: optionalInt(input, 'start_time') ?? ctx.now(),
      artifact_uri: `${experiment.artifact_location}/${runId}/artifacts`,
      lifecycle_stage: 'active',
    },
    withName,
  );
  return { run: runJson(await requireRun(ctx, runId)) };
}

async function searchRuns(input: MlflowInput, ctx: MlflowContext): Promise<unknown> {
  const max = optionalInt(input, 'max_results') ?? 1000;
  if (max < 1 || max > 50000)
    throw invalidParameter(`Invalid value ${max} for parameter 'max_results' supplied.`);
  const offset = readPageToken(input);
  const { runs, more } = await ctx.tracking.searchRuns({
    experimentIds: stringList(input, 'experiment_ids'),
    clauses: parseSearchFilter(optionalString(input, 'filter')),
    viewType: viewTypeOf(input, 'run_view_type'),
    orderBy: parseOrderBy(stringList(input, 'order_by')),
    maxResults: max,
    offset,
  });
  return { runs: runs.map(runJson), ...(more ? { next_page_token: pageToken(offset + max) } : {}) };
}

const write = (path: string, handle: MlflowEndpoint['handle']): MlflowEndpoint => ({
  method: 'POST',
  path,
  access: 'write',
  handle,
});

/** Runs: create, get, update, delete/restore, logging, tags, search, metric history, outputs. */
export const RUN_ENDPOINTS: readonly MlflowEndpoint[] = [
  write('/runs/create', createRun),
  {
    method: 'GET',
    path: '/runs/get',
    access: 'read',
    handle: async (input, ctx) => ({ run: runJson(await requireRun(ctx, runIdOf(input))) }),
  },
  write('/runs/update', async (input, ctx) => {
    const runId = runIdOf(input);
    await requireRun(ctx, runId);
    const status = statusOf(input);
    const endTime = optionalInt(input, 'end_time');
    const runName = optionalString(input, 'run_name');
    await ctx.tracking.updateRun(runId, {
      ...(status ? { status } : {}),
      ...(endTime === undefined ? {} : { end_time: endTime }),
      ...(runName ? { run_name: runName } : {}),
    });
    return { run_info: (await requireRun(ctx, runId)).info };
  }),
  ...(['delete', 'restore'] as const).map((verb) =>
    write(`/runs/${verb}`, async (input, ctx) => {
      const runId = requiredString(input, 'run_id');
      await requireRun(ctx, runId);
      await ctx.tracking.updateRun(runId, { lifecycle_stage: verb === 'delete' ? 'deleted' : 'active' });
      return {};
    }),
  ),
  write('/runs/log-metric', (input, ctx) =>
    logBatch(ctx, runIdOf(input), { metrics: [metricOf(input, ctx.now())], params: [], tags: [] }),
  ),
  write('/runs/log-parameter', (input, ctx) =>
    logBatch(ctx, runIdOf(input), {
      metrics: [],
      params: [{ key: requiredString(input, 'key'), value: optionalString(input, 'value') ?? '' }],
      tags: [],
    }),
  ),
  write('/runs/set-tag', (input, ctx) =>
    logBatch(ctx, runIdOf(input), {
      metrics: [],
      params: [],
      tags: [{ key: requiredString(input, 'key'), value: optionalString(input, 'value') ?? '' }],
    }),
  ),
  write('/runs/delete-tag', async (input, ctx) => {
    await ctx.tracking.deleteTag(requiredString(input, 'run_id'), requiredString(input, 'key'));
    return {};
  }),
  write('/runs/log-batch', (input, ctx) => {
    const now = ctx.now();
    const metrics = objects(input, 'metrics').map((m) => metricOf(m, now));
    const params = tagList(input, 'params');
    const tags = tagList(input, 'tags');
    const over = (['metrics', 'params', 'tags'] as const).find(
      (k) => ({ metrics, params, tags })[k].length > MAX_BATCH[k],
    );
    if (over !== undefined || metrics.length + params.length + tags.length > MAX_BATCH.total)
      throw invalidParameter(
        `A batch logging request can contain at most ${MAX_BATCH.total} metrics, params, and tags in total (at most ${MAX_BATCH.metrics} metrics, ${MAX_BATCH.params} params, ${MAX_BATCH.tags} tags); got ${metrics.length} metrics, ${params.length} params, ${tags.length} tags.`,
      );
    return logBatch(ctx, requiredString(input, 'run_id'), { metrics, params, tags });
  }),
  { method: 'POST', path: '/runs/search', access: 'read', handle: searchRuns },
  {
    method: 'GET',
    path: '/metrics/get-history',
    access: 'read',
    async handle(input, ctx) {
      const runId = runIdOf(input);
      await requireRun(ctx, runId);
      const all = await ctx.tracking.getMetricHistory(runId, requiredString(input, 'metric_key'));
      const max = optionalInt(input, 'max_results');
      if (max === undefined) return { metrics: all };
      const offset = readPageToken(input);
      return {
        metrics: all.slice(offset, offset + max),
        ...(offset + max < all.length ? { next_page_token: pageToken(offset + max) } : {}),
      };
    },
  },
  // Dataset inputs are accepted and not kept (this server has no dataset tracking yet).
  write('/runs/log-inputs', async (input, ctx) => {
    await requireRun(ctx, requiredString(input, 'run_id'));
    return {};
  }),
  write('/runs/outputs', async (input, ctx) => {
    const runId = requiredString(input, 'run_id');
    await requireRun(ctx, runId);
    const models = objects(input, 'models').map((m) => ({
      model_id: requiredString(m, 'model_id'),
      step: optionalInt(m, 'step') ?? 0,
    }));
    await ctx.tracking.logOutputs(runId, models);
    return {};
  }),
  // MLflow 2's log-model records the model's MLmodel metadata on the run, as the `mlflow.log-model.history` tag.
  write('/runs/log-model', async (input, ctx) => {
    const runId = requiredString(input, 'run_id');
    const run = await requireRun(ctx, runId);
    const history = JSON.parse(
      run.data.tags.find((t) => t.key === 'mlflow.log-model.history')?.value ?? '[]',
    ) as unknown[];
    history.push(JSON.parse(requiredString(input, 'model_json')) as unknown);
    return logBatch(ctx, runId, {
      metrics: [],
      params: [],
      tags: [{ key: 'mlflow.log-model.history', value: JSON.stringify(history) }],
    });
  }),
];

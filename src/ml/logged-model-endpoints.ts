import type { MlLoggedModel, MlTag } from '../contracts/index.js';
import { requireExperiment } from './experiment-endpoints.js';
import { clauseMatches } from '../contracts/index.js';
import type { MlflowContext, MlflowEndpoint } from './mlflow-endpoint.js';
import { invalidParameter, notFound } from './mlflow-error.js';
import type { MlflowInput } from './request-input.js';
import { optionalString, requiredString, stringList, tagList, pageOf } from './request-input.js';
import { parseSearchFilter } from './search-filter.js';

/** `LoggedModelStatus` of service.proto. */
const STATUSES = ['LOGGED_MODEL_PENDING', 'LOGGED_MODEL_READY', 'LOGGED_MODEL_UPLOAD_FAILED'] as const;

/** The logged model, or RESOURCE_DOES_NOT_EXIST. */
export async function requireLoggedModel(ctx: MlflowContext, modelId: string): Promise<MlLoggedModel> {
  const m = await ctx.tracking.getLoggedModel(modelId);
  if (!m) throw notFound(`Logged model with ID '${modelId}' not found.`);
  return m;
}

function merge(list: readonly MlTag[], added: readonly MlTag[]): MlTag[] {
  const by = new Map(list.map((t) => [t.key, t.value]));
  for (const t of added) by.set(t.key, t.value);
  return [...by].map(([key, value]) => ({ key, value }));
}

async function update(
  ctx: MlflowContext,
  modelId: string,
  change: (m: MlLoggedModel) => MlLoggedModel,
): Promise<{ model: MlLoggedModel }> {
  const m = change(await requireLoggedModel(ctx, modelId));
  const next = { ...m, info: { ...m.info, last_updated_timestamp_ms: ctx.now() } };
  await ctx.tracking.putLoggedModel(next);
  return { model: next };
}

function modelValue(m: MlLoggedModel, kind: string, key: string): string | number | undefined {
  if (kind === 'tag') return m.info.tags.find((t) => t.key === key)?.value;
  if (kind === 'param') return m.data.params.find((t) => t.key === key)?.value;
  if (kind === 'metric') return m.data.metrics.find((t) => t.key === key)?.value;
  const v = (m.info as unknown as Record<string, unknown>)[
    key === 'creation_time' ? 'creation_timestamp_ms' : key
  ];
  return typeof v === 'string' || typeof v === 'number' ? v : undefined;
}

async function searchLoggedModels(input: MlflowInput, ctx: MlflowContext): Promise<unknown> {
  const clauses = parseSearchFilter(optionalString(input, 'filter'));
  const all = (await ctx.tracking.listLoggedModels(stringList(input, 'experiment_ids'))).filter(
    (m) =>
      m.info.lifecycle_stage === 'active' &&
      clauses.every((c) => clauseMatches(modelValue(m, c.kind, c.key), c)),
  );
  return pageOf(all, input, 100, 'models');
}

/** MLflow 3 logged models: what `mlflow.<flavor>.log_model` creates, uploads into, then finalizes. */
export const LOGGED_MODEL_ENDPOINTS: readonly MlflowEndpoint[] = [
  {
    method: 'POST',
    path: '/logged-models',
    access: 'write',
    async handle(input, ctx) {
      const experiment = await requireExperiment(ctx, requiredString(input, 'experiment_id'));
      const modelId = `m-${ctx.newId()}`;
      const now = ctx.now();
      const runId = optionalString(input, 'source_run_id');
      const modelType = optionalString(input, 'model_type');
      const model: MlLoggedModel = {
        info: {
          model_id: modelId,
          experiment_id: experiment.experiment_id,
          name: optionalString(input, 'name') || modelId,
          artifact_uri: `${experiment.artifact_location}/models/${modelId}/artifacts`,
          creation_timestamp_ms: now,
          last_updated_timestamp_ms: now,
          status: 'LOGGED_MODEL_PENDING',
          lifecycle_stage: 'active',
          ...(modelType ? { model_type: modelType } : {}),
          ...(runId ? { source_run_id: runId } : {}),
          tags: tagList(input, 'tags'),
        },
        data: { params: tagList(input, 'params'), metrics: [] },
      };
      await ctx.tracking.createLoggedModel(model);
      return { model };
    },
  },
  {
    method: 'GET',
    path: '/logged-models/:model_id',
    access: 'read',
    handle: async (input, ctx) => ({
      model: await requireLoggedModel(ctx, requiredString(input, 'model_id')),
    }),
  },
  {
    method: 'PATCH',
    path: '/logged-models/:model_id',
    access: 'write',
    handle(input, ctx) {
      const status = requiredString(input, 'status');
      if (!(STATUSES as readonly string[]).includes(status))
        throw invalidParameter(
          `Invalid value ${status} for parameter 'status' (allowed: ${STATUSES.join(', ')})`,
        );
      return update(ctx, requiredString(input, 'model_id'), (m) => ({ ...m, info: { ...m.info, status } }));
    },
  },
  {
    method: 'DELETE',
    path: '/logged-models/:model_id',
    access: 'write',
    async handle(input, ctx) {
      await update(ctx, requiredString(input, 'model_id'), (m) => ({
        ...m,
        info: { ...m.info, lifecycle_stage: 'deleted' },
      }));
      return {};
    },
  },
  { method: 'POST', path: '/logged-models/search', access: 'read', handle: searchLoggedModels },
  {
    method: 'PATCH',
    path: '/logged-models/:model_id/tags',
    access: 'write',
    async handle(input, ctx) {
      const tags = tagList(input, 'tags');
      await update(ctx, requiredString(input, 'model_id'), (m) => ({
        ...m,
        info: { ...m.info, tags: merge(m.info.tags, tags) },
      }));
      return {};
    },
  },
  {
    method: 'DELETE',
    path: '/logged-models/:model_id/tags/:tag_key',
    access: 'write',
    async handle(input, ctx) {
      const key = requiredString(input, 'tag_key');
      await update(ctx, requiredString(input, 'model_id'), (m) => ({
        ...m,
        info: { ...m.info, tags: m.info.tags.filter((t) => t.key !== key) },
      }));
      return {};
    },
  },
  {
    method: 'POST',
    path: '/logged-models/:model_id/params',
    access: 'write',
    async handle(input, ctx) {
      const params = tagList(input, 'params');
      await update(ctx, requiredString(input, 'model_id'), (m) => ({
        ...m,
        data: { ...m.data, params: merge(m.data.params, params) },
      }));
      return {};
    },
  },
];

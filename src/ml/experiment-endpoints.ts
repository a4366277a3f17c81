import type { MlExperiment, MlViewType } from '../contracts/index.js';
import { clauseMatches } from '../contracts/index.js';
import type { MlflowContext, MlflowEndpoint } from './mlflow-endpoint.js';
import { invalidParameter, notFound } from './mlflow-error.js';
import type { MlflowInput } from './request-input.js';
import { optionalString, requiredString, stringList, tagList, pageOf } from './request-input.js';
import { parseOrderBy, parseSearchFilter } from './search-filter.js';

/** The default experiment's name and id, as MLflow creates it. */
export const DEFAULT_EXPERIMENT = { name: 'Default', id: '0' } as const;

/** An experiment's default artifact location: served by this server's artifact proxy. */
export function defaultArtifactLocation(experimentId: string): string {
  return `mlflow-artifacts:/${experimentId}`;
}

/** The experiment, or RESOURCE_DOES_NOT_EXIST with MLflow's message. */
export async function requireExperiment(ctx: MlflowContext, experimentId: string): Promise<MlExperiment> {
  const e = await ctx.tracking.getExperiment(experimentId);
  if (!e) throw notFound(`No Experiment with id=${experimentId} exists`);
  return e;
}

/** `run_view_type` / `view_type`: ACTIVE_ONLY (default), DELETED_ONLY, ALL (names or proto numbers 1–3). */
export function viewTypeOf(input: MlflowInput, field: string): MlViewType {
  const v = optionalString(input, field);
  if (v === undefined || v === 'ACTIVE_ONLY' || v === '1') return 'ACTIVE_ONLY';
  if (v === 'DELETED_ONLY' || v === '2') return 'DELETED_ONLY';
  if (v === 'ALL' || v === '3') return 'ALL';
  throw invalidParameter(
    `Invalid value ${v} for parameter '${field}' (allowed: ACTIVE_ONLY, DELETED_ONLY, ALL)`,
  );
}

function experimentValue(e: MlExperiment, kind: string, key: string): string | number | undefined {
  if (kind === 'tag') return e.tags.find((t) => t.key === key)?.value;
  if (key === 'name' || key === 'experiment_id') return e[key];
  if (key === 'creation_time' || key === 'last_update_time') return e[key];
  throw invalidParameter(
    `Invalid attribute key '${key}' for experiments (supported: name, creation_time, last_update_time)`,
  );
}

async function searchExperiments(input: MlflowInput, ctx: MlflowContext): Promise<unknown> {
  const clauses = parseSearchFilter(optionalString(input, 'filter'));
  const order = parseOrderBy(stringList(input, 'order_by'));
  const all = (await ctx.tracking.listExperiments(viewTypeOf(input, 'view_type'))).filter((e) =>
    clauses.every((c) => clauseMatches(experimentValue(e, c.kind, c.key), c)),
  );
  const keys = [...order, { kind: 'attribute', key: 'creation_time', ascending: false }];
  all.sort((a, b) => {
    for (const k of keys) {
      const x = experimentValue(a, k.kind, k.key) ?? '';
      const y = experimentValue(b, k.kind, k.key) ?? '';
      if (x !== y) return (x < y ? -1 : 1) * (k.ascending ? 1 : -1);
    }
    return Number(a.experiment_id) - Number(b.experiment_id);
  });
  return pageOf(all, input, 1000, 'experiments');
}

/** Experiments: create, get, get-by-name, search, update, delete, restore, tags. */
export const EXPERIMENT_ENDPOINTS: readonly MlflowEndpoint[] = [
  {
    method: 'POST',
    path: '/experiments/create',
    access: 'write',
    async handle(input, ctx) {
      const name = requiredString(input, 'name');
      const location = optionalString(input, 'artifact_location');
      const e = await ctx.tracking.createExperiment({
        name,
        tags: tagList(input, 'tags'),
        now: ctx.now(),
        artifactLocation: (id) => (location ? location : defaultArtifactLocation(id)),
      });
      return { experiment_id: e.experiment_id };
    },
  },
  {
    method: 'GET',
    path: '/experiments/get',
    access: 'read',
    handle: async (input, ctx) => ({
      experiment: await requireExperiment(ctx, requiredString(input, 'experiment_id')),
    }),
  },
  {
    method: 'GET',
    path: '/experiments/get-by-name',
    access: 'read',
    async handle(input, ctx) {
      const name = requiredString(input, 'experiment_name');
      const e = await ctx.tracking.getExperimentByName(name);
      if (!e) throw notFound(`Could not find experiment with name '${name}'`);
      return { experiment: e };
    },
  },
  { method: 'POST', path: '/experiments/search', access: 'read', handle: searchExperiments },
  { method: 'GET', path: '/experiments/search', access: 'read', handle: searchExperiments },
  {
    method: 'POST',
    path: '/experiments/update',
    access: 'write',
    async handle(input, ctx) {
      const id = requiredString(input, 'experiment_id');
      await requireExperiment(ctx, id);
      const name = optionalString(input, 'new_name');
      await ctx.tracking.updateExperiment(id, { ...(name ? { name } : {}), last_update_time: ctx.now() });
      return {};
    },
  },
  ...(['delete', 'restore'] as const).map((verb): MlflowEndpoint => ({
    method: 'POST',
    path: `/experiments/${verb}`,
    access: 'write',
    async handle(input, ctx) {
      const id = requiredString(input, 'experiment_id');
      await requireExperiment(ctx, id);
      if (verb === 'delete' && id === DEFAULT_EXPERIMENT.id)
        throw invalidParameter('Cannot delete the default experiment (experiment_id=0).');
      const stage = verb === 'delete' ? 'deleted' : 'active';
      await ctx.tracking.updateExperiment(id, { lifecycle_stage: stage, last_update_time: ctx.now() });
      return {};
    },
  })),
  {
    method: 'POST',
    path: '/experiments/set-experiment-tag',
    access: 'write',
    async handle(input, ctx) {
      const id = requiredString(input, 'experiment_id');
      await requireExperiment(ctx, id);
      const key = requiredString(input, 'key');
      await ctx.tracking.setExperimentTag(id, { key, value: optionalString(input, 'value') ?? '' });
      return {};
    },
  },
  {
    method: 'POST',
    path: '/experiments/delete-experiment-tag',
    access: 'write',
    async handle(input, ctx) {
      const id = requiredString(input, 'experiment_id');
      await requireExperiment(ctx, id);
      await ctx.tracking.deleteExperimentTag(id, requiredString(input, 'key'));
      return {};
    },
  },
];

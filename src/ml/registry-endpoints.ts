import type { MlModelVersion, MlRegisteredModel } from '../contracts/index.js';
import { clauseMatches } from '../contracts/index.js';
import { requireLoggedModel } from './logged-model-endpoints.js';
import type { MlflowContext, MlflowEndpoint } from './mlflow-endpoint.js';
import { notFound } from './mlflow-error.js';
import { optionalString, requiredString, stringList, pageOf } from './request-input.js';
import { requireRun } from './run-endpoints.js';
import { parseSearchFilter } from './search-filter.js';

/** Legacy stages (`model_registry.proto`), canonical spelling; input matches case-insensitively. */
export const STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;

/** A version as the REST API shows it (the storage location stays inside). */
export function versionJson(v: MlModelVersion): unknown {
  const { storage_location: _location, ...rest } = v;
  return rest;
}

/** A registered model with `latest_versions`: the newest version of each stage. */
export async function modelJson(ctx: MlflowContext, m: MlRegisteredModel): Promise<unknown> {
  const versions = await ctx.registry.listModelVersions(ctx.env, m.name);
  const latest = new Map<string, MlModelVersion>();
  for (const v of versions) latest.set(v.current_stage, v);
  return { ...m, latest_versions: [...latest.values()].map(versionJson) };
}

/** The registered model, or RESOURCE_DOES_NOT_EXIST with MLflow's message. */
export async function requireModel(ctx: MlflowContext, name: string): Promise<MlRegisteredModel> {
  const m = await ctx.registry.getRegisteredModel(ctx.env, name);
  if (!m) throw notFound(`Registered Model with name=${name} not found`);
  return m;
}

/** The version, or RESOURCE_DOES_NOT_EXIST with MLflow's message. */
export async function requireVersion(
  ctx: MlflowContext,
  name: string,
  version: string,
): Promise<MlModelVersion> {
  const v = await ctx.registry.getModelVersion(ctx.env, name, version);
  if (!v) throw notFound(`Model Version (name=${name}, version=${version}) not found`);
  return v;
}

/**
 * Where a version's artifacts are, from its source: `models:/<model_id>` → the logged model's artifacts,
 * `runs:/<run_id>/<path>` → the run's artifacts, `models:/<name>/<version>` → that version's; anything else
 * is an artifact URI already.
 */
export async function storageLocationOf(ctx: MlflowContext, source: string): Promise<string> {
  const logged = /^models:\/(m-[0-9a-f]+)\/?$/.exec(source);
  if (logged?.[1]) return (await requireLoggedModel(ctx, logged[1])).info.artifact_uri;
  const run = /^runs:\/([^/]+)\/?(.*)$/.exec(source);
  if (run?.[1]) {
    const r = await requireRun(ctx, run[1]);
    return run[2] ? `${r.info.artifact_uri}/${run[2]}` : r.info.artifact_uri;
  }
  const version = /^models:\/([^/@]+)\/(\d+)$/.exec(source);
  if (version?.[1] && version[2]) return (await requireVersion(ctx, version[1], version[2])).storage_location;
  return source;
}

function valueOf(
  o: { readonly tags: readonly { key: string; value: string }[] },
  kind: string,
  key: string,
): string | number | undefined {
  if (kind === 'tag') return o.tags.find((t) => t.key === key)?.value;
  const k = key === 'source_path' ? 'source' : key;
  const v = (o as unknown as Record<string, unknown>)[k];
  return typeof v === 'string' || typeof v === 'number' ? v : undefined;
}

/** Registered models and versions: reads, then the writes of `registry-write-endpoints.ts`. */
export const REGISTRY_ENDPOINTS: readonly MlflowEndpoint[] = [
  {
    method: 'GET',
    path: '/registered-models/get',
    access: 'read',
    handle: async (input, ctx) => ({
      registered_model: await modelJson(ctx, await requireModel(ctx, requiredString(input, 'name'))),
    }),
  },
  {
    method: 'GET',
    path: '/registered-models/search',
    access: 'read',
    async handle(input, ctx) {
      const clauses = parseSearchFilter(optionalString(input, 'filter'));
      const all = (await ctx.registry.listRegisteredModels(ctx.env)).filter((m) =>
        clauses.every((c) => clauseMatches(valueOf(m, c.kind, c.key), c, true)),
      );
      const desc = stringList(input, 'order_by').some((o) => /\bDESC\b/i.test(o));
      if (desc) all.reverse();
      return pageOf(await Promise.all(all.map((m) => modelJson(ctx, m))), input, 100, 'registered_models');
    },
  },
  ...(['GET', 'POST'] as const).map((method): MlflowEndpoint => ({
    method,
    path: '/registered-models/get-latest-versions',
    access: 'read',
    async handle(input, ctx) {
      const m = await requireModel(ctx, requiredString(input, 'name'));
      const stages = stringList(input, 'stages').map((s) => s.toLowerCase());
      const latest = ((await modelJson(ctx, m)) as { latest_versions: MlModelVersion[] }).latest_versions;
      return {
        model_versions:
          stages.length === 0 ? latest : latest.filter((v) => stages.includes(v.current_stage.toLowerCase())),
      };
    },
  })),
  {
    method: 'GET',
    path: '/model-versions/get',
    access: 'read',
    handle: async (input, ctx) => ({
      model_version: versionJson(
        await requireVersion(ctx, requiredString(input, 'name'), requiredString(input, 'version')),
      ),
    }),
  },
  {
    method: 'GET',
    path: '/model-versions/search',
    access: 'read',
    async handle(input, ctx) {
      const clauses = parseSearchFilter(optionalString(input, 'filter'));
      const byName = clauses.find((c) => c.key === 'name' && c.op === '=' && c.kind === 'attribute');
      const all = (
        await ctx.registry.listModelVersions(ctx.env, byName ? String(byName.value) : undefined)
      ).filter((v) => clauses.every((c) => clauseMatches(valueOf(v, c.kind, c.key), c)));
      all.sort((a, b) =>
        a.name === b.name ? Number(b.version) - Number(a.version) : a.name < b.name ? -1 : 1,
      );
      return pageOf(all.map(versionJson), input, 10000, 'model_versions');
    },
  },
  {
    method: 'GET',
    path: '/model-versions/get-download-uri',
    access: 'read',
    handle: async (input, ctx) => ({
      artifact_uri: (
        await requireVersion(ctx, requiredString(input, 'name'), requiredString(input, 'version'))
      ).storage_location,
    }),
  },
  {
    method: 'GET',
    path: '/registered-models/alias',
    access: 'read',
    async handle(input, ctx) {
      const name = requiredString(input, 'name');
      const alias = requiredString(input, 'alias');
      const m = await requireModel(ctx, name);
      const found = m.aliases.find((a) => a.alias === alias);
      if (!found) throw notFound(`Registered model alias ${alias} not found.`);
      return { model_version: versionJson(await requireVersion(ctx, name, found.version)) };
    },
  },
];

import type { MlflowContext, MlflowEndpoint } from './mlflow-endpoint.js';
import { invalidParameter } from './mlflow-error.js';
import type { MlflowInput } from './request-input.js';
import { optionalString, requiredString, tagList } from './request-input.js';
import {
  STAGES,
  modelJson,
  requireModel,
  requireVersion,
  storageLocationOf,
  versionJson,
} from './registry-endpoints.js';

const post = (path: string, handle: MlflowEndpoint['handle']): MlflowEndpoint => ({
  method: 'POST',
  path,
  access: 'write',
  handle,
});
const patch = (path: string, handle: MlflowEndpoint['handle']): MlflowEndpoint => ({
  method: 'PATCH',
  path,
  access: 'write',
  handle,
});
const del = (path: string, handle: MlflowEndpoint['handle']): MlflowEndpoint => ({
  method: 'DELETE',
  path,
  access: 'write',
  handle,
});

/** MLflow's alias rule (`_validate_model_alias_name`): not `latest`, not `v<number>`, at most 255 characters. */
export function checkAliasName(alias: string): void {
  if (alias.toLowerCase() === 'latest' || /^v\d+$/i.test(alias) || alias.length > 255 || alias === '')
    throw invalidParameter(
      `Invalid alias name '${alias}': 'latest' and 'v<number>' are reserved, and an alias has 1 to 255 characters.`,
    );
}

function stageOf(input: MlflowInput): (typeof STAGES)[number] {
  const s = requiredString(input, 'stage');
  const found = STAGES.find((x) => x.toLowerCase() === s.toLowerCase());
  if (!found)
    throw invalidParameter(`Invalid Model Version stage: ${s}. Value must be one of ${STAGES.join(', ')}.`);
  return found;
}

/** Links a logged model to the registry versions made from it (MLflow 3's `mlflow.modelVersions` tag). */
async function tagLoggedModel(
  ctx: MlflowContext,
  modelId: string,
  name: string,
  version: string,
): Promise<void> {
  const m = await ctx.tracking.getLoggedModel(modelId);
  if (!m) return;
  const list = JSON.parse(
    m.info.tags.find((t) => t.key === 'mlflow.modelVersions')?.value ?? '[]',
  ) as unknown[];
  list.push({ name, version });
  const tags = [
    ...m.info.tags.filter((t) => t.key !== 'mlflow.modelVersions'),
    { key: 'mlflow.modelVersions', value: JSON.stringify(list) },
  ];
  await ctx.tracking.putLoggedModel({ ...m, info: { ...m.info, tags } });
}

/** Registered models and versions: create, rename, update, delete, tags, stages, aliases. */
export const REGISTRY_WRITE_ENDPOINTS: readonly MlflowEndpoint[] = [
  post('/registered-models/create', async (input, ctx) => {
    const m = await ctx.registry.createRegisteredModel(ctx.env, {
      name: requiredString(input, 'name'),
      description: optionalString(input, 'description') ?? '',
      tags: tagList(input, 'tags'),
      now: ctx.now(),
    });
    return { registered_model: await modelJson(ctx, m) };
  }),
  post('/registered-models/rename', async (input, ctx) => {
    const name = requiredString(input, 'name');
    const newName = requiredString(input, 'new_name');
    await ctx.registry.updateRegisteredModel(ctx.env, name, { newName, now: ctx.now() });
    return { registered_model: await modelJson(ctx, await requireModel(ctx, newName)) };
  }),
  patch('/registered-models/update', async (input, ctx) => {
    const name = requiredString(input, 'name');
    await ctx.registry.updateRegisteredModel(ctx.env, name, {
      description: optionalString(input, 'description') ?? '',
      now: ctx.now(),
    });
    return { registered_model: await modelJson(ctx, await requireModel(ctx, name)) };
  }),
  del('/registered-models/delete', async (input, ctx) => {
    await ctx.registry.deleteRegisteredModel(ctx.env, requiredString(input, 'name'));
    return {};
  }),
  post('/registered-models/set-tag', async (input, ctx) => {
    const tag = { key: requiredString(input, 'key'), value: optionalString(input, 'value') ?? '' };
    await ctx.registry.setRegisteredModelTag(ctx.env, requiredString(input, 'name'), tag);
    return {};
  }),
  del('/registered-models/delete-tag', async (input, ctx) => {
    await ctx.registry.deleteRegisteredModelTag(
      ctx.env,
      requiredString(input, 'name'),
      requiredString(input, 'key'),
    );
    return {};
  }),
  post('/model-versions/create', async (input, ctx) => {
    const name = requiredString(input, 'name');
    await requireModel(ctx, name);
    const source = requiredString(input, 'source');
    const loggedId = /^models:\/(m-[0-9a-f]+)\/?$/.exec(source)?.[1];
    const modelId = optionalString(input, 'model_id') || loggedId;
    const runId =
      optionalString(input, 'run_id') ??
      (loggedId ? (await ctx.tracking.getLoggedModel(loggedId))?.info.source_run_id : undefined);
    const v = await ctx.registry.createModelVersion(ctx.env, {
      name,
      source,
      storage_location: await storageLocationOf(ctx, source),
      run_id: runId ?? '',
      description: optionalString(input, 'description') ?? '',
      ...(modelId ? { model_id: modelId } : {}),
      tags: tagList(input, 'tags'),
      now: ctx.now(),
    });
    if (modelId) await tagLoggedModel(ctx, modelId, name, v.version);
    return { model_version: versionJson(v) };
  }),
  patch('/model-versions/update', async (input, ctx) => {
    const name = requiredString(input, 'name');
    const version = requiredString(input, 'version');
    await ctx.registry.updateModelVersion(ctx.env, name, version, {
      description: optionalString(input, 'description') ?? '',
      now: ctx.now(),
    });
    return { model_version: versionJson(await requireVersion(ctx, name, version)) };
  }),
  post('/model-versions/transition-stage', async (input, ctx) => {
    const name = requiredString(input, 'name');
    const version = requiredString(input, 'version');
    await requireVersion(ctx, name, version);
    const stage = stageOf(input);
    const now = ctx.now();
    const archive =
      input['archive_existing_versions'] === true || input['archive_existing_versions'] === 'true';
    if (archive && (stage === 'Staging' || stage === 'Production'))
      for (const other of await ctx.registry.listModelVersions(ctx.env, name))
        if (other.version !== version && other.current_stage === stage)
          await ctx.registry.updateModelVersion(ctx.env, name, other.version, {
            current_stage: 'Archived',
            now,
          });
    await ctx.registry.updateModelVersion(ctx.env, name, version, { current_stage: stage, now });
    return { model_version: versionJson(await requireVersion(ctx, name, version)) };
  }),
  del('/model-versions/delete', async (input, ctx) => {
    await ctx.registry.deleteModelVersion(
      ctx.env,
      requiredString(input, 'name'),
      requiredString(input, 'version'),
    );
    return {};
  }),
  post('/model-versions/set-tag', async (input, ctx) => {
    const tag = { key: requiredString(input, 'key'), value: optionalString(input, 'value') ?? '' };
    await ctx.registry.setModelVersionTag(
      ctx.env,
      requiredString(input, 'name'),
      requiredString(input, 'version'),
      tag,
    );
    return {};
  }),
  del('/model-versions/delete-tag', async (input, ctx) => {
    await ctx.registry.deleteModelVersionTag(
      ctx.env,
      requiredString(input, 'name'),
      requiredString(input, 'version'),
      requiredString(input, 'key'),
    );
    return {};
  }),
  post('/registered-models/alias', async (input, ctx) => {
    const alias = requiredString(input, 'alias');
    checkAliasName(alias);
    const name = requiredString(input, 'name');
    await ctx.registry.setAlias(ctx.env, name, alias, requiredString(input, 'version'), {
      now: ctx.now(),
      actor: ctx.actor,
    });
    return {};
  }),
  del('/registered-models/alias', async (input, ctx) => {
    await ctx.registry.deleteAlias(ctx.env, requiredString(input, 'name'), requiredString(input, 'alias'), {
      now: ctx.now(),
      actor: ctx.actor,
    });
    return {};
  }),
];

import type { MlAliasEvent, MlPromotion, ModelRegistryStore, TrackingStore } from '../contracts/index.js';
import { MillraceError } from '../errors/index.js';
import { proxiedArtifactPath } from './artifact-folder.js';
import type { ArtifactStore } from './artifact-store.js';
import { copyArtifacts } from './artifact-store.js';

/** What promotions work with. */
export interface PromotionContext {
  readonly tracking: TrackingStore;
  readonly registry: ModelRegistryStore;
  /** The artifact store of an environment (each may keep its artifacts elsewhere, e.g. its own container). */
  readonly artifactsOf: (env: string) => Promise<ArtifactStore>;
  readonly now: () => number;
  readonly newId: () => string;
}

/** A promotion request. */
export interface PromoteRequest {
  readonly name: string;
  readonly version: string;
  readonly sourceEnv: string;
  readonly targetEnv: string;
  /** The alias moved in the target registry; default `champion`. */
  readonly alias?: string;
  readonly actor: string;
  /** A protected target needs another identity's approval first (as deploys do). */
  readonly protectedTarget: boolean;
}

/** One move of an alias with who and why, as `models history` shows it. */
export interface AliasHistoryEntry extends MlAliasEvent {
  readonly promotion?: MlPromotion;
}

/** Lineage tag of the pipeline run that trained a version (set by `millrace run`). */
const PIPELINE_RUN_TAG = 'millrace.pipelineRunId';

function fail(code: string, message: string, hint?: string): MillraceError {
  return new MillraceError({ code, message, ...(hint ? { hint } : {}) });
}

/**
 * Asks to promote a version into another environment's registry. An unprotected target gets it at once;
 * a protected one records a pending request that `approvePromotion` applies.
 */
export async function requestPromotion(ctx: PromotionContext, req: PromoteRequest): Promise<MlPromotion> {
  const source = await ctx.registry.getModelVersion(req.sourceEnv, req.name, req.version);
  if (!source)
    throw fail(
      'ml/unknown-model-version',
      `model ${req.name} has no version ${req.version} in environment ${req.sourceEnv}`,
    );
  if (req.sourceEnv === req.targetEnv)
    throw fail('ml/same-environment', `cannot promote ${req.name} from ${req.sourceEnv} into itself`);
  const run = source.run_id ? await ctx.tracking.getRun(source.run_id) : undefined;
  const pipelineRunId = run?.data.tags.find((t) => t.key === PIPELINE_RUN_TAG)?.value;
  const promotion: MlPromotion = {
    id: ctx.newId(),
    name: req.name,
    sourceEnv: req.sourceEnv,
    sourceVersion: req.version,
    targetEnv: req.targetEnv,
    alias: req.alias ?? 'champion',
    requestedBy: req.actor,
    requestedAt: ctx.now(),
    status: 'pending',
    ...(pipelineRunId === undefined ? {} : { pipelineRunId }),
  };
  await ctx.registry.putPromotion(promotion);
  return req.protectedTarget ? promotion : applyPromotion(ctx, promotion, undefined);
}

/** Approves a pending promotion by another identity than its requester, and applies it. */
export async function approvePromotion(
  ctx: PromotionContext,
  targetEnv: string,
  id: string,
  actor: string,
): Promise<MlPromotion> {
  const pending = (await ctx.registry.listPromotions(targetEnv)).find((p) => p.id === id);
  if (!pending || pending.status !== 'pending')
    throw fail(
      'ml/unknown-promotion',
      `no pending promotion ${id} into ${targetEnv}`,
      `list them: millrace models history <name> --env ${targetEnv}`,
    );
  if (pending.requestedBy === actor)
    throw fail(
      'ml/self-approval',
      `${actor} requested promotion ${id}; another identity must approve it (as for deploys)`,
    );
  return applyPromotion(ctx, pending, actor);
}

/**
 * Copies the version's artifacts into the target's area of the artifact store, registers them as a new
 * version of the target registry (metadata, tags and lineage carried over), and moves the alias.
 */
async function applyPromotion(
  ctx: PromotionContext,
  p: MlPromotion,
  approvedBy: string | undefined,
): Promise<MlPromotion> {
  const source = await ctx.registry.getModelVersion(p.sourceEnv, p.name, p.sourceVersion);
  if (!source)
    throw fail(
      'ml/unknown-model-version',
      `model ${p.name} has no version ${p.sourceVersion} in ${p.sourceEnv}`,
    );
  const from = proxiedArtifactPath(source.storage_location);
  if (from === undefined)
    throw fail(
      'ml/unsupported-artifact-location',
      `version ${p.sourceVersion} of ${p.name} is stored at ${source.storage_location}, outside Millrace's artifact store`,
    );
  const to = `registry/${p.targetEnv}/${p.name}/${p.id}`;
  await copyArtifacts(await ctx.artifactsOf(p.sourceEnv), from, await ctx.artifactsOf(p.targetEnv), to);
  const now = ctx.now();
  if (!(await ctx.registry.getRegisteredModel(p.targetEnv, p.name))) {
    const model = await ctx.registry.getRegisteredModel(p.sourceEnv, p.name);
    await ctx.registry.createRegisteredModel(p.targetEnv, {
      name: p.name,
      description: model?.description ?? '',
      tags: model?.tags ?? [],
      now,
    });
  }
  const lineage = [
    { key: 'millrace.promotedFrom', value: `${p.sourceEnv}/${p.name}/${p.sourceVersion}` },
    { key: 'millrace.promotionId', value: p.id },
    ...(approvedBy === undefined ? [] : [{ key: 'millrace.approvedBy', value: approvedBy }]),
    ...(p.pipelineRunId === undefined ? [] : [{ key: PIPELINE_RUN_TAG, value: p.pipelineRunId }]),
  ];
  const created = await ctx.registry.createModelVersion(p.targetEnv, {
    name: p.name,
    source: source.source,
    storage_location: `mlflow-artifacts:/${to}`,
    run_id: source.run_id,
    description: source.description,
    ...(source.model_id === undefined ? {} : { model_id: source.model_id }),
    tags: [...source.tags.filter((t) => !lineage.some((l) => l.key === t.key)), ...lineage],
    now,
  });
  const applied: MlPromotion = {
    ...p,
    status: 'applied',
    appliedAt: now,
    targetVersion: created.version,
    ...(approvedBy === undefined ? {} : { approvedBy }),
  };
  await ctx.registry.putPromotion(applied);
  await ctx.registry.setAlias(p.targetEnv, p.name, p.alias, created.version, {
    now,
    actor: approvedBy ?? p.requestedBy,
    detail: JSON.stringify({ promotion: p.id }),
  });
  return applied;
}

/** Every move of the model's aliases in an environment, each with the promotion that caused it. */
export async function aliasHistory(
  ctx: PromotionContext,
  env: string,
  name: string,
): Promise<AliasHistoryEntry[]> {
  const promotions = new Map((await ctx.registry.listPromotions(env, name)).map((p) => [p.id, p]));
  return (await ctx.registry.aliasHistory(env, name)).map((e) => {
    const id = e.detail ? (JSON.parse(e.detail) as { promotion?: string }).promotion : undefined;
    const promotion = id === undefined ? undefined : promotions.get(id);
    return promotion ? { ...e, promotion } : e;
  });
}

/** Moves an alias back to the version it pointed to before its current one. */
export async function rollbackAlias(
  ctx: PromotionContext,
  env: string,
  name: string,
  alias: string,
  actor: string,
): Promise<{ readonly from: string; readonly to: string }> {
  const moves = (await ctx.registry.aliasHistory(env, name)).filter((e) => e.alias === alias);
  const current = moves[moves.length - 1]?.version;
  const previous = [...moves]
    .reverse()
    .find((e) => e.version !== undefined && e.version !== current)?.version;
  if (current === undefined || previous === undefined)
    throw fail(
      'ml/nothing-to-roll-back',
      `alias ${alias} of ${name} in ${env} has no earlier version to go back to`,
    );
  await ctx.registry.setAlias(env, name, alias, previous, {
    now: ctx.now(),
    actor,
    detail: JSON.stringify({ rollbackFrom: current }),
  });
  return { from: current, to: previous };
}

import { randomUUID } from 'node:crypto';
import type { ActorClaim, ProjectOptions } from '../config/index.js';
import { configOf, provenActor, resolveEnvironment } from '../config/index.js';
import type {
  MlExperiment,
  MlModelVersion,
  MlPromotion,
  MlRegisteredModel,
  MlRun,
  MlLoggedModel,
} from '../contracts/index.js';
import { ConfigError } from '../errors/index.js';
import type { AliasHistoryEntry, PromotionContext } from '../ml/index.js';
import {
  aliasHistory,
  approvePromotion,
  parseOrderBy,
  parseSearchFilter,
  requestPromotion,
  rollbackAlias,
} from '../ml/index.js';
import { DEFAULT_ML_ENVIRONMENT, openMlflow } from './ml-wiring.js';
import { openArtifactStore } from './artifact-store-wiring.js';
import type { OpenArtifactStore } from './artifact-store-wiring.js';

/** Options of `openModels`. */
export type OpenModelsOptions = ProjectOptions;

/** ML runs of a search. */
export interface MlRunQuery {
  /** Experiment names or ids; default every active experiment. */
  readonly experiments?: readonly string[];
  /** MLflow filter syntax (`metrics.rmse < 1 and params.alpha = '0.5'`). */
  readonly filter?: string;
  readonly orderBy?: readonly string[];
  readonly maxResults?: number;
}

/** Experiments, ML runs, registries and promotions of a project (`millrace experiments|ml-runs|models`). */
export interface ModelsAdmin {
  listExperiments(): Promise<readonly MlExperiment[]>;
  searchMlRuns(query?: MlRunQuery): Promise<readonly MlRun[]>;
  /** Throws `ml/unknown-run`. */
  getMlRun(runId: string): Promise<MlRun>;
  /**
   * The ML runs, logged models and registered model versions a pipeline run's activities produced (its
   * lineage tag); versions come from the registry of the environment each ML run was tagged with.
   */
  producedBy(pipelineRunId: string): Promise<{
    readonly runs: readonly MlRun[];
    readonly models: readonly MlLoggedModel[];
    readonly versions: readonly MlModelVersion[];
  }>;
  listModels(env?: string): Promise<readonly MlRegisteredModel[]>;
  /** Throws `ml/unknown-model`. */
  getModel(name: string, env?: string): Promise<MlRegisteredModel>;
  versions(name: string, env?: string): Promise<readonly MlModelVersion[]>;
  /** Promotes (protected target: asks for approval). The actor: `actor`, `MILLRACE_ACTOR`, else the OS user. */
  promote(
    o: ActorClaim & {
      name: string;
      version: string;
      to: string;
      from?: string;
      alias?: string;
    },
  ): Promise<MlPromotion>;
  /** On a protected environment the approver is proven (signing key or verified token), as for deploys. */
  approve(o: ActorClaim & { env: string; id: string }): Promise<MlPromotion>;
  /** Every promotion into a registry (pending and applied), of any model, oldest first. */
  promotions(env?: string): Promise<readonly MlPromotion[]>;
  history(
    name: string,
    env?: string,
  ): Promise<{ readonly aliases: readonly AliasHistoryEntry[]; readonly promotions: readonly MlPromotion[] }>;
  /** Moves an alias (default `champion`) back to its version before; `env` absent: the default registry. */
  rollback(
    o: ActorClaim & { name: string; env?: string; alias?: string },
  ): Promise<{ readonly from: string; readonly to: string }>;
  close(): Promise<void>;
}

function unknown(code: string, message: string): ConfigError {
  return new ConfigError({ code, message });
}

/**
 * Opens the project's ML tracking and registries (`.millrace/state.db`, `.millrace/mlartifacts`; an
 * environment with `ml.artifactStore` keeps the artifacts of its promoted versions there). Promotions
 * follow deploy rules: a protected environment (millrace.json `protected`) needs another identity's approval.
 */
export async function openModels(options: OpenModelsOptions = {}): Promise<ModelsAdmin> {
  const config = await configOf(options);
  const { project } = config;
  const ml = await openMlflow(config);
  const stores = new Map<string, Promise<OpenArtifactStore>>();
  const ctx: PromotionContext = {
    tracking: ml.tracking,
    registry: ml.registry,
    // Each environment's artifact store (its `ml.artifactStore`), opened on first use.
    artifactsOf: (e) => {
      if (e === DEFAULT_ML_ENVIRONMENT) return Promise.resolve(ml.artifacts);
      let found = stores.get(e);
      if (!found) {
        found = resolveEnvironment(project, e).then((resolved) => openArtifactStore(project, resolved));
        stores.set(e, found);
      }
      return found.then((s) => s.store);
    },
    now: () => Date.now(),
    newId: () => randomUUID().slice(0, 8),
  };
  const env = (e: string | undefined) => e ?? DEFAULT_ML_ENVIRONMENT;
  // Who acts on an environment's registry: proven on a protected one (docs/deploy.md), as for deploys.
  const actorOn = async (e: string, claim: ActorClaim, action: string, subject: string): Promise<string> => {
    const declared = e === DEFAULT_ML_ENVIRONMENT ? undefined : await resolveEnvironment(project, e);
    const target = declared ?? { name: e, protected: false, approvers: {} };
    return (await provenActor(claim, target, action, subject)).actor;
  };
  const experimentIds = async (names: readonly string[] | undefined) => {
    const all = await ml.tracking.listExperiments('ACTIVE_ONLY');
    if (!names || names.length === 0) return all.map((e) => e.experiment_id);
    return names.map((n) => {
      const e = all.find((x) => x.name === n || x.experiment_id === n);
      if (!e)
        throw unknown(
          'ml/unknown-experiment',
          `no experiment ${n} (known: ${all.map((x) => x.name).join(', ')})`,
        );
      return e.experiment_id;
    });
  };
  const search = async (q: MlRunQuery) =>
    (
      await ml.tracking.searchRuns({
        experimentIds: await experimentIds(q.experiments),
        clauses: parseSearchFilter(q.filter),
        viewType: 'ACTIVE_ONLY',
        orderBy: parseOrderBy(q.orderBy ?? []),
        maxResults: q.maxResults ?? 1000,
        offset: 0,
      })
    ).runs;
  const getModel = async (name: string, e?: string) => {
    const m = await ml.registry.getRegisteredModel(env(e), name);
    if (!m) throw unknown('ml/unknown-model', `no registered model ${name} in environment ${env(e)}`);
    return m;
  };
  return {
    listExperiments: () => ml.tracking.listExperiments('ACTIVE_ONLY'),
    searchMlRuns: (q = {}) => search(q),
    async getMlRun(runId) {
      const run = await ml.tracking.getRun(runId);
      if (!run) throw unknown('ml/unknown-run', `no ML run ${runId}`);
      return run;
    },
    async producedBy(pipelineRunId) {
      const runs = await search({
        filter: `tags.\`millrace.pipelineRunId\` = '${pipelineRunId.replace(/'/g, '')}'`,
      });
      const ids = new Set(runs.flatMap((r) => r.outputs.model_outputs.map((o) => o.model_id)));
      const models = (await ml.tracking.listLoggedModels(await experimentIds(undefined))).filter((m) =>
        ids.has(m.info.model_id),
      );
      const runIds = new Set(runs.map((r) => r.info.run_id));
      const envs = new Set(
        runs.map((r) => r.data.tags.find((t) => t.key === 'millrace.environment')?.value ?? env(undefined)),
      );
      const versions: MlModelVersion[] = [];
      for (const e of envs)
        for (const v of await ml.registry.listModelVersions(e)) if (runIds.has(v.run_id)) versions.push(v);
      return { runs, models, versions };
    },
    listModels: (e) => ml.registry.listRegisteredModels(env(e)),
    getModel,
    async versions(name, e) {
      await getModel(name, e);
      return ml.registry.listModelVersions(env(e), name);
    },
    async promote(o) {
      const target = await resolveEnvironment(project, o.to);
      return requestPromotion(ctx, {
        name: o.name,
        version: o.version,
        sourceEnv: env(o.from),
        targetEnv: target.name,
        ...(o.alias === undefined ? {} : { alias: o.alias }),
        actor: (await provenActor(o, target, 'promote', `${o.name}/${o.version}`)).actor,
        protectedTarget: target.protected,
      });
    },
    approve: async (o) => approvePromotion(ctx, o.env, o.id, await actorOn(o.env, o, 'approve', o.id)),
    promotions: (e) => ml.registry.listPromotions(env(e)),
    async history(name, e) {
      await getModel(name, e);
      return {
        aliases: await aliasHistory(ctx, env(e), name),
        promotions: await ml.registry.listPromotions(env(e), name),
      };
    },
    rollback: async (o) =>
      rollbackAlias(
        ctx,
        env(o.env),
        o.name,
        o.alias ?? 'champion',
        await actorOn(env(o.env), o, 'roll back', `${o.name}@${o.alias ?? 'champion'}`),
      ),
    async close() {
      for (const s of stores.values()) await s.then((o) => o.close()).catch(() => undefined);
      await ml.close();
    },
  };
}

/**
 * The model registry: registered models, their versions, tags and aliases, one registry per environment
 * (as each Databricks workspace has its own). Fields keep MLflow's REST spelling (`model_registry.proto`).
 * Times are epoch milliseconds.
 */
import type { MlTag } from './tracking-store.js';

/** A registered model (`latest_versions` is computed by the API layer). */
export interface MlRegisteredModel {
  readonly name: string;
  readonly creation_timestamp: number;
  readonly last_updated_timestamp: number;
  readonly description: string;
  readonly tags: readonly MlTag[];
  readonly aliases: readonly { readonly alias: string; readonly version: string }[];
}

/** A model version. `version` is the decimal number as a string, as MLflow sends it. */
export interface MlModelVersion {
  readonly name: string;
  readonly version: string;
  readonly creation_timestamp: number;
  readonly last_updated_timestamp: number;
  /** Legacy stage: `None`, `Staging`, `Production`, `Archived`. */
  readonly current_stage: string;
  readonly description: string;
  readonly source: string;
  /** Where the artifacts are (the download URI): the source resolved to an artifact URI. Not on the wire. */
  readonly storage_location: string;
  readonly run_id: string;
  readonly status: string;
  readonly model_id?: string;
  readonly tags: readonly MlTag[];
  readonly aliases: readonly string[];
}

/** One move of an alias: it pointed to `version` (absent: removed) from `at` on. */
export interface MlAliasEvent {
  readonly alias: string;
  readonly version?: string;
  readonly at: number;
  readonly actor: string;
  /** Free facts: approval, source environment and version, pipeline run. */
  readonly detail?: string;
}

/** Who moved an alias and why (kept in the alias history). */
export interface MlAliasChange {
  readonly now: number;
  readonly actor: string;
  readonly detail?: string;
}

/** A promotion of a model version into another environment's registry (pending until approved when protected). */
export interface MlPromotion {
  readonly id: string;
  readonly name: string;
  readonly sourceEnv: string;
  readonly sourceVersion: string;
  readonly targetEnv: string;
  readonly alias: string;
  readonly requestedBy: string;
  readonly requestedAt: number;
  readonly status: 'pending' | 'applied';
  readonly approvedBy?: string;
  readonly appliedAt?: number;
  /** The version created in the target registry. */
  readonly targetVersion?: string;
  /** The pipeline run that trained the source version (its lineage tag), when known. */
  readonly pipelineRunId?: string;
}

/**
 * Durable registry, keyed by environment name. Missing models or versions: lookups return `undefined`,
 * writes throw `mlflow/resource-does-not-exist`; a taken name throws `mlflow/resource-already-exists`.
 */
export interface ModelRegistryStore {
  createRegisteredModel(
    env: string,
    input: {
      readonly name: string;
      readonly description: string;
      readonly tags: readonly MlTag[];
      readonly now: number;
    },
  ): Promise<MlRegisteredModel>;
  getRegisteredModel(env: string, name: string): Promise<MlRegisteredModel | undefined>;
  listRegisteredModels(env: string): Promise<readonly MlRegisteredModel[]>;
  updateRegisteredModel(
    env: string,
    name: string,
    patch: { readonly description?: string; readonly newName?: string; readonly now: number },
  ): Promise<void>;
  deleteRegisteredModel(env: string, name: string): Promise<void>;
  setRegisteredModelTag(env: string, name: string, tag: MlTag): Promise<void>;
  deleteRegisteredModelTag(env: string, name: string, key: string): Promise<void>;

  /** Adds the next version number of the model. */
  createModelVersion(
    env: string,
    input: {
      readonly name: string;
      readonly source: string;
      readonly storage_location: string;
      readonly run_id: string;
      readonly description: string;
      readonly model_id?: string;
      readonly tags: readonly MlTag[];
      readonly now: number;
    },
  ): Promise<MlModelVersion>;
  getModelVersion(env: string, name: string, version: string): Promise<MlModelVersion | undefined>;
  /** Versions of one model (or of all, `name` absent), by name then version number. */
  listModelVersions(env: string, name?: string): Promise<readonly MlModelVersion[]>;
  updateModelVersion(
    env: string,
    name: string,
    version: string,
    patch: { readonly description?: string; readonly current_stage?: string; readonly now: number },
  ): Promise<void>;
  deleteModelVersion(env: string, name: string, version: string): Promise<void>;
  setModelVersionTag(env: string, name: string, version: string, tag: MlTag): Promise<void>;
  deleteModelVersionTag(env: string, name: string, version: string, key: string): Promise<void>;

  /** Points an alias at a version (recorded in the alias history). */
  setAlias(env: string, name: string, alias: string, version: string, change: MlAliasChange): Promise<void>;
  /** Removes an alias (recorded in the alias history); false when it was not set. */
  deleteAlias(env: string, name: string, alias: string, change: MlAliasChange): Promise<boolean>;
  /** Every move of the model's aliases, oldest first. */
  aliasHistory(env: string, name: string): Promise<readonly MlAliasEvent[]>;
  /** Inserts or replaces a promotion record. */
  putPromotion(promotion: MlPromotion): Promise<void>;
  /** Promotions into `targetEnv` (of one model, or all), oldest first. */
  listPromotions(targetEnv: string, name?: string): Promise<readonly MlPromotion[]>;
  close(): Promise<void>;
}

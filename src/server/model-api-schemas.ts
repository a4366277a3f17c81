import { z } from 'zod';

/**
 * Schemas of the model registry and serving routes (`/api/models/…`), beside api-schemas.ts (runs, triggers,
 * deployments, access): one zod schema per request and response, from which the JSON Schema and the types derive.
 */

/** `:name` of a registered model. */
export const modelNameParams = z.strictObject({ name: z.string().min(1).max(256) });
/** `?env=` of the model routes: the registry environment. */
export const registryQuery = z.strictObject({
  env: z.string().min(1).describe('registry environment (default: the default registry)').optional(),
});
/** `POST /api/models/:name/promote` body. */
export const promoteBody = z.strictObject({
  version: z.string().min(1),
  to: z.string().min(1),
  from: z.string().optional(),
  alias: z.string().optional(),
});
/** `POST /api/models/:name/rollback` body: the alias to move back (`?env=` names the registry). */
export const rollbackBody = z.strictObject({
  alias: z.string().min(1).max(256).default('champion'),
});
/** `POST /api/models/:name/rollback`: the alias's version before and after the rollback. */
export const rollbackResult = z.object({
  name: z.string(),
  alias: z.string(),
  from: z.string().describe('the version the alias pointed to'),
  to: z.string().describe('the version it points to now: the one it pointed to before'),
});
/** One version that started serving (`GET /api/models/serving`; `.millrace/serving/<env>.json`, docs/serving.md). */
const servingRecord = {
  env: z.string(),
  model: z.string(),
  alias: z.string(),
  version: z.string(),
  since: z.number(),
  previous: z.string().optional(),
  workers: z.number(),
  pid: z.number(),
  url: z.string().optional(),
};
/** `GET /api/models/serving`: what serves which version since when (`millrace models serving --json`). */
export const servingState = z.object({
  env: z.string(),
  endpoints: z.array(z.object({ ...servingRecord, running: z.boolean() })),
  history: z.array(z.object(servingRecord)),
});
/** `POST /api/models/promotions/:id/approve`. */
export const promotionIdParams = z.object({ id: z.string().min(1) });
export const promotionApproveQuery = z.strictObject({ env: z.string().min(1) });

/** A tag of a registered model or version (MLflow's `{key, value}`). */
const mlTag = z.object({ key: z.string(), value: z.string() });
/**
 * `env` of a registry record: the registry environment it belongs to. The SQLite and PostgreSQL registries
 * return it (their rows carry it; the `MlRegisteredModel`/`MlModelVersion` contracts do not promise it), and the
 * routes have always passed it on.
 */
const recordEnv = z.string().optional();
/** `GET /api/models` item: a registered model (MLflow's field names; times in epoch milliseconds). */
export const registeredModel = z.object({
  env: recordEnv,
  name: z.string(),
  creation_timestamp: z.number(),
  last_updated_timestamp: z.number(),
  description: z.string(),
  tags: z.array(mlTag),
  aliases: z.array(z.object({ alias: z.string(), version: z.string() })),
});
/** `GET /api/models/:name/versions` item: a model version (`version` is the decimal number as text). */
export const modelVersion = z.object({
  env: recordEnv,
  name: z.string(),
  version: z.string(),
  creation_timestamp: z.number(),
  last_updated_timestamp: z.number(),
  current_stage: z.string(),
  description: z.string(),
  source: z.string(),
  storage_location: z.string(),
  run_id: z.string(),
  status: z.string(),
  model_id: z.string().optional(),
  tags: z.array(mlTag),
  aliases: z.array(z.string()),
});
/** A promotion of a version into another environment's registry (pending until approved when protected). */
export const promotion = z.object({
  id: z.string(),
  name: z.string(),
  sourceEnv: z.string(),
  sourceVersion: z.string(),
  targetEnv: z.string(),
  alias: z.string(),
  requestedBy: z.string(),
  requestedAt: z.number(),
  status: z.enum(['pending', 'applied']),
  approvedBy: z.string().optional(),
  appliedAt: z.number().optional(),
  targetVersion: z.string().optional(),
  pipelineRunId: z.string().optional(),
});
/** `GET /api/models/:name/history`: alias moves (no `version`: the alias was removed) and promotions. */
export const modelHistory = z.object({
  aliases: z.array(
    z.object({
      alias: z.string(),
      version: z.string().optional(),
      at: z.number(),
      actor: z.string(),
      detail: z.string().optional(),
      promotion: promotion.optional(),
    }),
  ),
  promotions: z.array(promotion),
});

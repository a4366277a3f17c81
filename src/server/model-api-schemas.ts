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

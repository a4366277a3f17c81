import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type {
  ApiModelHistory,
  ApiModelRollback,
  ApiModelVersion,
  ApiPromotion,
  ApiRegisteredModel,
  ApiServingState,
} from '../api-types.js';
import * as modelApi from '../model-api-schemas.js';
import { jsonSchema } from '../json-schema.js';
import { actorOf } from '../auth.js';
import type { RouteContext } from '../route-context.js';
import { bearer, errorResponses } from '../schemas.js';
import type { Covers, Holds } from '../shape-check.js';
import { servingStatus } from '../../index.js';
import type { MlModelVersion, MlPromotion, MlRegisteredModel, ModelsAdmin } from '../../index.js';

type RegistryQuery = z.output<typeof modelApi.registryQuery>;
const nameParams = jsonSchema(modelApi.modelNameParams, 'input');
const envQuery = jsonSchema(modelApi.registryQuery, 'input');
/** The 200 schema of a route, with the error responses every route has. */
const answers = (shape: z.ZodType) => ({ 200: jsonSchema(shape), ...errorResponses });

// The response shapes have a place for every field of the registry's records (else this fails to compile).
type _shapesCoverRecords = [
  Holds<Covers<ApiRegisteredModel, MlRegisteredModel>>,
  Holds<Covers<ApiModelVersion, MlModelVersion>>,
  Holds<Covers<ApiPromotion, MlPromotion>>,
  Holds<Covers<ApiModelHistory, Awaited<ReturnType<ModelsAdmin['history']>>>>,
];

/**
 * Registered models and promotions across environments (reader reads; deployer promotes, approves and rolls
 * back, as for deploys). The actor of a promotion is the token's name; a protected target needs another
 * token's approval (403 `ml/self-approval` for the requester).
 */
export function registerModelRoutes(app: FastifyInstance, { services }: RouteContext): void {
  const { models } = services;
  const audit = (request: FastifyRequest, action: string, target: string, detail: string) =>
    services.access.audit({ actor: actorOf(request), action, target, detail });
  const read = { config: { role: 'reader' as const } };
  app.get<{ Querystring: RegistryQuery; Reply: readonly ApiRegisteredModel[] }>(
    '/api/models',
    {
      ...read,
      schema: {
        summary: 'Registered models of a registry',
        tags: ['models'],
        security: bearer,
        querystring: envQuery,
        response: answers(z.array(modelApi.registeredModel)),
      },
    },
    async (request) => models.listModels(request.query.env),
  );
  app.get<{ Querystring: RegistryQuery; Reply: ApiServingState }>(
    '/api/models/serving',
    {
      ...read,
      schema: {
        summary:
          'What serves which model version in an environment since when, whether its process runs, and the recent swaps (`millrace models serving`)',
        tags: ['models'],
        security: bearer,
        querystring: envQuery,
        response: answers(modelApi.servingState),
      },
    },
    async (request) => {
      const state = await servingStatus({
        config: services.config,
        ...(request.query.env === undefined ? {} : { environment: request.query.env }),
      });
      return { ...state, history: state.history.slice(-50) };
    },
  );
  app.get<{ Querystring: RegistryQuery; Reply: readonly ApiPromotion[] }>(
    '/api/models/promotions',
    {
      ...read,
      schema: {
        summary:
          'Promotions into a registry (pending and applied), of every model: the pending ones are what awaits approval there',
        tags: ['models'],
        security: bearer,
        querystring: envQuery,
        response: answers(z.array(modelApi.promotion)),
      },
    },
    async (request) => models.promotions(request.query.env),
  );
  app.get<{ Params: { name: string }; Querystring: RegistryQuery; Reply: readonly ApiModelVersion[] }>(
    '/api/models/:name/versions',
    {
      ...read,
      schema: {
        summary: 'Versions of a model',
        tags: ['models'],
        security: bearer,
        params: nameParams,
        querystring: envQuery,
        response: answers(z.array(modelApi.modelVersion)),
      },
    },
    async (request) => models.versions(request.params.name, request.query.env),
  );
  app.get<{ Params: { name: string }; Querystring: RegistryQuery; Reply: ApiModelHistory }>(
    '/api/models/:name/history',
    {
      ...read,
      schema: {
        summary: 'Alias moves (who, when, which promotion) and promotions',
        tags: ['models'],
        security: bearer,
        params: nameParams,
        querystring: envQuery,
        response: answers(modelApi.modelHistory),
      },
    },
    async (request) => models.history(request.params.name, request.query.env),
  );
  app.post<{
    Params: { name: string };
    Body: z.output<typeof modelApi.promoteBody>;
    Reply: ApiPromotion;
  }>(
    '/api/models/:name/promote',
    {
      config: { role: 'deployer' },
      schema: {
        summary: 'Promote a version into another environment (pending when protected)',
        tags: ['models'],
        security: bearer,
        params: nameParams,
        body: jsonSchema(modelApi.promoteBody, 'input'),
        response: answers(modelApi.promotion),
      },
    },
    async (request) => {
      const b = request.body;
      const p = await models.promote({
        name: request.params.name,
        ...b,
        actor: actorOf(request),
        actorVerified: true,
      });
      await audit(request, 'model.promote', `${p.name}@${p.targetEnv}`, `${p.id} ${p.status}`);
      return p;
    },
  );
  app.post<{
    Params: z.output<typeof modelApi.promotionIdParams>;
    Querystring: z.output<typeof modelApi.promotionApproveQuery>;
    Reply: ApiPromotion;
  }>(
    '/api/models/promotions/:id/approve',
    {
      config: { role: 'deployer' },
      schema: {
        summary: 'Approve a pending promotion (403 ml/self-approval for its requester)',
        tags: ['models'],
        security: bearer,
        params: jsonSchema(modelApi.promotionIdParams, 'input'),
        querystring: jsonSchema(modelApi.promotionApproveQuery, 'input'),
        response: answers(modelApi.promotion),
      },
    },
    async (request) => {
      const p = await models.approve({
        env: request.query.env,
        id: request.params.id,
        actor: actorOf(request),
        // The API token proved who this is.
        actorVerified: true,
      });
      await audit(request, 'model.approve', `${p.name}@${p.targetEnv}`, p.id);
      return p;
    },
  );
  app.post<{
    Params: { name: string };
    Querystring: RegistryQuery;
    Body: z.input<typeof modelApi.rollbackBody> | undefined;
    Reply: ApiModelRollback;
  }>(
    '/api/models/:name/rollback',
    {
      config: { role: 'deployer' },
      schema: {
        summary:
          'Move an alias (default champion) back to the version it pointed to before (409 ml/nothing-to-roll-back)',
        tags: ['models'],
        security: bearer,
        params: nameParams,
        querystring: envQuery,
        body: jsonSchema(modelApi.rollbackBody, 'input'),
        response: answers(modelApi.rollbackResult),
      },
    },
    async (request) => {
      const { name } = request.params;
      const alias = request.body?.alias ?? 'champion';
      const moved = await models.rollback({
        name,
        alias,
        ...(request.query.env === undefined ? {} : { env: request.query.env }),
        actor: actorOf(request),
        // The API token proved who this is.
        actorVerified: true,
      });
      await audit(
        request,
        'model.rollback',
        `${name}@${request.query.env ?? 'default'}`,
        `${alias} v${moved.from} → v${moved.to}`,
      );
      return { name, alias, ...moved };
    },
  );
}

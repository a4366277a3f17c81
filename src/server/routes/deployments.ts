import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import * as api from '../api-schemas.js';
import type {
  ApiClosedDeployment,
  ApiDeployHistory,
  ApiDeployOrApproval,
  ApiDeployOutcome,
  ApiDeploymentLookup,
  ApiPendingDeployment,
} from '../api-types.js';
import * as deployApi from '../deploy-api-schemas.js';
import { jsonSchema } from '../json-schema.js';
import { actorOf } from '../auth.js';
import { apiError } from '../http-errors.js';
import type { RouteContext } from '../route-context.js';
import { bearer, errorResponses, freeObject } from '../schemas.js';
import type { Covers, Holds } from '../shape-check.js';
import { approveDeployment, deployProject, deploymentHistory, rejectDeployment } from '../../index.js';
import type { ClosedDeployment, DeployHistory, DeployOutcome, PendingDeployment } from '../../index.js';
import type { ServerServices } from '../route-context.js';

/** Largest bundle `POST /api/deployments` accepts: 50 MiB (the server-wide limit stays 1 MiB). */
export const BUNDLE_BODY_LIMIT = 50 * 1024 * 1024;

type DeployQuery = z.output<typeof api.deployBundleQuery>;
type EnvQuery = z.output<typeof api.envQuery>;
type RejectBody = z.output<typeof api.deploymentRejectBody>;
const envQuery = jsonSchema(api.envQuery, 'input');
const idParams = jsonSchema(api.deploymentIdParams, 'input');
/** The 200 schema of a route, with the error responses every route has. */
const answers = (shape: z.ZodType) => ({ 200: jsonSchema(shape), ...errorResponses });

// The response shapes have a place for every field of the library's deploy records (else this fails to compile).
type _shapesCoverRecords = [
  Holds<Covers<ApiDeployHistory, DeployHistory>>,
  Holds<Covers<ApiDeployOutcome, DeployOutcome>>,
  Holds<Covers<ApiPendingDeployment, PendingDeployment>>,
  Holds<Covers<ApiClosedDeployment, ClosedDeployment>>,
];

function environmentOf(services: ServerServices, env: string | undefined): string {
  const e = env ?? services.environment;
  if (e === undefined)
    throw apiError(
      'api/invalid-request',
      'querystring.env: which environment? (the server has no --env)',
      'querystring.env',
    );
  return e;
}

/**
 * Deployments of the server's project (deployer writes, reader reads): the same deploy service as
 * `millrace deploy`; the actor is the token's name.
 */
export function registerDeploymentRoutes(app: FastifyInstance, { services }: RouteContext): void {
  const audit = async (request: FastifyRequest, action: string, target: string, detail: string) =>
    services.access.audit({ actor: actorOf(request), action, target, detail });
  const { config } = services;
  const history = (environment: string) => deploymentHistory({ config, environment });
  registerWrites(app, services, audit);
  app.get<{ Querystring: EnvQuery; Reply: ApiDeployHistory }>(
    '/api/deployments',
    {
      config: { role: 'reader' },
      schema: {
        summary: 'Deploy history of an environment: applied deployments (oldest first), pending approvals',
        tags: ['deployments'],
        security: bearer,
        querystring: envQuery,
        response: answers(deployApi.deployHistory),
      },
    },
    async (request) => history(environmentOf(services, request.query.env)),
  );
  app.get<{ Params: { id: string }; Querystring: EnvQuery; Reply: ApiDeploymentLookup }>(
    '/api/deployments/:id',
    {
      config: { role: 'reader' },
      schema: {
        summary: 'One deployment (`deployment`) or pending approval (`pending`) by id',
        tags: ['deployments'],
        security: bearer,
        params: idParams,
        querystring: envQuery,
        response: answers(deployApi.deploymentLookup),
      },
    },
    async (request) => {
      const env = environmentOf(services, request.query.env);
      const found = await history(env);
      const { id } = request.params;
      const deployment = found.deployments.find((d) => d.id === id);
      if (deployment) return { deployment };
      const pending = found.pending.find((p) => p.id === id);
      if (pending) return { pending };
      throw apiError('deploy/unknown-deployment', `no deployment or pending approval ${id} in ${env}`);
    },
  );
}

type Audit = (request: FastifyRequest, action: string, target: string, detail: string) => Promise<void>;

function registerWrites(app: FastifyInstance, services: ServerServices, audit: Audit): void {
  const { config } = services;
  app.post<{ Querystring: DeployQuery; Body: Record<string, unknown>; Reply: ApiDeployOrApproval }>(
    '/api/deployments',
    {
      config: { role: 'deployer' },
      bodyLimit: BUNDLE_BODY_LIMIT,
      schema: {
        summary: 'Deploy a bundle (the bundle.json of `millrace build` as the body); or approve its request',
        tags: ['deployments'],
        security: bearer,
        querystring: jsonSchema(api.deployBundleQuery, 'input'),
        body: freeObject,
        response: answers(deployApi.deployOrApproval),
      },
    },
    async (request) => {
      const q = request.query;
      const environment = environmentOf(services, q.env);
      const actor = actorOf(request);
      // The hash is over canonical JSON, so the re-serialized body verifies exactly as the file did.
      const bundleText = JSON.stringify(request.body);
      if (q.approve === true) {
        const pending = await approveDeployment({
          config,
          environment,
          actor,
          actorVerified: true,
          bundleText,
        });
        await audit(request, 'deploy.approve', environment, pending.id);
        return pending;
      }
      const result = await deployProject({
        config,
        environment,
        // The API token proved who this is: no signing key is needed on a protected environment.
        actor,
        actorVerified: true,
        bundleText,
        rollback: false,
        whatIf: q.whatIf === true,
        yes: q.yes === true,
        ...(q.request === true ? { request: true } : {}),
      });
      await audit(request, 'deploy', environment, result.status);
      return result;
    },
  );
  app.post<{ Querystring: z.output<typeof api.deployQuery>; Reply: ApiDeployOutcome }>(
    '/api/deployments/rollback',
    {
      config: { role: 'deployer' },
      schema: {
        summary: 'Roll back: redeploy the previous bundle',
        tags: ['deployments'],
        security: bearer,
        querystring: jsonSchema(api.deployQuery, 'input'),
        response: answers(deployApi.deployOutcome),
      },
    },
    async (request) => {
      const q = request.query;
      const environment = environmentOf(services, q.env);
      const result = await deployProject({
        config,
        environment,
        actor: actorOf(request),
        actorVerified: true,
        rollback: true,
        whatIf: q.whatIf === true,
        yes: q.yes === true,
      });
      await audit(request, 'deploy.rollback', environment, result.status);
      return result;
    },
  );
  app.post<{ Params: { id: string }; Querystring: EnvQuery; Reply: ApiPendingDeployment }>(
    '/api/deployments/:id/approve',
    {
      config: { role: 'deployer' },
      schema: {
        summary: 'Approve a pending deployment (403 deploy/self-approval for its requester)',
        tags: ['deployments'],
        security: bearer,
        params: idParams,
        querystring: envQuery,
        response: answers(deployApi.pendingDeployment),
      },
    },
    async (request) => {
      const environment = environmentOf(services, request.query.env);
      const pending = await approveDeployment({
        config,
        environment,
        actor: actorOf(request),
        actorVerified: true,
        pendingId: request.params.id,
      });
      await audit(request, 'deploy.approve', environment, pending.id);
      return pending;
    },
  );
  app.post<{
    Params: { id: string };
    Querystring: EnvQuery;
    Body: RejectBody | undefined;
    Reply: ApiClosedDeployment;
  }>(
    '/api/deployments/:id/reject',
    {
      config: { role: 'deployer' },
      schema: {
        summary:
          'Reject a pending deployment (any deployer); by its requester this withdraws it. It is never applied; the history keeps it under `closed` with who and when',
        tags: ['deployments'],
        security: bearer,
        params: idParams,
        querystring: envQuery,
        body: jsonSchema(api.deploymentRejectBody, 'input'),
        response: answers(deployApi.closedDeployment),
      },
    },
    async (request) => {
      const environment = environmentOf(services, request.query.env);
      const reason = request.body?.reason;
      const closed = await rejectDeployment({
        config,
        environment,
        actor: actorOf(request),
        actorVerified: true,
        pendingId: request.params.id,
        ...(reason === undefined ? {} : { reason }),
      });
      await audit(
        request,
        `deploy.${closed.outcome === 'withdrawn' ? 'withdraw' : 'reject'}`,
        environment,
        closed.id,
      );
      return closed;
    },
  );
}

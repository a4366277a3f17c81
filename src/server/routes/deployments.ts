import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../auth.js';
import { apiError } from '../http-errors.js';
import type { RouteContext } from '../route-context.js';
import { bearer, errorResponses, freeObject } from '../schemas.js';
import type { BackendDeployments, ServerBackend } from '../server-backend.js';

/** Largest bundle `POST /api/deployments` accepts: 50 MiB (the server-wide limit stays 1 MiB). */
export const BUNDLE_BODY_LIMIT = 50 * 1024 * 1024;

interface DeployQuery {
  readonly env?: string;
  readonly whatIf?: boolean;
  readonly yes?: boolean;
  readonly approve?: boolean;
  readonly request?: boolean;
}

const envProperty = { type: 'string', minLength: 1, description: "default: the server's --env" } as const;
const envQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { env: envProperty },
} as const;
const flag = (description: string) => ({ type: 'boolean', default: false, description }) as const;
const deployQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    env: envProperty,
    whatIf: flag('plan only: return the diff, change nothing'),
    yes: flag("apply an approved deployment to a protected environment (like the CLI's --yes)"),
  },
} as const;
const idParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;
const outcome = { 200: freeObject, ...errorResponses } as const;

function environmentOf(backend: ServerBackend, env: string | undefined): string {
  const e = env ?? backend.environment;
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
export function registerDeploymentRoutes(app: FastifyInstance, { backend }: RouteContext): void {
  const deployments = backend.deployments;
  if (!deployments) return;
  const audit = async (request: FastifyRequest, action: string, target: string, detail: string) =>
    backend.access.audit({ actor: actorOf(request), action, target, detail });
  registerWrites(app, backend, deployments, audit);
  app.get<{ Querystring: { env?: string } }>(
    '/api/deployments',
    {
      config: { role: 'reader' },
      schema: {
        summary: 'Deploy history of an environment: applied deployments (oldest first), pending approvals',
        tags: ['deployments'],
        security: bearer,
        querystring: envQuery,
        response: outcome,
      },
    },
    async (request) => deployments.history(environmentOf(backend, request.query.env)),
  );
  app.get<{ Params: { id: string }; Querystring: { env?: string } }>(
    '/api/deployments/:id',
    {
      config: { role: 'reader' },
      schema: {
        summary: 'One deployment (`deployment`) or pending approval (`pending`) by id',
        tags: ['deployments'],
        security: bearer,
        params: idParams,
        querystring: envQuery,
        response: outcome,
      },
    },
    async (request) => {
      const env = environmentOf(backend, request.query.env);
      const history = await deployments.history(env);
      const { id } = request.params;
      const deployment = history.deployments.find((d) => d.id === id);
      if (deployment) return { deployment };
      const pending = history.pending.find((p) => p.id === id);
      if (pending) return { pending };
      throw apiError('deploy/unknown-deployment', `no deployment or pending approval ${id} in ${env}`);
    },
  );
}

type Audit = (request: FastifyRequest, action: string, target: string, detail: string) => Promise<void>;

function registerWrites(
  app: FastifyInstance,
  backend: ServerBackend,
  deployments: BackendDeployments,
  audit: Audit,
): void {
  app.post<{ Querystring: DeployQuery; Body: Record<string, unknown> }>(
    '/api/deployments',
    {
      config: { role: 'deployer' },
      bodyLimit: BUNDLE_BODY_LIMIT,
      schema: {
        summary: 'Deploy a bundle (the bundle.json of `millrace build` as the body); or approve its request',
        tags: ['deployments'],
        security: bearer,
        querystring: {
          ...deployQuery,
          properties: {
            ...deployQuery.properties,
            approve: flag('approve the pending deployment of this bundle instead (not by its requester)'),
            request: flag(
              'only record the approval request of a protected environment; 409 deploy/not-protected otherwise',
            ),
          },
        },
        body: { type: 'object', additionalProperties: true },
        response: outcome,
      },
    },
    async (request) => {
      const q = request.query;
      const environment = environmentOf(backend, q.env);
      const actor = actorOf(request);
      // The hash is over canonical JSON, so the re-serialized body verifies exactly as the file did.
      const bundleText = JSON.stringify(request.body);
      if (q.approve === true) {
        const pending = await deployments.approve({ environment, actor, bundleText });
        await audit(request, 'deploy.approve', environment, pending.id);
        return pending;
      }
      const result = await deployments.deploy({
        environment,
        actor,
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
  app.post<{ Querystring: DeployQuery }>(
    '/api/deployments/rollback',
    {
      config: { role: 'deployer' },
      schema: {
        summary: 'Roll back: redeploy the previous bundle',
        tags: ['deployments'],
        security: bearer,
        querystring: deployQuery,
        response: outcome,
      },
    },
    async (request) => {
      const q = request.query;
      const environment = environmentOf(backend, q.env);
      const result = await deployments.deploy({
        environment,
        actor: actorOf(request),
        rollback: true,
        whatIf: q.whatIf === true,
        yes: q.yes === true,
      });
      await audit(request, 'deploy.rollback', environment, result.status);
      return result;
    },
  );
  app.post<{ Params: { id: string }; Querystring: { env?: string } }>(
    '/api/deployments/:id/approve',
    {
      config: { role: 'deployer' },
      schema: {
        summary: 'Approve a pending deployment (403 deploy/self-approval for its requester)',
        tags: ['deployments'],
        security: bearer,
        params: idParams,
        querystring: envQuery,
        response: outcome,
      },
    },
    async (request) => {
      const environment = environmentOf(backend, request.query.env);
      const pending = await deployments.approve({
        environment,
        actor: actorOf(request),
        pendingId: request.params.id,
      });
      await audit(request, 'deploy.approve', environment, pending.id);
      return pending;
    },
  );
}

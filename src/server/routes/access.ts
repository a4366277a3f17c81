import type { FastifyInstance } from 'fastify';
import type { ApiAuditEntry, ApiToken } from '../api-types.js';
import { actorOf } from '../auth.js';
import { apiError } from '../http-errors.js';
import type { RouteContext } from '../route-context.js';
import { ROLE_ORDER } from '../roles.js';
import { bearer, errorResponses, nameParams } from '../schemas.js';

const admin = { role: 'admin' } as const;
const iso = (ms: number): string => new Date(ms).toISOString();

const tokenSchema = {
  type: 'object',
  required: ['name', 'role', 'createdAt'],
  properties: {
    name: { type: 'string' },
    role: { type: 'string', enum: ROLE_ORDER },
    createdAt: { type: 'string' },
    lastUsedAt: { type: 'string' },
  },
} as const;

/** The audit log and API tokens (admin). */
export function registerAccessRoutes(app: FastifyInstance, { services }: RouteContext): void {
  const { access } = services;
  app.get<{ Querystring: { action?: string; actor?: string; limit: number; offset: number } }>(
    '/api/audit',
    {
      config: admin,
      schema: {
        summary: 'The audit log, newest first: run starts and cancels, secret writes, token changes, deploys',
        tags: ['security'],
        security: bearer,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            action: { type: 'string' },
            actor: { type: 'string' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items', 'total'],
            properties: {
              total: { type: 'integer' },
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['at', 'actor', 'action', 'target'],
                  properties: {
                    at: { type: 'string' },
                    actor: { type: 'string' },
                    action: { type: 'string' },
                    target: { type: 'string' },
                    detail: { type: 'string' },
                  },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const page = await access.listAudit(request.query);
      const items: ApiAuditEntry[] = page.entries.map((e) => ({ ...e, at: iso(e.at) }));
      return { items, total: page.total };
    },
  );
  app.get(
    '/api/tokens',
    {
      config: admin,
      schema: {
        summary: 'API tokens: names, roles, created, last used (never the token)',
        tags: ['security'],
        security: bearer,
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: tokenSchema } },
          },
          ...errorResponses,
        },
      },
    },
    async () => {
      const items: ApiToken[] = (await access.listTokens()).map((t) => ({
        name: t.name,
        role: t.role,
        createdAt: iso(t.createdAt),
        ...(t.lastUsedAt === undefined ? {} : { lastUsedAt: iso(t.lastUsedAt) }),
      }));
      return { items };
    },
  );
  app.post<{ Body: { name: string; role: string } }>(
    '/api/tokens',
    {
      config: admin,
      schema: {
        summary: 'Create a token; the response shows it this once',
        tags: ['security'],
        security: bearer,
        body: {
          type: 'object',
          required: ['name', 'role'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 64 },
            role: { type: 'string', enum: ROLE_ORDER },
          },
        },
        response: {
          201: {
            type: 'object',
            required: ['name', 'role', 'createdAt', 'token'],
            properties: { ...tokenSchema.properties, token: { type: 'string' } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const t = await access.createToken(request.body.name, request.body.role, actorOf(request));
      return reply
        .status(201)
        .send({ name: t.name, role: t.role, createdAt: iso(t.createdAt), token: t.token });
    },
  );
  app.delete<{ Params: { name: string } }>(
    '/api/tokens/:name',
    {
      config: admin,
      schema: {
        summary: 'Revoke a token',
        tags: ['security'],
        security: bearer,
        params: nameParams,
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!(await access.revokeToken(request.params.name, actorOf(request)))) {
        throw apiError('auth/unknown-token', `no token named ${request.params.name}`);
      }
      return reply.status(204).send();
    },
  );
}

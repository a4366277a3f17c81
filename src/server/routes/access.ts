import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { ApiAuditEntry, ApiToken } from '../api-types.js';
import { actorOf } from '../auth.js';
import { apiError } from '../http-errors.js';
import type { RouteContext } from '../route-context.js';
import * as api from '../api-schemas.js';
import { jsonSchema } from '../json-schema.js';
import { bearer, errorResponses, nameParams } from '../schemas.js';

const admin = { role: 'admin' } as const;
const iso = (ms: number): string => new Date(ms).toISOString();

/** The audit log and API tokens (admin). */
export function registerAccessRoutes(app: FastifyInstance, { services }: RouteContext): void {
  const { access } = services;
  app.get<{ Querystring: z.output<typeof api.auditQuery> }>(
    '/api/audit',
    {
      config: admin,
      schema: {
        summary: 'The audit log, newest first: run starts and cancels, secret writes, token changes, deploys',
        tags: ['security'],
        security: bearer,
        querystring: jsonSchema(api.auditQuery, 'input'),
        response: { 200: jsonSchema(api.auditPage), ...errorResponses },
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
        response: { 200: jsonSchema(api.tokenList), ...errorResponses },
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
  app.post<{ Body: z.output<typeof api.createTokenBody> }>(
    '/api/tokens',
    {
      config: admin,
      schema: {
        summary: 'Create a token; the response shows it this once',
        tags: ['security'],
        security: bearer,
        body: jsonSchema(api.createTokenBody, 'input'),
        response: { 201: jsonSchema(api.createdToken), ...errorResponses },
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

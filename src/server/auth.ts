import type { FastifyInstance } from 'fastify';
import type { ApiRoleName } from './api-types.js';
import { apiError } from './http-errors.js';
import { roleAllows } from './roles.js';
import type { ApiPrincipal } from '../index.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Weakest role allowed; absent = public route. */
    role?: ApiRoleName;
  }
  interface FastifyRequest {
    /** The token's owner on an authenticated route. */
    principal?: ApiPrincipal;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Enforces `config.role` of each route: 401 without a valid `Authorization: Bearer <token>`, 403 when the
 * token's role is weaker. Runs on `onRequest`, before the body is read.
 */
export function registerAuth(
  app: FastifyInstance,
  authenticate: (token: string) => Promise<ApiPrincipal | undefined>,
): void {
  app.addHook('onRequest', async (request) => {
    const needed = request.routeOptions.config.role;
    if (needed === undefined) return;
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined) {
      throw apiError('api/unauthorized', 'this route needs a token: Authorization: Bearer <token>');
    }
    const principal = await authenticate(token);
    if (!principal) throw apiError('api/unauthorized', 'unknown or revoked token');
    if (!roleAllows(principal.role, needed)) {
      throw apiError(
        'api/forbidden',
        `${request.method} ${request.routeOptions.url ?? ''} needs role ${needed}; token ${principal.name} has role ${principal.role}`,
      );
    }
    request.principal = principal;
  });
}

/** The actor name of the audit log for a request. */
export function actorOf(request: { readonly principal?: ApiPrincipal }): string {
  return request.principal?.name ?? 'anonymous';
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build` puts the web UI (`vite build` of web/): dist/web, shipped in the npm package. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/** Paths that belong to the API, never to the UI's client-side router. */
const NOT_UI = /^\/(api|openapi\.json|metrics|serving)(\/|$|\?)/;

/**
 * Serves the built web UI from `root` (one route per file; no token: the UI is public, its data is not):
 * hashed files under `assets/` are cached for a year (`immutable`), everything else (index.html) is
 * revalidated on each load (`no-cache`), so a new build shows at once. Returns the SPA fallback for the
 * not-found handler, or undefined when the UI is not built (then `GET /` stays a JSON 404).
 */
export async function registerWebUi(
  app: FastifyInstance,
  root: string,
): Promise<((request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined) | undefined> {
  if (!existsSync(join(root, 'index.html'))) return undefined;
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    cacheControl: false,
    setHeaders: (res, path) => {
      const hashed = path.startsWith(join(root, 'assets'));
      res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      res.setHeader('x-content-type-options', 'nosniff');
    },
  });
  // Deep links (`/runs/<id>`) are routes of the UI's router: a browser asking for a page gets index.html.
  return (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const wantsHtml = (request.headers.accept ?? '').includes('text/html');
    if (request.method !== 'GET' || NOT_UI.test(path) || !wantsHtml || /\.[a-z0-9]+$/i.test(path)) {
      return undefined;
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };
}

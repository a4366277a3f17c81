import { randomUUID } from 'node:crypto';
import { createServer } from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { selfSignedCert } from './tls-cert.js';

/**
 * In-process HTTPS doubles of the cloud services a cloud deploy and `run --remote` call, written from their
 * REST references and keeping state:
 * - Entra ID v2 endpoints (openid-configuration, client-credentials token) — https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 * - ARM Data Factory 2018-06-01: resources PUT/GET/DELETE, list with nextLink, triggers start/stop as
 *   long-running operations (202 + Location), createRun, pipelineruns get, queryActivityruns, ARM error bodies
 *   `{"error":{"code","message"}}` — https://learn.microsoft.com/rest/api/datafactory/
 * - Databricks Workspace API 2.0 (mkdirs, import, export, get-status, list) and Secrets API 2.0 (scopes/list,
 *   scopes/create, put, list) with `{"error_code","message"}` errors — https://docs.databricks.com/api/workspace/
 */
export interface CloudFake {
  readonly url: string;
  readonly certFile: string;
  readonly cert: string;
  /** kind collection (`pipelines`, `triggers`, …) → name → stored resource body. */
  readonly factory: Map<string, Map<string, Record<string, unknown>>>;
  readonly notebooks: Map<string, { language: string; content: string }>;
  readonly folders: Set<string>;
  readonly scopes: Map<string, Map<string, string>>;
  /** The body of every `createRun`, in order. */
  readonly createRunBodies: unknown[];
  /** Every request, `METHOD path` (no query), in order. */
  readonly log: string[];
  /** The next request matching `METHOD pathRegex` fails with this ARM/Databricks error. */
  failNext(method: string, path: RegExp, status: number, code: string): void;
  close(): Promise<void>;
}

const API = '2018-06-01';
const FACTORY_PATH =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.DataFactory\/factories\/([^/]+)(\/.*)?$/i;
const PAGE = 2;

export async function startCloudFake(expect: {
  tenant: string;
  clientId: string;
  clientSecret: string;
  databricksToken: string;
}): Promise<CloudFake> {
  const tls = selfSignedCert();
  const factory = new Map<string, Map<string, Record<string, unknown>>>();
  const notebooks = new Map<string, { language: string; content: string }>();
  const folders = new Set<string>(['/']);
  const scopes = new Map<string, Map<string, string>>();
  const runs = new Map<
    string,
    { pipeline: string; polls: number; parameters: Record<string, string>; start: string }
  >();
  const operations = new Map<string, number>();
  const tokens = new Set<string>();
  const log: string[] = [];
  const createRunBodies: unknown[] = [];
  const failures: { method: string; path: RegExp; status: number; code: string }[] = [];
  let base = '';

  const send = (
    res: ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ): void => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const armError = (res: ServerResponse, status: number, code: string, message: string): void =>
    send(res, status, { error: { code, message } });
  const dbError = (res: ServerResponse, status: number, code: string, message: string): void =>
    send(res, status, { error_code: code, message });
  const coll = (name: string): Map<string, Record<string, unknown>> => {
    const key = name.toLowerCase();
    if (!factory.has(key)) factory.set(key, new Map());
    return factory.get(key)!;
  };

  function runActivities(id: string): Record<string, unknown>[] {
    const run = runs.get(id)!;
    const pipeline = coll('pipelines').get(run.pipeline);
    const acts =
      (pipeline?.['properties'] as { activities?: { name: string; type: string }[] })?.activities ?? [];
    const visible = Math.min(acts.length, run.polls);
    return acts.slice(0, visible).map((a, i) => {
      const failed = a.type === 'Fail';
      const done = run.polls > i + 1 || run.polls > acts.length;
      return {
        activityRunId: `${id}-${i}`,
        activityName: a.name,
        activityType: a.type,
        pipelineRunId: id,
        pipelineName: run.pipeline,
        status: !done ? 'InProgress' : failed ? 'Failed' : 'Succeeded',
        activityRunStart: run.start,
        ...(done ? { activityRunEnd: run.start, durationInMs: 1000 } : {}),
        output: done && !failed ? { effectiveIntegrationRuntime: 'AutoResolveIntegrationRuntime' } : {},
        error:
          done && failed
            ? { errorCode: '500', message: 'Fail activity failed', failureType: 'UserError', target: a.name }
            : { errorCode: '', message: '', failureType: '', target: a.name },
      };
    });
  }

  function handleArm(req: IncomingMessage, res: ServerResponse, url: URL, body: string): void {
    const auth = req.headers.authorization ?? '';
    if (!tokens.has(auth.replace(/^Bearer /, '')))
      return armError(
        res,
        401,
        'AuthenticationFailed',
        'Authentication failed. The Authorization header is missing or invalid.',
      );
    if (url.searchParams.get('api-version') !== API)
      return armError(
        res,
        400,
        'InvalidApiVersionParameter',
        `The api-version '${url.searchParams.get('api-version')}' is invalid.`,
      );
    const m = FACTORY_PATH.exec(url.pathname)!;
    const rest = (m[4] ?? '').split('/').filter(Boolean).map(decodeURIComponent);
    const [collection, name, action] = rest;
    const fid = `/subscriptions/${m[1]}/resourceGroups/${m[2]}/providers/Microsoft.DataFactory/factories/${m[3]}`;
    if (collection === 'operationResults' && name) {
      const left = operations.get(name) ?? 0;
      if (left > 0) {
        operations.set(name, left - 1);
        return send(res, 202, undefined, { Location: url.href, 'Retry-After': '0' });
      }
      return send(res, 200, {});
    }
    if (collection === undefined) return armError(res, 404, 'ResourceNotFound', 'not found');
    if (collection.toLowerCase() === 'pipelineruns' && name) {
      const run = runs.get(name);
      if (!run) return armError(res, 404, 'PipelineRunNotFound', `Pipeline run ${name} does not exist.`);
      if (action === 'queryActivityruns' && req.method === 'POST')
        return send(res, 200, { value: runActivities(name) });
      run.polls += 1;
      const acts = runActivities(name);
      const total = (
        (coll('pipelines').get(run.pipeline)?.['properties'] as { activities?: unknown[] })?.activities ?? []
      ).length;
      const finished = run.polls > total;
      const failed = acts.some((a) => a['status'] === 'Failed');
      return send(res, 200, {
        runId: name,
        pipelineName: run.pipeline,
        parameters: run.parameters,
        runStart: run.start,
        status: finished ? (failed ? 'Failed' : 'Succeeded') : 'InProgress',
        ...(finished ? { runEnd: new Date().toISOString(), durationInMs: 1000 } : {}),
        message: finished && failed ? 'Operation on target Fail failed' : '',
        invokedBy: { name: 'Manual', invokedByType: 'Manual' },
      });
    }
    const items = coll(collection);
    if (name === undefined) {
      if (req.method !== 'GET') return armError(res, 405, 'MethodNotAllowed', 'not allowed');
      const all = [...items.values()];
      const skip = Number(url.searchParams.get('$skipToken') ?? '0');
      const next =
        skip + PAGE < all.length
          ? `${base}${url.pathname}?api-version=${API}&$skipToken=${skip + PAGE}`
          : undefined;
      return send(res, 200, { value: all.slice(skip, skip + PAGE), ...(next ? { nextLink: next } : {}) });
    }
    if (action !== undefined) {
      if (
        collection.toLowerCase() === 'triggers' &&
        (action === 'start' || action === 'stop') &&
        req.method === 'POST'
      ) {
        const t = items.get(name);
        if (!t) return armError(res, 404, 'TriggerNotFound', `Trigger ${name} does not exist.`);
        (t['properties'] as Record<string, unknown>)['runtimeState'] =
          action === 'start' ? 'Started' : 'Stopped';
        const op = randomUUID();
        operations.set(op, 1);
        return send(res, 202, undefined, {
          Location: `${base}${fid}/operationResults/${op}?api-version=${API}`,
          'Retry-After': '0',
        });
      }
      if (collection.toLowerCase() === 'pipelines' && action === 'createRun' && req.method === 'POST') {
        if (!items.has(name))
          return armError(res, 404, 'ResourceNotFound', `Pipeline ${name} was not found.`);
        const id = randomUUID();
        createRunBodies.push(JSON.parse(body || '{}'));
        const parameters = Object.fromEntries(
          Object.entries(JSON.parse(body || '{}') as Record<string, unknown>).map(([k, v]) => [
            k,
            typeof v === 'string' ? v : JSON.stringify(v),
          ]),
        );
        runs.set(id, { pipeline: name, polls: 0, parameters, start: new Date().toISOString() });
        return send(res, 200, { runId: id });
      }
      return armError(res, 404, 'ResourceNotFound', 'not found');
    }
    const resourceType = `Microsoft.DataFactory/factories/${collection}`;
    if (req.method === 'GET') {
      const r = items.get(name);
      return r
        ? send(res, 200, r)
        : armError(res, 404, 'ResourceNotFound', `The Resource '${resourceType}/${name}' was not found.`);
    }
    if (req.method === 'DELETE') {
      const had = items.delete(name);
      return send(res, had ? 200 : 204);
    }
    if (req.method === 'PUT') {
      const parsed = JSON.parse(body) as { properties?: Record<string, unknown> };
      if (!parsed.properties || typeof parsed.properties !== 'object')
        return armError(res, 400, 'BadRequest', 'The request body has no properties.');
      const old = items.get(name);
      const state = (old?.['properties'] as Record<string, unknown> | undefined)?.['runtimeState'];
      if (collection.toLowerCase() === 'triggers' && state === 'Started')
        return armError(
          res,
          400,
          'TriggerEnabledCannotUpdate',
          `Cannot update enabled Trigger; the trigger needs to be disabled first.`,
        );
      const properties = {
        ...parsed.properties,
        ...(collection.toLowerCase() === 'triggers' ? { runtimeState: state ?? 'Stopped' } : {}),
      };
      const stored = {
        id: `${fid}/${collection}/${name}`,
        name,
        type: resourceType,
        etag: randomUUID(),
        properties,
      };
      items.set(name, stored);
      return send(res, 200, stored);
    }
    return armError(res, 405, 'MethodNotAllowed', 'not allowed');
  }

  function handleDatabricks(req: IncomingMessage, res: ServerResponse, url: URL, body: string): void {
    if (req.headers.authorization !== `Bearer ${expect.databricksToken}`)
      return dbError(res, 403, 'PERMISSION_DENIED', 'Invalid access token.');
    const p = url.pathname.replace('/api/2.0/', '');
    const b = (body ? JSON.parse(body) : {}) as Record<string, string | boolean>;
    const parent = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/';
    const q = (k: string): string => url.searchParams.get(k) ?? '';
    switch (`${req.method} ${p}`) {
      case 'POST workspace/mkdirs': {
        let path = String(b['path']);
        while (path !== '/' && path !== '') {
          folders.add(path);
          path = parent(path);
        }
        return send(res, 200, {});
      }
      case 'POST workspace/import': {
        const path = String(b['path']);
        if (!folders.has(parent(path)))
          return dbError(
            res,
            404,
            'RESOURCE_DOES_NOT_EXIST',
            `The parent folder (${parent(path)}) does not exist.`,
          );
        if (notebooks.has(path) && b['overwrite'] !== true)
          return dbError(res, 400, 'RESOURCE_ALREADY_EXISTS', `${path} already exists.`);
        notebooks.set(path, {
          language: String(b['language']),
          content: Buffer.from(String(b['content']), 'base64').toString('utf8'),
        });
        return send(res, 200, {});
      }
      case 'GET workspace/export': {
        const n = notebooks.get(q('path'));
        return n
          ? send(res, 200, { content: Buffer.from(n.content).toString('base64'), file_type: 'py' })
          : dbError(res, 404, 'RESOURCE_DOES_NOT_EXIST', `Path (${q('path')}) doesn't exist.`);
      }
      case 'GET workspace/get-status': {
        const n = notebooks.get(q('path'));
        if (n) return send(res, 200, { object_type: 'NOTEBOOK', path: q('path'), language: n.language });
        return folders.has(q('path'))
          ? send(res, 200, { object_type: 'DIRECTORY', path: q('path') })
          : dbError(res, 404, 'RESOURCE_DOES_NOT_EXIST', `Path (${q('path')}) doesn't exist.`);
      }
      case 'GET workspace/list': {
        const dir = q('path');
        const objects = [
          ...[...folders]
            .filter((f) => f !== dir && parent(f) === dir)
            .map((f) => ({ object_type: 'DIRECTORY', path: f })),
          ...[...notebooks]
            .filter(([n]) => parent(n) === dir)
            .map(([n, v]) => ({ object_type: 'NOTEBOOK', path: n, language: v.language })),
        ];
        return send(res, 200, { objects });
      }
      case 'GET secrets/scopes/list':
        return send(res, 200, {
          scopes: [...scopes.keys()].map((name) => ({ name, backend_type: 'DATABRICKS' })),
        });
      case 'POST secrets/scopes/create':
        if (scopes.has(String(b['scope'])))
          return dbError(res, 400, 'RESOURCE_ALREADY_EXISTS', `Scope ${String(b['scope'])} already exists!`);
        scopes.set(String(b['scope']), new Map());
        return send(res, 200, {});
      case 'POST secrets/put': {
        const s = scopes.get(String(b['scope']));
        if (!s)
          return dbError(res, 404, 'RESOURCE_DOES_NOT_EXIST', `Scope ${String(b['scope'])} does not exist!`);
        s.set(String(b['key']), String(b['string_value']));
        return send(res, 200, {});
      }
      case 'GET secrets/list': {
        const s = scopes.get(q('scope'));
        if (!s) return dbError(res, 404, 'RESOURCE_DOES_NOT_EXIST', `Scope ${q('scope')} does not exist!`);
        return send(res, 200, {
          secrets: [...s.keys()].map((key) => ({ key, last_updated_timestamp: Date.now() })),
        });
      }
    }
    return dbError(res, 404, 'ENDPOINT_NOT_FOUND', `No API found for '${req.method} /${p}'`);
  }

  function handleEntra(req: IncomingMessage, res: ServerResponse, url: URL, body: string): void {
    const m = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token)$/.exec(
      url.pathname,
    );
    if (!m || m[1] !== expect.tenant)
      return send(res, 400, {
        error: 'invalid_tenant',
        error_description: `AADSTS90002: Tenant '${m?.[1] ?? ''}' not found.`,
      });
    const t = `${base}/${m[1]}`;
    if (m[2]!.startsWith('v2.0'))
      return send(res, 200, {
        token_endpoint: `${t}/oauth2/v2.0/token`,
        issuer: `${t}/v2.0`,
        authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${t}/oauth2/v2.0/logout`,
        jwks_uri: `${t}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    const form = new URLSearchParams(body);
    if (
      form.get('grant_type') !== 'client_credentials' ||
      form.get('client_id') !== expect.clientId ||
      form.get('client_secret') !== expect.clientSecret
    )
      return send(res, 401, {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
      });
    const token = `fake-${randomUUID()}`;
    tokens.add(token);
    return send(res, 200, {
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: token,
    });
  }

  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      log.push(`${req.method} ${url.pathname}`);
      const failure = failures.findIndex((f) => f.method === req.method && f.path.test(url.pathname));
      if (failure >= 0) {
        const f = failures.splice(failure, 1)[0]!;
        return url.pathname.startsWith('/api/2.0/')
          ? dbError(res, f.status, f.code, 'injected failure')
          : armError(res, f.status, f.code, 'injected failure');
      }
      if (url.pathname.startsWith('/api/2.0/')) return handleDatabricks(req, res, url, body);
      if (FACTORY_PATH.test(url.pathname)) return handleArm(req, res, url, body);
      return handleEntra(req, res, url, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    certFile: tls.certFile,
    cert: tls.cert,
    factory,
    notebooks,
    folders,
    scopes,
    log,
    createRunBodies,
    /** The test double of Entra ID for in-process clients: a token the fake accepts. */
    failNext: (method, path, status, code) => failures.push({ method, path, status, code }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
    ...{
      issueToken: () => {
        const t = `fake-${randomUUID()}`;
        tokens.add(t);
        return t;
      },
    },
  };
}

/** A TokenCredential (the test double of Entra ID) holding a token the fake accepts. */
export function fakeCredential(fake: CloudFake): {
  getToken: () => Promise<{ token: string; expiresOnTimestamp: number }>;
} {
  const token = (fake as unknown as { issueToken: () => string }).issueToken();
  return { getToken: () => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

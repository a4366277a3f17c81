import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerHarness } from './testing/server-fixture.js';
import { startServerHarness } from './testing/server-fixture.js';

let h: ServerHarness;
beforeAll(async () => {
  h = await startServerHarness();
});
afterAll(async () => h.close());

type Role = 'reader' | 'operator' | 'deployer' | 'admin';
const call = async (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  role?: Role,
  payload?: object | string,
  headers: Record<string, string> = {},
) => {
  const res = await h.server.inject({
    method,
    url,
    headers: { ...(role ? { authorization: `Bearer ${h.tokens[role]}` } : {}), ...headers },
    ...(payload === undefined ? {} : { payload }),
  });
  return {
    status: res.statusCode,
    json: () => JSON.parse(res.body) as Record<string, unknown>,
    body: res.body,
  };
};

const waitFor = async (
  runId: string,
  done = (s: string) => ['Succeeded', 'Failed', 'Cancelled'].includes(s),
) => {
  for (let i = 0; i < 200; i++) {
    const doc = (await call('GET', `/api/runs/${runId}`, 'reader')).json();
    if (done(doc['status'] as string)) return doc;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`run ${runId} did not finish`);
};

describe('server: auth and roles', () => {
  const ROLES: Role[] = ['reader', 'operator', 'deployer', 'admin'];
  const routes: [string, 'GET' | 'POST' | 'PUT', string, Role, object?][] = [
    ['list runs', 'GET', '/api/runs', 'reader'],
    ['list pipelines', 'GET', '/api/pipelines', 'reader'],
    ['metrics', 'GET', '/metrics', 'reader'],
    ['start a run', 'POST', '/api/pipelines/Quick/runs', 'operator', {}],
    ['audit log', 'GET', '/api/audit', 'admin'],
    ['tokens', 'GET', '/api/tokens', 'admin'],
    ['secret names', 'GET', '/api/secrets?env=dev', 'admin'],
  ];
  for (const [what, method, url, needed, body] of routes) {
    it(`${what}: allowed from ${needed} up, 403 below, 401 without or with a bad token`, async () => {
      for (const role of ROLES) {
        const res = await call(method, url, role, body);
        const allowed = ROLES.indexOf(role) >= ROLES.indexOf(needed);
        if (allowed) expect(res.status, `${role} ${url}`).not.toBe(403);
        else expect(res.json()).toMatchObject({ error: { code: 'api/forbidden' } });
        if (allowed) expect([401, 403]).not.toContain(res.status);
      }
      expect((await call(method, url, undefined, body)).status).toBe(401);
      const bad = await call(method, url, undefined, body, { authorization: 'Bearer mr_nope' });
      expect(bad.status).toBe(401);
      expect(bad.json()).toMatchObject({ error: { code: 'api/unauthorized' } });
    });
  }
  it('serves health without a token', async () => {
    expect((await call('GET', '/api/health')).json()).toEqual({ status: 'ok' });
  });
});

describe('server: bad requests', () => {
  it('unknown pipeline → 404 run/unknown-pipeline', async () => {
    const res = await call('POST', '/api/pipelines/Nope/runs', 'operator', {});
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'run/unknown-pipeline' } });
  });
  it('bad parameter type → 400 run/invalid-parameter', async () => {
    const res = await call('POST', '/api/pipelines/Quick/runs', 'operator', { parameters: { count: 'x' } });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'run/invalid-parameter' } });
  });
  it('unknown field → 400 api/invalid-request naming the field', async () => {
    const res = await call('POST', '/api/pipelines/Quick/runs', 'operator', { params: {} });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'api/invalid-request', field: 'body.params' } });
  });
  it('bad query value → 400 with the field', async () => {
    const res = await call('GET', '/api/runs?limit=0', 'reader');
    expect(res.json()).toMatchObject({ error: { code: 'api/invalid-request', field: 'querystring.limit' } });
  });
  it('malformed JSON → 400 api/invalid-json', async () => {
    const res = await call('POST', '/api/pipelines/Quick/runs', 'operator', '{"parameters":', {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'api/invalid-json' } });
  });
  it('oversize body → 413 api/payload-too-large', async () => {
    const big = { parameters: { count: 1, pad: 'x'.repeat(1024 * 1024 + 10) } };
    const res = await call('POST', '/api/pipelines/Quick/runs', 'operator', big);
    expect(res.status).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'api/payload-too-large' } });
  });
  it('unknown route → 404 api/not-found; unknown run → 404 run/unknown-run', async () => {
    expect((await call('GET', '/api/nope')).json()).toMatchObject({ error: { code: 'api/not-found' } });
    const res = await call('GET', '/api/runs/nope', 'reader');
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'run/unknown-run' } });
  });
});

describe('server: runs', () => {
  it('start → 202 → poll → Succeeded; secure parameter masked; listed, filtered; audited', async () => {
    const res = await call('POST', '/api/pipelines/Quick/runs', 'operator', { parameters: { count: 3 } });
    expect(res.status).toBe(202);
    const runId = res.json()['runId'] as string;
    const doc = await waitFor(runId);
    expect(doc).toMatchObject({ status: 'Succeeded', parameters: { count: 3, token: '********' } });
    expect(JSON.stringify(doc)).not.toContain('default-secret');
    const acts = (await call('GET', `/api/runs/${runId}/activities`, 'reader')).json();
    expect(acts['items']).toMatchObject([{ activityName: 'Say', status: 'Succeeded' }]);
    const logs = (await call('GET', `/api/runs/${runId}/logs?activity=Say`, 'reader')).json();
    expect(logs['items']).toMatchObject([{ activityName: 'Say', text: 'hello 1\nhello 2\n' }]);
    const page = (await call('GET', '/api/runs?pipeline=Quick&status=Succeeded&limit=1', 'reader')).json();
    expect(page).toMatchObject({ limit: 1, offset: 0 });
    expect((page['runs'] as { pipeline: string }[])[0]?.pipeline).toBe('Quick');
    const audit = (await call('GET', '/api/audit?action=run.start', 'admin')).json();
    expect(audit['items']).toContainEqual(
      expect.objectContaining({ actor: 'o', target: 'Quick', detail: runId }),
    );
    const again = await call('POST', `/api/runs/${runId}/rerun`, 'operator', { fromFailed: false });
    expect(again.json()).toMatchObject({ error: { code: 'run/secure-parameter-needed' } });
    const rerun = await call('POST', `/api/runs/${runId}/rerun`, 'operator', { parameters: { token: 't2' } });
    expect(rerun.status).toBe(202);
    expect((await waitFor(rerun.json()['runId'] as string))['status']).toBe('Succeeded');
  });
  it('reruns one failed ForEach iteration: only its activities log again; a bad path is a 400 with its code', async () => {
    const runId = (await call('POST', '/api/pipelines/Iter/runs', 'operator', {})).json()['runId'] as string;
    expect((await waitFor(runId))['status']).toBe('Failed');
    const unknown = await call('POST', `/api/runs/${runId}/rerun`, 'operator', { iterations: ['Loop[5]'] });
    expect(unknown.status).toBe(400);
    expect(unknown.json()).toMatchObject({ error: { code: 'run/unknown-iteration' } });
    expect(JSON.stringify(unknown.json())).toContain('(failed iterations: Loop[1], Loop[2])');
    const notFailed = await call('POST', `/api/runs/${runId}/rerun`, 'operator', { iterations: ['Loop[0]'] });
    expect(notFailed.status).toBe(409);
    expect(notFailed.json()).toMatchObject({ error: { code: 'run/iteration-not-failed' } });
    expect((await call('POST', `/api/runs/${runId}/rerun`, 'operator', { iterations: [] })).status).toBe(400);
    const res = await call('POST', `/api/runs/${runId}/rerun`, 'operator', {
      iterations: ['Loop[1]'],
      parameters: { bad: [2] },
    });
    expect(res.status).toBe(202);
    const rerunId = res.json()['runId'] as string;
    const doc = await waitFor(rerunId);
    // Loop[2] kept its failure, so the run failed again; Loop[1] ran and now succeeds.
    expect(doc).toMatchObject({ status: 'Failed', invokedBy: { triggerType: 'Rerun', rerunOf: runId } });
    const runs = doc['activityRuns'] as { activityName: string; iteration?: string; status: string }[];
    const status = (iteration: string, name: string) =>
      runs.find((a) => a.iteration === iteration && a.activityName === name)?.status;
    expect([status('Loop[1]', 'Check'), status('Loop[2]', 'Check')]).toEqual(['Succeeded', 'Failed']);
    // Only the rerun iteration's Say executed (and logged); the others were reused.
    const logs = (await call('GET', `/api/runs/${rerunId}/logs?activity=Say`, 'reader')).json();
    expect((logs['items'] as { iteration?: string }[]).map((l) => l.iteration)).toEqual(['Loop[1]']);
  });
  it('cancels a running run', async () => {
    const runId = (await call('POST', '/api/pipelines/Slow/runs', 'operator', {})).json()['runId'] as string;
    const res = await call('POST', `/api/runs/${runId}/cancel`, 'operator');
    expect(res.status).toBe(202);
    expect((await waitFor(runId))['status']).toBe('Cancelled');
    expect((await call('POST', `/api/runs/${runId}/cancel`, 'operator')).status).toBe(409);
  });
});

describe('server: documents', () => {
  it('serves an OpenAPI 3 document with every route', async () => {
    const doc = (await call('GET', '/openapi.json')).json() as {
      openapi: string;
      paths: Record<string, object>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/health',
      '/metrics',
      '/api/pipelines',
      '/api/pipelines/{name}',
      '/api/pipelines/{name}/runs',
      '/api/datasets',
      '/api/linked-services',
      '/api/triggers',
      '/api/triggers/{name}',
      '/api/triggers/{name}/start',
      '/api/triggers/{name}/stop',
      '/api/triggers/{name}/runs',
      '/api/triggers/{name}/windows',
      '/api/triggers/{name}/windows/rerun',
      '/api/triggers/{name}/backfill',
      '/api/runs',
      '/api/runs/{id}',
      '/api/runs/{id}/activities',
      '/api/runs/{id}/cancel',
      '/api/runs/{id}/rerun',
      '/api/runs/{id}/logs',
      '/api/runs/{id}/logs/stream',
      '/api/secrets',
      '/api/secrets/{name}',
      '/api/audit',
      '/api/tokens',
      '/api/tokens/{name}',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
  });
  it('describes every response with OpenAPI 3.0 schema keywords only (the zod shapes as JSON Schema)', async () => {
    const doc = (await call('GET', '/openapi.json')).json() as { paths: Record<string, object> };
    // The Schema Object of OpenAPI 3.0.3 (https://spec.openapis.org/oas/v3.0.3#schema-object).
    const allowed = new Set([
      'title',
      'multipleOf',
      'maximum',
      'exclusiveMaximum',
      'minimum',
      'exclusiveMinimum',
      'maxLength',
      'minLength',
      'pattern',
      'maxItems',
      'minItems',
      'uniqueItems',
      'maxProperties',
      'minProperties',
      'required',
      'enum',
      'type',
      'allOf',
      'oneOf',
      'anyOf',
      'not',
      'items',
      'properties',
      'additionalProperties',
      'description',
      'format',
      'default',
      'nullable',
      'discriminator',
      'readOnly',
      'writeOnly',
      'xml',
      'externalDocs',
      'example',
      'deprecated',
    ]);
    const bad: string[] = [];
    const visit = (schema: unknown, at: string): void => {
      if (typeof schema !== 'object' || schema === null) return;
      for (const [k, v] of Object.entries(schema)) {
        if (!allowed.has(k) && !k.startsWith('x-')) bad.push(`${at}.${k}`);
        if (k === 'type' && typeof v !== 'string') bad.push(`${at}.type (not one type)`);
        if (k === 'properties') for (const [p, s] of Object.entries(v as object)) visit(s, `${at}.${p}`);
        else if (k === 'items' || k === 'additionalProperties' || k === 'not') visit(v, `${at}.${k}`);
        else if (k === 'allOf' || k === 'oneOf' || k === 'anyOf')
          (v as unknown[]).forEach((s, i) => visit(s, `${at}.${k}[${i}]`));
      }
    };
    let responses = 0;
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops as Record<string, { responses?: object }>))
        for (const [status, res] of Object.entries(op.responses ?? {})) {
          const content = (res as { content?: Record<string, { schema?: unknown }> }).content ?? {};
          for (const media of Object.values(content)) {
            responses += 1;
            visit(media.schema, `${method} ${path} ${status}`);
          }
        }
    expect(responses).toBeGreaterThan(100);
    expect(bad).toEqual([]);
  });
  it('serves Prometheus metrics', async () => {
    const text = (await call('GET', '/metrics', 'reader')).body;
    expect(text).toContain('# TYPE millrace_runs gauge');
    expect(text).toMatch(/millrace_runs\{status="Succeeded"\} \d+/);
    expect(text).toContain('millrace_http_requests_total{method="GET",route="/api/runs/:id"');
    expect(text).toContain('millrace_run_duration_seconds_bucket');
  });
  it('masks secure defaults in the pipeline resource', async () => {
    const res = (await call('GET', '/api/pipelines/Quick', 'reader')).json();
    expect(JSON.stringify(res)).not.toContain('default-secret');
    expect(res).toMatchObject({ name: 'Quick', activities: 1 });
  });
});

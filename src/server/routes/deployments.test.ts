import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../index.js';
import {
  buildProject,
  deployProject,
  deploymentHistory,
  openAccess,
  rejectRemoteDeployment,
} from '../../index.js';
import { startServer } from '../index.js';

type Token = 'reader' | 'alice' | 'bob';

let root: string;
let server: RunningServer;
let v1: string;
let v2: string;
const tokens = {} as Record<Token, string>;

function write(rel: string, json: unknown): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), JSON.stringify(json, null, 2));
}

/** A project with environments qa and protected prod; pipeline PL_A waits `wait` seconds. */
function writeProject(wait: number): void {
  write('millrace.json', {
    factory: 'factory',
    environments: { qa: {}, prod: { protected: true } },
  });
  write('factory/pipeline/PL_A.json', {
    name: 'PL_A',
    properties: {
      activities: [{ name: 'Wait1', type: 'Wait', typeProperties: { waitTimeInSeconds: wait } }],
    },
  });
}

async function build(out: string, version: string): Promise<string> {
  const result = await buildProject({ projectDir: root, outDir: join(root, out), version });
  if (!result.built) throw new Error(JSON.stringify(result.report.diagnostics));
  return readFileSync(join(result.outDir, 'bundle.json'), 'utf8');
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'millrace-deployments-'));
  writeProject(0);
  v1 = await build('dist-v1', 'v1');
  writeProject(1);
  v2 = await build('dist-v2', 'v2');
  const access = await openAccess({ projectDir: root });
  tokens.reader = (await access.createToken('reader', 'reader')).token;
  tokens.alice = (await access.createToken('alice', 'deployer')).token;
  tokens.bob = (await access.createToken('bob', 'deployer')).token;
  await access.close();
  server = await startServer({ projectDir: root, port: 0, environment: 'qa', scheduler: false });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

async function call(method: 'GET' | 'POST', url: string, who?: Token, bundle?: string) {
  const res = await server.inject({
    method,
    url,
    headers: {
      ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
      ...(bundle === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(bundle === undefined ? {} : { payload: bundle }),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> };
}

const history = async (env: string) =>
  (await call('GET', `/api/deployments?env=${env}`, 'reader')).body as {
    closed?: { id: string; outcome: string; closedBy: string; closedAt: string; reason?: string }[];
    deployments: { id: string; actor: string; kind: string; approvedBy?: string }[];
    pending: { id: string }[];
  };
const qaTarget = () => join(root, '.millrace', 'envs', 'qa');

describe('deployment routes', () => {
  it('refuses a reader (403) and a request without a token (401); the reader may read the history', async () => {
    expect((await call('POST', '/api/deployments', 'reader', v1)).body).toMatchObject({
      error: { code: 'api/forbidden' },
    });
    expect((await call('POST', '/api/deployments', undefined, v1)).status).toBe(401);
    expect((await call('POST', '/api/deployments/rollback', 'reader')).status).toBe(403);
    expect((await call('POST', '/api/deployments/x/approve', 'reader')).status).toBe(403);
    expect((await call('GET', '/api/deployments', 'reader')).status).toBe(200);
    expect((await call('GET', '/api/deployments')).status).toBe(401);
  });

  it('what-if over HTTP returns the plan and changes nothing', async () => {
    const res = await call('POST', '/api/deployments?whatIf=true', 'alice', v1);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'what-if', environment: 'qa', version: 'v1' });
    expect(res.body['diff']).toMatchObject({ summary: { added: 1, changed: 0, removed: 0 } });
    // The typed response schema keeps every field of the library's outcome (the diff's paths included).
    const own = await deployProject({ projectDir: root, environment: 'qa', bundleText: v1, whatIf: true });
    expect(res.body).toEqual(JSON.parse(JSON.stringify(own)));
    expect(existsSync(join(qaTarget(), 'current'))).toBe(false);
    expect((await history('qa')).deployments).toEqual([]);
  });

  it('accepts a bundle over the server-wide 1 MiB body limit', async () => {
    const big = JSON.stringify({ ...(JSON.parse(v1) as object), padding: 'x'.repeat(2 * 1024 * 1024) });
    const res = await call('POST', '/api/deployments?whatIf=true', 'alice', big);
    expect(res.status).toBe(200);
  });

  it('applies (the actor is the token name); the history and GET by id show it; rollback over HTTP', async () => {
    const applied = await call('POST', '/api/deployments', 'alice', v1);
    expect(applied.body).toMatchObject({ status: 'applied', deployment: { actor: 'alice' } });
    const id = (applied.body['deployment'] as { id: string }).id;
    expect((await history('qa')).deployments.map((d) => d.id)).toEqual([id]);
    expect((await call('GET', `/api/deployments/${id}`, 'reader')).body).toMatchObject({
      deployment: { id, actor: 'alice', kind: 'deploy' },
    });
    expect((await call('GET', '/api/deployments/nope', 'reader')).body).toMatchObject({
      error: { code: 'deploy/unknown-deployment' },
    });
    expect((await call('POST', '/api/deployments', 'alice', v1)).body).toMatchObject({
      status: 'no-changes',
    });
    expect((await call('POST', '/api/deployments', 'bob', v2)).body).toMatchObject({ status: 'applied' });
    const back = await call('POST', '/api/deployments/rollback', 'bob');
    expect(back.body).toMatchObject({ status: 'applied', rollback: true, version: 'v1' });
    expect((await history('qa')).deployments.map((d) => d.kind)).toEqual(['deploy', 'deploy', 'rollback']);
    expect((await call('GET', '/api/deployments', 'reader')).body).toEqual(
      JSON.parse(JSON.stringify(await deploymentHistory({ projectDir: root, environment: 'qa' }))),
    );
  });

  it('a protected environment needs an approval by another token', async () => {
    const asked = await call('POST', '/api/deployments?env=prod', 'alice', v1);
    expect(asked.body).toMatchObject({ status: 'pending-approval', pending: { requestedBy: 'alice' } });
    const id = (asked.body['pending'] as { id: string }).id;
    // What an approver reviews (the changes) comes through every route that shows the request.
    expect(asked.body['pending']).toMatchObject({ changes: [{ action: 'add', name: 'PL_A' }] });
    expect((await call('GET', `/api/deployments/${id}?env=prod`, 'reader')).body).toEqual({
      pending: asked.body['pending'],
    });
    const self = await call('POST', `/api/deployments/${id}/approve?env=prod`, 'alice');
    expect(self.status).toBe(403);
    expect(self.body).toMatchObject({ error: { code: 'deploy/self-approval' } });
    const ok = await call('POST', `/api/deployments/${id}/approve?env=prod`, 'bob');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id, approvedBy: 'bob' });
    const applied = await call('POST', '/api/deployments?env=prod&yes=true', 'alice', v1);
    expect(applied.body).toMatchObject({
      status: 'applied',
      deployment: { actor: 'alice', approvedBy: 'bob' },
    });
    expect((await history('prod')).pending).toEqual([]);
  });

  it('rejects a pending deployment (any deployer) or withdraws it (its requester); either is kept as closed', async () => {
    const ask = async () =>
      ((await call('POST', '/api/deployments?env=prod', 'alice', v2)).body['pending'] as { id: string }).id;
    const first = await ask();
    expect((await call('POST', `/api/deployments/${first}/reject?env=prod`, 'reader')).status).toBe(403);
    const bad = await call('POST', `/api/deployments/${first}/reject?env=prod`, 'bob', '{"why":"x"}');
    expect(bad.status).toBe(400);
    const rejected = await call(
      'POST',
      `/api/deployments/${first}/reject?env=prod`,
      'bob',
      '{"reason":"not today"}',
    );
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      id: first,
      requestedBy: 'alice',
      outcome: 'rejected',
      closedBy: 'bob',
      reason: 'not today',
    });
    expect(Date.parse(rejected.body['closedAt'] as string)).toBeGreaterThan(Date.now() - 60_000);
    const again = await call('POST', `/api/deployments/${first}/reject?env=prod`, 'bob', '{}');
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ error: { code: 'deploy/unknown-pending' } });
    // A rejected request cannot be approved any more.
    expect((await call('POST', `/api/deployments/${first}/approve?env=prod`, 'bob')).status).toBe(404);
    const second = await ask();
    const withdrawn = await call('POST', `/api/deployments/${second}/reject?env=prod`, 'alice', '{}');
    expect(withdrawn.body).toMatchObject({ id: second, outcome: 'withdrawn', closedBy: 'alice' });
    const h = await history('prod');
    expect(h.pending.map((p) => p.id)).not.toContain(first);
    expect(h.pending.map((p) => p.id)).not.toContain(second);
    expect(h.closed?.map((c) => [c.id, c.outcome, c.closedBy])).toEqual([
      [first, 'rejected', 'bob'],
      [second, 'withdrawn', 'alice'],
    ]);
  });

  it('rejectRemoteDeployment (the CLI with --target) rejects through the route, as the token', async () => {
    const asked = await call('POST', '/api/deployments?env=prod', 'alice', v2);
    const id = (asked.body['pending'] as { id: string }).id;
    const closed = await rejectRemoteDeployment({
      url: server.url,
      token: tokens.bob,
      environment: 'prod',
      pendingId: id,
      reason: 'over HTTP',
    });
    expect(closed).toMatchObject({ id, outcome: 'rejected', closedBy: 'bob', reason: 'over HTTP' });
    expect((await history('prod')).closed?.at(-1)).toMatchObject({ id, closedBy: 'bob' });
  });

  it('approves by bundle with approve=true', async () => {
    expect((await call('POST', '/api/deployments?env=prod', 'bob', v2)).body).toMatchObject({
      status: 'pending-approval',
    });
    const ok = await call('POST', '/api/deployments?env=prod&approve=true', 'alice', v2);
    expect(ok.body).toMatchObject({ requestedBy: 'bob', approvedBy: 'alice' });
  });

  it('request=true only records a request: 409 deploy/not-protected for an unprotected environment', async () => {
    const before = await history('qa');
    const res = await call('POST', '/api/deployments?env=qa&request=true', 'alice', v2);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: 'deploy/not-protected' } });
    expect(await history('qa')).toEqual(before);
    const asked = await call('POST', '/api/deployments?env=prod&request=true&yes=true', 'alice', v2);
    expect(asked.body).toMatchObject({ status: 'approved' });
    expect((await history('prod')).deployments).toHaveLength(1);
  });

  it('refuses a tampered bundle with 400 deploy/tampered-bundle and changes nothing', async () => {
    const before = await history('qa');
    const tampered = v2.replace('"waitTimeInSeconds": 1', '"waitTimeInSeconds": 9');
    expect(tampered).not.toBe(v2);
    const res = await call('POST', '/api/deployments', 'alice', tampered);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'deploy/tampered-bundle' } });
    expect(await history('qa')).toEqual(before);
  });

  it('GET /api/environments lists the environments, protection and the server default', async () => {
    const res = await call('GET', '/api/environments', 'reader');
    expect(res.body).toEqual({
      items: [
        { name: 'qa', protected: false },
        { name: 'prod', protected: true },
      ],
      default: 'qa',
    });
    expect((await call('GET', '/api/environments')).status).toBe(401);
  });

  it('audit-logs the deployment writes with the token name', async () => {
    const access = await openAccess({ projectDir: root });
    const { entries } = await access.listAudit({});
    await access.close();
    const deploys = entries.filter((e) => e.action.startsWith('deploy'));
    expect(deploys.map((e) => `${e.actor} ${e.action} ${e.target}`)).toContain('bob deploy.rollback qa');
    expect(deploys.map((e) => `${e.actor} ${e.action}`)).toContain('bob deploy.approve');
    expect(deploys.map((e) => `${e.actor} ${e.action} ${e.target}`)).toContain('bob deploy.reject prod');
    expect(deploys.map((e) => `${e.actor} ${e.action} ${e.target}`)).toContain('alice deploy.withdraw prod');
  });
});

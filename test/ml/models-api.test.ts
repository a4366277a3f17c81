import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeModelsProject } from '../../src/app/testing/ml-fixture.js';
import type { RunningServer } from '../../src/server/index.js';
import { openAccess, openModels } from '../../src/index.js';
import { startServer } from '../../src/server/index.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-models-api-'));
let server: RunningServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  await writeModelsProject(dir);
  const access = await openAccess({ projectDir: dir });
  for (const [name, role] of [
    ['reader', 'reader'],
    ['alice', 'deployer'],
    ['bob', 'deployer'],
  ] as const)
    tokens[name] = (await access.createToken(name, role)).token;
  await access.close();
  server = await startServer({ projectDir: dir, port: 0, scheduler: false });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = async (method: 'GET' | 'POST', url: string, who: string, payload?: object) => {
  const res = await server.inject({
    method,
    url,
    headers: { authorization: `Bearer ${tokens[who] ?? ''}` },
    ...(payload ? { payload } : {}),
  });
  return { status: res.statusCode, json: JSON.parse(res.body) as Record<string, unknown> };
};

describe('/api/models: promotion with role checks and approvals', () => {
  it('GET /api/models/serving says what serves in an environment (nothing yet) and the swaps', async () => {
    const state = await call('GET', '/api/models/serving?env=prod', 'reader');
    expect(state).toEqual({ status: 200, json: { env: 'prod', endpoints: [], history: [] } });
    expect((await call('GET', '/api/models/serving', 'nobody')).status).toBe(401);
    expect((await call('GET', '/api/models/serving?nope=1', 'reader')).status).toBe(400);
  });
  it('lets a deployer request, another deployer approve, and a reader read the history', async () => {
    expect(
      (await call('POST', '/api/models/price/promote', 'reader', { version: '1', to: 'prod' })).status,
    ).toBe(403);
    const asked = await call('POST', '/api/models/price/promote', 'alice', { version: '1', to: 'prod' });
    expect(asked).toMatchObject({ status: 200, json: { status: 'pending', requestedBy: 'alice' } });
    const id = asked.json['id'] as string;
    const self = await call('POST', `/api/models/promotions/${id}/approve?env=prod`, 'alice');
    expect(self).toMatchObject({ status: 403, json: { error: { code: 'ml/self-approval' } } });
    const approved = await call('POST', `/api/models/promotions/${id}/approve?env=prod`, 'bob');
    expect(approved.json).toMatchObject({ status: 'applied', approvedBy: 'bob', targetVersion: '1' });
    const history = await call('GET', '/api/models/price/history?env=prod', 'reader');
    expect(history.json['aliases']).toMatchObject([{ alias: 'champion', version: '1', actor: 'bob' }]);
    const into = await call('GET', '/api/models/promotions?env=prod', 'reader');
    expect(into.json).toMatchObject([{ id, name: 'price', status: 'applied', requestedBy: 'alice' }]);
    expect((await call('GET', '/api/models/promotions', 'reader')).json).toEqual([]); // none into the default
    const unknown = await call('GET', '/api/models/nope/versions?env=prod', 'reader');
    expect(unknown).toMatchObject({ status: 404, json: { error: { code: 'ml/unknown-model' } } });
  });

  it('answers each read with the library records field for field (typed response schemas drop nothing)', async () => {
    const models = await openModels({ projectDir: dir });
    try {
      const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
      const pairs: [string, unknown][] = [
        ['/api/models?env=prod', await models.listModels('prod')],
        ['/api/models/price/versions?env=prod', await models.versions('price', 'prod')],
        ['/api/models/price/versions', await models.versions('price')],
        ['/api/models/price/history?env=prod', await models.history('price', 'prod')],
        ['/api/models/promotions?env=prod', await models.promotions('prod')],
      ];
      for (const [url, records] of pairs) {
        const res = await call('GET', url, 'reader');
        expect(res.status).toBe(200);
        expect(res.json, url).toEqual(json(records));
      }
      // The applied promotion carries its optional facts (approval, target version) through the route.
      expect((await models.promotions('prod'))[0]).toMatchObject({ approvedBy: 'bob', targetVersion: '1' });
    } finally {
      await models.close();
    }
  });

  it('rolls an alias back (deployer only), audited; with nothing earlier it is a 409', async () => {
    const body = { version: '2', to: 'prod', alias: 'champion' };
    const asked = await call('POST', '/api/models/price/promote', 'alice', body);
    expect(asked.status, JSON.stringify(asked.json)).toBe(200);
    await call('POST', `/api/models/promotions/${asked.json['id'] as string}/approve?env=prod`, 'bob');
    const champion = async () =>
      (
        (await call('GET', '/api/models/price/history?env=prod', 'reader')).json['aliases'] as {
          version: string;
        }[]
      )
        .map((e) => e.version)
        .at(-1);
    expect(await champion()).toBe('2');
    const url = '/api/models/price/rollback?env=prod';
    expect((await call('POST', url, 'reader', { alias: 'champion' })).status).toBe(403);
    const back = await call('POST', url, 'alice', { alias: 'champion' });
    expect(back).toEqual({ status: 200, json: { name: 'price', alias: 'champion', from: '2', to: '1' } });
    expect(await champion()).toBe('1');
    const none = await call('POST', '/api/models/price/rollback?env=qa', 'alice', {});
    expect(none).toMatchObject({ status: 409, json: { error: { code: 'ml/nothing-to-roll-back' } } });
  });
});

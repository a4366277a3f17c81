import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCredential, startCloudFake } from './cloud-fake.js';
import type { CloudFake } from './cloud-fake.js';
import { fetchTrusting } from './https-fetch.js';

// The fakes' own wire format, as the REST references give it (the clients' tests cover the rest).
let fake: CloudFake;
let get: typeof fetch;
const TOKEN = 'dapi-1';
beforeAll(async () => {
  fake = await startCloudFake({ tenant: 't', clientId: 'c', clientSecret: 's', databricksToken: TOKEN });
  get = fetchTrusting(fake.cert);
});
afterAll(() => fake.close());

const db = (path: string, body?: object) =>
  get(`${fake.url}/api/2.0/${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { Authorization: `Bearer ${TOKEN}` },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

describe('the cloud fakes', () => {
  it('Databricks: mkdirs, import, get-status and list; error bodies {error_code, message}', async () => {
    const missing = await db('workspace/import', {
      path: '/A/n',
      format: 'SOURCE',
      language: 'PYTHON',
      content: '',
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error_code: 'RESOURCE_DOES_NOT_EXIST' });
    await db('workspace/mkdirs', { path: '/A/B' });
    await db('workspace/import', { path: '/A/B/n', format: 'SOURCE', language: 'PYTHON', content: 'eA==' });
    const again = await db('workspace/import', {
      path: '/A/B/n',
      format: 'SOURCE',
      language: 'PYTHON',
      content: 'eA==',
    });
    expect(await again.json()).toMatchObject({ error_code: 'RESOURCE_ALREADY_EXISTS' });
    expect(await (await db('workspace/get-status?path=/A/B/n')).json()).toEqual({
      object_type: 'NOTEBOOK',
      path: '/A/B/n',
      language: 'PYTHON',
    });
    expect(await (await db('workspace/list?path=/A')).json()).toEqual({
      objects: [{ object_type: 'DIRECTORY', path: '/A/B' }],
    });
    const denied = await get(`${fake.url}/api/2.0/workspace/list?path=/A`);
    expect(denied.status).toBe(403);
  });

  it('ARM: refuses a missing api-version or token with an ARM error body; lists page with nextLink', async () => {
    const base = `${fake.url}/subscriptions/s/resourceGroups/r/providers/Microsoft.DataFactory/factories/f/pipelines`;
    const { token } = await fakeCredential(fake).getToken();
    const auth = { Authorization: `Bearer ${token}` };
    expect(await (await get(base, { headers: auth })).json()).toMatchObject({
      error: { code: 'InvalidApiVersionParameter' },
    });
    expect(await (await get(`${base}?api-version=2018-06-01`)).json()).toMatchObject({
      error: { code: 'AuthenticationFailed' },
    });
    for (const n of ['a', 'b', 'c'])
      await get(`${base}/${n}?api-version=2018-06-01`, {
        method: 'PUT',
        headers: auth,
        body: JSON.stringify({ properties: { activities: [] } }),
      });
    const first = (await (await get(`${base}?api-version=2018-06-01`, { headers: auth })).json()) as {
      value: { name: string }[];
      nextLink: string;
    };
    expect(first.value.map((v) => v.name)).toEqual(['a', 'b']);
    const second = (await (await get(first.nextLink, { headers: auth })).json()) as {
      value: { name: string; type: string }[];
      nextLink?: string;
    };
    expect(second.value).toMatchObject([{ name: 'c', type: 'Microsoft.DataFactory/factories/pipelines' }]);
    expect(second.nextLink).toBeUndefined();
  });
});

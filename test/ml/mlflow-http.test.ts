import { existsSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MlflowHarness } from './mlflow-harness.js';
import { startMlflowHarness } from './mlflow-harness.js';

let h: MlflowHarness;
beforeAll(async () => {
  h = await startMlflowHarness();
});
afterAll(async () => h.close());

const call = async (method: 'GET' | 'POST' | 'PUT', url: string, token?: string, payload?: object) => {
  const res = await h.server.inject({
    method,
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(payload ? { payload } : {}),
  });
  return { status: res.statusCode, json: JSON.parse(res.body) as Record<string, unknown> };
};

describe('MLflow REST errors and roles', () => {
  it("answers with MLflow's error_code and status", async () => {
    const missing = await call('GET', '/api/2.0/mlflow/runs/get?run_id=abc', h.tokens.reader);
    expect(missing).toEqual({
      status: 404,
      json: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Run with id=abc not found' },
    });
    const noName = await call('POST', '/api/2.0/mlflow/experiments/create', h.tokens.operator, {});
    expect(noName.status).toBe(400);
    expect(noName.json['error_code']).toBe('INVALID_PARAMETER_VALUE');
    expect(noName.json['message']).toContain("'name'");
    const ajax = await call('GET', '/ajax-api/2.0/mlflow/experiments/get?experiment_id=0', h.tokens.reader);
    expect(ajax.json['experiment']).toMatchObject({ name: 'Default', experiment_id: '0' });
  });

  it('needs a token, and operator to write', async () => {
    expect(await call('GET', '/api/2.0/mlflow/experiments/get?experiment_id=0')).toMatchObject({
      status: 401,
      json: { error_code: 'UNAUTHENTICATED' },
    });
    const write = await call('POST', '/api/2.0/mlflow/experiments/create', h.tokens.reader, { name: 'x' });
    expect(write).toMatchObject({ status: 403, json: { error_code: 'PERMISSION_DENIED' } });
  });

  it('leaves nothing behind when an artifact upload is interrupted', async () => {
    const url = new URL('/api/2.0/mlflow-artifacts/artifacts/0/r1/artifacts/big.bin', h.server.url);
    await new Promise<void>((resolve) => {
      const req = request(url, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${h.tokens.operator}`,
          'content-type': 'application/octet-stream',
          'content-length': String(10 * 1024 * 1024),
        },
      });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(256 * 1024, 1), () => setTimeout(() => req.destroy(), 200));
      req.on('close', () => resolve());
    });
    const root = join(h.dir, '.millrace', 'mlartifacts');
    // The server notices the broken connection asynchronously: wait until the temp file is gone.
    for (
      let i = 0;
      i < 100 && existsSync(join(root, '.uploading')) && readdirSync(join(root, '.uploading')).length > 0;
      i++
    )
      await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(join(root, '0', 'r1', 'artifacts', 'big.bin'))).toBe(false);
    expect(existsSync(join(root, '.uploading')) ? readdirSync(join(root, '.uploading')) : []).toEqual([]);
    const listed = await call(
      'GET',
      '/api/2.0/mlflow-artifacts/artifacts?path=0/r1/artifacts',
      h.tokens.reader,
    );
    expect(listed.json).toEqual({ files: [] });
  });

  it('refuses artifact paths that leave the artifact root', async () => {
    const res = await call('GET', '/api/2.0/mlflow-artifacts/artifacts?path=../..', h.tokens.reader);
    expect(res).toMatchObject({ status: 400, json: { error_code: 'INVALID_PARAMETER_VALUE' } });
  });
});

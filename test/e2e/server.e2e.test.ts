import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const work = mkdtempSync(join(tmpdir(), 'millrace-server-e2e-'));
const project = join(work, 'factory');
cpSync(join(root, 'test', 'fixtures', 'server'), project, { recursive: true });

const cliRun = (...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args, '--project', project], { encoding: 'utf8', cwd: work });

let child: ChildProcessWithoutNullStreams;
let url = '';
let stderr = '';
const tokens: Record<string, string> = {};

beforeAll(async () => {
  for (const role of ['reader', 'operator', 'admin']) {
    const r = cliRun('tokens', 'create', '--name', `t-${role}`, '--role', role);
    expect(r.status, r.stderr).toBe(0);
    tokens[role] = r.stdout.trim();
  }
  child = spawn(process.execPath, [cli, 'server', '--port', '0', '--project', project], { cwd: work });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
});
afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

const api = async (method: string, path: string, role?: string, body?: unknown) => {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

const waitFor = async (runId: string) => {
  for (let i = 0; i < 300; i++) {
    const { json } = await api('GET', `/api/runs/${runId}`, 'reader');
    if (['Succeeded', 'Failed', 'Cancelled'].includes(json['status'] as string)) return json;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('run did not finish');
};

describe('millrace server (e2e)', () => {
  it('binds 127.0.0.1, answers health without a token and 401/403 by role', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await api('GET', '/api/health')).toEqual({ status: 200, json: { status: 'ok' } });
    expect((await api('GET', '/api/runs')).status).toBe(401);
    expect((await api('POST', '/api/pipelines/PL_Wait/runs', 'reader', {})).status).toBe(403);
    expect((await api('GET', '/api/audit', 'operator')).status).toBe(403);
  });
  it('runs a pipeline: start → poll → Succeeded', async () => {
    const started = await api('POST', '/api/pipelines/PL_Wait/runs', 'operator', {
      parameters: { seconds: 0 },
    });
    expect(started.status).toBe(202);
    expect((await waitFor(started.json['runId'] as string))['status']).toBe('Succeeded');
    const list = await api('GET', '/api/runs?pipeline=PL_Wait', 'reader');
    expect(list.json['total']).toBeGreaterThanOrEqual(1);
  });
  it('rejects a bad parameter type with a code', async () => {
    const res = await api('POST', '/api/pipelines/PL_Wait/runs', 'operator', {
      parameters: { seconds: 'x' },
    });
    expect(res).toMatchObject({ status: 400, json: { error: { code: 'run/invalid-parameter' } } });
  });
  it('cancels a running run', async () => {
    const started = await api('POST', '/api/pipelines/PL_Wait/runs', 'operator', {
      parameters: { seconds: 30 },
    });
    const runId = started.json['runId'] as string;
    expect((await api('POST', `/api/runs/${runId}/cancel`, 'operator')).status).toBe(202);
    expect((await waitFor(runId))['status']).toBe('Cancelled');
  });
  it('serves the OpenAPI document', async () => {
    const { json } = await api('GET', '/openapi.json');
    expect(json['openapi']).toMatch(/^3\./);
    expect(Object.keys(json['paths'] as object)).toContain('/api/runs/{id}/logs/stream');
  });
  it('shuts down gracefully on SIGTERM, cancelling running runs (exit 0)', async () => {
    const started = await api('POST', '/api/pipelines/PL_Wait/runs', 'operator', {
      parameters: { seconds: 30 },
    });
    const runId = started.json['runId'] as string;
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const show = cliRun('runs', 'show', runId, '--json');
    expect(JSON.parse(show.stdout)).toMatchObject({ status: 'Cancelled' });
    const list = cliRun('tokens', 'list');
    expect(list.stdout).toContain('t-operator\toperator');
    expect(list.stdout).not.toContain(tokens['operator']);
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoolEvent } from '../../src/serving/worker-pool.js';
import { WorkerPool } from '../../src/serving/worker-pool.js';
import { WorkerProcess } from '../../src/serving/worker-process.js';
import { testPython } from '../ml/mlflow-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-pool-'));
const modelDir = join(dir, 'flaky');
const marker = join(dir, 'crashed-once');

beforeAll(() => {
  execFileSync(testPython(), [join(import.meta.dirname, 'scripts', 'save_flaky_model.py'), modelDir], {
    env: { ...process.env, GIT_PYTHON_REFRESH: 'quiet' },
    stdio: 'ignore',
  });
  process.env['FLAKY_MARKER'] = marker; // inherited by the workers
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const request = (mode: number, xs: number[]) => ({
  contentType: 'application/json',
  body: Buffer.from(
    JSON.stringify({ dataframe_split: { columns: ['mode', 'x'], data: xs.map((x) => [mode, x]) } }),
  ),
});
const predictions = (r: { body: Buffer }) =>
  (JSON.parse(r.body.toString()) as { predictions: number[] }).predictions;

async function withPool(timeoutMs: number, test: (pool: WorkerPool, events: PoolEvent[]) => Promise<void>) {
  const events: PoolEvent[] = [];
  const pool = new WorkerPool({
    size: 1,
    timeoutMs,
    spawn: () => WorkerProcess.start({ python: testPython(), modelDir, loadTimeoutMs: 120_000 }),
    onEvent: (e) => events.push(e),
  });
  await pool.start();
  try {
    await test(pool, events);
  } finally {
    await pool.close();
  }
}

describe('WorkerPool over real Python workers', () => {
  it('batches requests that arrive while the worker is busy and splits the predictions back', async () => {
    await withPool(60_000, async (pool, events) => {
      const replies = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          pool.score(
            request(
              0,
              Array.from({ length: i + 1 }, (_, k) => i * 10 + k),
            ),
          ),
        ),
      );
      replies.forEach((r, i) => {
        expect(r.status).toBe(200);
        expect(predictions(r)).toEqual(Array.from({ length: i + 1 }, (_, k) => 2 * (i * 10 + k)));
      });
      const sizes = events.flatMap((e) => (e.kind === 'batch' ? [e.size] : []));
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(12);
      expect(Math.max(...sizes)).toBeGreaterThan(1);
    });
  }, 120_000);

  it('scores a batch of dataframe_records requests with one predict and splits it back', async () => {
    await withPool(60_000, async (pool, events) => {
      const records = (xs: number[]) => ({
        contentType: 'application/json; charset=utf-8',
        body: Buffer.from(JSON.stringify({ dataframe_records: xs.map((x) => ({ mode: 0, x })) })),
      });
      const slow = pool.score(request(3, [1])); // keeps the worker busy while the others queue
      const replies = await Promise.all(
        [records([1]), records([2, 3]), records([4, 5, 6])].map((r) => pool.score(r)),
      );
      expect((await slow).status).toBe(200);
      expect(replies.map(predictions)).toEqual([[2], [4, 6], [8, 10, 12]]);
      expect(events.flatMap((e) => (e.kind === 'batch' ? [e.size] : []))).toEqual([1, 3]);
    });
  }, 120_000);

  it('keeps an error with its request when a batch cannot be scored together', async () => {
    await withPool(60_000, async (pool) => {
      const broken = {
        contentType: 'application/json',
        body: Buffer.from(JSON.stringify({ dataframe_split: { columns: ['mode', 'x'], data: [[0]] } })),
      };
      const alone = await pool.score(broken);
      expect(alone.status).toBe(400);
      const slow = pool.score(request(3, [1]));
      const [a, bad, b] = await Promise.all(
        [request(0, [7]), broken, request(0, [8, 9])].map((r) => pool.score(r)),
      );
      expect((await slow).status).toBe(200);
      expect(predictions(a!)).toEqual([14]);
      expect(predictions(b!)).toEqual([16, 18]);
      expect(bad!.status).toBe(400);
      expect(bad!.body.toString()).toBe(alone.body.toString());
    });
  }, 120_000);

  it('replies in a batch as alone when requests hold different JSON number types', async () => {
    await withPool(60_000, async (pool) => {
      const ints = request(0, [3]);
      const floats = request(0, [1.5]);
      const alone = [(await pool.score(ints)).body.toString(), (await pool.score(floats)).body.toString()];
      const slow = pool.score(request(3, [1]));
      const batched = await Promise.all([ints, floats].map((r) => pool.score(r)));
      expect((await slow).status).toBe(200);
      expect(batched.map((r) => r.body.toString())).toEqual(alone);
      expect(alone[0]).toContain('[6]');
    });
  }, 120_000);

  it('restarts a worker that died mid-request and retries the request once', async () => {
    await withPool(60_000, async (pool, events) => {
      const reply = await pool.score(request(1, [21]));
      expect(existsSync(marker)).toBe(true);
      expect(reply.status).toBe(200);
      expect(predictions(reply)).toEqual([42]);
      expect(events.filter((e) => e.kind === 'worker-crash')).toHaveLength(1);
      expect(events.filter((e) => e.kind === 'retry')).toHaveLength(1);
    });
  }, 120_000);

  it('answers 503 when the retried request kills its worker again', async () => {
    await withPool(60_000, async (pool, events) => {
      const reply = await pool.score(request(2, [1]));
      expect(reply.status).toBe(503);
      expect(JSON.parse(reply.body.toString())).toMatchObject({ error_code: 'TEMPORARILY_UNAVAILABLE' });
      expect(events.filter((e) => e.kind === 'worker-crash')).toHaveLength(2);
      const after = await pool.score(request(0, [4]));
      expect(predictions(after)).toEqual([8]);
    });
  }, 180_000);

  it("answers MLflow's 504 past the timeout and replaces the stuck worker", async () => {
    await withPool(1500, async (pool, events) => {
      const [before] = pool.pids;
      const slow = await pool.score(request(3, [30]));
      expect(slow.status).toBe(504);
      expect(slow.body.toString()).toBe('Request processing time exceeded limit');
      expect(events.some((e) => e.kind === 'timeout')).toBe(true);
      const end = Date.now() + 60_000;
      while (Date.now() < end && (pool.pids.length === 0 || pool.pids[0] === before))
        await new Promise((r) => setTimeout(r, 100));
      expect(pool.pids).toHaveLength(1);
      expect(pool.pids[0]).not.toBe(before);
    });
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkOutcome, WorkPayload, WorkSubmission } from '../../contracts/index.js';
import { openPgDatabase } from './pg-database.js';
import type { PgDatabase } from './pg-database.js';
import { PgWorkQueue } from './pg-work-queue.js';
import { PgWorkSource } from './pg-work-source.js';
import { dropSchemas, schemaUrl, testSchemaName } from './testing/pg-test-schema.js';

const schema = testSchemaName('mr_queue');
let db: PgDatabase;
const opened: { close(): Promise<void> }[] = [];
let n = 0;

beforeAll(async () => {
  ({ db } = await openPgDatabase({ url: schemaUrl(schema), max: 4 }));
});
afterAll(async () => {
  for (const o of opened) await o.close();
  await db.release();
  await dropSchemas([schema]);
});

function queue(pollMs = 100, unclaimedWarningMs?: number): PgWorkQueue {
  const q = new PgWorkQueue(db.retain(), {
    dispatcher: `d-${++n}`,
    pollMs,
    ...(unclaimedWarningMs === undefined ? {} : { unclaimedWarningMs }),
  });
  opened.push(q);
  return q;
}

function source(leaseMs = 10_000): PgWorkSource {
  const s = new PgWorkSource(db.retain(), { leaseMs });
  opened.push(s);
  return s;
}

function payload(runId = 'run-1', name = `A${++n}`): WorkPayload {
  return {
    activity: { name, type: 'Probe', dependsOn: [], typeProperties: {} },
    pipelineName: 'PL',
    runId,
    activityRunId: `ar-${name}-${n}`,
    attempt: 1,
    typeProperties: { n },
    references: { inputs: [], outputs: [] },
  };
}

function submission(p: WorkPayload, extra: Partial<WorkSubmission> = {}): WorkSubmission {
  return { queue: 'default', payload: p, signal: new AbortController().signal, ...extra };
}

/** Claims until something arrives (the dispatcher inserts on the next tick). */
async function claimSome(s: PgWorkSource, worker: string, max = 1, queues = ['default']) {
  for (let i = 0; i < 100; i++) {
    const got = await s.claim(worker, queues, max);
    if (got.length > 0) return got;
    await new Promise((r) => setTimeout(r, 10));
  }
  return [];
}

describe('the work queue on PostgreSQL', () => {
  it('hands an item to one worker and its output back to the dispatcher, with its log lines first', async () => {
    const q = queue();
    const s = source();
    const lines: string[] = [];
    const p = payload();
    const outcome = q.submit(submission(p, { onLog: (l) => lines.push(l) }));
    const [work] = await claimSome(s, 'w1');
    expect(work?.payload).toEqual(p);
    await s.appendLogs('w1', [
      { id: work!.id, line: 'one' },
      { id: work!.id, line: 'two' },
    ]);
    await s.complete('w1', [{ id: work!.id, status: 'succeeded', output: { rows: 3 } }]);
    await expect(outcome).resolves.toEqual({ status: 'succeeded', output: { rows: 3 }, worker: 'w1' });
    expect(lines).toEqual(['one', 'two']);
    // Collected items leave the table.
    expect(await db.query('SELECT id FROM work_items WHERE id = $1', [work!.id])).toEqual([]);
  });

  it('never gives one item to two workers claiming at once (FOR UPDATE SKIP LOCKED)', async () => {
    const q = queue();
    const items = Array.from({ length: 40 }, () => payload('run-many'));
    const outcomes = items.map((p) => q.submit(submission(p)));
    await new Promise((r) => setTimeout(r, 50));
    const [s1, s2] = [source(), source()];
    const [a, b] = await Promise.all([s1.claim('w1', ['default'], 30), s2.claim('w2', ['default'], 30)]);
    const ids = [...a, ...b].map((w) => w.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    // Oldest first: the first claim's items are in submission order.
    const first = a.length >= b.length ? a : b;
    const order = first.map((w) => items.findIndex((p) => p.activityRunId === w.id));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    await s1.complete(
      'w1',
      a.map((w) => ({ id: w.id, status: 'succeeded' as const, output: null })),
    );
    await s2.complete(
      'w2',
      b.map((w) => ({
        id: w.id,
        status: 'failed' as const,
        error: { code: 'x/y', errorCode: 'E', failureType: 'UserError', message: 'no', retryable: false },
      })),
    );
    const done = await Promise.all(outcomes);
    expect(done.filter((o) => o.status === 'succeeded')).toHaveLength(a.length);
    expect(done.filter((o) => o.status === 'failed')).toHaveLength(b.length);
  });

  it('settles an item as lost when its worker stops renewing the lease, and drops that worker’s late result', async () => {
    const q = queue(50);
    const s = source(300);
    const outcome = q.submit(submission(payload('run-lost')));
    const [work] = await claimSome(s, 'w-dead');
    const t0 = Date.now();
    await expect(outcome).resolves.toEqual({ status: 'lost', worker: 'w-dead' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    // The worker comes back too late: its result changes nothing (and does not throw).
    await s.complete('w-dead', [{ id: work!.id, status: 'succeeded', output: 1 }]);
    expect(await db.query('SELECT id FROM work_items WHERE id = $1', [work!.id])).toEqual([]);
  });

  it('keeps an item while its worker heartbeats', async () => {
    const q = queue(50);
    const s = source(300);
    let settled: WorkOutcome | undefined;
    const outcome = q.submit(submission(payload('run-beat')));
    void outcome.then((o) => (settled = o));
    const [work] = await claimSome(s, 'w-alive');
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 100));
      expect(await s.heartbeat('w-alive')).toEqual([]);
    }
    expect(settled).toBeUndefined();
    await s.complete('w-alive', [{ id: work!.id, status: 'succeeded', output: 'ok' }]);
    await expect(outcome).resolves.toMatchObject({ status: 'succeeded', output: 'ok' });
  });

  it('withdraws an aborted item: deleted while queued, its worker told to stop while running', async () => {
    const q = queue();
    const s = source();
    const queuedAbort = new AbortController();
    const queued = q.submit(submission(payload('run-cancel'), { signal: queuedAbort.signal }));
    await new Promise((r) => setTimeout(r, 50));
    queuedAbort.abort(new Error('cancelled'));
    await expect(queued).rejects.toThrow('cancelled');
    await new Promise((r) => setTimeout(r, 50));
    expect(await s.claim('w1', ['default'], 10)).toEqual([]);

    const runningAbort = new AbortController();
    const running = q.submit(submission(payload('run-cancel'), { signal: runningAbort.signal }));
    const [work] = await claimSome(s, 'w1');
    // A worker listens from its first wait on (notifications before that wait for its next poll).
    await s.wait('w1', ['default'], 1, new AbortController().signal);
    const woke = s.wait('w1', ['default'], 5_000, new AbortController().signal);
    runningAbort.abort(new Error('cancelled'));
    await expect(running).rejects.toThrow('cancelled');
    const t0 = Date.now();
    expect(await woke).toBe(true); // woken by the cancellation, and says so
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(await s.heartbeat('w1')).toEqual([work!.id]);
  });

  it('lets another dispatcher adopt an item in flight, with the log lines not yet read; nothing to adopt is undefined', async () => {
    const dead = queue();
    const heir = queue();
    const s = source();
    const p = payload();
    // The first orchestrator queues an attempt and a worker takes it; the orchestrator dies (it collects nothing
    // more); the worker logs on.
    void dead.submit(submission(p));
    const [work] = await claimSome(s, 'w1');
    await dead.close();
    await s.appendLogs('w1', [{ id: work!.id, line: 'before the death' }]);
    const lines: string[] = [];
    const outcome = heir.adopt(submission(p, { onLog: (l) => lines.push(l) }));
    await s.appendLogs('w1', [{ id: work!.id, line: 'after it' }]);
    await s.complete('w1', [{ id: work!.id, status: 'succeeded', output: { ok: 1 } }]);
    await expect(outcome).resolves.toEqual({ status: 'succeeded', output: { ok: 1 }, worker: 'w1' });
    expect(lines).toEqual(['before the death', 'after it']);
    await expect(heir.adopt(submission(payload()))).resolves.toBeUndefined();
  });

  it('leaves the items of a dispatcher that hands over for the next one, even when their submissions abort', async () => {
    const leaving = queue();
    const heir = queue();
    const s = source();
    const p = payload();
    const controller = new AbortController();
    const first = leaving.submit(submission(p, { signal: controller.signal }));
    const [work] = await claimSome(s, 'w1');
    leaving.handOver();
    controller.abort(new Error('stopping'));
    await expect(first).rejects.toThrow('stopping');
    // Finished while nobody waited: the leaving dispatcher does not collect it; the heir does.
    await s.complete('w1', [{ id: work!.id, status: 'succeeded', output: { ok: 2 } }]);
    await new Promise((r) => setTimeout(r, 300));
    await expect(heir.adopt(submission(p))).resolves.toEqual({
      status: 'succeeded',
      output: { ok: 2 },
      worker: 'w1',
    });
  });

  it('says in the attempt’s log, once, when no worker has taken it for a while', async () => {
    const q = queue(50, 200);
    const lines: string[] = [];
    const abort = new AbortController();
    const waiting = q.submit(
      submission(payload('run-nobody'), {
        queue: 'NoSuchIR',
        signal: abort.signal,
        onLog: (l) => lines.push(l),
      }),
    );
    await new Promise((r) => setTimeout(r, 700));
    expect(lines).toEqual([
      expect.stringContaining('queued on "NoSuchIR": no worker has taken it') as unknown,
    ]);
    expect(lines[0]).toContain('millrace worker --queues NoSuchIR');
    abort.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });

  it('takes only the queues a worker serves, and never the items of a run that ended', async () => {
    const q = queue();
    const s = source();
    const onRuntime = q.submit(submission(payload('run-q'), { queue: 'OnPremIR' }));
    expect(await claimSomeOrNone(s, 'w1', ['default'])).toEqual([]);
    const [work] = await claimSome(s, 'w1', 1, ['OnPremIR']);
    expect(work?.queue).toBe('OnPremIR');
    await s.complete('w1', [{ id: work!.id, status: 'succeeded', output: null }]);
    await onRuntime;

    await db.query(
      `INSERT INTO pipeline_runs (run_id, pipeline, status, parameters, variables, output, group_id, invoked_by, content_hash, queued_at)
       VALUES ('run-ended', 'PL', 'Cancelled', '{}', '{}', '{}', 'g', '{}', 'h', '2026-01-01T00:00:00Z')`,
    );
    const orphan = payload('run-ended');
    void q.submit(submission(orphan));
    expect(await claimSomeOrNone(s, 'w1', ['default'])).toEqual([]);
    // A minute later any worker's sweep deletes it.
    expect(await s.sweep()).toBe(0);
    await db.query(`UPDATE work_items SET created_at = now() - interval '2 minutes' WHERE id = $1`, [
      orphan.activityRunId,
    ]);
    expect(await s.sweep()).toBe(1);
    expect(await db.query('SELECT id FROM work_items WHERE id = $1', [orphan.activityRunId])).toEqual([]);
  });
});

async function claimSomeOrNone(s: PgWorkSource, worker: string, queues: string[]) {
  await new Promise((r) => setTimeout(r, 100));
  return s.claim(worker, queues, 10);
}

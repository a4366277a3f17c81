import type pg from 'pg';
import type { ClaimedWork, WorkPayload, WorkResult, WorkSource } from '../../contracts/index.js';
import type { PgDatabase } from './pg-database.js';
import { WORK_CHANNELS } from './pg-work-queue.js';

/** Options of `PgWorkSource`. */
export interface PgWorkSourceOptions {
  /** How long a claim lasts without a heartbeat (ms). Default 10,000. */
  readonly leaseMs?: number;
}

/** Run statuses whose activities still may run (a run not yet flushed to the store counts as running). */
const LIVE_RUN = `(r.run_id IS NULL OR r.status IN ('Queued', 'InProgress'))`;

/**
 * The taking side of the work queue on PostgreSQL. Claims use `SELECT … FOR UPDATE SKIP LOCKED`
 * (https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE): concurrent workers each take
 * different rows without waiting on one another, the queue is a plain table in the state database (no other
 * service, and items are rows in the same transactions as everything else), and a claim is a lease that the
 * worker renews; when it lapses the dispatcher settles the item as lost. Items of runs that ended (cancelled,
 * interrupted because their orchestrating process died) are never claimed.
 */
export class PgWorkSource implements WorkSource {
  readonly #db: PgDatabase;
  readonly #leaseSeconds: number;
  #listener: pg.Client | undefined;
  #wake: (() => void) | undefined;
  #filter: { worker: string; queues: ReadonlySet<string> } | undefined;
  #woken = false;
  /** A cancellation for this worker was notified since the last wait returned. */
  #cancelNotified = false;

  constructor(db: PgDatabase, options: PgWorkSourceOptions = {}) {
    this.#db = db;
    this.#leaseSeconds = (options.leaseMs ?? 10_000) / 1000;
  }

  async claim(worker: string, queues: readonly string[], max: number): Promise<ClaimedWork[]> {
    if (max <= 0) return [];
    const rows = await this.#db.query<{ id: string; queue: string; payload: string }>(
      `UPDATE work_items w
         SET status = 'running', worker = $1, lease_expires_at = now() + make_interval(secs => $4)
       FROM (
         SELECT i.id FROM work_items i LEFT JOIN pipeline_runs r ON r.run_id = i.run_id
         WHERE i.status = 'queued' AND i.queue = ANY($2) AND NOT i.cancel_requested AND ${LIVE_RUN}
         ORDER BY i.seq LIMIT $3
         FOR UPDATE OF i SKIP LOCKED) c
       WHERE w.id = c.id
       RETURNING w.id, w.queue, w.payload, w.seq`,
      [worker, [...queues], max, this.#leaseSeconds],
    );
    return rows.map((r) => ({ id: r.id, queue: r.queue, payload: JSON.parse(r.payload) as WorkPayload }));
  }

  async heartbeat(worker: string): Promise<string[]> {
    const rows = await this.#db.query<{ id: string; cancel: boolean }>(
      // Rows locked in id order (as by every statement that locks several), so concurrent statements never deadlock.
      `UPDATE work_items w SET lease_expires_at = now() + make_interval(secs => $2)
       WHERE w.id IN (SELECT id FROM work_items WHERE worker = $1 AND status = 'running' ORDER BY id FOR UPDATE)
       RETURNING w.id, (w.cancel_requested OR EXISTS (
         SELECT 1 FROM pipeline_runs r WHERE r.run_id = w.run_id AND NOT ${LIVE_RUN})) AS cancel`,
      [worker, this.#leaseSeconds],
    );
    return rows.filter((r) => r.cancel).map((r) => r.id);
  }

  async complete(worker: string, results: readonly WorkResult[]): Promise<void> {
    if (results.length === 0) return;
    await this.#db.query(
      `WITH done AS (
         UPDATE work_items w SET status = t.status, result = t.result
         FROM unnest($2::text[], $3::text[], $4::text[]) AS t(id, status, result)
         WHERE w.id = t.id AND w.id IN (
           SELECT id FROM work_items WHERE id = ANY($2) AND worker = $1 AND status = 'running' ORDER BY id FOR UPDATE)
         RETURNING w.dispatcher)
       SELECT pg_notify('${WORK_CHANNELS.done}', d.dispatcher) FROM (SELECT DISTINCT dispatcher FROM done) d`,
      [
        worker,
        results.map((r) => r.id),
        results.map((r) => r.status),
        results.map((r) =>
          JSON.stringify({
            ...(r.status === 'succeeded' ? { output: r.output } : { error: r.error }),
            ...(r.files?.length ? { files: r.files } : {}),
          }),
        ),
      ],
    );
  }

  async appendLogs(
    worker: string,
    lines: readonly { readonly id: string; readonly line: string }[],
  ): Promise<void> {
    if (lines.length === 0) return;
    await this.#db.query(
      `WITH ins AS (
         INSERT INTO work_logs (item_id, dispatcher, line)
         SELECT w.id, w.dispatcher, t.line
         FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(id, line, n)
         JOIN work_items w ON w.id = t.id AND w.worker = $1 AND w.status = 'running'
         ORDER BY t.n
         RETURNING dispatcher)
       SELECT pg_notify('${WORK_CHANNELS.done}', d.dispatcher) FROM (SELECT DISTINCT dispatcher FROM ins) d`,
      [worker, lines.map((l) => l.id), lines.map((l) => l.line)],
    );
  }

  async sweep(): Promise<number> {
    // Items of runs that ended (their orchestrating process died, or the run was cancelled): nobody collects them.
    const gone = await this.#db.query<{ id: string }>(
      `DELETE FROM work_items i USING pipeline_runs r
       WHERE r.run_id = i.run_id AND r.status NOT IN ('Queued', 'InProgress', 'Canceling')
         AND i.created_at < now() - interval '1 minute'
       RETURNING i.id`,
    );
    await this.#db.query(
      'DELETE FROM work_logs l WHERE NOT EXISTS (SELECT 1 FROM work_items i WHERE i.id = l.item_id)',
    );
    return gone.length;
  }

  async wait(
    worker: string,
    queues: readonly string[],
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<boolean> {
    this.#filter = { worker, queues: new Set(queues) };
    await this.#listen();
    if (!this.#woken) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          this.#wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        signal.addEventListener('abort', done, { once: true });
        this.#wake = done;
      });
    }
    this.#woken = false;
    const cancel = this.#cancelNotified;
    this.#cancelNotified = false;
    return cancel;
  }

  async close(): Promise<void> {
    this.#wake?.();
    await this.#listener?.end().catch(() => undefined);
    this.#listener = undefined;
    await this.#db.release();
  }

  async #listen(): Promise<void> {
    if (this.#listener) return;
    try {
      const client = await this.#db.dedicatedClient(`millrace worker ${this.#filter?.worker ?? ''}`);
      client.on('notification', (n) => {
        const f = this.#filter;
        const mine =
          n.channel === WORK_CHANNELS.queued ? f?.queues.has(n.payload ?? '') : n.payload === f?.worker;
        if (!mine) return;
        if (n.channel === WORK_CHANNELS.cancel) this.#cancelNotified = true;
        // A notification between two waits is kept for the next one.
        if (this.#wake) this.#wake();
        else this.#woken = true;
      });
      client.on('error', () => {
        if (this.#listener === client) this.#listener = undefined;
        void client.end().catch(() => undefined);
      });
      await client.query(`LISTEN ${WORK_CHANNELS.queued}`);
      await client.query(`LISTEN ${WORK_CHANNELS.cancel}`);
      this.#listener = client;
    } catch {
      // Polling (the wait's timeout) carries on until the next wait reconnects.
    }
  }
}

import type pg from 'pg';
import type {
  BlobSnapshot,
  BlobSnapshotEntry,
  TriggerClaim,
  TriggerRunOutcome,
  TriggerRunQuery,
  TriggerRunRecord,
  TriggerRuntimeState,
  TriggerStateRecord,
  TriggerStore,
} from '../../contracts/index.js';
import { fromIso, toIso } from '../sqlite/sqlite-rows.js';
import { claimedRun } from '../trigger-claim.js';
import type { TriggerRunRow } from '../trigger-rows.js';
import { isoOrNull, triggerRunFromRow, triggerRunToRow } from '../trigger-rows.js';
import type { PgDatabase } from './pg-database.js';

const COLUMNS = [
  'trigger_name',
  'run_key',
  'kind',
  'pipeline',
  'status',
  'run_id',
  'trigger_run_id',
  'attempt',
  'scheduled_time',
  'window_start',
  'window_end',
  'payload',
  'fired_at',
  'ended_at',
  'next_attempt_at',
  'message',
] as const satisfies readonly (keyof TriggerRunRow)[];

const VALUES = COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
/** Inserts a run unless its key exists; RETURNING tells whether it did. */
const INSERT_IF_NEW = `INSERT INTO trigger_runs (${COLUMNS.join(', ')}) VALUES (${VALUES})
  ON CONFLICT (trigger_name, run_key) DO NOTHING RETURNING run_key`;
const REPLACE = `UPDATE trigger_runs SET (${COLUMNS.join(', ')}) = (${VALUES})
  WHERE trigger_name = $1 AND run_key = $2`;

const valuesOf = (r: TriggerRunRecord): unknown[] => {
  const row = triggerRunToRow(r);
  return COLUMNS.map((c) => row[c]);
};

type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * The TriggerStore on PostgreSQL: the exactly-once gate for every server on one database. A claim locks the
 * trigger run's row (`SELECT … FOR UPDATE`) or inserts it with `ON CONFLICT DO NOTHING`, in one transaction,
 * so of two servers claiming the same window at once exactly one gets it. Names sort bytewise (`COLLATE "C"`),
 * as in SQLite.
 */
export class PgTriggerStore implements TriggerStore {
  readonly #db: PgDatabase;
  #closed = false;

  constructor(db: PgDatabase) {
    this.#db = db;
  }

  async getState(trigger: string): Promise<TriggerStateRecord | undefined> {
    const [r] = await this.#db.query<{ runtime_state: string; changed_at: string }>(
      'SELECT runtime_state, changed_at FROM trigger_states WHERE trigger_name = $1',
      [trigger],
    );
    return (
      r && {
        trigger,
        runtimeState: r.runtime_state as TriggerRuntimeState,
        changedAt: fromIso(r.changed_at),
      }
    );
  }

  async listStates(): Promise<readonly TriggerStateRecord[]> {
    const rows = await this.#db.query<{ trigger_name: string; runtime_state: string; changed_at: string }>(
      'SELECT * FROM trigger_states ORDER BY trigger_name COLLATE "C"',
    );
    return rows.map((r) => ({
      trigger: r.trigger_name,
      runtimeState: r.runtime_state as TriggerRuntimeState,
      changedAt: fromIso(r.changed_at),
    }));
  }

  async setState(trigger: string, state: TriggerRuntimeState, at: number): Promise<void> {
    await this.#db.query(
      `INSERT INTO trigger_states (trigger_name, runtime_state, changed_at) VALUES ($1, $2, $3)
       ON CONFLICT (trigger_name) DO UPDATE SET runtime_state = excluded.runtime_state, changed_at = excluded.changed_at`,
      [trigger, state, toIso(at)],
    );
  }

  async getLastScheduledTime(trigger: string): Promise<number | undefined> {
    const [r] = await this.#db.query<{ t: string | null }>(
      'SELECT last_scheduled_time AS t FROM trigger_states WHERE trigger_name = $1',
      [trigger],
    );
    return r?.t ? fromIso(r.t) : undefined;
  }

  claim(c: TriggerClaim): Promise<TriggerRunRecord | undefined> {
    return this.#db.transaction(async (client) => {
      const { rows } = await client.query<TriggerRunRow>(
        'SELECT * FROM trigger_runs WHERE trigger_name = $1 AND run_key = $2 FOR UPDATE',
        [c.trigger, c.key],
      );
      const prev = rows[0] && triggerRunFromRow(rows[0]);
      const run = claimedRun(prev, c);
      if (!run) return undefined;
      if (prev) await client.query(REPLACE, valuesOf(run));
      else if ((await client.query(INSERT_IF_NEW, valuesOf(run))).rowCount === 0) return undefined;
      if (c.kind === 'schedule') {
        await client.query(
          `INSERT INTO trigger_states (trigger_name, runtime_state, changed_at, last_scheduled_time)
           VALUES ($1, 'Started', $2, $3) ON CONFLICT (trigger_name) DO UPDATE SET last_scheduled_time =
           GREATEST(COALESCE(trigger_states.last_scheduled_time, ''), excluded.last_scheduled_time)`,
          [c.trigger, toIso(c.now), toIso(c.scheduledTime)],
        );
      }
      return run;
    });
  }

  async finish(trigger: string, key: string, runId: string, o: TriggerRunOutcome): Promise<boolean> {
    const rows = await this.#db.query(
      `UPDATE trigger_runs SET status = $1, ended_at = $2, message = $3, next_attempt_at = $4
       WHERE trigger_name = $5 AND run_key = $6 AND status = 'Running' AND run_id = $7 RETURNING run_key`,
      [o.status, toIso(o.endedAt), o.message ?? null, isoOrNull(o.nextAttemptAt), trigger, key, runId],
    );
    return rows.length > 0;
  }

  async enqueue(runs: readonly TriggerRunRecord[]): Promise<void> {
    if (runs.length === 0) return;
    await this.#db.transaction(async (client) => insertAll(client, runs));
  }

  async requeue(trigger: string, key: string, now: number): Promise<boolean> {
    const rows = await this.#db.query(
      `UPDATE trigger_runs SET status = 'Waiting', next_attempt_at = NULL, message = $1
       WHERE trigger_name = $2 AND run_key = $3 AND status <> 'Running' RETURNING run_key`,
      [`rerun requested at ${toIso(now)}`, trigger, key],
    );
    return rows.length > 0;
  }

  async getTriggerRun(trigger: string, key: string): Promise<TriggerRunRecord | undefined> {
    const [r] = await this.#db.query<TriggerRunRow>(
      'SELECT * FROM trigger_runs WHERE trigger_name = $1 AND run_key = $2',
      [trigger, key],
    );
    return r && triggerRunFromRow(r);
  }

  async listTriggerRuns(q: TriggerRunQuery = {}): Promise<readonly TriggerRunRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const arg = (v: unknown): string => {
      args.push(v);
      return `$${args.length}`;
    };
    if (q.trigger !== undefined) where.push(`trigger_name = ${arg(q.trigger)}`);
    if (q.status !== undefined) {
      const list = typeof q.status === 'string' ? [q.status] : [...q.status];
      where.push(`status = ANY(${arg(list)}::text[])`);
    }
    if (q.kind !== undefined) where.push(`kind = ${arg(q.kind)}`);
    if (q.from !== undefined) where.push(`scheduled_time >= ${arg(toIso(q.from))}`);
    if (q.to !== undefined) where.push(`scheduled_time < ${arg(toIso(q.to))}`);
    const dir = q.order === 'desc' ? 'DESC' : 'ASC';
    const rows = await this.#db.query<TriggerRunRow>(
      `SELECT * FROM trigger_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY scheduled_time COLLATE "C" ${dir}, run_key COLLATE "C" ${dir}
       LIMIT ${arg(q.limit ?? 1000)} OFFSET ${arg(q.offset ?? 0)}`,
      args,
    );
    return rows.map(triggerRunFromRow);
  }

  async getBlobSnapshot(trigger: string): Promise<BlobSnapshot | undefined> {
    const [w] = await this.#db.query<{ baseline_at: string; polled_at: string }>(
      'SELECT baseline_at, polled_at FROM trigger_blob_watermarks WHERE trigger_name = $1',
      [trigger],
    );
    if (!w) return undefined;
    const rows = await this.#db.query<{ path: string; size: string; version: string }>(
      'SELECT path, size, version FROM trigger_blob_snapshot WHERE trigger_name = $1',
      [trigger],
    );
    const entries = new Map<string, BlobSnapshotEntry>(
      rows.map((r) => [r.path, { size: Number(r.size), version: r.version }]),
    );
    return { baselineAt: fromIso(w.baseline_at), polledAt: fromIso(w.polled_at), entries };
  }

  async saveBlobSnapshot(
    trigger: string,
    snapshot: BlobSnapshot,
    events: readonly TriggerRunRecord[],
  ): Promise<void> {
    const paths = [...snapshot.entries.keys()];
    const entries = [...snapshot.entries.values()];
    await this.#db.transaction(async (client) => {
      await client.query('DELETE FROM trigger_blob_snapshot WHERE trigger_name = $1', [trigger]);
      if (paths.length > 0) {
        await client.query(
          `INSERT INTO trigger_blob_snapshot (trigger_name, path, size, version)
           SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::text[])`,
          [trigger, paths, entries.map((e) => e.size), entries.map((e) => e.version)],
        );
      }
      await client.query(
        `INSERT INTO trigger_blob_watermarks VALUES ($1, $2, $3) ON CONFLICT (trigger_name) DO UPDATE SET
         baseline_at = excluded.baseline_at, polled_at = excluded.polled_at`,
        [trigger, toIso(snapshot.baselineAt), toIso(snapshot.polledAt)],
      );
      await insertAll(client, events);
    });
  }

  async clearBlobSnapshot(trigger: string): Promise<void> {
    await this.#db.transaction(async (client) => {
      await client.query('DELETE FROM trigger_blob_snapshot WHERE trigger_name = $1', [trigger]);
      await client.query('DELETE FROM trigger_blob_watermarks WHERE trigger_name = $1', [trigger]);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.release();
  }
}

async function insertAll(client: Queryable, runs: readonly TriggerRunRecord[]): Promise<void> {
  for (const r of runs) await client.query(INSERT_IF_NEW, valuesOf(r));
}

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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
import { applyMigrations } from './apply-migrations.js';
import { fromIso, toIso } from './sqlite-rows.js';
import { claimedRun } from '../trigger-claim.js';
import type { TriggerRunRow as RunRow } from '../trigger-rows.js';
import { isoOrNull, triggerRunFromRow as fromRow, triggerRunToRow as toRow } from '../trigger-rows.js';

const INSERT_IGNORE = `INSERT OR IGNORE INTO trigger_runs VALUES (@trigger_name, @run_key, @kind, @pipeline, @status,
  @run_id, @trigger_run_id, @attempt, @scheduled_time, @window_start, @window_end, @payload, @fired_at, @ended_at,
  @next_attempt_at, @message)`;

/**
 * The embedded TriggerStore: tables of migration 2 in the run store's SQLite file (its own connection, WAL).
 * Writes are synchronous transactions, so a claim is durable before the run it guards is started.
 */
export class SqliteTriggerStore implements TriggerStore {
  readonly #db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path);
    this.#db.pragma('busy_timeout = 5000');
    this.#db.pragma('journal_mode = WAL');
    applyMigrations(this.#db);
  }

  getState(trigger: string): Promise<TriggerStateRecord | undefined> {
    const r = this.#db
      .prepare('SELECT runtime_state, changed_at FROM trigger_states WHERE trigger_name = ?')
      .get(trigger) as { runtime_state: string; changed_at: string } | undefined;
    return Promise.resolve(
      r && {
        trigger,
        runtimeState: r.runtime_state as TriggerRuntimeState,
        changedAt: fromIso(r.changed_at),
      },
    );
  }

  listStates(): Promise<readonly TriggerStateRecord[]> {
    const rows = this.#db.prepare('SELECT * FROM trigger_states ORDER BY trigger_name').all() as {
      trigger_name: string;
      runtime_state: string;
      changed_at: string;
    }[];
    return Promise.resolve(
      rows.map((r) => ({
        trigger: r.trigger_name,
        runtimeState: r.runtime_state as TriggerRuntimeState,
        changedAt: fromIso(r.changed_at),
      })),
    );
  }

  setState(trigger: string, state: TriggerRuntimeState, at: number): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO trigger_states (trigger_name, runtime_state, changed_at) VALUES (?, ?, ?)
         ON CONFLICT (trigger_name) DO UPDATE SET runtime_state = excluded.runtime_state, changed_at = excluded.changed_at`,
      )
      .run(trigger, state, toIso(at));
    return Promise.resolve();
  }

  getLastScheduledTime(trigger: string): Promise<number | undefined> {
    const r = this.#db
      .prepare('SELECT last_scheduled_time AS t FROM trigger_states WHERE trigger_name = ?')
      .get(trigger) as { t: string | null } | undefined;
    return Promise.resolve(r?.t ? fromIso(r.t) : undefined);
  }

  claim(c: TriggerClaim): Promise<TriggerRunRecord | undefined> {
    const tx = this.#db.transaction((): TriggerRunRecord | undefined => {
      const prev = this.#get(c.trigger, c.key);
      const run = claimedRun(prev, c);
      if (!run) return undefined;
      this.#db
        .prepare('DELETE FROM trigger_runs WHERE trigger_name = ? AND run_key = ?')
        .run(c.trigger, c.key);
      this.#db.prepare(INSERT_IGNORE).run(toRow(run));
      if (c.kind === 'schedule') {
        this.#db
          .prepare(
            `INSERT INTO trigger_states (trigger_name, runtime_state, changed_at, last_scheduled_time)
             VALUES (?, 'Started', ?, ?) ON CONFLICT (trigger_name) DO UPDATE SET last_scheduled_time =
             MAX(COALESCE(trigger_states.last_scheduled_time, ''), excluded.last_scheduled_time)`,
          )
          .run(c.trigger, toIso(c.now), toIso(c.scheduledTime));
      }
      return run;
    });
    return Promise.resolve(tx.immediate());
  }

  finish(trigger: string, key: string, runId: string, o: TriggerRunOutcome): Promise<boolean> {
    const res = this.#db
      .prepare(
        `UPDATE trigger_runs SET status = ?, ended_at = ?, message = ?, next_attempt_at = ?
         WHERE trigger_name = ? AND run_key = ? AND status = 'Running' AND run_id = ?`,
      )
      .run(o.status, toIso(o.endedAt), o.message ?? null, isoOrNull(o.nextAttemptAt), trigger, key, runId);
    return Promise.resolve(res.changes > 0);
  }

  enqueue(runs: readonly TriggerRunRecord[]): Promise<void> {
    const stmt = this.#db.prepare(INSERT_IGNORE);
    this.#db.transaction(() => runs.forEach((r) => stmt.run(toRow(r))))();
    return Promise.resolve();
  }

  requeue(trigger: string, key: string, now: number): Promise<boolean> {
    const res = this.#db
      .prepare(
        `UPDATE trigger_runs SET status = 'Waiting', next_attempt_at = NULL, message = ?
         WHERE trigger_name = ? AND run_key = ? AND status <> 'Running'`,
      )
      .run(`rerun requested at ${toIso(now)}`, trigger, key);
    return Promise.resolve(res.changes > 0);
  }

  getTriggerRun(trigger: string, key: string): Promise<TriggerRunRecord | undefined> {
    return Promise.resolve(this.#get(trigger, key));
  }

  listTriggerRuns(q: TriggerRunQuery = {}): Promise<readonly TriggerRunRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (clause: string, arg: unknown): void => {
      where.push(clause);
      args.push(arg);
    };
    if (q.trigger !== undefined) add('trigger_name = ?', q.trigger);
    if (q.status !== undefined) {
      const list = typeof q.status === 'string' ? [q.status] : [...q.status];
      where.push(`status IN (${list.map(() => '?').join(', ')})`);
      args.push(...list);
    }
    if (q.kind !== undefined) add('kind = ?', q.kind);
    if (q.from !== undefined) add('scheduled_time >= ?', toIso(q.from));
    if (q.to !== undefined) add('scheduled_time < ?', toIso(q.to));
    const dir = q.order === 'desc' ? 'DESC' : 'ASC';
    const rows = this.#db
      .prepare(
        `SELECT * FROM trigger_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY scheduled_time ${dir}, run_key ${dir} LIMIT ? OFFSET ?`,
      )
      .all(...args, q.limit ?? 1000, q.offset ?? 0) as RunRow[];
    return Promise.resolve(rows.map(fromRow));
  }

  getBlobSnapshot(trigger: string): Promise<BlobSnapshot | undefined> {
    const w = this.#db
      .prepare('SELECT baseline_at, polled_at FROM trigger_blob_watermarks WHERE trigger_name = ?')
      .get(trigger) as { baseline_at: string; polled_at: string } | undefined;
    if (!w) return Promise.resolve(undefined);
    const rows = this.#db
      .prepare('SELECT path, size, version FROM trigger_blob_snapshot WHERE trigger_name = ?')
      .all(trigger) as { path: string; size: number; version: string }[];
    const entries = new Map<string, BlobSnapshotEntry>(
      rows.map((r) => [r.path, { size: r.size, version: r.version }]),
    );
    return Promise.resolve({ baselineAt: fromIso(w.baseline_at), polledAt: fromIso(w.polled_at), entries });
  }

  saveBlobSnapshot(
    trigger: string,
    snapshot: BlobSnapshot,
    events: readonly TriggerRunRecord[],
  ): Promise<void> {
    const insert = this.#db.prepare(INSERT_IGNORE);
    const put = this.#db.prepare('INSERT INTO trigger_blob_snapshot VALUES (?, ?, ?, ?)');
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM trigger_blob_snapshot WHERE trigger_name = ?').run(trigger);
      for (const [path, e] of snapshot.entries) put.run(trigger, path, e.size, e.version);
      this.#db
        .prepare(
          `INSERT INTO trigger_blob_watermarks VALUES (?, ?, ?) ON CONFLICT (trigger_name) DO UPDATE SET
           baseline_at = excluded.baseline_at, polled_at = excluded.polled_at`,
        )
        .run(trigger, toIso(snapshot.baselineAt), toIso(snapshot.polledAt));
      for (const r of events) insert.run(toRow(r));
    })();
    return Promise.resolve();
  }

  clearBlobSnapshot(trigger: string): Promise<void> {
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM trigger_blob_snapshot WHERE trigger_name = ?').run(trigger);
      this.#db.prepare('DELETE FROM trigger_blob_watermarks WHERE trigger_name = ?').run(trigger);
    })();
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.#db.close();
    return Promise.resolve();
  }

  #get(trigger: string, key: string): TriggerRunRecord | undefined {
    const r = this.#db
      .prepare('SELECT * FROM trigger_runs WHERE trigger_name = ? AND run_key = ?')
      .get(trigger, key) as RunRow | undefined;
    return r && fromRow(r);
  }
}

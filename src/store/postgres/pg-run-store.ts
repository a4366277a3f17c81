import type pg from 'pg';
import type {
  ActivityRunRecord,
  ListRunsQuery,
  OrphanedRun,
  PipelineRunRecord,
  RunEvent,
  RunPage,
  RunStore,
} from '../../contracts/index.js';
import { INTERRUPTED_MESSAGE } from '../../contracts/index.js';
import type { ActivityRow, OrphanRow, RunRow } from '../sqlite/sqlite-rows.js';
import {
  activityFromRow,
  activityRow,
  orphansOf,
  runFromRow,
  toIso,
  toJsonText,
} from '../sqlite/sqlite-rows.js';
import type { PgDatabase } from './pg-database.js';

/** Options of the PostgreSQL run store. */
export interface PgRunStoreOptions {
  /** Group commit: write at most this long after the first buffered event. Default 5 ms. */
  readonly maxDelayMs?: number;
  /** Group commit: write as soon as this many events are buffered. Default 1000. */
  readonly maxBatch?: number;
}

type Op =
  | { readonly kind: 'sql'; readonly sql: string; readonly args: readonly unknown[] }
  | { readonly kind: 'activity'; readonly row: ActivityRow }
  | { readonly kind: 'log'; readonly runId: string; readonly activityRunId: string; readonly line: string };

const FINAL = `('Succeeded', 'Failed', 'Cancelled')`;

const SQL = {
  insertRun: `INSERT INTO pipeline_runs (run_id, pipeline, status, message, parameters, variables, output, group_id,
    invoked_by, content_hash, queued_at, start_time, end_time, owner, interrupted, environment)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
  startRun: `UPDATE pipeline_runs SET status = 'InProgress', start_time = $1 WHERE run_id = $2 AND status = 'Queued'`,
  finishRun: `UPDATE pipeline_runs SET status = $1, end_time = $2, message = COALESCE($3, message), variables = $4,
    output = $5 WHERE run_id = $6`,
  // Activity runs of one batch go in one statement: rows as a JSON array, columns matched by name.
  insertActivities: `INSERT INTO activity_runs SELECT * FROM json_populate_recordset(NULL::activity_runs, $1)`,
  // Lines in the order logged (seq), each batch's in one statement.
  insertLogs: `INSERT INTO activity_logs (run_id, activity_run_id, line)
    SELECT t.run_id, t.activity_run_id, t.line
    FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(run_id, activity_run_id, line, n)
    ORDER BY t.n`,
  finishActivity: `UPDATE activity_runs SET status = $1, end_time = $2, input = COALESCE($3, input),
    output = COALESCE($4, output), error = COALESCE($5, error) WHERE activity_run_id = $6`,
} as const;

/**
 * The RunStore on PostgreSQL, for many processes on one database. Events are buffered and written in one
 * transaction per batch (group commit, like the SQLite store): consecutive activity-run inserts become one
 * statement, and an activity run that starts and ends within a batch is inserted finished. Batches are written
 * one after another, so the events of a run are never reordered. Reads flush first.
 */
export class PgRunStore implements RunStore {
  readonly #db: PgDatabase;
  readonly #maxDelayMs: number;
  readonly #maxBatch: number;
  #ops: Op[] = [];
  #pendingActivities = new Map<string, { row: ActivityRow }>();
  #timer: NodeJS.Timeout | undefined;
  #failure: unknown;
  #writing: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(db: PgDatabase, options: PgRunStoreOptions = {}) {
    this.#db = db;
    this.#maxDelayMs = options.maxDelayMs ?? 5;
    this.#maxBatch = options.maxBatch ?? 1000;
  }

  append(event: RunEvent): void {
    switch (event.kind) {
      case 'run-created': {
        const r = event.run;
        this.#push(SQL.insertRun, [
          r.runId,
          r.pipeline,
          r.status,
          r.message ?? null,
          JSON.stringify(r.parameters),
          JSON.stringify(r.variables),
          JSON.stringify(r.output),
          r.groupId,
          JSON.stringify(r.invokedBy),
          r.contentHash,
          toIso(r.queuedAt),
          r.start === undefined ? null : toIso(r.start),
          r.end === undefined ? null : toIso(r.end),
          r.owner ?? null,
          r.interrupted ? 1 : 0,
          r.environment ?? null,
        ]);
        break;
      }
      case 'run-started':
        this.#push(SQL.startRun, [toIso(event.start), event.runId]);
        break;
      case 'run-finished':
        this.#push(SQL.finishRun, [
          event.status,
          toIso(event.end),
          event.message ?? null,
          JSON.stringify(event.variables),
          JSON.stringify(event.output),
          event.runId,
        ]);
        break;
      case 'activity-started': {
        const op = { kind: 'activity', row: activityRow(event.activityRun) } as const;
        this.#pendingActivities.set(event.activityRun.activityRunId, op);
        this.#ops.push(op);
        break;
      }
      case 'activity-finished': {
        const pending = this.#pendingActivities.get(event.activityRunId);
        if (pending) {
          const row = pending.row;
          row.status = event.status;
          row.end_time = toIso(event.end);
          if (event.input !== undefined) row.input = toJsonText(event.input);
          if (event.output !== undefined) row.output = toJsonText(event.output);
          if (event.error !== undefined) row.error = toJsonText(event.error);
        } else {
          this.#push(SQL.finishActivity, [
            event.status,
            toIso(event.end),
            toJsonText(event.input),
            toJsonText(event.output),
            toJsonText(event.error),
            event.activityRunId,
          ]);
        }
        break;
      }
      case 'activity-log':
        // Kept in the database, in the batches of the run's other events: a reader that sees the run ended
        // sees all its lines (any server reads and follows the logs of any run: `PgLogReader`).
        this.#ops.push({
          kind: 'log',
          runId: event.runId,
          activityRunId: event.activityRunId,
          line: event.line.replace(/\n$/, ''),
        });
        break;
    }
    this.#schedule();
  }

  async flush(): Promise<void> {
    this.#startWrite();
    await this.#writing;
    if (this.#failure !== undefined) {
      const failure = this.#failure;
      this.#failure = undefined;
      throw failure instanceof Error ? failure : new Error('run store write failed', { cause: failure });
    }
  }

  async getRun(runId: string): Promise<PipelineRunRecord | undefined> {
    await this.flush();
    const [row] = await this.#db.query<RunRow>('SELECT * FROM pipeline_runs WHERE run_id = $1', [runId]);
    return row ? runFromRow(row) : undefined;
  }

  async listRuns(query: ListRunsQuery = {}): Promise<RunPage> {
    await this.flush();
    const where: string[] = [];
    const args: unknown[] = [];
    const arg = (v: unknown): string => {
      args.push(v);
      return `$${args.length}`;
    };
    if (query.pipeline !== undefined) where.push(`pipeline = ${arg(query.pipeline)}`);
    if (query.status !== undefined) {
      const list = typeof query.status === 'string' ? [query.status] : [...query.status];
      where.push(`status = ANY(${arg(list)}::text[])`);
    }
    if (query.environment !== undefined) where.push(`environment = ${arg(query.environment)}`);
    if (query.triggerType !== undefined)
      where.push(`invoked_by::json->>'triggerType' = ${arg(query.triggerType)}`);
    if (query.parentRunId !== undefined)
      where.push(`invoked_by::json->>'parentRunId' = ${arg(query.parentRunId)}`);
    if (query.since !== undefined) where.push(`queued_at >= ${arg(toIso(query.since))}`);
    if (query.until !== undefined) where.push(`queued_at < ${arg(toIso(query.until))}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const dir = (query.order ?? 'desc') === 'asc' ? 'ASC' : 'DESC';
    const limit = Math.min(query.limit ?? 50, 1000);
    const [count] = await this.#db.query<{ n: string }>(
      `SELECT COUNT(*) AS n FROM pipeline_runs ${clause}`,
      args,
    );
    const rows = await this.#db.query<RunRow>(
      `SELECT * FROM pipeline_runs ${clause} ORDER BY queued_at ${dir}, run_id ${dir}
       LIMIT ${arg(limit)} OFFSET ${arg(query.offset ?? 0)}`,
      args,
    );
    return { runs: rows.map(runFromRow), total: Number(count?.n ?? 0) };
  }

  async getActivityRuns(runId: string): Promise<readonly ActivityRunRecord[]> {
    await this.flush();
    const rows = await this.#db.query<ActivityRow>(
      'SELECT * FROM activity_runs WHERE run_id = $1 ORDER BY seq',
      [runId],
    );
    return rows.map(activityFromRow);
  }

  async requestCancel(runId: string): Promise<boolean> {
    await this.flush();
    const rows = await this.#db.query(
      `UPDATE pipeline_runs SET status = 'Canceling' WHERE run_id = $1 AND status NOT IN ${FINAL} RETURNING run_id`,
      [runId],
    );
    return rows.length > 0;
  }

  async renewLease(owner: string, now: number): Promise<void> {
    await this.flush();
    await this.#db.query(
      `UPDATE pipeline_runs SET heartbeat_at = $1 WHERE owner = $2 AND status NOT IN ${FINAL}`,
      [toIso(now), owner],
    );
  }

  async listOrphanedRuns(
    isOwnerAlive: (owner: string, heartbeat: number) => boolean,
  ): Promise<readonly OrphanedRun[]> {
    await this.flush();
    const rows = await this.#db.query<OrphanRow>(
      `SELECT run_id, pipeline, owner, status, environment, COALESCE(heartbeat_at, start_time, queued_at) AS beat,
         invoked_by::json->>'parentRunId' AS parent
       FROM pipeline_runs WHERE status NOT IN ${FINAL} AND owner IS NOT NULL`,
    );
    return orphansOf(rows, isOwnerAlive);
  }

  async takeOverRun(runId: string, from: string, owner: string, now: number): Promise<boolean> {
    await this.flush();
    // The old owner's work items stay: the new owner adopts those its resumed attempts find (`WorkQueue.adopt`).
    const taken = await this.#db.query(
      `UPDATE pipeline_runs SET owner = $1, heartbeat_at = $2
       WHERE run_id = $3 AND owner = $4 AND status NOT IN ${FINAL} RETURNING run_id`,
      [owner, toIso(now), runId, from],
    );
    return taken.length > 0;
  }

  async recoverInterrupted(
    isOwnerAlive: (owner: string, heartbeat: number) => boolean,
    now: number,
    runIds?: readonly string[],
  ): Promise<readonly string[]> {
    const only = runIds === undefined ? undefined : new Set(runIds);
    const dead = (await this.listOrphanedRuns(isOwnerAlive)).filter((r) => !only || only.has(r.runId));
    if (dead.length === 0) return [];
    const recovered: string[] = [];
    await this.#db.transaction(async (client) => {
      for (const run of dead) {
        // The owner was last known alive at its heartbeat: that, not this recovery, is when the run ended.
        const end = toIso(Math.min(run.heartbeat, now));
        // Only a run still unfinished: another server may have recovered or finished it meanwhile.
        const marked = await client.query(
          `UPDATE pipeline_runs SET status = CASE WHEN status = 'Canceling' THEN 'Cancelled' ELSE 'Failed' END,
             message = $1, interrupted = 1, end_time = $2
           WHERE run_id = $3 AND status NOT IN ${FINAL}`,
          [INTERRUPTED_MESSAGE, end, run.runId],
        );
        if (marked.rowCount === 0) continue;
        recovered.push(run.runId);
        await client.query(
          `UPDATE activity_runs SET status = 'Failed', end_time = GREATEST($1, start_time),
             error = json_build_object('errorCode', 'Interrupted', 'message', $2::text,
               'failureType', 'SystemError', 'target', activity_name)::text
           WHERE run_id = $3 AND status = 'InProgress'`,
          [end, INTERRUPTED_MESSAGE, run.runId],
        );
      }
    });
    return recovered;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.flush();
    } finally {
      await this.#db.release();
    }
  }

  #push(sql: string, args: readonly unknown[]): void {
    this.#ops.push({ kind: 'sql', sql, args });
  }

  #schedule(): void {
    if (this.#ops.length >= this.#maxBatch) this.#startWrite();
    else this.#timer ??= setTimeout(() => this.#startWrite(), this.#maxDelayMs);
  }

  /** Hands the buffered events to the writer, after the batches before them; a failure waits for `flush()`. */
  #startWrite(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#ops.length === 0) return;
    const ops = this.#ops;
    this.#ops = [];
    this.#pendingActivities = new Map();
    this.#writing = this.#writing.then(() =>
      this.#db
        .transaction((client) => writeBatch(client, ops))
        .catch((err: unknown) => {
          this.#failure ??= err;
        }),
    );
  }
}

async function writeBatch(client: pg.PoolClient, ops: readonly Op[]): Promise<void> {
  let rows: ActivityRow[] = [];
  let logs: Extract<Op, { kind: 'log' }>[] = [];
  const insertRows = async (): Promise<void> => {
    if (rows.length > 0) await client.query(SQL.insertActivities, [JSON.stringify(rows)]);
    rows = [];
    if (logs.length > 0) {
      await client.query(SQL.insertLogs, [
        logs.map((l) => l.runId),
        logs.map((l) => l.activityRunId),
        logs.map((l) => l.line),
      ]);
    }
    logs = [];
  };
  for (const op of ops) {
    if (op.kind === 'activity') rows.push(op.row);
    else if (op.kind === 'log') logs.push(op);
    else {
      await insertRows();
      await client.query(op.sql, op.args as unknown[]);
    }
  }
  await insertRows();
}

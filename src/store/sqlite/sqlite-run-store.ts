import Database from 'better-sqlite3';
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
import { applyMigrations } from './apply-migrations.js';
import { RUN_STATEMENTS } from './sqlite-statements.js';
import type { ActivityRow, RunRow } from './sqlite-rows.js';
import { activityFromRow, activityRow, orphansOf, runFromRow, toIso, toJsonText } from './sqlite-rows.js';
import type { OrphanRow } from './sqlite-rows.js';

/** Options of the SQLite run store. */
export interface SqliteRunStoreOptions {
  /** Database file (`.millrace/state.db` in a project), or `:memory:`. */
  readonly path: string;
  /** Group commit: write at most this long after the first buffered event. Default 5 ms. */
  readonly maxDelayMs?: number;
  /** Group commit: write as soon as this many events are buffered. Default 1000. */
  readonly maxBatch?: number;
}

type Op =
  | { readonly kind: 'sql'; readonly stmt: Database.Statement; readonly args: unknown[] }
  | { readonly kind: 'activity'; row: ActivityRow };

const FINAL = `('Succeeded', 'Failed', 'Cancelled')`;

/**
 * The embedded RunStore: one SQLite file in WAL mode. Events are buffered and written in one transaction
 * per batch (group commit: after `maxDelayMs` or `maxBatch` events); an activity run that starts and ends
 * within one batch becomes a single INSERT. The engine flushes on run creation and completion, so a run is
 * always visible, and a crash loses at most one batch of activity events of a run that recovery then
 * marks `interrupted`.
 */
export class SqliteRunStore implements RunStore {
  readonly #db: Database.Database;
  readonly #maxDelayMs: number;
  readonly #maxBatch: number;
  #ops: Op[] = [];
  #pendingActivities = new Map<string, { row: ActivityRow }>();
  #timer: NodeJS.Timeout | undefined;
  #failure: unknown;
  readonly #stmt: Record<
    'insertRun' | 'startRun' | 'finishRun' | 'insertActivity' | 'finishActivity',
    Database.Statement
  >;
  readonly #commit: (ops: readonly Op[]) => void;

  constructor(options: SqliteRunStoreOptions) {
    this.#db = new Database(options.path);
    this.#db.pragma('busy_timeout = 5000');
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    applyMigrations(this.#db);
    this.#maxDelayMs = options.maxDelayMs ?? 5;
    this.#maxBatch = options.maxBatch ?? 1000;
    this.#stmt = {
      insertRun: this.#db.prepare(RUN_STATEMENTS.insertRun),
      startRun: this.#db.prepare(RUN_STATEMENTS.startRun),
      finishRun: this.#db.prepare(RUN_STATEMENTS.finishRun),
      insertActivity: this.#db.prepare(RUN_STATEMENTS.insertActivity),
      finishActivity: this.#db.prepare(RUN_STATEMENTS.finishActivity),
    };
    this.#commit = this.#db.transaction((ops: readonly Op[]) => {
      for (const op of ops) {
        if (op.kind === 'sql') op.stmt.run(...op.args);
        else this.#stmt.insertActivity.run(op.row);
      }
    });
  }

  append(event: RunEvent): void {
    switch (event.kind) {
      case 'run-created': {
        const r = event.run;
        this.#push(this.#stmt.insertRun, [
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
        this.#push(this.#stmt.startRun, [toIso(event.start), event.runId]);
        break;
      case 'run-finished':
        this.#push(this.#stmt.finishRun, [
          event.status,
          toIso(event.end),
          event.message ?? null,
          JSON.stringify(event.variables),
          JSON.stringify(event.output),
          event.runId,
        ]);
        break;
      case 'activity-started': {
        const op: Op = { kind: 'activity', row: activityRow(event.activityRun) };
        this.#pendingActivities.set(event.activityRun.activityRunId, op);
        this.#ops.push(op);
        break;
      }
      case 'activity-finished': {
        const pending = this.#pendingActivities.get(event.activityRunId);
        if (pending) {
          // Started and finished within one batch: one INSERT instead of INSERT + UPDATE.
          const row = pending.row;
          row.status = event.status;
          row.end_time = toIso(event.end);
          if (event.input !== undefined) row.input = toJsonText(event.input);
          if (event.output !== undefined) row.output = toJsonText(event.output);
          if (event.error !== undefined) row.error = toJsonText(event.error);
        } else {
          this.#push(this.#stmt.finishActivity, [
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
        return;
    }
    this.#schedule();
  }

  flush(): Promise<void> {
    try {
      this.#flushNow();
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  getRun(runId: string): Promise<PipelineRunRecord | undefined> {
    this.#flushNow();
    const row = this.#db.prepare('SELECT * FROM pipeline_runs WHERE run_id = ?').get(runId) as
      RunRow | undefined;
    return Promise.resolve(row ? runFromRow(row) : undefined);
  }

  listRuns(query: ListRunsQuery = {}): Promise<RunPage> {
    this.#flushNow();
    const where: string[] = [];
    const args: unknown[] = [];
    if (query.pipeline !== undefined) {
      where.push('pipeline = ?');
      args.push(query.pipeline);
    }
    if (query.status !== undefined) {
      const list = typeof query.status === 'string' ? [query.status] : [...query.status];
      where.push(`status IN (${list.map(() => '?').join(', ')})`);
      args.push(...list);
    }
    if (query.environment !== undefined) {
      where.push('environment = ?');
      args.push(query.environment);
    }
    if (query.triggerType !== undefined) {
      where.push("json_extract(invoked_by, '$.triggerType') = ?");
      args.push(query.triggerType);
    }
    if (query.parentRunId !== undefined) {
      where.push("json_extract(invoked_by, '$.parentRunId') = ?");
      args.push(query.parentRunId);
    }
    if (query.since !== undefined) {
      where.push('queued_at >= ?');
      args.push(toIso(query.since));
    }
    if (query.until !== undefined) {
      where.push('queued_at < ?');
      args.push(toIso(query.until));
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const dir = (query.order ?? 'desc') === 'asc' ? 'ASC' : 'DESC';
    const limit = Math.min(query.limit ?? 50, 1000);
    const total = (
      this.#db.prepare(`SELECT COUNT(*) AS n FROM pipeline_runs ${clause}`).get(...args) as { n: number }
    ).n;
    const rows = this.#db
      .prepare(
        `SELECT * FROM pipeline_runs ${clause} ORDER BY queued_at ${dir}, run_id ${dir} LIMIT ? OFFSET ?`,
      )
      .all(...args, limit, query.offset ?? 0) as RunRow[];
    return Promise.resolve({ runs: rows.map(runFromRow), total });
  }

  getActivityRuns(runId: string): Promise<readonly ActivityRunRecord[]> {
    this.#flushNow();
    const rows = this.#db
      .prepare('SELECT * FROM activity_runs WHERE run_id = ? ORDER BY seq')
      .all(runId) as ActivityRow[];
    return Promise.resolve(rows.map(activityFromRow));
  }

  requestCancel(runId: string): Promise<boolean> {
    this.#flushNow();
    const info = this.#db
      .prepare(`UPDATE pipeline_runs SET status = 'Canceling' WHERE run_id = ? AND status NOT IN ${FINAL}`)
      .run(runId);
    return Promise.resolve(info.changes > 0);
  }

  renewLease(owner: string, now: number): Promise<void> {
    this.#flushNow();
    this.#db
      .prepare(`UPDATE pipeline_runs SET heartbeat_at = ? WHERE owner = ? AND status NOT IN ${FINAL}`)
      .run(toIso(now), owner);
    return Promise.resolve();
  }

  listOrphanedRuns(
    isOwnerAlive: (owner: string, heartbeat: number) => boolean,
  ): Promise<readonly OrphanedRun[]> {
    return Promise.resolve(this.#orphans(isOwnerAlive));
  }

  takeOverRun(runId: string, from: string, owner: string, now: number): Promise<boolean> {
    this.#flushNow();
    const info = this.#db
      .prepare(
        `UPDATE pipeline_runs SET owner = ?, heartbeat_at = ? WHERE run_id = ? AND owner = ? AND status NOT IN ${FINAL}`,
      )
      .run(owner, toIso(now), runId, from);
    return Promise.resolve(info.changes > 0);
  }

  recoverInterrupted(
    isOwnerAlive: (owner: string, heartbeat: number) => boolean,
    now: number,
    runIds?: readonly string[],
  ): Promise<readonly string[]> {
    const only = runIds === undefined ? undefined : new Set(runIds);
    const dead = this.#orphans(isOwnerAlive).filter((r) => !only || only.has(r.runId));
    const markRun = this.#db.prepare(
      `UPDATE pipeline_runs SET status = ?, message = ?, interrupted = 1, end_time = ? WHERE run_id = ?`,
    );
    const unfinished = this.#db.prepare(
      `SELECT activity_run_id, activity_name, start_time FROM activity_runs WHERE run_id = ? AND status = 'InProgress'`,
    );
    const markActivity = this.#db.prepare(
      `UPDATE activity_runs SET status = 'Failed', end_time = ?, error = ? WHERE activity_run_id = ?`,
    );
    this.#db.transaction(() => {
      for (const run of dead) {
        // The owner was last known alive at its heartbeat: that, not this recovery, is when the run ended.
        const end = Math.min(run.heartbeat, now);
        const status = run.status === 'Canceling' ? 'Cancelled' : 'Failed';
        markRun.run(status, INTERRUPTED_MESSAGE, toIso(end), run.runId);
        const open = unfinished.all(run.runId) as {
          activity_run_id: string;
          activity_name: string;
          start_time: string;
        }[];
        for (const a of open) {
          const error = {
            errorCode: 'Interrupted',
            message: INTERRUPTED_MESSAGE,
            failureType: 'SystemError',
            target: a.activity_name,
          };
          const activityEnd = Math.max(end, Date.parse(a.start_time));
          markActivity.run(toIso(activityEnd), JSON.stringify(error), a.activity_run_id);
        }
      }
    })();
    return Promise.resolve(dead.map((r) => r.runId));
  }

  #orphans(isOwnerAlive: (owner: string, heartbeat: number) => boolean): readonly OrphanedRun[] {
    this.#flushNow();
    const rows = this.#db
      .prepare(
        `SELECT run_id, pipeline, owner, status, environment, COALESCE(heartbeat_at, start_time, queued_at) AS beat,
           json_extract(invoked_by, '$.parentRunId') AS parent
         FROM pipeline_runs WHERE status NOT IN ${FINAL} AND owner IS NOT NULL`,
      )
      .all() as OrphanRow[];
    return orphansOf(rows, isOwnerAlive);
  }

  close(): Promise<void> {
    try {
      this.#flushNow();
    } finally {
      if (this.#db.open) this.#db.close();
    }
    return Promise.resolve();
  }

  #push(stmt: Database.Statement, args: unknown[]): void {
    this.#ops.push({ kind: 'sql', stmt, args });
  }

  #schedule(): void {
    if (this.#ops.length >= this.#maxBatch) this.#flushSafely();
    else this.#timer ??= setTimeout(() => this.#flushSafely(), this.#maxDelayMs);
  }

  /** Timer and batch-size flushes keep the error for the next `flush()` instead of throwing into the caller. */
  #flushSafely(): void {
    try {
      this.#flushNow();
    } catch (err) {
      this.#failure = err;
    }
  }

  #flushNow(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#failure !== undefined) {
      const failure = this.#failure;
      this.#failure = undefined;
      throw failure instanceof Error ? failure : new Error('run store write failed', { cause: failure });
    }
    if (this.#ops.length === 0) return;
    const ops = this.#ops;
    this.#ops = [];
    this.#pendingActivities = new Map();
    this.#commit(ops);
  }
}

import type { ActivityRunRecord, RunStore } from '../../contracts/index.js';
import { isFinalRunStatus } from '../../contracts/index.js';
import { ConfigError } from '../../errors/index.js';
import type { ActivityLog } from '../logs/activity-logs.js';
import type { LogLine } from '../logs/follow-logs.js';
import type { PgDatabase } from './pg-database.js';

/** Options of `PgLogReader`. */
export interface PgLogReaderOptions {
  /** How often a follower looks for new lines (ms). Default 250. */
  readonly followPollMs?: number;
}

interface Row {
  readonly seq: number;
  readonly activity_run_id: string;
  readonly line: string;
}

/**
 * Reads activity logs from the PostgreSQL state database, where the run store keeps them (`activity_logs`, in
 * the same batches as the run's other events), so every server reads and follows the log of every run,
 * wherever it ran (a worker's lines arrive through the run's orchestrating process). A follower replays a
 * run's lines, then reads the new ones every `followPollMs` until it has read them after the run ended.
 */
export class PgLogReader {
  readonly #db: PgDatabase;
  readonly #pollMs: number;

  constructor(db: PgDatabase, options: PgLogReaderOptions = {}) {
    this.#db = db;
    this.#pollMs = options.followPollMs ?? 250;
  }

  /** The logs of a run's activity runs (those that logged anything), in run order, like the log files. */
  async read(
    runId: string,
    activityRuns: readonly ActivityRunRecord[],
    activityName?: string,
  ): Promise<ActivityLog[]> {
    const rows = await this.#rows(runId, 0);
    const byRun = new Map<string, string[]>();
    for (const r of rows) byRun.set(r.activity_run_id, [...(byRun.get(r.activity_run_id) ?? []), r.line]);
    const wanted = activityName?.toLowerCase();
    const out: ActivityLog[] = [];
    for (const a of activityRuns) {
      if (wanted !== undefined && a.activityName.toLowerCase() !== wanted) continue;
      const lines = byRun.get(a.activityRunId);
      if (!lines) continue;
      out.push({
        activityName: a.activityName,
        activityRunId: a.activityRunId,
        ...(a.iteration === undefined ? {} : { iteration: a.iteration }),
        status: a.status,
        text: `${lines.join('\n')}\n`,
      });
    }
    return out;
  }

  /**
   * Replays a run's lines, then delivers new ones as they are written, until the run has ended and its last
   * lines were delivered (`onEnd`) or the returned function is called. Each line is delivered once, in order.
   */
  async follow(
    store: RunStore,
    runId: string,
    onLine: (line: LogLine) => void,
    onEnd: () => void,
  ): Promise<() => void> {
    if (!(await store.getRun(runId)))
      throw new ConfigError({ code: 'run/unknown-run', message: `no run with id ${runId}` });
    let stopped = false;
    let after = 0;
    const names = new Map<string, { activityName: string; iteration?: string }>();
    const deliver = async (): Promise<void> => {
      const rows = await this.#rows(runId, after);
      if (rows.some((r) => !names.has(r.activity_run_id))) {
        for (const a of await store.getActivityRuns(runId))
          names.set(a.activityRunId, {
            activityName: a.activityName,
            ...(a.iteration === undefined ? {} : { iteration: a.iteration }),
          });
      }
      for (const r of rows) {
        if (stopped) return;
        after = r.seq;
        onLine({
          ...(names.get(r.activity_run_id) ?? { activityName: '' }),
          activityRunId: r.activity_run_id,
          line: r.line,
        });
      }
    };
    const loop = async (): Promise<void> => {
      while (!stopped) {
        // The status first: a run's lines are written with (or before) its end, so once it reads final,
        // the lines read next are the last.
        const ended = isFinalRunStatus((await store.getRun(runId))?.status ?? 'Succeeded');
        await deliver();
        if (ended) break;
        await new Promise((r) => setTimeout(r, this.#pollMs));
      }
      if (!stopped) onEnd();
    };
    void loop().catch(() => {
      if (!stopped) onEnd();
    });
    return () => {
      stopped = true;
    };
  }

  close(): Promise<void> {
    return this.#db.release();
  }

  #rows(runId: string, after: number): Promise<Row[]> {
    return this.#db.query<Row>(
      'SELECT seq, activity_run_id, line FROM activity_logs WHERE run_id = $1 AND seq > $2 ORDER BY seq',
      [runId, after],
    );
  }
}

import type pg from 'pg';
import type { WorkError, WorkFile, WorkOutcome, WorkQueue, WorkSubmission } from '../../contracts/index.js';
import type { JsonValue } from '../../model/index.js';
import type { PgDatabase } from './pg-database.js';

/** NOTIFY channels of the work queue (payload: a queue name, a dispatcher id, a worker id). */
export const WORK_CHANNELS = {
  queued: 'millrace_work_queued',
  done: 'millrace_work_done',
  cancel: 'millrace_work_cancel',
} as const;

/** Options of `PgWorkQueue`. */
export interface PgWorkQueueOptions {
  /** This dispatcher's id (unique among live processes), e.g. `host:pid:random`. */
  readonly dispatcher: string;
  /** How often the dispatcher looks for outcomes without a notification, and for lapsed leases (ms). Default 1000. */
  readonly pollMs?: number;
  /** After how long an attempt no worker took says so in its log (ms). Default 10,000. */
  readonly unclaimedWarningMs?: number;
}

interface Waiter {
  readonly submission: WorkSubmission;
  readonly resolve: (outcome: WorkOutcome) => void;
}

interface Pending {
  readonly id: string;
  readonly queue: string;
  readonly runId: string;
  readonly payload: string;
}

/**
 * The dispatching side of the work queue on PostgreSQL. `submit` inserts an item (the submissions of one tick go
 * in one statement, which notifies the workers of their queues); workers notify the dispatcher when they finish
 * one, and the dispatcher collects its finished items in one `DELETE … RETURNING`, along with items whose worker's
 * lease lapsed (`lost`: the worker was killed or cut off; the engine retries as the activity's policy says).
 * Lease times are the database's clock (`now()`), so the hosts' clocks never matter.
 */
export class PgWorkQueue implements WorkQueue {
  readonly #db: PgDatabase;
  readonly #dispatcher: string;
  readonly #waiters = new Map<string, Waiter>();
  readonly #pending: Pending[] = [];
  #flushScheduled = false;
  #collecting: Promise<void> | undefined;
  #collectAgain = false;
  #listener: pg.Client | undefined;
  #listening: Promise<void> | undefined;
  readonly #timer: NodeJS.Timeout;
  readonly #unclaimedWarningMs: number;
  /** Attempts whose log already says no worker took them. */
  readonly #warned = new Set<string>();
  #closed = false;
  /** Set by `handOver`: aborted submissions are not withdrawn. */
  #handingOver = false;

  constructor(db: PgDatabase, options: PgWorkQueueOptions) {
    this.#db = db;
    this.#dispatcher = options.dispatcher;
    this.#unclaimedWarningMs = options.unclaimedWarningMs ?? 10_000;
    this.#timer = setInterval(() => {
      if (this.#waiters.size === 0) return;
      void this.#listen();
      this.#collect();
      // On the poll only (not on every notification): one cheap query a second while attempts wait.
      void this.#warnUnclaimed().catch(() => undefined);
    }, options.pollMs ?? 1000);
    this.#timer.unref();
  }

  submit(submission: WorkSubmission): Promise<WorkOutcome> {
    const { payload, signal } = submission;
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    const outcome = this.#wait(submission);
    this.#pending.push({
      id: payload.activityRunId,
      queue: submission.queue,
      runId: payload.runId,
      payload: JSON.stringify(payload),
    });
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => void this.#flush());
    }
    return outcome;
  }

  async adopt(submission: WorkSubmission): Promise<WorkOutcome | undefined> {
    const { signal } = submission;
    const id = submission.payload.activityRunId;
    signal.throwIfAborted();
    const adopted = await this.#db.transaction(async (client) => {
      const item = await client.query(
        `UPDATE work_items SET dispatcher = $1 WHERE id = $2 AND NOT cancel_requested RETURNING id`,
        [this.#dispatcher, id],
      );
      if (item.rowCount === 0) return false;
      await client.query('UPDATE work_logs SET dispatcher = $1 WHERE item_id = $2', [this.#dispatcher, id]);
      return true;
    });
    if (!adopted) return undefined;
    const outcome = this.#wait(submission);
    // It may have ended already (its result waiting for the dead dispatcher): collect at once.
    this.#collect();
    return outcome;
  }

  handOver(): void {
    this.#handingOver = true;
    this.#waiters.clear();
  }

  /** Registers the submission's waiter: its outcome, or its signal's reason when aborted (the item withdrawn). */
  #wait(submission: WorkSubmission): Promise<WorkOutcome> {
    const { signal } = submission;
    const id = submission.payload.activityRunId;
    return new Promise<WorkOutcome>((resolve, reject) => {
      const onAbort = (): void => {
        // Handed over: the item stays for the run's new orchestrator to adopt.
        if (!this.#waiters.delete(id) && !this.#handingOver) return;
        this.#warned.delete(id);
        if (!this.#handingOver) void this.#withdraw(id);
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.set(id, {
        submission,
        resolve: (outcome) => {
          signal.removeEventListener('abort', onAbort);
          resolve(outcome);
        },
      });
      void this.#listen();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#collecting;
    await this.#listener?.end().catch(() => undefined);
    await this.#db.release();
  }

  /** Inserts the submissions of this tick in one statement, which notifies the workers of their queues. */
  async #flush(): Promise<void> {
    this.#flushScheduled = false;
    const batch = this.#pending.splice(0);
    if (batch.length === 0) return;
    try {
      await this.#db.query(
        `WITH ins AS (
           INSERT INTO work_items (id, queue, dispatcher, run_id, payload, status)
           SELECT t.id, t.queue, $1, t.run_id, t.payload, 'queued'
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS t(id, queue, run_id, payload, n)
           ORDER BY t.n
           RETURNING queue)
         SELECT pg_notify('${WORK_CHANNELS.queued}', q.queue) FROM (SELECT DISTINCT queue FROM ins) q`,
        [
          this.#dispatcher,
          batch.map((p) => p.id),
          batch.map((p) => p.queue),
          batch.map((p) => p.runId),
          batch.map((p) => p.payload),
        ],
      );
    } catch (err) {
      // The database is unreachable: nothing was queued; the attempts fail and their retry policy decides.
      for (const p of batch) {
        const waiter = this.#waiters.get(p.id);
        if (!waiter) continue;
        this.#waiters.delete(p.id);
        waiter.resolve({ status: 'failed', worker: '', error: enqueueError(err) });
      }
    }
  }

  /** Takes an aborted item back: deleted while queued, else its worker is told to stop it. */
  async #withdraw(id: string): Promise<void> {
    try {
      const deleted = await this.#db.query(
        `DELETE FROM work_items WHERE id = $1 AND status = 'queued' RETURNING id`,
        [id],
      );
      if (deleted.length > 0) return;
      await this.#db.query(
        `WITH c AS (
           UPDATE work_items SET cancel_requested = true WHERE id = $1 AND status = 'running' RETURNING worker)
         SELECT pg_notify('${WORK_CHANNELS.cancel}', worker) FROM c`,
        [id],
      );
    } catch {
      // Unreachable database: the item's run has ended; a worker skips items of ended runs.
    }
  }

  /** Collects finished and lost items (coalescing calls that arrive while one runs). */
  #collect(): void {
    // Handed over: what finishes now is the new orchestrator's to collect.
    if (this.#handingOver) return;
    if (this.#collecting) {
      this.#collectAgain = true;
      return;
    }
    this.#collecting = this.#collectOnce()
      .catch(() => undefined)
      .finally(() => {
        this.#collecting = undefined;
        if (this.#collectAgain && !this.#closed) {
          this.#collectAgain = false;
          this.#collect();
        }
      });
  }

  async #collectOnce(): Promise<void> {
    // Items first: a worker writes an item's logs before its result, so the logs read next include them all.
    const items = await this.#db.query<{
      id: string;
      status: string;
      result: string | null;
      worker: string | null;
    }>(
      // Rows a worker is updating right now are skipped (SKIP LOCKED): the next collection takes them.
      `DELETE FROM work_items WHERE id IN (
         SELECT id FROM work_items WHERE dispatcher = $1
           AND (status IN ('succeeded', 'failed') OR (status = 'running' AND lease_expires_at < now()))
         ORDER BY id FOR UPDATE SKIP LOCKED)
       RETURNING id, status, result, worker`,
      [this.#dispatcher],
    );
    // Also the lines of the items it waits for that still name another dispatcher: a worker may log for an
    // adopted item while the adoption commits (its line then names the old dispatcher).
    const logs = await this.#db.query<{ item_id: string; line: string; seq: number }>(
      'DELETE FROM work_logs WHERE dispatcher = $1 OR item_id = ANY($2::text[]) RETURNING item_id, line, seq',
      [this.#dispatcher, [...this.#waiters.keys()]],
    );
    logs.sort((a, b) => a.seq - b.seq);
    for (const l of logs) this.#waiters.get(l.item_id)?.submission.onLog?.(l.line);
    for (const item of items) {
      const waiter = this.#waiters.get(item.id);
      if (!waiter) continue;
      this.#waiters.delete(item.id);
      this.#warned.delete(item.id);
      waiter.resolve(outcomeOf(item));
    }
  }

  /** Says once, in the attempt's log, when no worker has taken it for a while (none runs for its queue?). */
  async #warnUnclaimed(): Promise<void> {
    const waiting = [...this.#waiters.keys()].filter((id) => !this.#warned.has(id));
    if (waiting.length === 0) return;
    const rows = await this.#db.query<{ id: string; queue: string }>(
      `SELECT id, queue FROM work_items
       WHERE id = ANY($1) AND status = 'queued' AND created_at < now() - make_interval(secs => $2)`,
      [waiting, this.#unclaimedWarningMs / 1000],
    );
    for (const r of rows) {
      this.#warned.add(r.id);
      this.#waiters
        .get(r.id)
        ?.submission.onLog?.(
          `queued on "${r.queue}": no worker has taken it for ${Math.round(this.#unclaimedWarningMs / 1000)} s (is a \`millrace worker --queues ${r.queue}\` running on this database?)`,
        );
    }
  }

  /** LISTENs for this dispatcher's notifications (reconnecting on the next poll after a failure). */
  #listen(): Promise<void> {
    if (this.#listener || this.#closed) return Promise.resolve();
    this.#listening ??= (async () => {
      try {
        const client = await this.#db.dedicatedClient(`millrace dispatcher ${this.#dispatcher}`);
        client.on('notification', (n) => {
          if (n.payload === this.#dispatcher) this.#collect();
        });
        client.on('error', () => {
          if (this.#listener === client) this.#listener = undefined;
          void client.end().catch(() => undefined);
        });
        await client.query(`LISTEN ${WORK_CHANNELS.done}`);
        if (this.#closed) await client.end();
        else this.#listener = client;
      } catch {
        // The poll timer collects meanwhile and tries again.
      } finally {
        this.#listening = undefined;
      }
    })();
    return this.#listening;
  }
}

function outcomeOf(item: { status: string; result: string | null; worker: string | null }): WorkOutcome {
  const worker = item.worker ?? '';
  if (item.status === 'running') return { status: 'lost', worker };
  const result = JSON.parse(item.result ?? 'null') as {
    output?: JsonValue;
    error?: WorkError;
    files?: WorkFile[];
  } | null;
  const files = result?.files?.length ? { files: result.files } : {};
  if (item.status === 'succeeded')
    return { status: 'succeeded', output: result?.output ?? null, worker, ...files };
  return {
    status: 'failed',
    worker,
    ...files,
    error: result?.error ?? {
      code: 'queue/worker-lost',
      errorCode: 'WorkerLost',
      failureType: 'SystemError',
      message: 'the worker reported a failure without an error',
      retryable: true,
    },
  };
}

function enqueueError(err: unknown): WorkError {
  return {
    code: 'store/database-unreachable',
    errorCode: 'QueueUnavailable',
    failureType: 'SystemError',
    message: `the activity could not be queued for a worker: ${(err as Error).message.split('\n')[0]}`,
    retryable: true,
  };
}

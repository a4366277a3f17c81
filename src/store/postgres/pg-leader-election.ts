import type pg from 'pg';
import type { LeaderElection, LeadershipEvent } from '../../contracts/index.js';
import type { PgDatabase } from './pg-database.js';

/** Options of `PgLeaderElection`. */
export interface PgLeaderElectionOptions {
  /** What is led (one lock per name and schema). Default `scheduler`. */
  readonly name?: string;
  /** How often a follower tries to take the lock. Default 1000 ms. */
  readonly retryMs?: number;
  /** How often the leader checks its connection. Default 1000 ms. */
  readonly checkMs?: number;
  /** Shown as the lock connection's `application_name` (`pg_stat_activity`), e.g. `millrace host:pid`. */
  readonly applicationName?: string;
  readonly onEvent?: (event: LeadershipEvent) => void;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/** The advisory lock key of what is led (`name`) in a database schema. */
function leaderKey(db: PgDatabase, name = 'scheduler'): string {
  return `millrace:leader:${db.schema}:${name}`;
}

/**
 * True while a process holds the leadership of `name` (its advisory lock): a probe for a shared lock, which fails
 * exactly while the leader's exclusive one is held, and is released at once (transaction-scoped).
 */
export async function isLeaderPresent(db: PgDatabase, name?: string): Promise<boolean> {
  const rows = await db.query<{ free: boolean }>(
    'SELECT pg_try_advisory_xact_lock_shared(hashtext($1)) AS free',
    [leaderKey(db, name)],
  );
  return rows[0]?.free === false;
}

/**
 * Leader election with a session-level advisory lock (`pg_try_advisory_lock`,
 * https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS) on a dedicated connection:
 * the lock lives exactly as long as that session, so a leader killed with SIGKILL loses it as soon as
 * PostgreSQL sees its connection close, and a follower takes it on its next try (`retryMs`). The leader
 * checks its connection every `checkMs` and steps down when it fails (TCP keepalive on the connection
 * detects a peer that vanished without closing it).
 */
export class PgLeaderElection implements LeaderElection {
  readonly #db: PgDatabase;
  readonly #key: string;
  readonly #retryMs: number;
  readonly #checkMs: number;
  readonly #applicationName: string | undefined;
  readonly #emit: (event: LeadershipEvent) => void;

  constructor(db: PgDatabase, options: PgLeaderElectionOptions = {}) {
    this.#db = db;
    this.#key = leaderKey(db, options.name);
    this.#retryMs = options.retryMs ?? 1000;
    this.#checkMs = options.checkMs ?? 1000;
    this.#applicationName = options.applicationName;
    this.#emit = options.onEvent ?? (() => undefined);
  }

  async lead(signal: AbortSignal, body: (leaderSignal: AbortSignal) => Promise<void>): Promise<void> {
    let client: pg.Client | undefined;
    while (!signal.aborted) {
      try {
        client ??= await this.#db.dedicatedClient(this.#applicationName);
        const { rows } = await client.query<{ ok: boolean }>(
          'SELECT pg_try_advisory_lock(hashtext($1)) AS ok',
          [this.#key],
        );
        if (rows[0]?.ok) {
          const reason = await this.#whileLeader(client, signal, body);
          // Closing the session releases the lock (and a connection that failed is of no further use).
          await client.end().catch(() => undefined);
          client = undefined;
          if (reason === 'stopped') continue;
          this.#emit({ kind: 'lost', at: Date.now(), reason });
          // A leader that lost its session lets a follower (trying every retryMs) take over first.
          await sleep(2 * this.#retryMs, signal);
          continue;
        }
      } catch (error) {
        this.#emit({ kind: 'error', at: Date.now(), error });
        await client?.end().catch(() => undefined);
        client = undefined;
      }
      await sleep(this.#retryMs, signal);
    }
    await client?.end().catch(() => undefined);
  }

  /** Runs `body` as leader; returns why leadership ended. */
  async #whileLeader(
    client: pg.Client,
    signal: AbortSignal,
    body: (leaderSignal: AbortSignal) => Promise<void>,
  ): Promise<string> {
    this.#emit({ kind: 'elected', at: Date.now() });
    const lost = new AbortController();
    let reason = 'stopped';
    const lose = (why: string): void => {
      if (lost.signal.aborted) return;
      reason = why;
      lost.abort();
    };
    const onStop = (): void => lose('stopped');
    const onError = (err: Error): void => lose(`lock connection failed: ${err.message}`);
    const onEnd = (): void => lose('lock connection closed');
    signal.addEventListener('abort', onStop, { once: true });
    client.on('error', onError);
    client.on('end', onEnd);
    const check = setInterval(() => {
      client.query('SELECT 1').catch((err: unknown) => onError(err as Error));
    }, this.#checkMs);
    try {
      await body(lost.signal);
      if (!lost.signal.aborted) lose('stopped');
    } finally {
      clearInterval(check);
      signal.removeEventListener('abort', onStop);
      client.off('error', onError);
      client.off('end', onEnd);
    }
    return reason;
  }
}

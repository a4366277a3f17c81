/** A change of leadership, reported to the caller's log. */
export type LeadershipEvent =
  | { readonly kind: 'elected'; readonly at: number }
  | { readonly kind: 'lost'; readonly at: number; readonly reason: string }
  | { readonly kind: 'error'; readonly at: number; readonly error: unknown };

/**
 * Leadership among the processes that share one state database: at most one of them leads at a time (the
 * trigger scheduler runs only there). Implementations: PostgreSQL (a session-level advisory lock held on a
 * connection of its own, so a leader that dies, even by SIGKILL, releases it when its connection closes).
 * The embedded SQLite store has none: its one process always leads.
 */
export interface LeaderElection {
  /**
   * Campaigns until `signal` aborts: each time this process becomes leader it runs `body` with a signal that
   * aborts when leadership is lost (connection gone) or `signal` aborts, and `body` must return then.
   */
  lead(signal: AbortSignal, body: (leaderSignal: AbortSignal) => Promise<void>): Promise<void>;
}

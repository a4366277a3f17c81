import { hostname } from 'node:os';
import { RUN_HEARTBEAT_MS, RUN_LEASE_MS } from '../contracts/index.js';
import type { RunStore } from '../contracts/index.js';
import { isProcessAlive, isReaperAlive } from '../platform/index.js';
import { forwardingRunStore } from './forwarding-run-store.js';

/** The owner id of runs executed by this process: `host:pid`. */
export function currentOwner(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * Whether the owner of a run still lives. On this host the answer is exact: its process exists, or its reaper is
 * still stopping the child processes it left (so a rerun cannot overlap them). On another host (a shared database, a
 * restarted container with a new host name) only the lease tells: the owner lives while its last heartbeat is younger
 * than {@link RUN_LEASE_MS}.
 */
export function isOwnerAlive(owner: string, heartbeat: number, now: number = Date.now()): boolean {
  const at = owner.lastIndexOf(':');
  const host = owner.slice(0, at);
  const pid = Number(owner.slice(at + 1));
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return now - heartbeat < RUN_LEASE_MS;
  return pid === process.pid || isProcessAlive(pid) || isReaperAlive(pid);
}

/** Options of {@link keepRunLeases}. */
export interface RunLeaseOptions {
  /** Whose runs to renew; default this process. */
  readonly owner?: string;
  /** Default {@link isOwnerAlive}. */
  readonly isOwnerAlive?: (owner: string, heartbeat: number) => boolean;
  readonly heartbeatMs?: number;
  /**
   * True when another process takes care of dead owners' runs now (an elected server leader takes them over):
   * this process then leaves them alone instead of ending them `interrupted`.
   */
  readonly othersRecover?: () => Promise<boolean>;
}

/**
 * Keeps the leases of this process's runs and ends those of vanished owners: every `heartbeatMs` it renews
 * the lease of the runs this process executes and recovers runs whose owner is gone (so a long-lived server
 * notices a dead peer without a restart), unless `othersRecover` says a leader takes them over. The timer never keeps the process alive; `close()` stops it.
 */
export function keepRunLeases(store: RunStore, options: RunLeaseOptions = {}): RunStore {
  const owner = options.owner ?? currentOwner();
  const alive = options.isOwnerAlive ?? ((o: string, beat: number) => isOwnerAlive(o, beat));
  let busy = false;
  const beat = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      await store.renewLease(owner, Date.now());
      if (!(await options.othersRecover?.())) await store.recoverInterrupted(alive, Date.now());
    } catch {
      // A failed beat is retried at the next one; the lease is long enough to miss a few.
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void beat(), options.heartbeatMs ?? RUN_HEARTBEAT_MS);
  timer.unref();
  return forwardingRunStore(store, {
    close: () => {
      clearInterval(timer);
      return store.close();
    },
  });
}

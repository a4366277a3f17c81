import { hostname } from 'node:os';
import { isProcessAlive } from '../platform/index.js';

/** The owner id of runs executed by this process: `host:pid`. */
export function currentOwner(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * True unless the owner is a process on this host that no longer exists. Owners on other hosts are assumed
 * alive (a shared database needs heartbeats; TODO(#4) when PostgreSQL lands).
 */
export function isLocalOwnerAlive(owner: string): boolean {
  const at = owner.lastIndexOf(':');
  const host = owner.slice(0, at);
  const pid = Number(owner.slice(at + 1));
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return true;
  return pid === process.pid || isProcessAlive(pid);
}

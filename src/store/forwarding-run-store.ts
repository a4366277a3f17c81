import type { RunStore } from '../contracts/index.js';

/** A RunStore that forwards every call to `store`, except those `overrides` replaces (wrappers: leases, redaction). */
export function forwardingRunStore(store: RunStore, overrides: Partial<RunStore>): RunStore {
  return {
    append: (event) => store.append(event),
    flush: () => store.flush(),
    getRun: (id) => store.getRun(id),
    listRuns: (q) => store.listRuns(q),
    getActivityRuns: (id) => store.getActivityRuns(id),
    requestCancel: (id) => store.requestCancel(id),
    renewLease: (owner, now) => store.renewLease(owner, now),
    recoverInterrupted: (alive, now, runIds) => store.recoverInterrupted(alive, now, runIds),
    listOrphanedRuns: (alive) => store.listOrphanedRuns(alive),
    takeOverRun: (runId, from, owner, now) => store.takeOverRun(runId, from, owner, now),
    close: () => store.close(),
    ...overrides,
  };
}

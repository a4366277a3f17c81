import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { RUN_LEASE_MS } from '../contracts/index.js';
import { runRecord } from '../contracts/testing/run-store-suite.js';
import { createMemoryRunStore } from './memory/memory-run-store.js';
import { currentOwner, isOwnerAlive, keepRunLeases } from './process-owner.js';

describe('run ownership', () => {
  it('on another host (a restarted container), the owner lives only while its lease is fresh', () => {
    const now = 1_000_000;
    expect(isOwnerAlive('old-container:7', now - 1_000, now)).toBe(true);
    expect(isOwnerAlive('old-container:7', now - RUN_LEASE_MS, now)).toBe(false);
  });

  it('on this host, the pid decides, whatever the heartbeat', () => {
    expect(isOwnerAlive(currentOwner(), 0, 10 ** 13)).toBe(true);
    expect(isOwnerAlive(`${hostname()}:999999999`, Date.now(), Date.now())).toBe(false);
  });

  it("a long-lived process renews its own runs' leases and ends a vanished host's runs without a restart", async () => {
    const inner = createMemoryRunStore();
    const t0 = Date.now();
    inner.append({
      kind: 'run-created',
      run: runRecord({ runId: 'mine', owner: currentOwner(), start: t0 }),
    });
    inner.append({
      kind: 'run-created',
      run: runRecord({ runId: 'gone', owner: 'old-container:7', start: t0 }),
    });
    // The vanished host's cancel request is recorded, but nobody is there to act on it.
    expect(await inner.requestCancel('gone')).toBe(true);
    const now = { value: t0 };
    const store = keepRunLeases(inner, {
      heartbeatMs: 20,
      isOwnerAlive: (owner, beat) => isOwnerAlive(owner, beat, now.value),
    });
    try {
      await sleep(80);
      expect((await store.getRun('gone'))?.status).toBe('Canceling');
      now.value = t0 + RUN_LEASE_MS + 1;
      await sleep(80);
      expect(await store.getRun('gone')).toMatchObject({ status: 'Cancelled', interrupted: true, end: t0 });
      expect((await store.getRun('mine'))?.status).toBe('InProgress');
    } finally {
      await store.close();
    }
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { runRecord, runStoreContractSuite } from '../../contracts/testing/run-store-suite.js';
import { openPgRunStore } from './open-pg-stores.js';
import { dropSchemas, schemaUrl, testSchemaName } from './testing/pg-test-schema.js';

const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));
const fresh = (): string => {
  const schema = testSchemaName();
  schemas.push(schema);
  return schemaUrl(schema);
};
let current = '';

runStoreContractSuite('postgres', {
  create: () => {
    current = fresh();
    return openPgRunStore({ url: current });
  },
  // Reopening checks durability; recovery of dead owners' runs has its own tests.
  reopen: () => openPgRunStore({ url: current, recover: false }),
});

describe('PostgreSQL run store', () => {
  it('marks a run left InProgress by a crashed process as interrupted when reopened', async () => {
    const url = fresh();
    const store = await openPgRunStore({ url });
    store.append({ kind: 'run-created', run: runRecord({ runId: 'r1', owner: 'gone-host:42' }) });
    await store.flush();
    const reopened = await openPgRunStore({ url, isOwnerAlive: () => false });
    expect(await reopened.getRun('r1')).toMatchObject({
      status: 'Failed',
      message: 'interrupted',
      interrupted: true,
    });
    await reopened.close();
    await store.close();
  });

  it('renews the lease of its runs, so a server on another host does not recover a live one', async () => {
    const url = fresh();
    const store = await openPgRunStore({ url, leases: false });
    store.append({ kind: 'run-created', run: runRecord({ runId: 'live', owner: 'far:1' }) });
    store.append({ kind: 'run-created', run: runRecord({ runId: 'gone', owner: 'far:2' }) });
    await store.renewLease('far:1', 100_000);
    const lease = 30_000;
    const alive = (_owner: string, beat: number): boolean => 110_000 - beat < lease;
    expect(await store.recoverInterrupted(alive, 110_000)).toEqual(['gone']);
    expect((await store.getRun('live'))?.status).toBe('InProgress');
    // The vanished owner's run ended at its last sign of life (its start), not at the recovery.
    expect(await store.getRun('gone')).toMatchObject({ status: 'Failed', interrupted: true, end: 1_000 });
    await store.close();
  });

  it('sees the runs another process wrote (one database, two stores)', async () => {
    const url = fresh();
    const a = await openPgRunStore({ url });
    const b = await openPgRunStore({ url });
    a.append({ kind: 'run-created', run: runRecord({ runId: 'r1' }) });
    await a.flush();
    expect((await b.getRun('r1'))?.status).toBe('InProgress');
    expect(await b.requestCancel('r1')).toBe(true);
    expect((await a.getRun('r1'))?.status).toBe('Canceling');
    await a.close();
    await b.close();
  });

  it('reports a failed batch from flush() and keeps working', async () => {
    const store = await openPgRunStore({ url: fresh() });
    // An activity run of an unknown pipeline run breaks the foreign key: the batch is rolled back.
    store.append({
      kind: 'activity-started',
      activityRun: {
        activityRunId: 'a1',
        runId: 'nope',
        seq: 0,
        activityName: 'A',
        activityType: 'Wait',
        status: 'InProgress',
        attempt: 1,
        start: 1,
      },
      pipeline: 'PL',
    });
    await expect(store.flush()).rejects.toThrow(/foreign key/);
    store.append({ kind: 'run-created', run: runRecord({ runId: 'r1' }) });
    await store.flush();
    expect((await store.getRun('r1'))?.runId).toBe('r1');
    await store.close();
  });
});

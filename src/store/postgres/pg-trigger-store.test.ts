import { afterAll, describe, expect, it } from 'vitest';
import { triggerStoreContractSuite } from '../../contracts/testing/trigger-store-suite.js';
import { openPgTriggerStore } from './open-pg-stores.js';
import { dropSchemas, schemaUrl, testSchemaName } from './testing/pg-test-schema.js';

const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));
const fresh = (): string => {
  const schema = testSchemaName();
  schemas.push(schema);
  return schemaUrl(schema);
};
let current = '';

triggerStoreContractSuite('postgres', {
  create: () => {
    current = fresh();
    return openPgTriggerStore({ url: current });
  },
  reopen: () => openPgTriggerStore({ url: current }),
});

describe('PostgreSQL trigger store across processes', () => {
  it('grants a window to exactly one of many stores claiming it at once', async () => {
    const url = fresh();
    const stores = await Promise.all(Array.from({ length: 6 }, () => openPgTriggerStore({ url })));
    for (let round = 0; round < 10; round++) {
      const claims = await Promise.all(
        stores.map((s, i) =>
          s.claim({
            trigger: 'TW',
            key: `w${round}`,
            kind: 'window',
            pipeline: 'PL',
            scheduledTime: round,
            runId: `run-${round}-${i}`,
            triggerRunId: `tr-${round}-${i}`,
            now: 1_000,
          }),
        ),
      );
      expect(claims.filter((c) => c !== undefined)).toHaveLength(1);
    }
    // A Waiting retry is claimed once as well.
    const [first] = stores;
    const run = await first!.getTriggerRun('TW', 'w0');
    await first!.finish('TW', 'w0', run!.runId!, { status: 'Waiting', endedAt: 1_000, nextAttemptAt: 1_500 });
    const retries = await Promise.all(
      stores.map((s, i) =>
        s.claim({
          trigger: 'TW',
          key: 'w0',
          kind: 'window',
          pipeline: 'PL',
          scheduledTime: 0,
          runId: `retry-${i}`,
          triggerRunId: `tr-retry-${i}`,
          now: 2_000,
        }),
      ),
    );
    expect(retries.filter((c) => c !== undefined).map((c) => c.attempt)).toEqual([2]);
    await Promise.all(stores.map((s) => s.close()));
  });
});

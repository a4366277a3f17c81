import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgLeaderElection } from './open-pg-stores.js';
import { dropSchemas, schemaUrl, testSchemaName, TEST_DATABASE_URL } from './testing/pg-test-schema.js';

const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

const waitFor = async (check: () => boolean, ms = 5_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('PostgreSQL leader election', () => {
  it('elects one leader at a time, and another when the leader loses its session', async () => {
    const schema = testSchemaName();
    schemas.push(schema);
    const url = schemaUrl(schema);
    const names = ['a', 'b', 'c'];
    const elections = await Promise.all(
      names.map((n) =>
        openPgLeaderElection({ url, retryMs: 100, checkMs: 100, applicationName: `test-${schema}-${n}` }),
      ),
    );
    const stop = new AbortController();
    const leading = new Set<string>();
    const history: string[] = [];
    let overlap = false;
    const campaigns = elections.map((e, i) =>
      e.lead(stop.signal, async (leaderSignal) => {
        const name = names[i]!;
        if (leading.size > 0) overlap = true;
        leading.add(name);
        history.push(name);
        await new Promise<void>((resolve) =>
          leaderSignal.addEventListener('abort', () => resolve(), { once: true }),
        );
        leading.delete(name);
      }),
    );
    await waitFor(() => leading.size === 1);
    const first = [...leading][0]!;
    // Kill the leader's session from outside, as a dead process's connection would end.
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const killed = await admin.query(
      'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1',
      [`test-${schema}-${first}`],
    );
    await admin.end();
    expect(killed.rows).toEqual([{ ok: true }]);
    const t0 = Date.now();
    await waitFor(() => history.length >= 2 && leading.size === 1);
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(history[1]).not.toBe(first);
    stop.abort();
    await Promise.all(campaigns);
    await Promise.all(elections.map((e) => e.close()));
    expect(overlap).toBe(false);
    expect(leading.size).toBe(0);
  });
});

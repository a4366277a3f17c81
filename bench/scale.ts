/**
 * Scale-out on PostgreSQL (issue 20), measured against the embedded SQLite store in the same run:
 * - whole pipeline runs through the public API (`createMillrace`, `--db` as a library option): a ForEach of
 *   2,000 Wait 0 activities (group commit absorbs the database) and a chain of 200 dependent ones;
 * - the run store's operations one at a time: a durable write (append + flush, what the engine waits for at a
 *   run's start and end), a run read, and a trigger claim (the exactly-once gate of every window).
 * The PostgreSQL is the machine's (127.0.0.1:5432, database `test`); each measurement uses a fresh schema.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMillrace } from '../src/index.js';
import type { RunStore, TriggerStore } from '../src/contracts/index.js';
import { runRecord } from '../src/contracts/testing/run-store-suite.js';
import {
  openPgRunStore,
  openPgTriggerStore,
  openSqliteRunStore,
  SqliteTriggerStore,
} from '../src/store/index.js';
import { dropSchemas, schemaUrl, testSchemaName } from '../src/store/postgres/testing/pg-test-schema.js';
import type { BenchResult } from './bench-result.js';

const wait0 = (name: string, after?: string): Record<string, unknown> => ({
  name,
  type: 'Wait',
  dependsOn: after ? [{ activity: after, dependencyConditions: ['Succeeded'] }] : [],
  typeProperties: { waitTimeInSeconds: 0 },
});

function writeProject(dir: string): void {
  mkdirSync(join(dir, 'pipeline'), { recursive: true });
  const write = (name: string, activities: unknown[]): void =>
    writeFileSync(
      join(dir, 'pipeline', `${name}.json`),
      JSON.stringify({ name, properties: { activities } }),
    );
  write('FanOut', [
    {
      name: 'Loop',
      type: 'ForEach',
      dependsOn: [],
      typeProperties: {
        items: { value: '@range(0, 2000)', type: 'Expression' },
        isSequential: false,
        batchCount: 50,
        activities: [wait0('Inner')],
      },
    },
  ]);
  write(
    'Chain',
    Array.from({ length: 200 }, (_, i) => wait0(`A${i}`, i === 0 ? undefined : `A${i - 1}`)),
  );
}

/** Milliseconds per activity run of a pipeline (second of two runs: the first warms up). */
async function perActivity(projectDir: string, pipeline: string, db?: string): Promise<number> {
  const millrace = await createMillrace({ projectDir, ...(db === undefined ? {} : { db }) });
  try {
    await millrace.runPipeline(pipeline);
    const t0 = process.hrtime.bigint();
    const doc = await millrace.runPipeline(pipeline);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (doc.status !== 'Succeeded') throw new Error(`${pipeline} ended ${doc.status}`);
    return ms / doc.activityRuns.length;
  } finally {
    await millrace.close();
  }
}

/** Mean microseconds of `op` over `n` calls (after `n / 10` warm-up calls). */
async function micros(n: number, op: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < n / 10; i++) await op(-1 - i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await op(i);
  return Number(process.hrtime.bigint() - t0) / 1e3 / n;
}

async function storeOps(store: RunStore, triggers: TriggerStore): Promise<Record<string, number>> {
  const write = await micros(500, async (i) => {
    store.append({ kind: 'run-created', run: runRecord({ runId: `w${i}`, queuedAt: 1_000 + i }) });
    await store.flush();
  });
  const read = await micros(1000, (i) => store.getRun(`w${Math.abs(i) % 500}`));
  const claim = await micros(500, (i) =>
    triggers.claim({
      trigger: 'TW',
      key: `k${i}`,
      kind: 'window',
      pipeline: 'PL',
      scheduledTime: 1_000 + i,
      runId: `r${i}`,
      triggerRunId: `t${i}`,
      now: 1_000,
    }),
  );
  return { write, read, claim };
}

export async function benchScale(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'millrace-bench-scale-'));
  const schemas: string[] = [];
  const fresh = (): string => {
    const s = testSchemaName('mr_bench');
    schemas.push(s);
    return schemaUrl(s);
  };
  try {
    writeProject(dir);
    const out: BenchResult[] = [];
    for (const [pipeline, label] of [
      ['FanOut', 'ForEach of 2,000 Wait 0'],
      ['Chain', 'chain of 200 Wait 0'],
    ] as const) {
      const sqlite = await perActivity(dir, pipeline);
      const postgres = await perActivity(dir, pipeline, fresh());
      out.push({
        name: `${label}: per activity run, PostgreSQL store`,
        value: postgres,
        unit: 'ms',
        baseline: { name: 'SQLite store', value: sqlite },
      });
    }
    const sqliteStore = await openSqliteRunStore({ path: join(dir, 'ops', 'state.db') });
    const sqliteTriggers = new SqliteTriggerStore(join(dir, 'ops', 'state.db'));
    const s = await storeOps(sqliteStore, sqliteTriggers);
    await sqliteStore.close();
    await sqliteTriggers.close();
    const url = fresh();
    const pgStore = await openPgRunStore({ url });
    const pgTriggers = await openPgTriggerStore({ url });
    const p = await storeOps(pgStore, pgTriggers);
    await pgStore.close();
    await pgTriggers.close();
    const ops = [
      ['write', 'durable write (append + flush)'],
      ['read', 'getRun'],
      ['claim', 'trigger claim (transaction)'],
    ] as const;
    for (const [key, label] of ops) {
      out.push({
        name: `run store ${label}, PostgreSQL`,
        value: p[key]!,
        unit: 'µs',
        baseline: { name: 'SQLite', value: s[key]! },
      });
    }
    return out;
  } finally {
    await dropSchemas(schemas);
    rmSync(dir, { recursive: true, force: true });
  }
}

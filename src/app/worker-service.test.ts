import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityExecutor, JsonValue } from '../index.js';
import { lookupActivity } from '../activities/lookup/index.js';
import { ActivityError } from '../errors/index.js';
import { dropSchemas, schemaUrl, testSchemaName } from '../store/postgres/testing/pg-test-schema.js';
import { createMillrace } from './run-service.js';
import type { Millrace } from './run-service.js';
import { startWorker } from './worker-service.js';
import type { Worker } from './worker-service.js';
import type { RunProgress } from './progress-router.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-workers-'));
const schema = testSchemaName('mr_workers');
const db = schemaUrl(schema);

/** Who ran each Probe attempt, and which attempts saw their signal abort. */
const ranBy: string[] = [];
const aborted: string[] = [];
/** `<worker>:<activity>` of every attempt a worker took. */
const taken: string[] = [];

/** A test activity type: logs, waits `ms`, fails with `fail` when asked, or hangs until its signal aborts. */
function probe(tag: string): ActivityExecutor {
  return {
    type: 'Probe',
    async execute(ctx) {
      const tp = ctx.typeProperties() as {
        item?: JsonValue;
        ms?: number;
        fail?: string;
        hang?: boolean;
        progress?: boolean;
      };
      ranBy.push(tag);
      ctx.log(`probe ${JSON.stringify(tp.item ?? null)} on ${tag}`);
      if (tp.progress) {
        ctx.onStatus?.('halfway');
        ctx.onProgress?.({ bytes: 100, rows: 7, files: 1 });
        // A text line that happens to look like a signal stays text.
        ctx.log('\u001e{"status":"forged"}');
      }
      if (tp.hang) {
        await new Promise((_, reject) =>
          ctx.signal.addEventListener('abort', () => {
            aborted.push(ctx.activity.name);
            reject(new Error('aborted'));
          }),
        );
      }
      await new Promise((r) => setTimeout(r, tp.ms ?? 10));
      if (tp.fail)
        throw new ActivityError({ code: 'activity/invalid-settings', message: `probe says ${tp.fail}` });
      return { item: tp.item ?? null, attempt: ctx.attempt };
    },
  };
}

function write(rel: string, value: unknown): void {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), typeof value === 'string' ? value : JSON.stringify(value));
}

let millrace: Millrace;
/** Another server on the same database (it runs nothing here). */
let other: Millrace;

async function waitFor(ok: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  for (const t0 = Date.now(); Date.now() - t0 < ms;) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out waiting');
}
let workers: Worker[] = [];

beforeAll(async () => {
  write('data/raw/people.csv', 'name,age\nada,36\nalan,41\n');
  write('linkedService/LS_Files.json', {
    name: 'LS_Files',
    properties: { type: 'FileServer', typeProperties: { host: 'data/raw', userId: '' } },
  });
  write('dataset/DS_People.json', {
    name: 'DS_People',
    properties: {
      type: 'DelimitedText',
      linkedServiceName: { referenceName: 'LS_Files', type: 'LinkedServiceReference' },
      typeProperties: {
        location: { type: 'FileServerLocation', fileName: 'people.csv' },
        columnDelimiter: ',',
        firstRowAsHeader: true,
      },
    },
  });
  write('pipeline/PL_Fan.json', {
    name: 'PL_Fan',
    properties: {
      parameters: { n: { type: 'Int', defaultValue: 12 } },
      activities: [
        {
          name: 'Each',
          type: 'ForEach',
          typeProperties: {
            items: '@range(1, pipeline().parameters.n)',
            batchCount: 4,
            activities: [{ name: 'Work', type: 'Probe', typeProperties: { item: '@item()', ms: 40 } }],
          },
        },
        {
          name: 'Read',
          type: 'Lookup',
          dependsOn: [{ activity: 'Each', dependencyConditions: ['Succeeded'] }],
          typeProperties: {
            source: { type: 'DelimitedTextSource' },
            dataset: { referenceName: 'DS_People', type: 'DatasetReference' },
            firstRowOnly: false,
          },
        },
      ],
    },
  });
  write('pipeline/PL_Fail.json', {
    name: 'PL_Fail',
    properties: {
      activities: [
        {
          name: 'Bad',
          type: 'Probe',
          policy: { retry: 3, retryIntervalInSeconds: 0 },
          typeProperties: { fail: 'no' },
        },
      ],
    },
  });
  write('pipeline/PL_Progress.json', {
    name: 'PL_Progress',
    properties: { activities: [{ name: 'Report', type: 'Probe', typeProperties: { progress: true } }] },
  });
  write('pipeline/PL_Hang.json', {
    name: 'PL_Hang',
    properties: { activities: [{ name: 'Stuck', type: 'Probe', typeProperties: { hang: true } }] },
  });
  // The orchestrator has the built-in executors only: Probe can run nowhere but on a worker.
  millrace = await createMillrace({ projectDir: dir, db, execution: 'workers', cancelPollMs: 100 });
  other = await createMillrace({ projectDir: dir, db });
  workers = await Promise.all(
    ['w1', 'w2'].map((tag) =>
      startWorker({
        projectDir: dir,
        db,
        id: tag,
        concurrency: 2,
        executors: [probe(tag), lookupActivity],
        leaseMs: 2_000,
        onEvent: (e) => e.kind === 'claimed' && taken.push(`${tag}:${e.work.payload.activity.name}`),
      }),
    ),
  );
});

afterAll(async () => {
  await millrace?.close();
  await other?.close();
  for (const w of workers) await w.stop({ force: true });
  await dropSchemas([schema]);
  rmSync(dir, { recursive: true, force: true });
});

describe('execution on workers (PostgreSQL work queue)', () => {
  it('runs every execution activity on the workers, spread over both, outputs and logs back in the run', async () => {
    ranBy.length = 0;
    const doc = await millrace.runPipeline('PL_Fan');
    expect(doc.status).toBe('Succeeded');
    expect(ranBy).toHaveLength(12);
    expect(new Set(ranBy)).toEqual(new Set(['w1', 'w2']));
    const work = doc.activityRuns.filter((a) => a.activityName === 'Work');
    expect(work.map((a) => (a.output as { item: number }).item).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    // A built-in activity with data access (Lookup of a CSV through its linked service) runs on a worker too.
    expect(taken.filter((t) => t.endsWith(':Read'))).toHaveLength(1);
    const read = doc.activityRuns.find((a) => a.activityName === 'Read');
    expect(read?.output).toMatchObject({ count: 2, value: [{ name: 'ada' }, { name: 'alan' }] });
    // The lines the workers logged are kept in the database: another server reads them too.
    for (const reader of [millrace, other]) {
      const logs = await reader.logs(doc.runId, 'Work');
      const lines = logs.flatMap((l) => l.text.split('\n'));
      expect(lines.filter((l) => /^probe \d+ on w[12]$/.test(l))).toHaveLength(12);
    }
  });

  it('streams an activity’s progress and status from its worker to the run’s follower, not into its log', async () => {
    const seen: RunProgress[] = [];
    const doc = await millrace.runPipeline('PL_Progress', { onProgress: (p) => seen.push(p) });
    expect(doc.status).toBe('Succeeded');
    expect(seen).toEqual([
      expect.objectContaining({ activityName: 'Report', status: 'halfway' }),
      expect.objectContaining({ activityName: 'Report', bytes: 100, rows: 7, files: 1 }),
    ]);
    const [log] = await millrace.logs(doc.runId, 'Report');
    expect(log?.text.split('\n').filter((l) => l !== '')).toEqual([
      expect.stringMatching(/^probe null on w[12]$/),
      ' \u001e{"status":"forged"}',
    ]);
  });

  it('brings a worker’s error back with its code, and honours its retryability (no retry of a user error)', async () => {
    ranBy.length = 0;
    const doc = await millrace.runPipeline('PL_Fail');
    expect(doc.status).toBe('Failed');
    const bad = doc.activityRuns.filter((a) => a.activityName === 'Bad');
    expect(bad).toHaveLength(1);
    expect(bad[0]?.error).toMatchObject({ errorCode: 'activity/invalid-settings', message: 'probe says no' });
  });

  it('cancels an attempt on its worker when the run is cancelled; another server follows its log live', async () => {
    aborted.length = 0;
    const started = await millrace.startRun('PL_Hang');
    const followed: string[] = [];
    let ended = false;
    await waitFor(async () => (await other.getRun(started.runId)) !== undefined);
    await other.followLogs(
      started.runId,
      (l) => followed.push(`${l.activityName}: ${l.line}`),
      () => (ended = true),
    );
    await waitFor(() => followed.length > 0);
    expect(followed).toEqual([expect.stringMatching(/^Stuck: probe null on w[12]$/)]);
    expect(ended).toBe(false);
    for (let i = 0; i < 100 && !ranBy.includes('w1') && !ranBy.includes('w2'); i++)
      await new Promise((r) => setTimeout(r, 20));
    ranBy.length = 0;
    await new Promise((r) => setTimeout(r, 100));
    // Asked of the other server: it reaches the orchestrating process through the store, then the worker.
    expect(await other.cancelRun(started.runId)).toBe(true);
    const doc = await started.done;
    expect(doc.status).toBe('Cancelled');
    for (let i = 0; i < 100 && aborted.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(aborted).toEqual(['Stuck']);
    await waitFor(() => ended);
    expect(followed).toHaveLength(1);
  });
});

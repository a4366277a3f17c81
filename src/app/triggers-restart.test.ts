import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileStore, ListOptions, RunStore, TriggerStore } from '../contracts/index.js';
import { FakeClock } from '../engine/testing/fake-clock.js';
import { LocalFileStore } from '../connectors/index.js';
import { SqliteRunStore, SqliteTriggerStore } from '../store/index.js';
import { createScheduler } from '../triggers/index.js';
import type { SchedulerOptions } from '../triggers/index.js';
import type { StartedRun } from './testing/trigger-testing.js';
import { at, closeAll, fakeRunner, triggerResource } from './testing/trigger-testing.js';

const T0 = Date.parse('2024-01-01T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'millrace-triggers-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Process {
  readonly clock: FakeClock;
  readonly store: RunStore;
  readonly triggerStore: TriggerStore;
  readonly log: StartedRun[];
  readonly crash: AbortController;
  readonly stop: AbortController;
  readonly running: Promise<void>;
  /** Resolves at the first scheduler heartbeat at or after `time` (no timer of its own: real I/O can't race the fake clock). */
  beat(time: number): Promise<void>;
}

/** Starts a "process": stores opened on the SQLite file, a fake clock at `start`, a scheduler loop. */
async function boot(
  start: number,
  factory: SchedulerOptions['factory'],
  extra: Partial<SchedulerOptions> = {},
  durationMs = 30 * MIN,
): Promise<Process> {
  const clock = new FakeClock(start);
  const db = join(dir, 'state.db');
  const store = new SqliteRunStore({ path: db });
  await store.recoverInterrupted(() => false, start); // the previous process is dead
  const triggerStore = new SqliteTriggerStore(db);
  const log: StartedRun[] = [];
  const crash = new AbortController();
  const stop = new AbortController();
  let n = 0;
  const waiters: { time: number; resolve: () => void }[] = [];
  const scheduler = createScheduler({
    clock,
    ids: { newRunId: () => `${start}-${n++}` },
    store,
    triggerStore,
    startRun: fakeRunner(clock, store, { durationMs, crash: crash.signal, log }),
    factory,
    pollMs: 5 * MIN,
    onEvent: (e) => {
      if (e.kind === 'error') throw e.error as Error;
      if (e.kind !== 'heartbeat') return;
      for (const w of waiters.filter((x) => x.time <= e.at)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    },
    ...extra,
  });
  const running = scheduler.run(stop.signal);
  const beat = (time: number): Promise<void> => new Promise((resolve) => waiters.push({ time, resolve }));
  return { clock, store, triggerStore, log, crash, stop, running, beat };
}

/** Kills a process at `time`: no run finishes, nothing more is written. */
async function kill(p: Process, time: number, sync: 'clock' | 'beat' = 'clock'): Promise<void> {
  await (sync === 'clock' ? at(p.clock, time) : p.beat(time));
  p.crash.abort();
  p.stop.abort();
  await p.running;
  await closeAll(p.store, p.triggerStore);
}

describe('tumbling window trigger across a crash', () => {
  const factory = {
    triggers: new Map([
      [
        'TR_Hourly',
        triggerResource('TR_Hourly', {
          type: 'TumblingWindowTrigger',
          runtimeState: 'Started',
          pipeline: { pipelineReference: { referenceName: 'PL_Slice', type: 'PipelineReference' } },
          typeProperties: {
            frequency: 'Hour',
            interval: 1,
            startTime: '2023-12-31T20:00:00Z',
            maxConcurrency: 2,
            retryPolicy: { count: 1, intervalInSeconds: 30 },
          },
        }),
      ],
    ]),
  };

  it('runs every window exactly once to success, backfilling and retrying interrupted ones', async () => {
    const p1 = await boot(T0, factory);
    await kill(p1, T0 + 2 * HOUR + 15 * MIN); // mid-window: some runs in flight
    const interrupted = p1.log.filter((r) => r.end === undefined);
    expect(interrupted.length).toBeGreaterThan(0);
    for (const run of p1.log) {
      // never more than maxConcurrency windows at once
      const overlapping = p1.log.filter((o) => o.start <= run.start && (o.end ?? Infinity) > run.start);
      expect(overlapping.length).toBeLessThanOrEqual(2);
    }

    const p2 = await boot(T0 + 3 * HOUR, factory);
    await at(p2.clock, T0 + 6 * HOUR + 20 * MIN);
    p2.stop.abort();
    await p2.running;
    await at(p2.clock, T0 + 8 * HOUR); // let the runs in flight finish
    await p2.clock.sleep(0);

    const windows = await p2.triggerStore.listTriggerRuns({ trigger: 'TR_Hourly' });
    // 2023-12-31T20:00 .. 2024-01-01T05:00: ten windows due by 06:20
    expect(windows.map((w) => w.key)).toEqual(
      Array.from({ length: 10 }, (_, i) =>
        new Date(Date.parse('2023-12-31T20:00:00Z') + i * HOUR).toISOString(),
      ),
    );
    expect(windows.every((w) => w.status === 'Succeeded')).toBe(true);
    const all = [...p1.log, ...p2.log];
    const byWindow = new Map<string, StartedRun[]>();
    for (const r of all) {
      const key = JSON.stringify((r.request.trigger?.trigger as { outputs: unknown }).outputs);
      byWindow.set(key, [...(byWindow.get(key) ?? []), r]);
    }
    expect(byWindow.size).toBe(10);
    for (const runs of byWindow.values()) {
      // one successful run per window; a second attempt only where the first was killed
      expect(runs.filter((r) => r.end !== undefined)).toHaveLength(1);
      expect(runs.length).toBe(runs.some((r) => interrupted.includes(r)) ? 2 : 1);
    }
    const recorded = await p2.store.listRuns({ status: 'Succeeded', limit: 100 });
    expect(recorded.total).toBe(10);
    await closeAll(p2.store, p2.triggerStore);
  });

  it('reruns a window a crash interrupted once, even with no retry policy (as ADF does)', async () => {
    const noRetry = {
      triggers: new Map([
        [
          'TR_Hourly',
          triggerResource('TR_Hourly', {
            type: 'TumblingWindowTrigger',
            runtimeState: 'Started',
            pipeline: { pipelineReference: { referenceName: 'PL_Slice', type: 'PipelineReference' } },
            typeProperties: {
              frequency: 'Hour',
              interval: 1,
              startTime: '2023-12-31T20:00:00Z',
              maxConcurrency: 2,
            },
          }),
        ],
      ]),
    };
    const p1 = await boot(T0, noRetry);
    await kill(p1, T0 + 2 * HOUR + 15 * MIN);
    const interrupted = p1.log.filter((r) => r.end === undefined);
    expect(interrupted.length).toBeGreaterThan(0);
    const p2 = await boot(T0 + 3 * HOUR, noRetry);
    await at(p2.clock, T0 + 6 * HOUR + 20 * MIN);
    p2.stop.abort();
    await p2.running;
    await at(p2.clock, T0 + 8 * HOUR);
    await p2.clock.sleep(0);
    const windows = await p2.triggerStore.listTriggerRuns({ trigger: 'TR_Hourly' });
    expect(windows).toHaveLength(10);
    expect(windows.filter((w) => w.status !== 'Succeeded')).toEqual([]);
    // The interrupted windows ran a second time, and only they did.
    const keyOf = (r: StartedRun) =>
      JSON.stringify((r.request.trigger?.trigger as { outputs: unknown }).outputs);
    const again = p2.log.filter((r) => interrupted.some((i) => keyOf(i) === keyOf(r)));
    expect(again).toHaveLength(interrupted.length);
    expect(windows.filter((w) => w.attempt === 2)).toHaveLength(interrupted.length);
    await closeAll(p2.store, p2.triggerStore);
  });
});

describe('storage event trigger across a crash', () => {
  it('fires files created while the scheduler was down once, after restart', async () => {
    const root = join(dir, 'files');
    await mkdir(join(root, 'landing', 'orders'), { recursive: true });
    await writeFile(join(root, 'landing', 'orders', 'old.csv'), 'a,b\n');
    const factory = {
      triggers: new Map([
        [
          'TR_Orders',
          triggerResource('TR_Orders', {
            type: 'BlobEventsTrigger',
            runtimeState: 'Started',
            pipelines: [
              {
                pipelineReference: { referenceName: 'PL_Load', type: 'PipelineReference' },
                parameters: { file: '@triggerBody().fileName' },
              },
            ],
            typeProperties: {
              blobPathBeginsWith: '/landing/blobs/orders/',
              blobPathEndsWith: '.csv',
              ignoreEmptyBlobs: true,
              events: ['Microsoft.Storage.BlobCreated'],
              scope: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z',
            },
          }),
        ],
      ]),
    };
    const files = new LocalFileStore(root);
    let clock: FakeClock | undefined;
    // Time stands still while the folder is listed (real I/O would let the fake clock jump to the next timer).
    const store: FileStore = Object.assign(Object.create(files) as FileStore, {
      list: async (folder: string, options?: ListOptions) => {
        clock?.pause();
        try {
          return await files.list(folder, options);
        } finally {
          clock?.resume();
        }
      },
    });
    const source = { store, container: 'landing', folder: 'landing' };
    const extra = { resolveBlobSource: () => Promise.resolve(source), pollMs: MIN };
    const p1 = await boot(T0, factory, extra);
    clock = p1.clock;
    await p1.beat(T0); // baseline taken: old.csv does not fire
    p1.clock.pause(); // real file I/O must not race the fake clock
    await writeFile(join(root, 'landing', 'orders', 'a.csv'), '1\n');
    p1.clock.resume();
    await kill(p1, T0 + 3 * MIN, 'beat');
    expect(p1.log.map((r) => (r.request.trigger?.triggerBody as { fileName: string }).fileName)).toEqual([
      'a.csv',
    ]);

    await writeFile(join(root, 'landing', 'orders', 'b.csv'), '2\n');
    await writeFile(join(root, 'landing', 'orders', 'empty.csv'), '');
    await writeFile(join(root, 'landing', 'orders', 'c.json'), '{}');
    const p2 = await boot(T0 + HOUR, factory, extra);
    clock = p2.clock;
    await p2.beat(T0 + HOUR + 5 * MIN);
    p2.stop.abort();
    await p2.running;
    await at(p2.clock, T0 + 2 * HOUR);
    await p2.clock.sleep(0);
    const fired = p2.log.map((r) => (r.request.trigger?.triggerBody as { fileName: string }).fileName);
    // b.csv (created while down) fires once; empty.csv and c.json never; a.csv is not fired again
    expect(fired).toEqual(['b.csv']);
    expect(
      p2.log.find((r) => r.request.trigger?.parameters?.['file'] === '@triggerBody().fileName'),
    ).toBeDefined();
    const runs = await p2.triggerStore.listTriggerRuns({ trigger: 'TR_Orders' });
    // a.csv's run was killed: its trigger run takes the run's status (storage events have no retry policy)
    expect(
      runs.map((r) => `${r.status} ${(r.payload as { fileName: string }).fileName} ${r.message ?? ''}`),
    ).toEqual(['Failed a.csv interrupted', 'Succeeded b.csv ']);
    await closeAll(p2.store, p2.triggerStore);
  });
});

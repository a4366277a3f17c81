import type { RunStore, TriggerStore } from '../../contracts/index.js';
import type { RunHandle, RunRequest } from '../../engine/index.js';
import type { FakeClock } from '../../engine/testing/fake-clock.js';
import type { JsonValue, TriggerResource } from '../../model/index.js';

/** One pipeline run a fake runner started (test helper). */
export interface StartedRun {
  readonly runId: string;
  readonly request: RunRequest;
  readonly start: number;
  end?: number;
}

/**
 * A stand-in for the engine's `startRun` in scheduler tests: records the run in the run store like the engine
 * (created and flushed before it starts), "runs" for `durationMs` on the fake clock, and succeeds unless `fail`
 * says so. When `crash` aborts, unfinished runs never settle and write nothing, as in a killed process.
 */
export function fakeRunner(
  clock: FakeClock,
  store: RunStore,
  options: { durationMs: number; crash: AbortSignal; fail?: (r: RunRequest) => boolean; log: StartedRun[] },
): (request: RunRequest) => RunHandle {
  return (request) => {
    const runId = request.runId ?? `run-${options.log.length}`;
    const start = clock.now();
    const entry: StartedRun = { runId, request, start };
    options.log.push(entry);
    store.append({
      kind: 'run-created',
      run: {
        runId,
        pipeline: request.pipeline,
        status: 'InProgress',
        parameters: {},
        variables: {},
        output: {},
        groupId: runId,
        invokedBy: { triggerType: request.trigger?.type ?? 'Manual' },
        contentHash: 'test',
        queuedAt: start,
        start,
        owner: 'test-process',
      },
    });
    const result = (async () => {
      await store.flush();
      try {
        await clock.sleep(options.durationMs, options.crash);
      } catch {
        return new Promise<never>(() => undefined); // killed: never settles
      }
      const status = options.fail?.(request) ? 'Failed' : 'Succeeded';
      entry.end = clock.now();
      store.append({ kind: 'run-finished', runId, status, end: clock.now(), variables: {}, output: {} });
      await store.flush();
      return { runId, pipeline: request.pipeline, status, returnValue: undefined } as const;
    })();
    return { runId, result };
  };
}

/** A trigger resource as the loader would give it (test helper). */
export function triggerResource(name: string, properties: Record<string, JsonValue>): TriggerResource {
  return {
    kind: 'trigger',
    name,
    file: `trigger/${name}.json`,
    propertiesPath: ['properties'],
    raw: {},
    properties: {
      pipelines: [],
      typeProperties: {},
      ...properties,
    } as unknown as TriggerResource['properties'],
  };
}

/** Resolves when the fake clock reaches `at`. */
export function at(clock: FakeClock, time: number): Promise<void> {
  return clock.sleep(time - clock.now());
}

/** Closes both stores. */
export async function closeAll(store: RunStore, triggerStore: TriggerStore): Promise<void> {
  await store.close();
  await triggerStore.close();
}

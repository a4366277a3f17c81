import type { ActivityExecutor, DatasetProbe } from '../../contracts/index.js';
import { createFunctionContext } from '../../expressions/index.js';
import type { ExprValue } from '../../expressions/index.js';
import type { Activity, JsonObject, JsonValue, PipelineResource } from '../../model/index.js';
import { createActivityRegistry } from '../activity-registry.js';
import { createEngine } from '../engine.js';
import type { Engine } from '../engine.js';
import { buildRunDocument } from '../run-document.js';
import type { RunDocument } from '../run-document.js';
import type { RunRequest, RunResult } from '../run-types.js';
import { FakeClock } from './fake-clock.js';
import { RecordingStore } from './recording-store.js';

/** `[upstream, ...conditions]`; conditions default to Succeeded. */
export type Dep = string | readonly [string, ...string[]];

/** Builds an activity. */
export function act(
  name: string,
  type: string,
  typeProperties: Record<string, unknown> = {},
  dependsOn: readonly Dep[] = [],
  extra: Partial<Activity> = {},
): Activity {
  return {
    name,
    type,
    dependsOn: dependsOn.map((d) =>
      typeof d === 'string'
        ? { activity: d, dependencyConditions: ['Succeeded'] }
        : {
            activity: d[0],
            dependencyConditions: d.slice(1) as Activity['dependsOn'][number]['dependencyConditions'],
          },
    ),
    typeProperties: typeProperties as JsonObject,
    ...extra,
  };
}

/** Builds a pipeline resource as the loader would. */
export function pipeline(
  name: string,
  activities: readonly Activity[],
  extra: {
    parameters?: Record<string, { type: string; defaultValue?: JsonValue }>;
    variables?: Record<string, { type: string; defaultValue?: JsonValue }>;
    concurrency?: number;
  } = {},
): PipelineResource {
  return {
    kind: 'pipeline',
    name,
    file: `pipeline/${name}.json`,
    propertiesPath: ['properties'],
    raw: {},
    properties: {
      activities,
      parameters: (extra.parameters ?? {}) as PipelineResource['properties']['parameters'],
      variables: (extra.variables ?? {}) as PipelineResource['properties']['variables'],
      ...(extra.concurrency === undefined ? {} : { concurrency: extra.concurrency }),
    },
  };
}

/** `{value, type: Expression}`. */
export const expr = (value: string): JsonObject => ({ value, type: 'Expression' });

/** Test executors: Succeed (output = typeProperties.output), Boom (throws typeProperties.message), Hang, Flaky. */
export function testExecutors(): { executors: ActivityExecutor[]; attempts: Map<string, number> } {
  const attempts = new Map<string, number>();
  const executors: ActivityExecutor[] = [
    {
      type: 'Succeed',
      execute: (ctx) => {
        const tp = ctx.typeProperties() as JsonObject;
        ctx.log(`running ${ctx.activity.name}`);
        return Promise.resolve(tp['output'] ?? { ok: true });
      },
    },
    {
      type: 'Boom',
      execute: (ctx) => {
        const m = (ctx.typeProperties() as JsonObject)['message'];
        return Promise.reject(new Error(typeof m === 'string' ? m : 'boom'));
      },
    },
    {
      type: 'Hang',
      execute: (ctx) =>
        new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')))),
    },
    {
      type: 'Flaky',
      execute: (ctx) => {
        const key = ctx.activity.name;
        const n = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, n);
        const failFirst = Number((ctx.typeProperties() as JsonObject)['failFirst'] ?? 1);
        return n <= failFirst
          ? Promise.reject(new Error(`flaky attempt ${n}`))
          : Promise.resolve({ attempt: n });
      },
    },
  ];
  return { executors, attempts };
}

/** An engine over a fake clock, counter ids and a recording store. */
export interface Harness {
  readonly engine: Engine;
  readonly store: RecordingStore;
  readonly clock: FakeClock;
  readonly attempts: Map<string, number>;
  /** Runs a pipeline to its end and returns the result and the run document. */
  run(name: string, request?: Omit<RunRequest, 'pipeline'>): Promise<{ result: RunResult; doc: RunDocument }>;
  document(runId: string): Promise<RunDocument>;
}

/** Creates a harness for the given pipelines. */
export function createHarness(
  pipelines: readonly PipelineResource[],
  options: {
    maxParallelActivities?: number;
    datasetProbe?: DatasetProbe;
    executors?: ActivityExecutor[];
    maxPipelineDepth?: number;
    /** Prefix of the ids it makes (default `id`): two harnesses over one run's records need distinct ones. */
    idPrefix?: string;
  } = {},
): Harness {
  const store = new RecordingStore();
  const clock = new FakeClock();
  let id = 0;
  const { executors, attempts } = testExecutors();
  const byName = new Map(pipelines.map((p) => [p.name, p]));
  const engine = createEngine({
    clock,
    ids: { newRunId: () => `${options.idPrefix ?? 'id'}-${++id}` },
    store,
    registry: createActivityRegistry([...executors, ...(options.executors ?? [])]),
    functions: createFunctionContext({
      now: () => clock.now(),
      newGuid: () => `guid-${++id}`,
      random: () => 0,
    }),
    getPipeline: (name) => byName.get(name),
    contentHash: 'sha256:test',
    factoryName: 'test-factory',
    owner: 'test:1',
    ...(options.maxParallelActivities === undefined
      ? {}
      : { maxParallelActivities: options.maxParallelActivities }),
    ...(options.datasetProbe ? { datasetProbe: options.datasetProbe } : {}),
    ...(options.maxPipelineDepth === undefined ? {} : { maxPipelineDepth: options.maxPipelineDepth }),
  });
  const document = async (runId: string): Promise<RunDocument> => {
    const run = await store.getRun(runId);
    if (!run) throw new Error(`no run ${runId}`);
    return buildRunDocument(run, await store.getActivityRuns(runId));
  };
  return {
    engine,
    store,
    clock,
    attempts,
    document,
    async run(name, request = {}) {
      const handle = engine.startRun({ pipeline: name, ...request });
      const result = await handle.result;
      return { result, doc: await document(handle.runId) };
    },
  };
}

/** Status of each activity run by name (last run of each name wins), for compact assertions. */
export function statuses(doc: RunDocument): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of doc.activityRuns)
    out[a.iteration ? `${a.iteration}/${a.activityName}` : a.activityName] = a.status;
  return out;
}

/** Helper type for values in tests. */
export type Value = ExprValue;

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActivityExecutor, ActivityRunRecord } from '../contracts/index.js';
import { buildRunDocument } from '../engine/index.js';
import { ActivityError } from '../errors/index.js';
import { isJsonObject } from '../model/index.js';
import type { JsonValue } from '../model/index.js';
import { createMemoryRunStore } from '../store/index.js';
import { loadProject } from './project.js';
import { createMillrace } from './run-service.js';
import type {
  ActivityMock,
  ActivityMocks,
  PipelineTestChild,
  PipelineTestRunOptions,
  PipelineTestRunResult,
} from './pipeline-test-types.js';

function mockResult(name: string, mock: ActivityMock): JsonValue {
  if (mock.error)
    throw new ActivityError({
      code: 'test/mocked-failure',
      errorCode: mock.error.errorCode ?? 'MockedFailure',
      message: mock.error.message,
      failureType: mock.error.failureType ?? 'UserError',
      retryable: false,
    });
  return mock.output ?? {};
}

function lowerKeys<T>(record: Readonly<Record<string, T>> | undefined): Map<string, T> {
  return new Map(Object.entries(record ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Types of the activities (anywhere in the factory's pipelines) whose names are mocked. */
function typesOfNamed(pipelines: readonly JsonValue[], names: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const visit = (node: JsonValue): void => {
    if (Array.isArray(node)) for (const c of node as readonly JsonValue[]) visit(c);
    else if (isJsonObject(node)) {
      const { name, type } = node;
      if (typeof name === 'string' && typeof type === 'string' && names.has(name.toLowerCase()))
        out.add(type);
      for (const v of Object.values(node)) if (v !== undefined) visit(v);
    }
  };
  for (const p of pipelines) visit(p);
  return out;
}

/**
 * Executors with mocks applied: every executor checks the name mocks, then the type mocks, then runs for
 * real; mocked types (or types of mocked names) that no executor handles get a mock-only executor. That
 * includes control-flow types (ExecutePipeline, ForEach, …): the engine hands a mocked one to the registry
 * (`isMocked`), so a mock replaces any activity.
 */
function mockExecutors(
  base: readonly ActivityExecutor[],
  mocks: ActivityMocks,
  namedTypes: ReadonlySet<string>,
): ActivityExecutor[] {
  const byName = lowerKeys(mocks.activities);
  const byType = lowerKeys(mocks.types);
  const wrap = (type: string, real: ActivityExecutor | undefined): ActivityExecutor => ({
    type,
    execute: (ctx) => {
      const mock = byName.get(ctx.activity.name.toLowerCase()) ?? byType.get(ctx.activity.type.toLowerCase());
      if (mock) return Promise.resolve().then(() => mockResult(ctx.activity.name, mock));
      if (real) return real.execute(ctx);
      return Promise.reject(
        new ActivityError({
          code: 'engine/unsupported-activity',
          errorCode: 'UnsupportedActivity',
          message: `activity "${ctx.activity.name}": type "${type}" has no executor; mock it by name or type`,
        }),
      );
    },
  });
  const known = new Set(base.map((e) => e.type.toLowerCase()));
  // A name mock on an activity whose type has no executor and is not a control type still needs one.
  const extra = [...new Set([...Object.keys(mocks.types ?? {}), ...namedTypes])]
    .filter((t) => !known.has(t.toLowerCase()))
    .filter((t, i, all) => all.findIndex((x) => x.toLowerCase() === t.toLowerCase()) === i);
  return [...base.map((e) => wrap(e.type, e)), ...extra.map((t) => wrap(t, undefined))];
}

/** True for an activity that a name or type mock replaces. */
function isMocked(
  mocks: ActivityMocks,
): (activity: { readonly name: string; readonly type: string }) => boolean {
  const byName = lowerKeys(mocks.activities);
  const byType = lowerKeys(mocks.types);
  return (a) => byName.has(a.name.toLowerCase()) || byType.has(a.type.toLowerCase());
}

/** The child runs of ExecutePipeline activities (waited-on ones), recursively, by run id. */
async function childRuns(
  store: ReturnType<typeof createMemoryRunStore>,
  activityRuns: readonly ActivityRunRecord[],
  out: Map<string, PipelineTestChild>,
): Promise<void> {
  for (const r of activityRuns) {
    if (r.activityType.toLowerCase() !== 'executepipeline' || !isJsonObject(r.output)) continue;
    const id = r.output['pipelineRunId'];
    if (typeof id !== 'string' || out.has(id)) continue;
    const run = await store.getRun(id);
    if (!run) continue;
    const runs = await store.getActivityRuns(id);
    out.set(id, { document: buildRunDocument(run, runs), activityRuns: runs });
    await childRuns(store, runs, out);
  }
}

/**
 * Runs one pipeline for a test (loaded lazily by run-pipeline-test.ts): in-memory run store, activity logs in a temporary folder (nothing is written
 * under `.millrace`), mocked activities replaced by their mock, unmocked ones run for real.
 */
export async function runPipelineTest(
  pipeline: string,
  options: PipelineTestRunOptions = {},
): Promise<PipelineTestRunResult> {
  // Loaded once: the mocks look at its pipelines, the run service runs them.
  const loaded = await loadProject(options.projectDir ?? '.');
  const mocks = options.mocks ?? {};
  const names = new Set(Object.keys(mocks.activities ?? {}).map((n) => n.toLowerCase()));
  const namedTypes =
    names.size === 0
      ? new Set<string>()
      : typesOfNamed(
          [...loaded.factory.pipelines.values()].map((p) => p.raw),
          names,
        );
  const logDir = await mkdtemp(join(tmpdir(), 'millrace-test-logs-'));
  const store = createMemoryRunStore();
  const millrace = await createMillrace(
    {
      project: loaded,
      store,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.ids ? { ids: options.ids } : {}),
      ...(options.environment === undefined ? {} : { environment: options.environment }),
    },
    {
      logDir,
      decorateExecutors: (base) => mockExecutors(base, mocks, namedTypes),
      replacesActivity: isMocked(mocks),
    },
  );
  try {
    const document = await millrace.runPipeline(pipeline, {
      ...(options.parameters ? { parameters: options.parameters } : {}),
      ...(options.rawParameters ? { rawParameters: options.rawParameters } : {}),
    });
    const activityRuns = await store.getActivityRuns(document.runId);
    const children = new Map<string, PipelineTestChild>();
    await childRuns(store, activityRuns, children);
    return { document, activityRuns, children };
  } finally {
    await millrace.close();
    await rm(logDir, { recursive: true, force: true });
  }
}

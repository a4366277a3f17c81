import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActivityExecutor } from '../contracts/index.js';
import { CONTROL_TYPES } from '../engine/index.js';
import { ActivityError } from '../errors/index.js';
import { isJsonObject } from '../model/index.js';
import type { JsonValue } from '../model/index.js';
import { createMemoryRunStore } from '../store/index.js';
import { loadProject } from './project.js';
import { createMillrace } from './run-service.js';
import type {
  ActivityMock,
  ActivityMocks,
  PipelineTestRunOptions,
  PipelineTestRunResult,
} from './pipeline-test-types.js';

const CONTROL = new Set(CONTROL_TYPES.map((t) => t.toLowerCase()));

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
 * real; mocked types (or types of mocked names) that no executor handles get a mock-only executor.
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
  const extra = [...new Set([...Object.keys(mocks.types ?? {}), ...namedTypes])]
    .filter((t) => !known.has(t.toLowerCase()) && !CONTROL.has(t.toLowerCase()))
    .filter((t, i, all) => all.findIndex((x) => x.toLowerCase() === t.toLowerCase()) === i);
  return [...base.map((e) => wrap(e.type, e)), ...extra.map((t) => wrap(t, undefined))];
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
    { logDir, decorateExecutors: (base) => mockExecutors(base, mocks, namedTypes) },
  );
  try {
    const document = await millrace.runPipeline(pipeline, {
      ...(options.parameters ? { parameters: options.parameters } : {}),
      ...(options.rawParameters ? { rawParameters: options.rawParameters } : {}),
    });
    return { document, activityRuns: await store.getActivityRuns(document.runId) };
  } finally {
    await millrace.close();
    await rm(logDir, { recursive: true, force: true });
  }
}

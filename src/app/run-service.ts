import { join, resolve } from 'node:path';
import type {
  ActivityExecutor,
  Clock,
  DatasetProbe,
  IdSource,
  ListRunsQuery,
  RunEvent,
  RunPage,
  RunStore,
} from '../contracts/index.js';
import { resolveEnvironment, resolveProject } from '../config/index.js';
import {
  createActivityRegistry,
  createEngine,
  createRerunSource,
  buildRunDocument,
  SECURE_MASK,
} from '../engine/index.js';
import type { Engine, RunDocument, RunHandle, RunRequest, TriggerInvocation } from '../engine/index.js';
import { ConfigError, isMillraceError } from '../errors/index.js';
import { createFunctionContext } from '../expressions/index.js';
import type { ExprValue } from '../expressions/index.js';
import type { JsonValue } from '../model/index.js';
import { SecretRedactor } from '../secrets/index.js';
import type { Diagnostic } from '../errors/index.js';
import { currentOwner, openSqliteRunStore } from '../store/index.js';
import { builtinActivityExecutors } from '../activities/index.js';
import { builtinConnectors, createConnectorRegistry } from '../connectors/index.js';
import { createActivityLogWriter, readActivityLogs } from './activity-logs.js';
import type { ActivityLog } from './activity-logs.js';
import { followRunLogs } from './follow-logs.js';
import type { LogLine } from './follow-logs.js';
import { createDataWiring } from './data-access.js';
import { createDatabricksRemote } from './databricks-wiring.js';
import { createDatasetProbe } from './dataset-probe.js';
import type { DataWiring } from './data-access.js';
import { brokenFiles, brokenPipelineError } from './broken-files.js';
import type { BrokenFile } from './broken-files.js';
import { loadProject } from './project.js';
import { createProgressRouter } from './progress-router.js';
import { createRunTracking } from './run-tracking.js';
import { openArtifactStore } from './artifact-store-wiring.js';
import type { RunProgress } from './progress-router.js';
import { environmentPython, factoryForEnvironment } from './environment-wiring.js';
import { projectPythonEnvironments } from './python-wiring.js';
import {
  createEnvironmentSecrets,
  redactingRunStore,
  registerInlineSecrets,
  unavailableSecrets,
} from './secrets-wiring.js';
import { systemClock, uuidIds } from './system-clock.js';

/** Options of `createMillrace`. */
export interface MillraceOptions {
  /** Project folder (millrace.json) or bare factory folder. Default: the current folder. */
  readonly projectDir?: string;
  /** Run store; default SQLite in `<project>/.millrace/state.db`. */
  readonly store?: RunStore;
  readonly clock?: Clock;
  readonly ids?: IdSource;
  /** Executors of non-control activity types. Default: the built-in ones (Copy, Lookup, notebooks…). */
  readonly executors?: readonly ActivityExecutor[];
  readonly datasetProbe?: DatasetProbe;
  readonly maxParallelActivities?: number;
  /** How often a running process checks the store for cross-process cancel requests (ms). Default 500. */
  readonly cancelPollMs?: number;
  /** Environment to run in (millrace.json `environments` or a preview): its parameters and secrets. */
  readonly environment?: string;
  /** Receives the environment's warnings (unmapped ARM parameters, undeclared global parameters). */
  readonly onDiagnostic?: (diagnostic: Diagnostic) => void;
}

/** Options of one run. */
export interface RunOptions {
  /** Values as text (`-p name=value`), parsed by declared type. */
  readonly rawParameters?: Readonly<Record<string, string>>;
  /** Typed values. */
  readonly parameters?: Readonly<Record<string, JsonValue>>;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: RunEvent) => void;
  /** The trigger starting the run (pipeline() Trigger* values, parameters in trigger scope). */
  readonly trigger?: TriggerInvocation;
  /** A run id chosen by the caller (the trigger scheduler records it before the run starts). */
  readonly runId?: string;
  /**
   * Live progress of the run's copies (and its child runs'): byte, row and file totals, at most every
   * ~250 ms per activity run. Not a run event: it is neither stored nor heard by `subscribe` listeners.
   */
  readonly onProgress?: (progress: RunProgress) => void;
}

/** The run API of the library: what `millrace run` / `millrace runs` and the server call. */
export interface Millrace {
  /** Runs a pipeline to its end and returns its run document. Bad input throws a ConfigError. */
  runPipeline(pipeline: string, options?: RunOptions): Promise<RunDocument>;
  getRun(runId: string): Promise<RunDocument | undefined>;
  listRuns(query?: ListRunsQuery): Promise<RunPage>;
  /** Cancels a run of this process at once, or asks the process that owns it (through the store). */
  cancelRun(runId: string): Promise<boolean>;
  /** Reruns a finished run (same parameters); `fromFailed` reuses what succeeded and reruns from the failures. */
  rerun(runId: string, options?: RunOptions & { readonly fromFailed?: boolean }): Promise<RunDocument>;
  /** The kept log of each activity run of a run (optionally of one activity), in run order. */
  logs(runId: string, activityName?: string): Promise<ActivityLog[]>;
  /**
   * Starts a run in the background: bad input throws (ConfigError) before anything is recorded; `done`
   * resolves with the run document when it ends.
   */
  startRun(pipeline: string, options?: RunOptions): Promise<StartedRun>;
  /** `rerun` in the background, like `startRun`. */
  startRerun(runId: string, options?: RunOptions & { readonly fromFailed?: boolean }): Promise<StartedRun>;
  /** Receives every event of every run of this process (masked). Returns the unsubscribe function. */
  subscribe(listener: (event: RunEvent) => void): () => void;
  /**
   * Follows a run's log: replays the kept lines, then each new line as it is logged, until the run ends
   * (`onEnd`) or the returned stop function is called. Each line is delivered once. Throws `run/unknown-run`.
   */
  followLogs(runId: string, onLine: (line: LogLine) => void, onEnd: () => void): Promise<() => void>;
  /** True when an activity of the run was given MLflow tracking (so its notebooks may have logged ML runs). */
  usedMlTracking(runId: string): boolean;
  /** Waits for background runs (ExecutePipeline without waiting), then flushes and closes the store. */
  close(): Promise<void>;
}

/** Wiring hooks for other app/ code (not part of the public API): the pipeline test harness uses them. */
export interface RunServiceInternals {
  /** Wraps the executors (built-in or given) before they are registered: mocks replace activities. */
  readonly decorateExecutors?: (executors: readonly ActivityExecutor[]) => readonly ActivityExecutor[];
  /** Folder of the kept activity logs; default `<project>/.millrace/logs`. */
  readonly logDir?: string;
}

/** A run started in the background. */
export interface StartedRun {
  readonly runId: string;
  readonly done: Promise<RunDocument>;
}

/**
 * Creates the library's run service for a project: loads the factory on first run, opens the run store
 * (recovering runs left behind by a crashed process) and wires the engine.
 *
 * @example
 * const millrace = await createMillrace({ projectDir: '.' });
 * const doc = await millrace.runPipeline('PL_Daily', { rawParameters: { runDate: '2024-01-01' } });
 * await millrace.close();
 */
export async function createMillrace(
  options: MillraceOptions = {},
  internals: RunServiceInternals = {},
): Promise<Millrace> {
  const dir = options.projectDir ?? '.';
  const project = await resolveProject(dir);
  const environment =
    options.environment === undefined ? undefined : await resolveEnvironment(project, options.environment);
  // Every resolved secret value is masked (***) in stored events, logs, progress and errors.
  const redactor = new SecretRedactor();
  if (environment) registerInlineSecrets(environment, redactor);
  const secretRouter = environment ? createEnvironmentSecrets(environment, redactor) : undefined;
  const python = environmentPython(environment) ?? project.config?.python;
  // The MLflow API for the run's notebooks starts with the first activity that asks for it.
  const tracking = createRunTracking({
    projectRoot: project.root,
    ...(options.environment === undefined ? {} : { environment: options.environment }),
    ...(project.config?.bundle === undefined ? {} : { bundle: project.config.bundle }),
    onSecret: (value) => redactor.add(value),
    openArtifacts: () => openArtifactStore(project, environment, redactor),
  });
  const store = redactingRunStore(
    options.store ?? (await openSqliteRunStore({ path: join(project.root, '.millrace', 'state.db') })),
    redactor,
  );
  const clock = options.clock ?? systemClock;
  let engine: Engine | undefined;
  let data: DataWiring | undefined;
  const millraceDir = join(project.root, '.millrace');
  const logDir = internals.logDir ?? join(millraceDir, 'logs');
  const logWriter = createActivityLogWriter(logDir);
  const listeners = new Set<(event: RunEvent) => void>();
  const progress = createProgressRouter();

  // Pipeline files that could not be read: a run of one names the file instead of "unknown pipeline".
  let unreadable: readonly BrokenFile[] = [];
  const getEngine = async (): Promise<Engine> => {
    if (engine) return engine;
    const loaded = await loadProject(dir);
    unreadable = brokenFiles(loaded.diagnostics);
    const f = factoryForEnvironment(loaded.factory, environment, options.onDiagnostic);
    const lower = new Map([...f.pipelines.values()].map((p) => [p.name.toLowerCase(), p]));
    const functions = createFunctionContext({
      now: () => clock.now(),
      newGuid: () => (options.ids ?? uuidIds).newRunId(),
      random: (min, max) => min + Math.floor(Math.random() * (max - min)),
    });
    const wiring = createDataWiring({
      factory: f,
      connectors: createConnectorRegistry(builtinConnectors),
      projectRoot: project.root,
      functions,
      secrets: unavailableSecrets,
      ...(secretRouter ? { secretsFor: (ctx) => secretRouter.resolverFor(ctx.pipelineName) } : {}),
    });
    data = wiring;
    // Databricks activities whose linked service the environment sends to its workspace (issue #6).
    const remote = options.executors
      ? undefined
      : createDatabricksRemote({
          environment,
          factory: f,
          data: wiring,
          onSecret: (value) => redactor.add(value),
          ...(options.onDiagnostic ? { onDiagnostic: options.onDiagnostic } : {}),
        });
    const dbfsRoot = project.config?.dbfs?.root
      ? resolve(project.root, project.config.dbfs.root)
      : join(millraceDir, 'dbfs');
    const dbfsMounts = Object.fromEntries(
      Object.entries(project.config?.dbfs?.mounts ?? {}).map(([point, folder]) => [
        point,
        resolve(project.root, folder),
      ]),
    );
    const executors =
      options.executors ??
      builtinActivityExecutors({
        projectDir: project.root,
        notebooks: project.notebooks,
        dbfsRoot,
        dbfsMounts,
        ...(Object.keys(project.config?.dbfs?.sources ?? {}).length > 0
          ? { dbfsSources: project.config?.dbfs?.sources }
          : {}),
        pythonEnvironments: projectPythonEnvironments(project, dbfsRoot, dbfsMounts),
        sparkStateDir: millraceDir,
        // Raw captures of notebook/script processes (runPageUrl); the activity log itself is kept by logWriter.
        logDir: join(millraceDir, 'captures'),
        ...(python ? { interpreter: python } : {}),
        ...(secretRouter ? { secrets: secretRouter.lookup } : {}),
        ...(remote ? { remote } : {}),
        activityEnv: (ctx) => tracking.activityEnv(ctx),
      });
    engine = createEngine({
      clock,
      ids: options.ids ?? uuidIds,
      store,
      registry: createActivityRegistry(internals.decorateExecutors?.(executors) ?? executors),
      functions,
      extendContext: (ctx) => progress.extend({ ...ctx, data: wiring.forContext(ctx) }),
      onEvent: (event) => {
        const masked = redactor.redactValue(event);
        // Kept before listeners hear it: followLogs relies on a heard line being in the file already.
        logWriter.onEvent(masked);
        for (const listener of listeners) listener(masked);
      },
      getPipeline: (name) => f.pipelines.get(name) ?? lower.get(name.toLowerCase()),
      contentHash: f.contentHash,
      ...(f.name === undefined ? {} : { factoryName: f.name }),
      globalParameters: Object.fromEntries(
        Object.entries(f.globalParameters).map(([k, v]) => [k, v.value as ExprValue]),
      ),
      owner: currentOwner(),
      ...(options.maxParallelActivities === undefined
        ? {}
        : { maxParallelActivities: options.maxParallelActivities }),
      datasetProbe: options.datasetProbe ?? createDatasetProbe(wiring),
    });
    return engine;
  };

  const document = async (runId: string): Promise<RunDocument | undefined> => {
    const run = await store.getRun(runId);
    return run ? buildRunDocument(run, await store.getActivityRuns(runId)) : undefined;
  };

  const launch = async (request: RunRequest): Promise<StartedRun> => {
    const e = await getEngine();
    let handle: RunHandle;
    try {
      handle = e.startRun(request);
    } catch (err) {
      const broken =
        isMillraceError(err) && err.code === 'run/unknown-pipeline'
          ? brokenPipelineError(request.pipeline, unreadable)
          : undefined;
      throw broken ?? err;
    }
    return { runId: handle.runId, done: finish(e, handle) };
  };

  const finish = async (e: Engine, handle: RunHandle): Promise<RunDocument> => {
    // Another process may ask to cancel through the store (`millrace runs cancel`).
    const poll = setInterval(() => {
      void store.getRun(handle.runId).then((r) => {
        if (r?.status === 'Canceling') e.cancel(handle.runId);
      });
    }, options.cancelPollMs ?? 500);
    poll.unref();
    try {
      await handle.result;
    } finally {
      clearInterval(poll);
    }
    const doc = await document(handle.runId);
    if (!doc) throw new Error(`run ${handle.runId} vanished from the store`);
    return doc;
  };

  const execute = async (request: RunRequest): Promise<RunDocument> => (await launch(request)).done;
  const subscribe = (listener: (event: RunEvent) => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };

  const redactedListener =
    (listener: (event: RunEvent) => void) =>
    (event: RunEvent): void =>
      listener(redactor.redactValue(event));

  const request = (pipeline: string, o: RunOptions): RunRequest => {
    const onEvent = o.onProgress ? progress.follow(o.onProgress, o.onEvent) : o.onEvent;
    return {
      pipeline,
      ...(o.rawParameters ? { rawParameters: o.rawParameters } : {}),
      ...(o.parameters ? { parameters: o.parameters } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(onEvent ? { onEvent: redactedListener(onEvent) } : {}),
      ...(o.trigger ? { trigger: o.trigger } : {}),
      ...(o.runId ? { runId: o.runId } : {}),
    };
  };

  const rerunRequest = async (
    runId: string,
    o: RunOptions & { readonly fromFailed?: boolean },
  ): Promise<RunRequest> => {
    const prev = await store.getRun(runId);
    if (!prev) throw new ConfigError({ code: 'run/unknown-run', message: `no run with id ${runId}` });
    if (prev.status === 'InProgress' || prev.status === 'Queued' || prev.status === 'Canceling') {
      throw new ConfigError({
        code: 'run/not-finished',
        message: `run ${runId} is ${prev.status}; only a finished run can be rerun`,
      });
    }
    const masked = Object.entries(prev.parameters).filter(
      ([k, v]) => v === SECURE_MASK && !(k in (o.rawParameters ?? {})) && !(k in (o.parameters ?? {})),
    );
    if (masked.length > 0) {
      throw new ConfigError({
        code: 'run/secure-parameter-needed',
        message: `run ${runId} had secure parameters that were not stored: ${masked.map(([k]) => k).join(', ')}`,
        hint: `pass them again with -p ${masked[0]?.[0] ?? 'name'}=<value>`,
      });
    }
    const previous = o.fromFailed ? createRerunSource(runId, await store.getActivityRuns(runId)) : undefined;
    return {
      ...request(prev.pipeline, o),
      parameters: {
        ...Object.fromEntries(
          Object.entries(prev.parameters).filter(([k]) => !(k in (o.rawParameters ?? {}))),
        ),
        ...o.parameters,
      },
      groupId: prev.groupId,
      invokedBy: { triggerType: 'Rerun', rerunOf: runId },
      ...(previous ? { rerun: previous, variables: prev.variables } : {}),
    };
  };

  return {
    async runPipeline(pipeline, o = {}) {
      try {
        return await execute(request(pipeline, o));
      } catch (err) {
        throw redactor.redactError(err);
      }
    },
    getRun: document,
    listRuns: (query) => store.listRuns(query),
    async cancelRun(runId) {
      if (engine?.cancel(runId)) return true;
      return store.requestCancel(runId);
    },
    rerun: async (runId, o = {}) => execute(await rerunRequest(runId, o)),
    startRun: (pipeline, o = {}) =>
      launch(request(pipeline, o)).catch((err: unknown) => {
        throw redactor.redactError(err);
      }),
    startRerun: async (runId, o = {}) => launch(await rerunRequest(runId, o)),
    subscribe,
    followLogs: (runId, onLine, onEnd) => followRunLogs({ store, logDir, subscribe }, runId, onLine, onEnd),
    async logs(runId, activityName) {
      const run = await store.getRun(runId);
      if (!run) throw new ConfigError({ code: 'run/unknown-run', message: `no run with id ${runId}` });
      return readActivityLogs(logDir, runId, await store.getActivityRuns(runId), activityName);
    },
    usedMlTracking: (runId) => tracking.usedBy(runId),
    async close() {
      await engine?.idle();
      await data?.close();
      await tracking.close();
      await logWriter.close();
      await store.close();
    },
  };
}

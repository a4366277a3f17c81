import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openProjectRunStore } from './run-store.js';
import { createSparkHosts } from '../activities/index.js';
import type {
  ActivityExecutor,
  Clock,
  DatasetProbe,
  IdSource,
  RunEvent,
  RunStore,
  WorkQueue,
} from '../contracts/index.js';
import type { ProjectOptions } from '../config/index.js';
import { configOf, resolveEnvironment } from '../config/index.js';
import { buildRunDocument, planRerun, resumeBlocker } from '../engine/index.js';
import type { Engine, RunDocument, RunHandle, RunRequest } from '../engine/index.js';
import { ConfigError, isMillraceError } from '../errors/index.js';
import { SecretRedactor } from '../secrets/index.js';
import type { Diagnostic } from '../errors/index.js';
import { currentOwner, forwardingRunStore, isOwnerAlive, openPgWorkQueue } from '../store/index.js';
import { createRunLogs } from './run-logs.js';
import { takeOverOrphanedRuns } from './run-takeover.js';
import type { DataWiring } from './data-access.js';
import { withArtifacts } from './activity-artifacts.js';
import { executorSummarizer } from './activity-summaries.js';
import { brokenPipelineError, type BrokenFile } from './broken-files.js';
import { loadProject } from './project.js';
import type { LoadedProject } from './project.js';
import { createProgressRouter } from './progress-router.js';
import { createRunTracking } from './run-tracking.js';
import { openArtifactStore } from './artifact-store-wiring.js';
import { wireEngine } from './engine-wiring.js';
import {
  createEnvironmentSecrets,
  redactEvent,
  redactingRunStore,
  registerInlineSecrets,
} from './secrets-wiring.js';
import { systemClock } from './system-clock.js';

export type * from './run-service-types.js';
import type {
  Millrace,
  RerunOptions,
  RunOptions,
  RunServiceInternals,
  StartedRun,
} from './run-service-types.js';

/** Options of `createMillrace`: a project folder (or its resolved config), and what to run it with. */
export interface MillraceOptions extends ProjectOptions {
  /** The project already loaded (its config and factory): neither millrace.json nor the factory is read again. */
  readonly project?: LoadedProject;
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

/** How often a process checks the store for cross-process cancel requests, unless told (ms). */
const DEFAULT_CANCEL_POLL_MS = 500;

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
  const config = options.project?.config ?? (await configOf(options));
  if (config.execution === 'workers' && config.database.kind !== 'postgres') {
    throw new ConfigError({
      code: 'config/workers-need-postgres',
      message:
        'execution "workers" sends activities to `millrace worker` processes through the state database, which must be PostgreSQL',
      hint: 'give --db postgres://… (or MILLRACE_DB, or millrace.json database)',
    });
  }
  const { project } = config;
  const environment =
    options.environment === undefined ? undefined : await resolveEnvironment(project, options.environment);
  // Every resolved secret value is masked (***) in stored events, logs, progress and errors.
  const redactor = new SecretRedactor();
  if (environment) registerInlineSecrets(environment, redactor);
  const secretRouter = environment ? createEnvironmentSecrets(environment, redactor) : undefined;
  // The MLflow API for the run's notebooks starts with the first activity that asks for it.
  const tracking = createRunTracking({
    config,
    ...(options.environment === undefined ? {} : { environment: options.environment }),
    ...(project.config?.bundle === undefined ? {} : { bundle: project.config.bundle }),
    onSecret: (value) => redactor.add(value),
    openArtifacts: () => openArtifactStore(project, environment, redactor),
  });
  const backing = redactingRunStore(options.store ?? (await openProjectRunStore(config)), redactor);
  // Once this process hands its runs over (`handOverRuns`), it records nothing more of them: their new owner does.
  let handedOver = false;
  const store = forwardingRunStore(backing, {
    append: (event) => {
      if (!handedOver) backing.append(event);
    },
  });
  const clock = options.clock ?? systemClock;
  const cancelPollMs = options.cancelPollMs ?? DEFAULT_CANCEL_POLL_MS;
  let engine: Engine | undefined;
  let data: DataWiring | undefined;
  // `execution: workers`: execution activities go to `millrace worker` processes through the database's queue.
  let workQueue: WorkQueue | undefined;
  const listeners = new Set<(event: RunEvent) => void>();
  const subscribe = (listener: (event: RunEvent) => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  const runLogs = createRunLogs(config, internals.logDir ?? config.logDir, store, subscribe);
  const progress = createProgressRouter();
  const { artifactDir } = config;
  // The run's notebooks share one local Spark driver per environment; it stops when the last run using it ends.
  const sparkHosts = createSparkHosts({ logDir: join(config.capturesDir, 'spark') });

  // Pipeline files that could not be read: a run of one names the file instead of "unknown pipeline".
  let unreadable: readonly BrokenFile[] = [];
  let contentHash = '';
  const getEngine = async (): Promise<Engine> => {
    if (engine) return engine;
    if (config.execution === 'workers' && config.database.kind === 'postgres' && !workQueue) {
      workQueue = await openPgWorkQueue({
        url: config.database.url,
        dispatcher: `${currentOwner()}:${randomUUID().slice(0, 8)}`,
      });
    }
    const wired = wireEngine({
      config,
      loaded: options.project ?? (await loadProject(config)),
      environment,
      redactor,
      secretRouter,
      tracking,
      store,
      clock,
      ids: options.ids,
      progress,
      onEvent: (event) => {
        if (event.kind === 'run-finished' && event.status !== 'Canceling')
          void sparkHosts.releaseRun(event.runId);
        const masked = redactEvent(redactor, event);
        // Kept before listeners hear it: followLogs relies on a heard line being in the file already.
        runLogs.onEvent(masked);
        for (const listener of listeners) listener(masked);
      },
      executors: options.executors,
      decorateExecutors: internals.decorateExecutors,
      replacesActivity: internals.replacesActivity,
      datasetProbe: options.datasetProbe,
      maxParallelActivities: options.maxParallelActivities,
      onDiagnostic: options.onDiagnostic,
      sparkHosts,
      artifactDir,
      workQueue,
    });
    data = wired.data;
    unreadable = wired.unreadable;
    contentHash = wired.contentHash;
    engine = wired.engine;
    return engine;
  };

  const document = async (runId: string): Promise<RunDocument | undefined> => {
    const run = await store.getRun(runId);
    if (!run) return undefined;
    const records = await store.getActivityRuns(runId);
    return withArtifacts(buildRunDocument(run, records), records, config.root, artifactDir);
  };

  const launch = async (request: RunRequest): Promise<StartedRun> => {
    if (handedOver)
      throw new ConfigError({
        code: 'run/process-stopping',
        message: 'this server handed its runs over to the other servers and is stopping; ask another one',
      });
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
      // A failed read (a shared database briefly unreachable) is retried on the next poll.
      void store.getRun(handle.runId).then(
        (r) => {
          if (r?.status === 'Canceling') e.cancel(handle.runId);
        },
        () => undefined,
      );
    }, cancelPollMs);
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

  const redactedListener =
    (listener: (event: RunEvent) => void) =>
    (event: RunEvent): void =>
      listener(redactEvent(redactor, event));

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

  const rerunRequest = async (runId: string, o: RerunOptions): Promise<RunRequest> => {
    const prev = await store.getRun(runId);
    if (!prev) throw new ConfigError({ code: 'run/unknown-run', message: `no run with id ${runId}` });
    // A rerun runs with what the run ran with: never another environment's parameters, secrets and stores.
    if ((prev.environment ?? undefined) !== (environment?.name ?? undefined))
      throw new ConfigError({
        code: 'run/environment-mismatch',
        message: `run ${runId} ran ${prev.environment === undefined ? 'without an environment' : `in environment "${prev.environment}"`}; this rerun would run ${environment === undefined ? 'without one' : `in "${environment.name}"`}`,
        hint:
          prev.environment === undefined
            ? 'rerun it without --env'
            : `rerun it with --env ${prev.environment}`,
      });
    const reuses = o.fromFailed === true || (o.iterations?.length ?? 0) > 0;
    const planned = planRerun(prev, reuses ? await store.getActivityRuns(runId) : [], o);
    const {
      pipeline: _pipeline,
      rawParameters: _raw,
      parameters: _typed,
      ...perCall
    } = request(prev.pipeline, o);
    return { ...planned, ...perCall };
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
      // Handed over: the run is another server's now (a stopping server's own cancel must not reach it).
      if (handedOver) return false;
      if (engine?.cancel(runId)) return true;
      return store.requestCancel(runId);
    },
    async rerun(runId, o = {}) {
      try {
        return await execute(await rerunRequest(runId, o));
      } catch (err) {
        throw redactor.redactError(err);
      }
    },
    startRun: (pipeline, o = {}) =>
      launch(request(pipeline, o)).catch((err: unknown) => {
        throw redactor.redactError(err);
      }),
    startRerun: async (runId, o = {}) =>
      launch(await rerunRequest(runId, o)).catch((err: unknown) => {
        throw redactor.redactError(err);
      }),
    subscribe,
    followLogs: (runId, onLine, onEnd) => runLogs.follow(runId, onLine, onEnd),
    takeOverOrphanedRuns(isAlive = (owner, beat) => isOwnerAlive(owner, beat)) {
      // Wired on the first orphan only (a server's start stays as cheap as before). A server that cannot run its
      // factory still ends orphaned runs (interrupted): none may hang.
      let wired: Promise<Engine | Error> | undefined;
      const engineOrError = (): Promise<Engine | Error> =>
        (wired ??= getEngine().catch((err: unknown) =>
          err instanceof Error ? err : new Error(String(err)),
        ));
      return takeOverOrphanedRuns({
        store,
        owner: currentOwner(),
        environment: environment?.name,
        isOwnerAlive: isAlive,
        now: () => clock.now(),
        blocker: async (source) => {
          const e = await engineOrError();
          return e instanceof Error
            ? `this server cannot run its factory: ${e.message}`
            : resumeBlocker(source, contentHash);
        },
        resume: async (source) => {
          const e = await engineOrError();
          if (e instanceof Error) throw e;
          // Thrown before it starts: the takeover ends the run `interrupted`. Its end is in the store.
          const handle = e.startRun({ pipeline: source.record.pipeline, resume: source });
          finish(e, handle).catch(() => undefined);
        },
      });
    },
    async handOverRuns() {
      if (!engine || handedOver) return [];
      const ids = engine.activeRuns();
      await store.flush();
      handedOver = true;
      // Work on workers stays for the new orchestrator to adopt; local activities' processes end with the runs.
      workQueue?.handOver();
      // Stopped without a word recorded.
      for (const id of ids) engine.cancel(id);
      await engine.idle();
      // A heartbeat from long ago: the leader on any host sees the runs' owner gone at once.
      await backing.renewLease(currentOwner(), 0);
      return ids;
    },
    logs: (runId, activityName) => runLogs.read(runId, activityName),
    usedMlTracking: (runId) => tracking.usedBy(runId),
    summarizeOutput: executorSummarizer(options.executors),
    async close() {
      await engine?.idle();
      await sparkHosts.close();
      await data?.close();
      await tracking.close();
      await workQueue?.close();
      await runLogs.close();
      await store.close();
    },
  };
}

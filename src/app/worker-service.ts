import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createSparkHosts } from '../activities/index.js';
import type { ProjectOptions } from '../config/index.js';
import { configOf, resolveEnvironment } from '../config/index.js';
import type {
  ActivityContext,
  ActivityExecutor,
  ClaimedWork,
  WorkError,
  WorkResult,
  WorkSource,
} from '../contracts/index.js';
import { encodeWorkSignal, workLogLine } from '../contracts/index.js';
import { createActivityRegistry, toActivityError } from '../engine/index.js';
import { ActivityError, ConfigError } from '../errors/index.js';
import type { JsonValue } from '../model/index.js';
import { SecretRedactor } from '../secrets/index.js';
import { currentOwner, openPgWorkSource } from '../store/index.js';
import { openArtifactStore } from './artifact-store-wiring.js';
import { wireExecution } from './engine-wiring.js';
import type { WiredExecution } from './engine-wiring.js';
import { loadProject } from './project.js';
import type { LoadedProject } from './project.js';
import { createRunTracking } from './run-tracking.js';
import { DEFAULT_QUEUE } from './queued-executors.js';
import { collectWorkFiles, MAX_WORK_FILES_BYTES } from './work-artifacts.js';
import { createEnvironmentSecrets, registerInlineSecrets } from './secrets-wiring.js';
import { systemClock } from './system-clock.js';

/** Options of `startWorker`. */
export interface WorkerOptions extends ProjectOptions {
  /** The project already loaded: neither millrace.json nor the factory is read again. */
  readonly project?: LoadedProject;
  /** Activity attempts run at once (default: the machine's cores). */
  readonly concurrency?: number;
  /** Queues taken from (default `default`): integration runtime names, see `queueOf`. */
  readonly queues?: readonly string[];
  /** Executors of non-control activity types; default the built-in ones (give the same ones as the orchestrator). */
  readonly executors?: readonly ActivityExecutor[];
  /** Where work comes from; default the work queue in the project's PostgreSQL state database. */
  readonly source?: WorkSource;
  /** How long a claim lasts without a heartbeat (ms); the worker renews it every third of that. Default 10,000. */
  readonly leaseMs?: number;
  /** This worker's id; default `<host>:<pid>:<random>`. */
  readonly id?: string;
  /** Hears every attempt taken and finished (the CLI prints them with `--verbose`). */
  readonly onEvent?: (event: WorkerEvent) => void;
}

/** What a worker reports as it works. */
export type WorkerEvent =
  | { readonly kind: 'claimed'; readonly work: ClaimedWork }
  | {
      readonly kind: 'finished';
      readonly work: ClaimedWork;
      readonly status: 'succeeded' | 'failed';
      readonly ms: number;
      readonly error?: WorkError;
    };

/** A running worker. */
export interface Worker {
  readonly id: string;
  /** Stops taking work and waits for the attempts it holds to finish; `force` aborts them instead. */
  stop(options?: { readonly force?: boolean }): Promise<void>;
  /** Attempts finished so far, by status. */
  stats(): { readonly succeeded: number; readonly failed: number; readonly running: number };
}

interface Running {
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

/**
 * Starts a worker: it takes activity attempts from the work queue of the project's PostgreSQL state database
 * (`execution: workers` on the servers and `millrace run`), runs each with the same executors, factory and
 * environment as a local run would (the orchestrating process evaluated its input; the worker evaluates
 * nothing), streams its log lines back, and reports its output or error. Each claim is a lease renewed by
 * heartbeat; a cancellation or timeout asked by the run's process reaches the attempt's abort signal.
 */
export async function startWorker(options: WorkerOptions = {}): Promise<Worker> {
  const config = options.project?.config ?? (await configOf(options));
  const concurrency = options.concurrency ?? availableParallelism();
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new ConfigError({
      code: 'cli/invalid-option',
      message: `concurrency ${concurrency}: expected an integer ≥ 1`,
    });
  const queues = options.queues && options.queues.length > 0 ? [...options.queues] : [DEFAULT_QUEUE];
  const leaseMs = options.leaseMs ?? 10_000;
  const db = config.database;
  if (!options.source && db.kind !== 'postgres') {
    throw new ConfigError({
      code: 'config/workers-need-postgres',
      message:
        'a worker takes activities from the work queue in the state database, which must be PostgreSQL',
      hint: 'give --db postgres://… (or MILLRACE_DB, or millrace.json database)',
    });
  }
  const source = options.source ?? (await openPgWorkSource({ url: (db as { url: string }).url, leaseMs }));
  const id = options.id ?? `${currentOwner()}:${randomUUID().slice(0, 8)}`;
  const loaded = options.project ?? (await loadProject(config));
  const sparkHosts = createSparkHosts({ logDir: join(config.capturesDir, 'spark') });
  const emit = options.onEvent ?? (() => undefined);

  // One wiring per environment the work asks for (a worker serves every environment of its project).
  const wirings = new Map<string, Promise<WorkerWiring>>();
  const wiringFor = (environment: string | undefined): Promise<WorkerWiring> => {
    const key = environment ?? '';
    let w = wirings.get(key);
    if (!w) {
      w = wireWorker(config, loaded, environment, options.executors, sparkHosts);
      wirings.set(key, w);
      w.catch(() => wirings.delete(key));
    }
    return w;
  };

  const running = new Map<string, Running>();
  const counts = { succeeded: 0, failed: 0 };
  const logs: { id: string; line: string }[] = [];
  const results: WorkResult[] = [];
  let reporting: Promise<void> = Promise.resolve();
  /** Results finished but not yet reported: their leases are still renewed. */
  let unreported = 0;
  let reportScheduled = false;
  const stopController = new AbortController();
  let stopping: Promise<void> | undefined;
  let wake = new AbortController();

  /** Sends buffered log lines, then buffered results (an item's lines always arrive before its result). */
  const report = (): void => {
    if (reportScheduled) return;
    reportScheduled = true;
    reporting = reporting.then(async () => {
      reportScheduled = false;
      const lines = logs.splice(0);
      const done = results.splice(0);
      // A failed report (a database hiccup) is tried again; the leases stay renewed meanwhile (`unreported`).
      for (let attempt = 1; ; attempt++) {
        try {
          await source.appendLogs(id, lines);
          lines.length = 0;
          await source.complete(id, done);
          break;
        } catch {
          if (attempt >= 5) break; // given up: their leases lapse and their runs retry them by policy
          await new Promise((r) => setTimeout(r, 100 * attempt));
        }
      }
      unreported -= done.length;
    });
  };
  const logTimer = setInterval(() => logs.length > 0 && report(), 200);

  // What an attempt kept as artifacts goes back with its result (the orchestrator keeps it where a local run would).
  const { artifactDir } = config;
  const execute = async (work: ClaimedWork, signal: AbortSignal): Promise<WorkResult> => {
    const result = await attempt(work, signal);
    const { runId, activityRunId } = work.payload;
    const { files, left } = await collectWorkFiles(artifactDir, runId, activityRunId).catch(() => ({
      files: [],
      left: [],
    }));
    if (left.length > 0)
      logs.push({
        id: work.id,
        line: `${left.length} artifact file(s) over ${MAX_WORK_FILES_BYTES / 2 ** 20} MiB stay on worker ${id}: ${join(artifactDir, runId, activityRunId)}`,
      });
    return files.length > 0 ? { ...result, files } : result;
  };

  const attempt = async (work: ClaimedWork, signal: AbortSignal): Promise<WorkResult> => {
    const { payload } = work;
    try {
      const w = await wiringFor(payload.environment);
      if (payload.factoryHash !== undefined && payload.factoryHash !== w.execution.factory.contentHash) {
        throw new ActivityError({
          code: 'queue/factory-mismatch',
          message: `worker ${id} runs factory version ${w.execution.factory.contentHash.slice(0, 12)}, this run was planned on ${payload.factoryHash.slice(0, 12)}: deploy the same version to the workers`,
        });
      }
      const executor = w.registry.find(payload.activity.type);
      if (!executor) {
        throw new ActivityError({
          code: 'engine/unsupported-activity',
          errorCode: 'UnsupportedActivity',
          message: `activity "${payload.activity.name}": type "${payload.activity.type}" is not supported by worker ${id}; supported: ${w.registry.types().join(', ')}`,
        });
      }
      const ctx: ActivityContext = {
        activity: payload.activity,
        pipelineName: payload.pipelineName,
        runId: payload.runId,
        activityRunId: payload.activityRunId,
        attempt: payload.attempt,
        signal,
        typeProperties: () => payload.typeProperties,
        references: () => payload.references,
        evaluate: () => {
          throw new ActivityError({
            code: 'activity/missing-capability',
            message: `activity "${payload.activity.name}": a worker receives evaluated input and cannot evaluate expressions`,
          });
        },
        log: (line) => {
          logs.push({ id: work.id, line: workLogLine(w.redactor.sanitize(line)) });
        },
        // A Copy's totals and a notebook's status reach the orchestrator's display through the queue.
        onProgress: (progress) => logs.push({ id: work.id, line: encodeWorkSignal({ progress }) }),
        onStatus: (status) =>
          logs.push({ id: work.id, line: encodeWorkSignal({ status: w.redactor.sanitize(status) }) }),
      };
      const output = await executor.execute(w.execution.withCapabilities(ctx));
      return { id: work.id, status: 'succeeded', output: w.redactor.redactValue(output) };
    } catch (err) {
      const e = toActivityError(err, payload.activity.name);
      const redactor = (await wiringFor(payload.environment).catch(() => undefined))?.redactor;
      const message = redactor ? redactor.sanitize(e.message) : e.message;
      const output =
        e.output === undefined ? undefined : ((redactor?.redactValue(e.output) ?? e.output) as JsonValue);
      return {
        id: work.id,
        status: 'failed',
        error: {
          code: e.code,
          errorCode: e.errorCode,
          failureType: e.failureType,
          message,
          retryable: e.retryable,
          ...(output === undefined ? {} : { output }),
        },
      };
    }
  };

  const start = (work: ClaimedWork): void => {
    const controller = new AbortController();
    const began = Date.now();
    emit({ kind: 'claimed', work });
    const done = execute(work, controller.signal).then((result) => {
      running.delete(work.id);
      counts[result.status]++;
      results.push(result);
      unreported++;
      report();
      emit({
        kind: 'finished',
        work,
        status: result.status,
        ms: Date.now() - began,
        ...(result.status === 'failed' ? { error: result.error } : {}),
      });
      wake.abort();
    });
    running.set(work.id, { controller, done });
  };

  /** Renews the leases; aborts the attempts whose run asked to cancel them (or ended). */
  const beat = (): void => {
    void source.heartbeat(id).then(
      (cancelled) => {
        for (const c of cancelled) running.get(c)?.controller.abort(new Error('cancelled by its run'));
      },
      () => undefined,
    );
  };
  const heartbeat = setInterval(
    () => {
      if (running.size > 0 || unreported > 0) beat();
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );

  // Left-overs of runs whose orchestrating process died: any worker clears them now and then.
  const sweeper = setInterval(() => void source.sweep().catch(() => 0), 60_000);
  sweeper.unref();

  const loop = (async () => {
    while (!stopController.signal.aborted) {
      const free = concurrency - running.size;
      let claimed: ClaimedWork[] = [];
      if (free > 0) claimed = await source.claim(id, queues, free).catch(() => []);
      for (const work of claimed) start(work);
      if (claimed.length > 0 && claimed.length === free) continue;
      if (stopController.signal.aborted) break;
      wake = new AbortController();
      const both = AbortSignal.any([wake.signal, stopController.signal]);
      // A notification (new work, a cancellation), a freed slot or a poll every second.
      // A cancellation notified for this worker: renew now, which reports it, rather than at the next beat.
      if ((await source.wait(id, queues, 1000, both)) && running.size > 0) beat();
    }
  })();

  return {
    id,
    stats: () => ({ ...counts, running: running.size }),
    stop(o = {}) {
      if (o.force) for (const r of running.values()) r.controller.abort(new Error('worker stopping'));
      stopping ??= (async () => {
        stopController.abort();
        await loop;
        await Promise.all([...running.values()].map((r) => r.done));
        clearInterval(heartbeat);
        clearInterval(logTimer);
        clearInterval(sweeper);
        report();
        await reporting;
        await source.close();
        await sparkHosts.close();
        for (const w of wirings.values()) await (await w.catch(() => undefined))?.close();
      })();
      return stopping;
    },
  };
}

interface WorkerWiring {
  readonly execution: WiredExecution;
  readonly registry: ReturnType<typeof createActivityRegistry>;
  readonly redactor: SecretRedactor;
  close(): Promise<void>;
}

/** The executors of the project in one environment, with their secrets, tracking and redaction. */
async function wireWorker(
  config: LoadedProject['config'],
  loaded: LoadedProject,
  environmentName: string | undefined,
  executors: readonly ActivityExecutor[] | undefined,
  sparkHosts: ReturnType<typeof createSparkHosts>,
): Promise<WorkerWiring> {
  const { project } = config;
  const environment =
    environmentName === undefined ? undefined : await resolveEnvironment(project, environmentName);
  const redactor = new SecretRedactor();
  if (environment) registerInlineSecrets(environment, redactor);
  const secretRouter = environment ? createEnvironmentSecrets(environment, redactor) : undefined;
  const tracking = createRunTracking({
    config,
    ...(environmentName === undefined ? {} : { environment: environmentName }),
    ...(project.config?.bundle === undefined ? {} : { bundle: project.config.bundle }),
    onSecret: (value) => redactor.add(value),
    openArtifacts: () => openArtifactStore(project, environment, redactor),
  });
  const execution = wireExecution({
    config,
    loaded,
    environment,
    redactor,
    secretRouter,
    tracking,
    clock: systemClock,
    ids: undefined,
    executors,
    onDiagnostic: undefined,
    sparkHosts,
    artifactDir: config.artifactDir,
  });
  return {
    execution,
    registry: createActivityRegistry(execution.executors),
    redactor,
    async close() {
      await execution.data.close();
      await tracking.close();
    },
  };
}

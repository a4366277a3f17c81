import type { ResolvedConfig, ResolvedEnvironment } from '../config/index.js';
import type {
  ActivityContext,
  ActivityExecutor,
  Clock,
  DatasetProbe,
  IdSource,
  RunEvent,
  RunStore,
  WorkQueue,
} from '../contracts/index.js';
import type { Diagnostic } from '../errors/index.js';
import { createActivityRegistry, createEngine } from '../engine/index.js';
import type { Engine } from '../engine/index.js';
import { createFunctionContext } from '../expressions/index.js';
import type { ExprValue, FunctionContext } from '../expressions/index.js';
import type { Factory } from '../model/index.js';
import type { SecretRedactor, SecretRouter } from '../secrets/index.js';
import { currentOwner } from '../store/index.js';
import { builtinActivityExecutors } from '../activities/index.js';
import type { SparkHosts } from '../activities/index.js';
import { builtinConnectors, createConnectorRegistry } from '../connectors/index.js';
import { createDuckDbDataPlane } from '../data-plane/index.js';
import { brokenFiles } from './broken-files.js';
import type { BrokenFile } from './broken-files.js';
import { createDataWiring } from './data-access.js';
import type { DataWiring } from './data-access.js';
import { createDatabricksRemote } from './databricks-wiring.js';
import { createDatasetProbe } from './dataset-probe.js';
import { queuedRegistry, queueOf } from './queued-executors.js';
import { dbfsSettings, environmentPython, factoryForEnvironment } from './environment-wiring.js';
import type { LoadedProject } from './project.js';
import type { ProgressRouter } from './progress-router.js';
import { projectPythonEnvironments } from './python-wiring.js';
import type { RunTracking } from './run-tracking.js';
import { registerSecureStrings, unavailableSecrets } from './secrets-wiring.js';
import { uuidIds } from './system-clock.js';

/** What the run service hands the engine wiring: the project, its environment and the service's parts. */
export interface EngineWiringInput {
  readonly config: ResolvedConfig;
  readonly loaded: LoadedProject;
  readonly environment: ResolvedEnvironment | undefined;
  readonly redactor: SecretRedactor;
  readonly secretRouter: SecretRouter | undefined;
  readonly tracking: RunTracking;
  readonly store: RunStore;
  readonly clock: Clock;
  readonly ids: IdSource | undefined;
  readonly progress: ProgressRouter;
  /** Every event, masked, before listeners hear it. */
  readonly onEvent: (event: RunEvent) => void;
  /** Given executors replace the built-in ones (and turn off Databricks remoting). */
  readonly executors: readonly ActivityExecutor[] | undefined;
  readonly decorateExecutors: ((e: readonly ActivityExecutor[]) => readonly ActivityExecutor[]) | undefined;
  /** Activities (control-flow ones too) that the decorated executors run instead of the engine: test mocks. */
  readonly replacesActivity:
    ((activity: { readonly name: string; readonly type: string }) => boolean) | undefined;
  readonly datasetProbe: DatasetProbe | undefined;
  readonly maxParallelActivities: number | undefined;
  readonly onDiagnostic: ((diagnostic: Diagnostic) => void) | undefined;
  /** The run's notebooks share one local Spark driver per environment (stopped when the last run using it ends). */
  readonly sparkHosts: SparkHosts;
  /** Where activity runs keep their files (a notebook's `display()` output): `<artifactDir>/<runId>/<activityRunId>/`. */
  readonly artifactDir: string;
  /** Given, execution activities are sent to workers through this queue instead of running in this process. */
  readonly workQueue?: WorkQueue | undefined;
}

/** The engine of a project and what it wired: its data access (closed with the service), unreadable files. */
export interface WiredEngine {
  readonly engine: Engine;
  readonly data: DataWiring;
  /** Pipeline files that could not be read: a run of one names the file instead of "unknown pipeline". */
  readonly unreadable: readonly BrokenFile[];
  /** The content hash of the factory it runs (as the environment applies it). */
  readonly contentHash: string;
}

/** The built-in executors, configured from the resolved config (DBFS, Python, captures) and the environment. */
function projectExecutors(
  input: ExecutionWiringInput,
  remote: ReturnType<typeof createDatabricksRemote>,
  data: DataWiring,
): readonly ActivityExecutor[] {
  const { config, secretRouter, tracking } = input;
  const { project } = config;
  // millrace.json's mounts and URL sources, with the environment file's over them.
  const dbfs = dbfsSettings(config.root, config.dbfs, input.environment);
  const python = environmentPython(input.environment) ?? config.python;
  return builtinActivityExecutors({
    projectDir: project.root,
    notebooks: project.notebooks,
    dbfsRoot: config.dbfs.root,
    dbfsMounts: dbfs.mounts,
    ...(Object.keys(dbfs.sources).length > 0 ? { dbfsSources: dbfs.sources } : {}),
    pythonEnvironments: projectPythonEnvironments(config),
    sparkStateDir: config.stateDir,
    sparkHosts: input.sparkHosts,
    artifactDir: input.artifactDir,
    // Raw captures of notebook/script processes (runPageUrl); the activity log itself is kept by the log writer.
    logDir: config.capturesDir,
    ...(python ? { interpreter: python } : {}),
    ...(secretRouter ? { secrets: secretRouter.lookup } : {}),
    ...(remote ? { remote } : {}),
    activityEnv: (ctx) => tracking.activityEnv(ctx),
    web: { keyVault: (ctx) => data.secretsFor(ctx), onSecret: (value) => input.redactor.add(value) },
  });
}

/** Execution activities of one run in flight at once when they run on workers (locally the engine's default, 16). */
const QUEUED_PARALLEL_ACTIVITIES = 512;

/** What wiring the executors of a project needs (the engine's part of `EngineWiringInput` left out). */
export type ExecutionWiringInput = Pick<
  EngineWiringInput,
  | 'config'
  | 'loaded'
  | 'environment'
  | 'redactor'
  | 'secretRouter'
  | 'tracking'
  | 'clock'
  | 'ids'
  | 'executors'
  | 'onDiagnostic'
  | 'sparkHosts'
  | 'artifactDir'
>;

/** The executors of a project in an environment and what they run with: what the engine and a worker share. */
export interface WiredExecution {
  /** The factory with the environment applied. */
  readonly factory: Factory;
  readonly functions: FunctionContext;
  readonly data: DataWiring;
  readonly executors: readonly ActivityExecutor[];
  /** Adds the capabilities (data access, data plane, redaction) to an executor's context. */
  readonly withCapabilities: (ctx: ActivityContext) => ActivityContext;
}

/**
 * Wires the executors of a loaded project: the environment applied to the factory, the expression functions,
 * data access over the built-in connectors and the data plane (both put on every activity's context by
 * `withCapabilities`, in this process and on a worker), the executors (built-in or given, Databricks activities
 * sent to the environment's workspace).
 */
export function wireExecution(input: ExecutionWiringInput): WiredExecution {
  const { config, loaded, environment, redactor, secretRouter, clock } = input;
  const ids = input.ids ?? uuidIds;
  const f = factoryForEnvironment(loaded.factory, environment, input.onDiagnostic);
  // Inline SecureString values and connection-string passwords of the linked services are masked like resolved secrets.
  registerSecureStrings([...f.linkedServices.values()], redactor);
  const functions = createFunctionContext({
    now: () => clock.now(),
    newGuid: () => ids.newRunId(),
    random: (min, max) => min + Math.floor(Math.random() * (max - min)),
  });
  const data = createDataWiring({
    factory: f,
    connectors: createConnectorRegistry(builtinConnectors),
    projectRoot: config.root,
    functions,
    secrets: unavailableSecrets,
    ...(secretRouter ? { secretsFor: (ctx) => secretRouter.resolverFor(ctx.pipelineName) } : {}),
  });
  // Databricks activities whose linked service the environment sends to its workspace (issue #6).
  const remote = input.executors
    ? undefined
    : createDatabricksRemote({
        environment,
        factory: f,
        data,
        onSecret: (value) => redactor.add(value),
        ...(input.onDiagnostic ? { onDiagnostic: input.onDiagnostic } : {}),
      });
  const dataPlane = createDuckDbDataPlane();
  return {
    factory: f,
    functions,
    data,
    executors: input.executors ?? projectExecutors(input, remote, data),
    withCapabilities: (ctx) => ({
      ...ctx,
      data: data.forContext(ctx),
      dataPlane,
      redact: (text) => redactor.sanitize(text),
    }),
  };
}

/**
 * Wires the engine of a loaded project: its executors (`wireExecution`), sent to the work queue when the
 * project runs its activities on workers, and the engine over the run store.
 */
export function wireEngine(input: EngineWiringInput): WiredEngine {
  const { progress, environment } = input;
  const ids = input.ids ?? uuidIds;
  const { factory: f, functions, data, executors, withCapabilities } = wireExecution(input);
  const lower = new Map([...f.pipelines.values()].map((p) => [p.name.toLowerCase(), p]));
  const decorated = input.decorateExecutors?.(executors) ?? executors;
  const queue = input.workQueue;
  const engine = createEngine({
    clock: input.clock,
    ids,
    store: input.store,
    registry: queue
      ? queuedRegistry(decorated, {
          queue,
          queueFor: (ctx) => queueOf(f, ctx),
          factoryHash: f.contentHash,
          artifactDir: input.artifactDir,
          ...(environment === undefined ? {} : { environment: environment.name }),
        })
      : createActivityRegistry(decorated),
    ...(input.replacesActivity ? { replacesActivity: input.replacesActivity } : {}),
    functions,
    extendContext: (ctx) => progress.extend(withCapabilities(ctx)),
    onEvent: input.onEvent,
    onSecret: (value) => input.redactor.add(value),
    getPipeline: (name) => f.pipelines.get(name) ?? lower.get(name.toLowerCase()),
    contentHash: f.contentHash,
    ...(f.name === undefined ? {} : { factoryName: f.name }),
    globalParameters: Object.fromEntries(
      Object.entries(f.globalParameters).map(([k, v]) => [k, v.value as ExprValue]),
    ),
    owner: currentOwner(),
    ...(environment === undefined ? {} : { environment: environment.name }),
    // On workers, their concurrency bounds the work; a run's own limit only keeps the queue from flooding.
    ...(input.maxParallelActivities === undefined
      ? queue
        ? { maxParallelActivities: QUEUED_PARALLEL_ACTIVITIES }
        : {}
      : { maxParallelActivities: input.maxParallelActivities }),
    datasetProbe: input.datasetProbe ?? createDatasetProbe(data),
  });
  return { engine, data, unreadable: brokenFiles(input.loaded.diagnostics), contentHash: f.contentHash };
}

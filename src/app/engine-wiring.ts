import type { ResolvedConfig, ResolvedEnvironment } from '../config/index.js';
import type {
  ActivityExecutor,
  Clock,
  DatasetProbe,
  IdSource,
  RunEvent,
  RunStore,
} from '../contracts/index.js';
import type { Diagnostic } from '../errors/index.js';
import { createActivityRegistry, createEngine } from '../engine/index.js';
import type { Engine } from '../engine/index.js';
import { createFunctionContext } from '../expressions/index.js';
import type { ExprValue } from '../expressions/index.js';
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
}

/** The engine of a project and what it wired: its data access (closed with the service), unreadable files. */
export interface WiredEngine {
  readonly engine: Engine;
  readonly data: DataWiring;
  /** Pipeline files that could not be read: a run of one names the file instead of "unknown pipeline". */
  readonly unreadable: readonly BrokenFile[];
}

/** The built-in executors, configured from the resolved config (DBFS, Python, captures) and the environment. */
function projectExecutors(
  input: EngineWiringInput,
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

/**
 * Wires the engine of a loaded project: the environment applied to the factory, the expression functions,
 * data access over the built-in connectors, the data plane (both put on every activity's context), the executors (built-in or given, Databricks activities sent to
 * the environment's workspace) and the engine over the run store.
 */
export function wireEngine(input: EngineWiringInput): WiredEngine {
  const { config, loaded, environment, redactor, secretRouter, clock, progress } = input;
  const ids = input.ids ?? uuidIds;
  const f = factoryForEnvironment(loaded.factory, environment, input.onDiagnostic);
  // Inline SecureString values and connection-string passwords of the linked services are masked like resolved secrets.
  registerSecureStrings([...f.linkedServices.values()], redactor);
  const lower = new Map([...f.pipelines.values()].map((p) => [p.name.toLowerCase(), p]));
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
  const executors = input.executors ?? projectExecutors(input, remote, data);
  const dataPlane = createDuckDbDataPlane();
  const engine = createEngine({
    clock,
    ids,
    store: input.store,
    registry: createActivityRegistry(input.decorateExecutors?.(executors) ?? executors),
    ...(input.replacesActivity ? { replacesActivity: input.replacesActivity } : {}),
    functions,
    extendContext: (ctx) =>
      progress.extend({
        ...ctx,
        data: data.forContext(ctx),
        dataPlane,
        redact: (text) => redactor.sanitize(text),
      }),
    onEvent: input.onEvent,
    onSecret: (value) => redactor.add(value),
    getPipeline: (name) => f.pipelines.get(name) ?? lower.get(name.toLowerCase()),
    contentHash: f.contentHash,
    ...(f.name === undefined ? {} : { factoryName: f.name }),
    globalParameters: Object.fromEntries(
      Object.entries(f.globalParameters).map(([k, v]) => [k, v.value as ExprValue]),
    ),
    owner: currentOwner(),
    ...(environment === undefined ? {} : { environment: environment.name }),
    ...(input.maxParallelActivities === undefined
      ? {}
      : { maxParallelActivities: input.maxParallelActivities }),
    datasetProbe: input.datasetProbe ?? createDatasetProbe(data),
  });
  return { engine, data, unreadable: brokenFiles(loaded.diagnostics) };
}

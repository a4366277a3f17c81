import type { FastifyInstance } from 'fastify';
import type { ResolvedConfig } from '../config/index.js';
import type { MlflowHttpOptions } from '../ml/index.js';
import type { DeployOutcome } from '../cicd/index.js';
import type { ClosedDeployment, DeployHistory, PendingDeployment, RunStore } from '../contracts/index.js';
import type { AccessAdmin, OpenAccessOptions } from './access-admin.js';
import type { ApproveOptions, DeployOptions, DeployTargetOptions, RejectOptions } from './deploy-service.js';
import type { OpenMlflow, OpenMlflowOptions } from './ml-wiring.js';
import type { ModelsAdmin, OpenModelsOptions } from './models-admin.js';
import type { LoadedProject, ValidationReport } from './project.js';
import type { Millrace, MillraceOptions } from './run-service.js';
import type { Worker, WorkerOptions } from './worker-service.js';
import type { OpenSecretsOptions, SecretsAdmin } from './secrets-admin.js';
import type {
  OpenModelServingOptions,
  OpenServingOptions,
  ServedModel,
  ServingService,
  ServingStatusOptions,
} from './serving-service.js';
import type { ServingState } from './serving-state.js';
import type { BuildModelImageOptions, BuiltModelImage } from './model-image.js';
import type { FolderServing, OpenFolderServingOptions } from './folder-serving.js';
import type { SharedRunService, TriggerService, TriggerServiceOptions } from './trigger-service.js';
import { lazy } from './lazy.js';

/**
 * Creates the library's run service for a project (see run-service.ts). The run service, and with it the
 * engine, the run store, the connectors, the activities and their SDKs (DuckDB, Azure Storage, SQLite,
 * PostgreSQL), loads on this first call: importing the library, as `millrace validate` does, stays cheap.
 *
 * @example
 * const millrace = await createMillrace({ projectDir: '.' });
 * const doc = await millrace.runPipeline('PL_Daily', { rawParameters: { runDate: '2024-01-01' } });
 * await millrace.close();
 */
export const createMillrace: (options?: MillraceOptions) => Promise<Millrace> = lazy(
  () => import('./run-service.js'),
  'createMillrace',
);

/**
 * Starts a worker that runs activity attempts from the work queue of the project's PostgreSQL state database
 * (see worker-service.ts): what `millrace worker` runs.
 *
 * @example
 * const worker = await startWorker({ projectDir: '.', db: 'postgres://millrace@db/millrace', concurrency: 4 });
 * process.on('SIGTERM', () => void worker.stop());
 */
export const startWorker: (options?: WorkerOptions) => Promise<Worker> = lazy(
  () => import('./worker-service.js'),
  'startWorker',
);

/**
 * `millrace validate --env <name>`: validates the project with environment `name` applied (overrides, global
 * parameters, linked-service settings) and warns, naming the activity, about activity types that cannot run
 * there. The environment machinery and the executor list load on this first call.
 */
export const validateProjectInEnvironment: (
  loaded: LoadedProject,
  name: string,
) => Promise<ValidationReport> = lazy(() => import('./environment-validation.js'), 'validateInEnvironment');

/**
 * Opens the triggers of a project (see trigger-service.ts): with `shared`, through a run service and store the
 * caller owns (the server). The scheduler, the stores and the run service load on this call.
 *
 * @example
 * const triggers = await openTriggers({ projectDir: '.' });
 * console.log(await triggers.list());
 * await triggers.close();
 */
export const openTriggers: (
  options?: TriggerServiceOptions,
  shared?: SharedRunService,
) => Promise<TriggerService> = lazy(() => import('./trigger-service.js'), 'openTriggers');

/**
 * Opens the API tokens and audit log of a project (`millrace tokens create|list|revoke`, the server's auth).
 * SQLite loads on this call.
 *
 * @example
 * const access = await openAccess({ projectDir: '.' });
 * const { token } = await access.createToken('ci', 'deployer'); // shown once
 * await access.close();
 */
export const openAccess: (options?: OpenAccessOptions) => Promise<AccessAdmin> = lazy(
  () => import('./access-admin.js'),
  'openAccess',
);

/**
 * Opens the secrets of an environment (`millrace secrets set|list|delete`). The providers and their SDKs
 * load on this call.
 *
 * @example
 * const secrets = await openSecrets({ projectDir: '.', environment: 'qa' });
 * await secrets.set('sql-password', value);
 */
export const openSecrets: (options: OpenSecretsOptions) => Promise<SecretsAdmin> = lazy(
  () => import('./secrets-admin.js'),
  'openSecrets',
);

/**
 * Opens a project's ML tracking, registries and promotions (`millrace experiments|ml-runs|models`).
 * SQLite loads on this call.
 *
 * @example
 * const models = await openModels({ projectDir: '.' });
 * const pending = await models.promote({ name: 'price', version: '3', to: 'prod' });
 * await models.close();
 */
export const openModels: (options?: OpenModelsOptions) => Promise<ModelsAdmin> = lazy(
  () => import('./models-admin.js'),
  'openModels',
);

/**
 * Opens the MLflow-compatible tracking and registry service of a project (the server's `/api/2.0/mlflow`):
 * SQLite loads on this call.
 */
export const openMlflow: (options?: OpenMlflowOptions) => Promise<OpenMlflow> = lazy(
  () => import('./ml-wiring.js'),
  'openProjectMlflow',
);

/**
 * Opens the run store of a project (`<project>/.millrace/state.db`, recovering runs a crashed process left),
 * for a caller that shares one store between its run service and its trigger service (the server). With
 * `takeOver`, the caller resumes the runs a crashed process left instead (`Millrace.takeOverOrphanedRuns`).
 */
export const openRunStore: (
  config: ResolvedConfig,
  options?: { readonly takeOver?: boolean },
) => Promise<RunStore> = lazy(() => import('./run-store.js'), 'openProjectRunStore');

/**
 * Deploys a bundle to an environment (or plans it with `whatIf`, or rolls back). The deploy service, the
 * stores and the diff load on this call, so importing the library stays cheap.
 *
 * @example
 * const outcome = await deployProject({ bundle: 'dist', environment: 'qa', whatIf: true });
 * console.log(outcome.diff.summary);
 */
export const deployProject: (options: DeployOptions) => Promise<DeployOutcome> = lazy(
  () => import('./deploy-service.js'),
  'deployProject',
);

/**
 * Approves a pending deployment to a protected environment (by id, or by bundle). Refused with
 * `deploy/self-approval` when the approver requested it.
 */
export const approveDeployment: (options: ApproveOptions) => Promise<PendingDeployment> = lazy(
  () => import('./deploy-service.js'),
  'approveProjectDeployment',
);

/**
 * Rejects a pending deployment (or withdraws it, when the actor requested it): it is never applied and the
 * history keeps it under `closed` with who and when.
 */
export const rejectDeployment: (options: RejectOptions) => Promise<ClosedDeployment> = lazy(
  () => import('./deploy-service.js'),
  'rejectProjectDeployment',
);

/** The deploy history of an environment. */
export const deploymentHistory: (options: DeployTargetOptions) => Promise<DeployHistory> = lazy(
  () => import('./deploy-service.js'),
  'deploymentHistory',
);

/**
 * Mounts the MLflow REST API and artifact proxy of `mlflow` on a Fastify app (the server's `/api/2.0/mlflow`),
 * with the shell's access rule (`routeConfig`), actor and error statuses.
 */
export const mountMlflow: (
  app: FastifyInstance,
  mlflow: OpenMlflow,
  options: MlflowHttpOptions,
) => Promise<void> = lazy(() => import('./ml-wiring.js'), 'mountMlflow');

/**
 * Starts the models an environment's `serving` section lists (the server's `/serving/<env>/<model>/…`), over
 * the environment's registry and artifact store (`mlflow`). The serving machinery loads on this call; Python
 * workers start for every alias that is set.
 */
export const openServing: (options: OpenServingOptions) => Promise<ServingService> = lazy(
  () => import('./serving-service.js'),
  'openServing',
);

/**
 * Serves one registered model (`<name>@<alias>`) over MLflow's scoring protocol as calls, following its alias;
 * `serveModel` of `millrace/server` puts an HTTP server in front of it (`millrace models serve`).
 *
 * @example
 * const served = await openModelServing({ projectDir: '.', model: 'price@champion', environment: 'prod' });
 * console.log(served.status().version);
 * await served.close();
 */
export const openModelServing: (options: OpenModelServingOptions) => Promise<ServedModel> = lazy(
  () => import('./serving-service.js'),
  'openModelServing',
);

/** What serves in an environment (`millrace models serving --env <e>`): versions, since when, history. */
export const servingStatus: (options?: ServingStatusOptions) => Promise<ServingState> = lazy(
  () => import('./serving-service.js'),
  'servingStatus',
);

/**
 * Writes a container build context for the version `<name>@<alias>` points to (`millrace models build-image`):
 * Dockerfile, pinned requirements, the model artifacts and Millrace's scoring server.
 *
 * @example
 * const image = await buildModelImage({ projectDir: '.', model: 'price@champion', environment: 'prod', out: 'image' });
 * console.log(image.dir, image.version);
 */
export const buildModelImage: (options: BuildModelImageOptions) => Promise<BuiltModelImage> = lazy(
  () => import('./model-image.js'),
  'buildModelImage',
);

/** Serves one MLflow model folder with the worker pool of `models serve`, without a registry (the image's server). */
export const openFolderServing: (options: OpenFolderServingOptions) => Promise<FolderServing> = lazy(
  () => import('./folder-serving.js'),
  'openFolderServing',
);

import { randomBytes } from 'node:crypto';
import type { ModelRegistryStore, TrackingStore } from '../contracts/index.js';
import { ArtifactFolder } from './artifact-folder.js';
import type { ArtifactStore } from './artifact-store.js';
import { DEFAULT_EXPERIMENT, defaultArtifactLocation } from './experiment-endpoints.js';
import type { MlflowContext } from './mlflow-endpoint.js';
import { MLFLOW_ENDPOINTS } from './mlflow-endpoints.js';
import type { MlflowInput } from './request-input.js';

/** Options of `createMlflowService`. */
export interface MlflowServiceOptions {
  readonly tracking: TrackingStore;
  readonly registry: ModelRegistryStore;
  /** Folder of the artifact proxy (`mlflow-artifacts:/…`) when no `artifacts` store is given. */
  readonly artifactRoot: string;
  /** The environment's artifact store (e.g. an Azure Blob container); default the `artifactRoot` folder. */
  readonly artifacts?: ArtifactStore;
  /** Environment whose registry this service serves. */
  readonly environment: string;
  readonly now?: () => number;
  readonly newId?: () => string;
}

/** An endpoint as the HTTP shell registers it. */
export interface MlflowRoute {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to `/api/2.0/mlflow`, Fastify-style `:params`. */
  readonly path: string;
  readonly access: 'read' | 'write';
}

/** The MLflow REST API over Millrace's stores: endpoint table, calls, and the artifact folder. */
export interface MlflowService {
  readonly routes: readonly MlflowRoute[];
  readonly environment: string;
  readonly tracking: TrackingStore;
  readonly registry: ModelRegistryStore;
  /** Calls one endpoint: `input` is the body merged with the query and the path parameters. */
  call(route: MlflowRoute, input: MlflowInput, actor: string): Promise<unknown>;
  readonly artifacts: ArtifactStore;
}

/** Creates the service, making MLflow's `Default` experiment (id 0) when it does not exist yet. */
export async function createMlflowService(options: MlflowServiceOptions): Promise<MlflowService> {
  const now = options.now ?? (() => Date.now());
  const newId = options.newId ?? (() => randomBytes(16).toString('hex'));
  if (!(await options.tracking.getExperiment(DEFAULT_EXPERIMENT.id))) {
    await options.tracking
      .createExperiment({
        name: DEFAULT_EXPERIMENT.name,
        tags: [],
        now: now(),
        artifactLocation: defaultArtifactLocation,
      })
      .catch((err: unknown) => {
        // Another process sharing the store (servers starting together) created it first.
        if ((err as { code?: unknown }).code !== 'mlflow/resource-already-exists') throw err;
      });
  }
  const byRoute = new Map(MLFLOW_ENDPOINTS.map((e) => [`${e.method} ${e.path}`, e]));
  return {
    routes: MLFLOW_ENDPOINTS.map(({ method, path, access }) => ({ method, path, access })),
    environment: options.environment,
    tracking: options.tracking,
    registry: options.registry,
    artifacts: options.artifacts ?? new ArtifactFolder(options.artifactRoot),
    call(route, input, actor) {
      const endpoint = byRoute.get(`${route.method} ${route.path}`);
      if (!endpoint) throw new Error(`no MLflow endpoint ${route.method} ${route.path}`);
      const ctx: MlflowContext = {
        tracking: options.tracking,
        registry: options.registry,
        env: options.environment,
        actor,
        now,
        newId,
      };
      return endpoint.handle(input, ctx);
    },
  };
}

import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { EndpointStatus } from '../serving/index.js';
import { ModelEndpoint, ModelServing } from '../serving/index.js';
import type { ServingService } from './serving-service.js';

// Imports only serving/: this module runs in the container's bundled scoring server, which carries no
// registry, SQLite or cloud SDKs.

/** Options of `openFolderServing`: one MLflow model folder, already in its environment (a container). */
export interface OpenFolderServingOptions {
  /** The folder holding `MLmodel`. */
  readonly modelDir: string;
  /** The interpreter that has the model's requirements installed. */
  readonly python: string;
  /** Name of the served model in status and metrics; default `model`. */
  readonly name?: string;
  /** The registry version the folder holds (status and the `millrace_serving_model_version` metric); default `1`. */
  readonly version?: string;
  /** Environment label of status and metrics; default `container`. */
  readonly env?: string;
  readonly workers?: number;
  readonly timeoutSeconds?: number;
  readonly onLog?: (line: string) => void;
}

/** One model folder served (`openFolderServing`): the scoring service and its status. */
export interface FolderServing extends ServingService {
  readonly env: string;
  readonly model: string;
  status(): EndpointStatus;
}

/**
 * Serves one model folder with the worker pool of `models serve`, without a registry (the container's
 * scoring server, `server/scoring-server.cjs` of a `models build-image` context).
 */
export async function openFolderServing(o: OpenFolderServingOptions): Promise<FolderServing> {
  const name = o.name ?? 'model';
  const env = o.env ?? 'container';
  const version = o.version ?? '1';
  const endpoint = new ModelEndpoint({
    env,
    model: name,
    alias: 'image',
    workers: o.workers ?? Math.max(1, Math.min(4, availableParallelism())),
    pollMs: 0,
    source: {
      currentVersion: () => Promise.resolve(version),
      prepare: () => Promise.resolve({ modelDir: resolve(o.modelDir), python: o.python }),
    },
    ...(o.timeoutSeconds === undefined ? {} : { timeoutMs: o.timeoutSeconds * 1000 }),
    ...(o.onLog ? { onLog: o.onLog } : {}),
  });
  const serving = new ModelServing();
  serving.add(endpoint);
  try {
    await endpoint.start();
  } catch (err) {
    await serving.close();
    throw err;
  }
  return {
    env,
    model: name,
    score: (env, model, request) => serving.score(env, model, request),
    list: () => serving.list(),
    metrics: () => serving.metrics(),
    status: () => endpoint.status(),
    close: () => serving.close(),
  };
}

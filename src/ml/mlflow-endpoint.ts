import type { ModelRegistryStore, TrackingStore } from '../contracts/index.js';
import type { MlflowInput } from './request-input.js';

/** What an MLflow endpoint works with. */
export interface MlflowContext {
  readonly tracking: TrackingStore;
  readonly registry: ModelRegistryStore;
  /** The environment whose registry this API serves. */
  readonly env: string;
  /** Who calls (a token name); kept in the alias history. */
  readonly actor: string;
  readonly now: () => number;
  /** A fresh 32-hex-digit id (runs, logged models). */
  readonly newId: () => string;
}

/**
 * One endpoint of the MLflow REST API (`mlflow/protos/service.proto`, `model_registry.proto`). `path` is
 * relative to `/api/2.0/mlflow`, with `:name` parameters merged into the input. `access` picks the API role:
 * `read` needs reader, `write` operator.
 */
export interface MlflowEndpoint {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly access: 'read' | 'write';
  readonly handle: (input: MlflowInput, ctx: MlflowContext) => Promise<unknown>;
}

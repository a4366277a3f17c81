import { EXPERIMENT_ENDPOINTS } from './experiment-endpoints.js';
import { LOGGED_MODEL_ENDPOINTS } from './logged-model-endpoints.js';
import type { MlflowEndpoint } from './mlflow-endpoint.js';
import { REGISTRY_ENDPOINTS } from './registry-endpoints.js';
import { REGISTRY_WRITE_ENDPOINTS } from './registry-write-endpoints.js';
import { RUN_ENDPOINTS } from './run-endpoints.js';

/** Every MLflow REST endpoint this server implements (paths relative to `/api/2.0/mlflow`). */
export const MLFLOW_ENDPOINTS: readonly MlflowEndpoint[] = [
  ...EXPERIMENT_ENDPOINTS,
  ...RUN_ENDPOINTS,
  ...LOGGED_MODEL_ENDPOINTS,
  ...REGISTRY_ENDPOINTS,
  ...REGISTRY_WRITE_ENDPOINTS,
];

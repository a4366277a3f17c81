import type { JsonObject } from '../../model/index.js';
import type { LocalComputeSettings } from '../notebook-runtime/index.js';

/**
 * Sends Databricks activities to a real workspace instead of running them locally (an environment
 * setting). The composition root resolves the AzureDatabricks linked service: `domain` → `host`,
 * `accessToken` (SecureString or Key Vault reference) through Millrace's secrets → `token`, and the
 * cluster properties → `cluster` (see `clusterFromLinkedService`).
 */
export interface RemoteDatabricksSettings {
  readonly host: string;
  /** The access token, or a function that fetches it from the secret store for each run. */
  readonly token: string | (() => Promise<string>);
  /** `{ existing_cluster_id }` or `{ new_cluster: {…} }`. */
  readonly cluster: JsonObject;
  /** `runs/get` poll interval; default 5000 ms. */
  readonly pollIntervalMs?: number;
  /** Injected for tests; default global fetch. */
  readonly fetch?: typeof fetch;
}

/** Settings of the Databricks executors: local by default, a workspace when `databricks` is set. */
export interface DatabricksExecutorSettings extends LocalComputeSettings {
  readonly databricks?: RemoteDatabricksSettings;
}

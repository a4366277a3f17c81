import type { ActivityContext } from '../../contracts/index.js';
import type { JsonObject } from '../../model/index.js';
import type { LocalComputeSettings } from '../notebook-runtime/index.js';

/**
 * Sends a Databricks activity to a real workspace instead of running it locally (an environment
 * setting, resolved per activity). The composition root resolves the AzureDatabricks linked service: `domain` → `host`,
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

/** Settings of the Databricks executors: local by default, a workspace when `remote` resolves one. */
export interface DatabricksExecutorSettings extends LocalComputeSettings {
  /**
   * Resolves, per activity run, the workspace to send the activity to (from its AzureDatabricks linked
   * service, as the environment says); `undefined` runs the activity locally. Absent: always local.
   */
  readonly remote?: (ctx: ActivityContext) => Promise<RemoteDatabricksSettings | undefined>;
}

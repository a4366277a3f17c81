import type { DatabricksExecutorSettings } from './databricks-jobs/index.js';
import type { WebhookActivityOptions } from './web/index.js';

/** Settings of the built-in executors that run local processes (notebooks, scripts, commands). */
export type BuiltinActivitySettings = DatabricksExecutorSettings & {
  /** Key Vault access of the Web and WebHook activities (`authentication.password`), the WebHook callback's host. */
  readonly web?: WebhookActivityOptions;
};

import type { ActivityExecutor } from '../contracts/index.js';
import { copyActivity } from './copy/index.js';
import { createCustomExecutor } from './custom/index.js';
import type { DatabricksExecutorSettings } from './databricks-jobs/index.js';
import { createDatabricksNotebookExecutor } from './databricks-notebook/index.js';
import { createDatabricksSparkPythonExecutor } from './databricks-spark-python/index.js';
import { deleteActivity } from './delete/index.js';
import { getMetadataActivity } from './get-metadata/index.js';
import { lookupActivity } from './lookup/index.js';
import { scriptActivity } from './script/index.js';
import type { WebhookActivityOptions } from './web/index.js';
import { createAzureFunctionActivity, createWebActivity, createWebhookActivity } from './web/index.js';

/** Settings of the built-in executors that run local processes (notebooks, scripts, commands). */
export type BuiltinActivitySettings = DatabricksExecutorSettings & {
  /** Key Vault access of the Web and WebHook activities (`authentication.password`), the WebHook callback's host. */
  readonly web?: WebhookActivityOptions;
};

/**
 * The executors of every built-in, non-control activity type, registered by the app exactly like a plugin's.
 * Control-flow activities (ForEach, IfCondition…) live in the engine.
 */
export function builtinActivityExecutors(settings: BuiltinActivitySettings): readonly ActivityExecutor[] {
  return [
    copyActivity,
    lookupActivity,
    getMetadataActivity,
    deleteActivity,
    scriptActivity,
    createDatabricksNotebookExecutor(settings),
    createDatabricksSparkPythonExecutor(settings),
    createCustomExecutor(settings),
    createWebActivity(settings.web),
    createWebhookActivity(settings.web),
    createAzureFunctionActivity(),
  ];
}

import type { ActivityExecutor, ActivityTypeDescription } from '../contracts/index.js';
import type { BuiltinActivitySettings } from './builtin-activity-settings.js';
import type { TypePropertiesShape } from '../model/index.js';
import { copyType } from './copy/copy-type.js';
import { customType } from './custom/custom-type.js';
import { databricksNotebookType } from './databricks-notebook/databricks-notebook-type.js';
import { databricksSparkPythonType } from './databricks-spark-python/databricks-spark-python-type.js';
import { deleteType } from './delete/delete-type.js';
import { getMetadataType } from './get-metadata/get-metadata-type.js';
import { lookupType } from './lookup/lookup-type.js';
import { scriptType } from './script/script-type.js';
import { azureFunctionType, webActivityType, webhookType } from './web/web-types.js';

/** A built-in activity type: its description, and how its executor is made (its module loads on first use). */
export interface BuiltinActivity {
  readonly description: ActivityTypeDescription;
  readonly load: (settings: BuiltinActivitySettings) => Promise<ActivityExecutor>;
}

/**
 * Every built-in, non-control activity type, one line each: the description (`<name>-type.ts`: type name,
 * `typeProperties` shape, output summary; the same object its definition spreads) and the executor's module,
 * imported only when an activity of the type first runs, so that `validate` reads the descriptions without
 * loading any executor. Adding a built-in type is its folder plus one line here.
 */
export const BUILTIN_ACTIVITIES: readonly BuiltinActivity[] = [
  {
    description: webhookType,
    load: async (s) => (await import('./web/index.js')).createWebhookActivity(s.web),
  },
  { description: copyType, load: async () => (await import('./copy/index.js')).copyActivity },
  { description: lookupType, load: async () => (await import('./lookup/index.js')).lookupActivity },
  {
    description: getMetadataType,
    load: async () => (await import('./get-metadata/index.js')).getMetadataActivity,
  },
  { description: deleteType, load: async () => (await import('./delete/index.js')).deleteActivity },
  {
    description: webActivityType,
    load: async (s) => (await import('./web/index.js')).createWebActivity(s.web),
  },
  { description: scriptType, load: async () => (await import('./script/index.js')).scriptActivity },
  {
    description: databricksNotebookType,
    load: async (s) => (await import('./databricks-notebook/index.js')).createDatabricksNotebookExecutor(s),
  },
  {
    description: databricksSparkPythonType,
    load: async (s) =>
      (await import('./databricks-spark-python/index.js')).createDatabricksSparkPythonExecutor(s),
  },
  {
    description: azureFunctionType,
    load: async () => (await import('./web/index.js')).createAzureFunctionActivity(),
  },
  { description: customType, load: async (s) => (await import('./custom/index.js')).createCustomExecutor(s) },
];

/** The descriptions of the built-in activity types (see `BUILTIN_ACTIVITIES`). */
export const builtinActivityTypes: readonly ActivityTypeDescription[] = BUILTIN_ACTIVITIES.map(
  (b) => b.description,
);

/** The `typeProperties` shapes of `builtinActivityTypes` by type: what `validate` checks them against. */
export const builtinActivityTypeProperties: Readonly<Record<string, TypePropertiesShape>> =
  Object.fromEntries(
    builtinActivityTypes.flatMap((t) => (t.typeProperties ? [[t.type, t.typeProperties]] : [])),
  );

import type { ActivityTypeDescription } from '../contracts/index.js';
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

/**
 * The descriptions of the built-in activity types (`<name>-type.ts`: type name, `typeProperties` shape,
 * output summary), the same objects their definitions spread (builtin-types.test.ts), listed without loading
 * the executors so that `validate` starts cheap. A separate entry from `activities/index.ts`.
 */
export const builtinActivityTypes: readonly ActivityTypeDescription[] = [
  webhookType,
  copyType,
  lookupType,
  getMetadataType,
  deleteType,
  webActivityType,
  scriptType,
  databricksNotebookType,
  databricksSparkPythonType,
  azureFunctionType,
  customType,
];

/** The `typeProperties` shapes of `builtinActivityTypes` by type: what `validate` checks them against. */
export const builtinActivityTypeProperties: Readonly<Record<string, TypePropertiesShape>> =
  Object.fromEntries(
    builtinActivityTypes.flatMap((t) => (t.typeProperties ? [[t.type, t.typeProperties]] : [])),
  );

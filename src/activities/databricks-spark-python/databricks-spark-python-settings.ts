import type { z } from 'zod';
import { evaluatedSettingsSchema } from '../evaluated-settings-schema.js';
import { databricksSparkPythonType } from './databricks-spark-python-type.js';

/**
 * `typeProperties` of a DatabricksSparkPython activity, evaluated by the engine
 * (https://learn.microsoft.com/azure/data-factory/transform-data-databricks-python#databricks-python-activity-properties), derived from the shape
 * `validate` checks (`databricks-spark-python-type.ts`).
 */
export const databricksSparkPythonSettingsSchema = evaluatedSettingsSchema(
  databricksSparkPythonType.typeProperties,
);

export type DatabricksSparkPythonSettings = z.output<typeof databricksSparkPythonSettingsSchema>;

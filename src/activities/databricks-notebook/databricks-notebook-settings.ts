import type { z } from 'zod';
import { evaluatedSettingsSchema } from '../evaluated-settings-schema.js';
import { databricksNotebookType } from './databricks-notebook-type.js';

/**
 * `typeProperties` of a DatabricksNotebook activity, evaluated by the engine
 * (https://learn.microsoft.com/azure/data-factory/transform-data-databricks-notebook#databricks-notebook-activity-properties), derived from the shape
 * `validate` checks (`databricks-notebook-type.ts`).
 */
export const databricksNotebookSettingsSchema = evaluatedSettingsSchema(
  databricksNotebookType.typeProperties,
);

export type DatabricksNotebookSettings = z.output<typeof databricksNotebookSettingsSchema>;

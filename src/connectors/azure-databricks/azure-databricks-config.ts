import { z } from 'zod';

/**
 * `typeProperties` of an `AzureDatabricks` linked service
 * (https://learn.microsoft.com/azure/data-factory/compute-linked-services#azure-databricks-linked-service).
 * Any object loads: a local run never needs a workspace, so `domain` and `accessToken` are checked only when a
 * run goes to the workspace (`databricksWorkspace()`), with a message that says what is missing.
 */
export const azureDatabricksConfigSchema = z.looseObject({});

/** Validated AzureDatabricks config (the evaluated typeProperties). */
export type AzureDatabricksConfig = z.infer<typeof azureDatabricksConfigSchema>;

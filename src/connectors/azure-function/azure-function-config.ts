import { z } from 'zod';

/**
 * `typeProperties` of an `AzureFunction` linked service
 * (https://learn.microsoft.com/azure/data-factory/control-flow-azure-function-activity#azure-function-linked-service):
 * `functionAppUrl`, `functionKey` (a SecureString or Key Vault secret), `authentication` and `resourceId` for a
 * managed identity. Any object loads: what a call needs is checked when an activity calls the app
 * (`azureFunctionApp()`), with a message that says what is missing.
 */
export const azureFunctionConfigSchema = z.looseObject({});

/** Validated AzureFunction config (the evaluated typeProperties). */
export type AzureFunctionConfig = z.infer<typeof azureFunctionConfigSchema>;

/** `AzureFunction` linked service: the function app the Azure Function activity calls. */
export type * from './azure-function-config.js';
export * from './azure-function-connector.js';

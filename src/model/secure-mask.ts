/**
 * What a secured input, output, parameter or variable shows instead of its value, everywhere: ADF's
 * monitoring shows SecureString values and secure inputs/outputs masked
 * (https://learn.microsoft.com/azure/data-factory/control-flow-web-activity#type-properties, "secureInput").
 */
export const SECURE_MASK = '********';

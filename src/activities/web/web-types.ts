import type { ActivityTypeDescription } from '../../contracts/index.js';
import { isJsonObject, shapes as s } from '../../model/index.js';

/**
 * The WebActivity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/control-flow-web-activity#type-properties), and the
 * summary of its output the CLI prints.
 */
export const webActivityType: ActivityTypeDescription = {
  type: 'WebActivity',
  typeProperties: {
    method: s.string('WebActivity needs a "method"'),
    url: s.dynamicString(),
    headers: s.optional(s.any()),
    body: s.optional(s.any()),
    authentication: s.optional(s.anyObject()),
    datasets: s.optional(s.arrayOf(s.reference('DatasetReference'))),
    linkedServices: s.optional(s.arrayOf(s.reference('LinkedServiceReference'))),
  },
  /** `response application/json`: the response's content type. */
  summarize: (output) => {
    if (!isJsonObject(output)) return undefined;
    const headers = output['ADFWebActivityResponseHeaders'];
    const type = isJsonObject(headers) ? headers['Content-Type'] : undefined;
    return typeof type === 'string' ? `response ${type.split(';')[0] ?? type}` : undefined;
  },
};

/**
 * The WebHook activity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/control-flow-webhook-activity#type-properties).
 */
export const webhookType: ActivityTypeDescription = {
  type: 'WebHook',
  typeProperties: {
    url: s.dynamicString(),
    method: s.optional(s.string()),
    timeout: s.optional(s.string()),
  },
};

/**
 * The AzureFunctionActivity type without its executor: the shape `validate` checks its `typeProperties`
 * against (https://learn.microsoft.com/azure/data-factory/control-flow-azure-function-activity#azure-function-activity).
 */
export const azureFunctionType: ActivityTypeDescription = {
  type: 'AzureFunctionActivity',
  typeProperties: {
    functionName: s.dynamicString(),
    method: s.string(),
    headers: s.optional(s.any()),
    body: s.optional(s.any()),
  },
};

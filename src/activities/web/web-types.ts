import type { ActivityTypeDescription } from '../../contracts/index.js';
import { isJsonObject, shapes as s } from '../../model/index.js';

/**
 * The WebActivity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/control-flow-web-activity#type-properties), and the
 * summary of its output the CLI prints.
 */
export const webActivityType = {
  type: 'WebActivity',
  typeProperties: {
    method: s.string('WebActivity needs a "method"'),
    url: s.dynamicString(),
    headers: s.optional(s.any()),
    body: s.optional(s.any()),
    authentication: s.optional(s.anyObject()),
    /** `hh:mm:ss`, at most 10 minutes (default 1 minute). */
    httpRequestTimeout: s.optional(s.dynamicString()),
    disableCertValidation: s.optional(s.dynamicBoolean()),
    /** Do not follow a 202 response's `Location` (ADF's asynchronous pattern). */
    turnOffAsync: s.optional(s.dynamicBoolean()),
    /** Sent to the endpoint inside the body (web-references.ts). */
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
} satisfies ActivityTypeDescription;

/**
 * The WebHook activity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/control-flow-webhook-activity#type-properties).
 */
export const webhookType = {
  type: 'WebHook',
  typeProperties: {
    url: s.dynamicString(),
    /** POST only. */
    method: s.withDefault(s.optional(s.string()), 'POST'),
    headers: s.optional(s.any()),
    /** A JSON object (the callback URL is added to it as `callBackUri`). */
    body: s.withDefault(s.optional(s.any()), {}),
    authentication: s.optional(s.anyObject()),
    /** How long to wait for the callback, `d.hh:mm:ss`. */
    timeout: s.withDefault(s.optional(s.string()), '00:10:00'),
    reportStatusOnCallBack: s.withDefault(s.optional(s.dynamicBoolean()), false),
    disableCertValidation: s.optional(s.dynamicBoolean()),
  },
} satisfies ActivityTypeDescription;

/**
 * The AzureFunctionActivity type without its executor: the shape `validate` checks its `typeProperties`
 * against (https://learn.microsoft.com/azure/data-factory/control-flow-azure-function-activity#azure-function-activity).
 */
export const azureFunctionType = {
  type: 'AzureFunctionActivity',
  typeProperties: {
    /** May carry a route and a query string. */
    functionName: s.dynamicString(),
    method: s.string(),
    headers: s.optional(s.any()),
    /** POST and PUT need one, GET may not have one. */
    body: s.optional(s.any()),
  },
} satisfies ActivityTypeDescription;

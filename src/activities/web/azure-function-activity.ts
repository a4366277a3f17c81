import type { ActivityContext, ActivityDefinition, ActivityExecutor } from '../../contracts/index.js';
import { lazySchema } from '../../contracts/index.js';
import { ActivityError } from '../../errors/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';
import { defineActivity } from '../define-activity.js';
import { requireDataAccess } from '../copy/index.js';
import type { AzureFunctionSettings } from './web-settings.js';
import { MAX_RESPONSE_BYTES, requestBody, send, webOutput } from './web-activity.js';
import { azureFunctionType } from './web-types.js';

/**
 * ADF's error codes of the Azure Function activity
 * (https://learn.microsoft.com/azure/data-factory/data-factory-troubleshoot-guide#azure-functions).
 */
export const AzureFunctionErrorCode = {
  /** The function answered with something other than a JSON object. */
  NotJObject: '3603',
  /** The function answered with a status of 400 or more. */
  CallFailed: '3608',
  /** The call could not be made or got no answer. */
  EndpointError: '3610',
} as const;

/** An Azure Functions HTTP trigger answers within 230 seconds or not at all (the front end's idle timeout). */
export const FUNCTION_TIMEOUT_MS = 230_000;

function callFailed(name: string, status: number | string, message: string): ActivityError {
  return new ActivityError({
    code: 'activity/azure-function-failed',
    errorCode: AzureFunctionErrorCode.CallFailed,
    message: `Call to provided Azure function '${name}' failed with status-'${status}' and message - '${message}'.`,
  });
}

async function call(ctx: ActivityContext, s: AzureFunctionSettings): Promise<JsonValue> {
  const ref = ctx.references().linkedServiceName;
  if (ref === undefined) {
    throw new ActivityError({
      code: 'activity/azure-function-invalid-settings',
      message: `AzureFunctionActivity ${ctx.activity.name}: "linkedServiceName" (an AzureFunction linked service) is required`,
    });
  }
  const connector = await requireDataAccess(ctx).linkedService(ref);
  if (!connector.azureFunctionApp) {
    throw new ActivityError({
      code: 'activity/azure-function-invalid-settings',
      message: `AzureFunctionActivity ${ctx.activity.name}: linked service ${typeof ref.referenceName === 'string' ? ref.referenceName : '(dynamic)'} is ${connector.type}, not an AzureFunction app`,
    });
  }
  const app = connector.azureFunctionApp();
  // `functionName` may carry a route (`orders/{id}` filled in) and a query string, as ADF passes it through.
  const url = `${app.url}/api/${s.functionName.replace(/^\/+/, '')}`;
  const headers = new Headers(s.headers ?? {});
  const key = await app.functionKey();
  if (key) headers.set('x-functions-key', key);
  const body = requestBody(s.body, headers);
  let answer: { response: Response; text: string };
  try {
    answer = await send(ctx, url, { method: s.method, headers, body }, FUNCTION_TIMEOUT_MS);
  } catch (err) {
    if (ctx.signal.aborted || !(err instanceof ActivityError)) throw err;
    throw new ActivityError({
      code: 'activity/azure-function-failed',
      errorCode: AzureFunctionErrorCode.EndpointError,
      message: `There was an error while calling endpoint '${url}': ${err.message}`,
    });
  }
  const { response, text } = answer;
  if (response.status >= 400) {
    const shown = text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
    throw callFailed(s.functionName, response.status, shown === '' ? response.statusText : shown);
  }
  if (Buffer.byteLength(text) > MAX_RESPONSE_BYTES) {
    throw callFailed(s.functionName, response.status, 'the response is larger than 4 MB');
  }
  const output: JsonObject = webOutput(text, response.headers);
  // ADF accepts only a JSON object from a function (an array or a plain value is refused, not wrapped).
  if (!isJsonObject(safeParse(text))) {
    throw new ActivityError({
      code: 'activity/azure-function-not-json-object',
      errorCode: AzureFunctionErrorCode.NotJObject,
      message: 'Response Content is not a valid JObject.',
      hint: 'return a JSON object from the function (wrap an array: {"items": [...]})',
    });
  }
  return output;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * AzureFunctionActivity (https://learn.microsoft.com/azure/data-factory/control-flow-azure-function-activity):
 * one HTTP call to `<functionAppUrl>/api/<functionName>` of the activity's AzureFunction linked service, with its
 * function key as `x-functions-key`. The function must answer with a JSON object, which becomes the output with
 * `ADFWebActivityResponseHeaders`; a status of 400 or more fails the activity with ADF's error 3608.
 */
export function createAzureFunctionActivity(): ActivityExecutor {
  const definition: ActivityDefinition<AzureFunctionSettings> = {
    ...azureFunctionType,
    settings: lazySchema(async () => (await import('./web-settings.js')).azureFunctionSettingsSchema),
    execute: (ctx, settings) => call(ctx, settings),
  };
  return defineActivity(definition);
}

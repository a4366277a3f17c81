import { z } from 'zod';
import { evaluatedSettingsSchema } from '../evaluated-settings-schema.js';
import { azureFunctionType, webActivityType, webhookType } from './web-types.js';

/**
 * `typeProperties` of a Web activity, evaluated by the engine
 * (https://learn.microsoft.com/azure/data-factory/control-flow-web-activity#type-properties), derived from the
 * shapes `validate` checks (`web-types.ts`); the rules that need values (the method's name, a URL, a body for
 * POST/PUT/PATCH) are layered on here.
 */

/** The methods ADF supports, in any case (`"Post"` in ADF's own example). */
export const WEB_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type WebMethod = (typeof WEB_METHODS)[number];

/** A secret-valued property: a plain string, a `SecureString`, or a Key Vault secret reference. */
const secretValue = z.union([
  z.string(),
  z.looseObject({ type: z.literal('SecureString'), value: z.string() }),
  z.looseObject({
    type: z.literal('AzureKeyVaultSecret'),
    store: z.looseObject({ referenceName: z.string(), type: z.string() }),
    secretName: z.string(),
    secretVersion: z.string().optional(),
  }),
]);
export type WebSecretValue = z.infer<typeof secretValue>;

const authentication = z.discriminatedUnion(
  'type',
  [
    z.looseObject({ type: z.literal('None') }),
    z.looseObject({ type: z.literal('Basic'), username: z.string(), password: secretValue }),
    z.looseObject({ type: z.literal('ClientCertificate') }),
    z.looseObject({ type: z.literal('MSI') }),
    z.looseObject({ type: z.literal('UserAssignedManagedIdentity') }),
    z.looseObject({ type: z.literal('ServicePrincipal') }),
  ],
  { error: 'expected None, Basic, ClientCertificate, MSI, UserAssignedManagedIdentity or ServicePrincipal' },
);
export type WebAuthentication = z.infer<typeof authentication>;

/** `hh:mm:ss` (or `d.hh:mm:ss`) to milliseconds. */
function timeSpanMs(text: string): number | undefined {
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [d, h, min, s] = [m[1] ?? '0', m[2] ?? '0', m[3] ?? '0', m[4] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
  ];
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}

/** `httpRequestTimeout` is at most 10 minutes. */
const MAX_RESPONSE_TIMEOUT_MS = 10 * 60_000;

const headerValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

/** An http(s) URL. */
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

/** A method name among `methods`, in any case, as upper case. */
function methodOf<const M extends readonly [string, ...string[]]>(methods: M) {
  return z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.enum(methods, { error: `expected one of ${methods.join(', ')}` }));
}

const headers = z.record(z.string(), headerValue);

export const webSettingsSchema = evaluatedSettingsSchema(webActivityType.typeProperties, {
  method: methodOf(WEB_METHODS),
  url: httpUrl,
  headers,
  body: z.json(),
  authentication,
  httpRequestTimeout: z.string().transform((t, ctx) => {
    const ms = timeSpanMs(t);
    if (ms === undefined || ms < 1000 || ms > MAX_RESPONSE_TIMEOUT_MS) {
      ctx.addIssue({ code: 'custom', message: 'expected a TimeSpan hh:mm:ss up to 00:10:00' });
      return z.NEVER;
    }
    return ms;
  }),
}).superRefine((s, ctx) => {
  const hasBody = s.body !== undefined && s.body !== null;
  if (!hasBody && (s.method === 'POST' || s.method === 'PUT' || s.method === 'PATCH')) {
    ctx.addIssue({ code: 'custom', path: ['body'], message: `a ${s.method} request needs a body` });
  }
  if (hasBody && s.method === 'GET') {
    ctx.addIssue({ code: 'custom', path: ['body'], message: 'a GET request has no body' });
  }
});

export type WebSettings = z.infer<typeof webSettingsSchema>;

/**
 * `typeProperties` of a WebHook activity (https://learn.microsoft.com/azure/data-factory/control-flow-webhook-activity):
 * `method` POST only, a JSON object `body` (the callback URL is added to it as `callBackUri`), `timeout` for the
 * callback (`d.hh:mm:ss`, default 10 minutes), `reportStatusOnCallBack`.
 */
export const webhookSettingsSchema = evaluatedSettingsSchema(webhookType.typeProperties, {
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.literal('POST', { error: 'a WebHook supports only POST' })),
  url: httpUrl,
  headers,
  body: z.json().transform((b, ctx) => {
    let value: unknown = b ?? {};
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch {
        value = undefined;
      }
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON object (callBackUri is added to it)' });
      return z.NEVER;
    }
    return value as Record<string, z.core.util.JSONType>;
  }),
  authentication,
  timeout: z.string().transform((t, ctx) => {
    const ms = timeSpanMs(t);
    if (ms === undefined || ms < 1000) {
      ctx.addIssue({ code: 'custom', message: 'expected a TimeSpan d.hh:mm:ss' });
      return z.NEVER;
    }
    return ms;
  }),
});

export type WebhookSettings = z.infer<typeof webhookSettingsSchema>;

/** The methods of an Azure Function call (https://learn.microsoft.com/azure/data-factory/control-flow-azure-function-activity). */
export const AZURE_FUNCTION_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE'] as const;

/**
 * `typeProperties` of an Azure Function activity: `functionName` (may carry a route and a query string),
 * `method`, `headers`, and `body`, which POST and PUT need and GET may not have.
 */
export const azureFunctionSettingsSchema = evaluatedSettingsSchema(azureFunctionType.typeProperties, {
  functionName: z.string().min(1, { error: 'expected the name of the function' }),
  method: methodOf(AZURE_FUNCTION_METHODS),
  headers,
  body: z.json(),
}).superRefine((s, ctx) => {
  const hasBody = s.body !== undefined && s.body !== null;
  if (!hasBody && (s.method === 'POST' || s.method === 'PUT')) {
    ctx.addIssue({ code: 'custom', path: ['body'], message: `a ${s.method} request needs a body` });
  }
  if (hasBody && s.method === 'GET') {
    ctx.addIssue({ code: 'custom', path: ['body'], message: 'a GET request has no body' });
  }
});

export type AzureFunctionSettings = z.infer<typeof azureFunctionSettingsSchema>;

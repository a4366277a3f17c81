import { z } from 'zod';

/**
 * `typeProperties` of a Web activity, evaluated by the engine
 * (https://learn.microsoft.com/azure/data-factory/control-flow-web-activity#type-properties). The shapes
 * `validate` accepts (`model/schemas/activity-schemas.ts`, `model/well-formed.ts`) parse here too; the rules
 * that need values (the method's name, a body for POST/PUT/PATCH) are checked here.
 */

/** The methods ADF supports, in any case (`"Post"` in ADF's own example). */
export const WEB_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type WebMethod = (typeof WEB_METHODS)[number];

/** A `DatasetReference` / `LinkedServiceReference` (parameters already evaluated by the engine). */
const resourceReference = z.looseObject({
  referenceName: z.string({ error: 'expected a reference {"referenceName", "type"}' }),
  type: z.string().optional(),
  parameters: z.record(z.string(), z.json()).optional(),
});

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

export const webSettingsSchema = z
  .looseObject({
    method: z
      .string()
      .transform((m) => m.toUpperCase())
      .pipe(z.enum(WEB_METHODS, { error: `expected one of ${WEB_METHODS.join(', ')}` })),
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
    headers: z.record(z.string(), headerValue).optional(),
    body: z.json().optional(),
    authentication: authentication.optional(),
    httpRequestTimeout: z
      .string()
      .transform((t, ctx) => {
        const ms = timeSpanMs(t);
        if (ms === undefined || ms < 1000 || ms > MAX_RESPONSE_TIMEOUT_MS) {
          ctx.addIssue({ code: 'custom', message: 'expected a TimeSpan hh:mm:ss up to 00:10:00' });
          return z.NEVER;
        }
        return ms;
      })
      .optional(),
    disableCertValidation: z.boolean().optional(),
    turnOffAsync: z.boolean().optional(),
    /** Sent to the endpoint inside the body (web-references.ts). */
    datasets: z.array(resourceReference).optional(),
    linkedServices: z.array(resourceReference).optional(),
  })
  .superRefine((s, ctx) => {
    const hasBody = s.body !== undefined && s.body !== null;
    if (!hasBody && (s.method === 'POST' || s.method === 'PUT' || s.method === 'PATCH')) {
      ctx.addIssue({ code: 'custom', path: ['body'], message: `a ${s.method} request needs a body` });
    }
    if (hasBody && s.method === 'GET') {
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'a GET request has no body' });
    }
  });

export type WebSettings = z.infer<typeof webSettingsSchema>;

/** A WebHook waits 10 minutes for its callback unless `timeout` says otherwise. */
const DEFAULT_CALLBACK_TIMEOUT_MS = 10 * 60_000;

/**
 * `typeProperties` of a WebHook activity (https://learn.microsoft.com/azure/data-factory/control-flow-webhook-activity):
 * `method` POST only, a JSON object `body` (the callback URL is added to it as `callBackUri`), `timeout` for the
 * callback (`d.hh:mm:ss`, default 10 minutes), `reportStatusOnCallBack`.
 */
export const webhookSettingsSchema = z.looseObject({
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.literal('POST', { error: 'a WebHook supports only POST' }))
    .default('POST'),
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
  headers: z.record(z.string(), headerValue).optional(),
  body: z
    .json()
    .optional()
    .transform((b, ctx) => {
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
  authentication: authentication.optional(),
  timeout: z
    .string()
    .transform((t, ctx) => {
      const ms = timeSpanMs(t);
      if (ms === undefined || ms < 1000) {
        ctx.addIssue({ code: 'custom', message: 'expected a TimeSpan d.hh:mm:ss' });
        return z.NEVER;
      }
      return ms;
    })
    .default(DEFAULT_CALLBACK_TIMEOUT_MS),
  reportStatusOnCallBack: z.boolean().default(false),
  disableCertValidation: z.boolean().optional(),
});

export type WebhookSettings = z.infer<typeof webhookSettingsSchema>;

/** The methods of an Azure Function call (https://learn.microsoft.com/azure/data-factory/control-flow-azure-function-activity). */
export const AZURE_FUNCTION_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE'] as const;

/**
 * `typeProperties` of an Azure Function activity: `functionName` (may carry a route and a query string),
 * `method`, `headers`, and `body`, which POST and PUT need and GET may not have.
 */
export const azureFunctionSettingsSchema = z
  .looseObject({
    functionName: z.string().min(1, { error: 'expected the name of the function' }),
    method: z
      .string()
      .transform((m) => m.toUpperCase())
      .pipe(
        z.enum(AZURE_FUNCTION_METHODS, { error: `expected one of ${AZURE_FUNCTION_METHODS.join(', ')}` }),
      ),
    headers: z.record(z.string(), headerValue).optional(),
    body: z.json().optional(),
  })
  .superRefine((s, ctx) => {
    const hasBody = s.body !== undefined && s.body !== null;
    if (!hasBody && (s.method === 'POST' || s.method === 'PUT')) {
      ctx.addIssue({ code: 'custom', path: ['body'], message: `a ${s.method} request needs a body` });
    }
    if (hasBody && s.method === 'GET') {
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'a GET request has no body' });
    }
  });

export type AzureFunctionSettings = z.infer<typeof azureFunctionSettingsSchema>;

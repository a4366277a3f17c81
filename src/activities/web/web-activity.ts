import { setTimeout as sleep } from 'node:timers/promises';
import type {
  ActivityContext,
  ActivityDefinition,
  ActivityExecutor,
  KeyVaultSecretReference,
  SecretResolver,
} from '../../contracts/index.js';
import { lazySchema } from '../../contracts/index.js';
import { ActivityError } from '../../errors/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';
import { defineActivity } from '../define-activity.js';
import { bodyWithReferences } from './web-references.js';
import type { WebAuthentication, WebSecretValue, WebSettings } from './web-settings.js';
import { webActivityType } from './web-types.js';

/** What the app gives the Web activity: Key Vault access for secret-valued settings. */
export interface WebActivityOptions {
  /** The Key Vault resolver of an activity run; without it a Key Vault reference fails with `secrets/unavailable`. */
  readonly keyVault?: (ctx: ActivityContext) => SecretResolver;
  /** Told every secret value resolved, so logs and outputs mask it. */
  readonly onSecret?: (value: string) => void;
}

/** ADF's error code of a failed Web activity call (https://learn.microsoft.com/azure/data-factory/data-factory-troubleshoot-guide#error-code-2108). */
export const WEB_ERROR_CODE = '2108';
/** ADF's limit on a Web activity's response payload (https://learn.microsoft.com/azure/data-factory/control-flow-web-activity). */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** ADF waits 1 minute for a response unless `httpRequestTimeout` says otherwise (at most 10 minutes). */
export const DEFAULT_RESPONSE_TIMEOUT_MS = 60_000;
/** How much of an error response body goes into the message. */
const MAX_BODY_IN_MESSAGE = 4000;

const noKeyVault: SecretResolver = (ref) =>
  Promise.reject(
    new ActivityError({
      code: 'secrets/unavailable',
      message: `cannot resolve Key Vault secret "${ref.secretName}": no secret provider is configured`,
    }),
  );

async function secretText(value: WebSecretValue, resolver: SecretResolver): Promise<string> {
  if (typeof value === 'string') return value;
  if (value.type === 'SecureString') return value.value;
  const ref: KeyVaultSecretReference = {
    type: 'AzureKeyVaultSecret',
    store: { referenceName: value.store.referenceName, type: value.store.type },
    secretName: value.secretName,
    ...(value.secretVersion !== undefined ? { secretVersion: value.secretVersion } : {}),
  };
  return resolver(ref);
}

function authUnsupported(ctx: ActivityContext, type: string, why: string): ActivityError {
  return new ActivityError({
    code: 'activity/web-auth-unsupported',
    message: `${ctx.activity.type} ${ctx.activity.name}: authentication "${type}" ${why}`,
    hint: 'use "Basic" authentication, or pass a token in "headers" from a secret',
  });
}

/** The `Authorization` header of the activity's authentication, or undefined for none. */
export async function authorization(
  ctx: ActivityContext,
  auth: WebAuthentication | undefined,
  options: WebActivityOptions,
): Promise<string | undefined> {
  if (auth === undefined || auth.type === 'None') return undefined;
  switch (auth.type) {
    case 'Basic': {
      const password = await secretText(auth.password, options.keyVault?.(ctx) ?? noKeyVault);
      options.onSecret?.(password);
      return `Basic ${Buffer.from(`${auth.username}:${password}`, 'utf8').toString('base64')}`;
    }
    case 'MSI':
    case 'UserAssignedManagedIdentity':
      throw authUnsupported(
        ctx,
        auth.type,
        "needs the data factory's Azure managed identity, which a local run does not have",
      );
    case 'ServicePrincipal':
      throw authUnsupported(
        ctx,
        auth.type,
        'needs a token from Microsoft Entra ID, which Millrace does not request (no network call was made)',
      );
    case 'ClientCertificate':
      throw authUnsupported(ctx, auth.type, 'is not supported by Millrace');
  }
}

/** Response header names in their usual casing (`content-type` → `Content-Type`), as ADF shows them. */
function headerName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/**
 * ADF's output: a JSON object body with `ADFWebActivityResponseHeaders` added; any other body (not JSON, a
 * JSON array or value, empty) as `{Response: text}` with the headers.
 */
export function webOutput(text: string, headers: Headers): JsonObject {
  const responseHeaders: Record<string, string> = {};
  headers.forEach((value, name) => (responseHeaders[headerName(name)] = value));
  let parsed: JsonValue | undefined;
  try {
    parsed = JSON.parse(text) as JsonValue;
  } catch {
    parsed = undefined;
  }
  const body: JsonObject = isJsonObject(parsed) ? parsed : { Response: text };
  return { ...body, ADFWebActivityResponseHeaders: responseHeaders };
}

export function callFailed(url: string, status: string, details: string): ActivityError {
  return new ActivityError({
    code: 'activity/web-request-failed',
    errorCode: WEB_ERROR_CODE,
    message: `Error calling the endpoint '${url}'. Response status code: '${status}'. More details: ${details}`,
  });
}

function timeSpanText(ms: number): string {
  const s = Math.round(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** One request; no response within `timeoutMs` or a connection failure is ADF's 2108 error. */
/** The declared headers plus `Authorization` from the activity's authentication. */
export async function requestHeaders(
  ctx: ActivityContext,
  settings: {
    readonly headers?: Record<string, string> | undefined;
    readonly authentication?: WebAuthentication | undefined;
  },
  options: WebActivityOptions,
): Promise<Headers> {
  const headers = new Headers(settings.headers ?? {});
  const auth = await authorization(ctx, settings.authentication, options);
  if (auth !== undefined) headers.set('Authorization', auth);
  return headers;
}

/** A status of 400 or more is ADF's 2108 error, with the status and (the start of) the body. */
export function failOnErrorStatus(url: string, response: Response, text: string): void {
  if (response.status < 400) return;
  const shown = text.length > MAX_BODY_IN_MESSAGE ? `${text.slice(0, MAX_BODY_IN_MESSAGE)}…` : text;
  throw callFailed(
    url,
    `${response.status} - ${response.statusText}`,
    shown === '' ? '(empty response body)' : shown,
  );
}

export async function send(
  ctx: ActivityContext,
  url: string,
  request: { method: string; headers: Headers; body: string | undefined },
  timeoutMs: number,
): Promise<{ response: Response; text: string }> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([ctx.signal, timeout]);
  ctx.log(`${request.method} ${url}`);
  try {
    const response = await fetch(url, {
      method: request.method,
      headers: request.headers,
      signal,
      redirect: 'follow',
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    const text = await response.text();
    ctx.log(`${response.status} ${response.statusText} (${Buffer.byteLength(text)} bytes)`);
    return { response, text };
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const why = timeout.aborted
      ? `no response within ${timeSpanText(timeoutMs)} (httpRequestTimeout)`
      : causeText(err);
    throw callFailed(url, 'NA - Unknown', why);
  }
}

/**
 * The text of a request body: a string as it is, any other JSON value as JSON text; sets a `Content-Type` to match
 * unless the headers name one. Undefined for no body.
 */
export function requestBody(body: JsonValue | undefined, headers: Headers): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (!headers.has('Content-Type')) {
    headers.set('Content-Type', typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json');
  }
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/** The wait before polling a 202's Location: its `Retry-After` seconds, else 1 second (at most 1 minute). */
function retryAfterMs(header: string | null): number {
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 60) * 1000 : 1000;
}

async function call(
  ctx: ActivityContext,
  settings: WebSettings,
  options: WebActivityOptions,
): Promise<JsonValue> {
  const headers = await requestHeaders(ctx, settings, options);
  const body = requestBody(await bodyWithReferences(ctx, settings), headers);
  if (settings.disableCertValidation === true) {
    ctx.log('disableCertValidation is ignored: Millrace always validates server certificates');
  }
  const timeoutMs = settings.httpRequestTimeout ?? DEFAULT_RESPONSE_TIMEOUT_MS;
  let url = settings.url;
  let answer = await send(ctx, url, { method: settings.method, headers, body }, timeoutMs);
  // ADF's asynchronous request-reply: a 202 with a Location is polled with GET until it answers otherwise,
  // unless turnOffAsync (https://learn.microsoft.com/azure/architecture/patterns/async-request-reply).
  while (answer.response.status === 202 && settings.turnOffAsync !== true) {
    const location = answer.response.headers.get('Location');
    if (location === null) break;
    await sleep(retryAfterMs(answer.response.headers.get('Retry-After')), undefined, { signal: ctx.signal });
    url = new URL(location, url).toString();
    headers.delete('Content-Type');
    answer = await send(ctx, url, { method: 'GET', headers, body: undefined }, timeoutMs);
  }
  const { response, text } = answer;
  failOnErrorStatus(url, response, text);
  if (Buffer.byteLength(text) > MAX_RESPONSE_BYTES) {
    throw callFailed(
      url,
      `${response.status} - ${response.statusText}`,
      'the response is larger than 4 MB, the most a Web activity accepts',
    );
  }
  return webOutput(text, response.headers);
}

/** The reason of a fetch failure (`connect ECONNREFUSED 127.0.0.1:1`), not its stack. */
function causeText(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error && cause.message !== '') return cause.message;
  return err instanceof Error ? err.message : String(err);
}

/**
 * WebActivity (https://learn.microsoft.com/azure/data-factory/control-flow-web-activity): one HTTP call with
 * Node's fetch. Status 400 or more fails the activity with ADF's error code 2108, the status and the body in
 * the message.
 */
export function createWebActivity(options: WebActivityOptions = {}): ActivityExecutor {
  const definition: ActivityDefinition<WebSettings> = {
    ...webActivityType,
    settings: lazySchema(async () => (await import('./web-settings.js')).webSettingsSchema),
    execute: (ctx, settings) => call(ctx, settings, options),
  };
  return defineActivity(definition);
}

/** The Web activity without Key Vault access (SecureString and plain passwords only). */
export const webActivity = createWebActivity();

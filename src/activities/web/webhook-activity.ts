import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActivityContext, ActivityDefinition, ActivityExecutor } from '../../contracts/index.js';
import { lazySchema } from '../../contracts/index.js';
import { ActivityError } from '../../errors/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';
import { defineActivity } from '../define-activity.js';
import type { WebActivityOptions } from './web-activity.js';
import { DEFAULT_RESPONSE_TIMEOUT_MS, failOnErrorStatus, requestHeaders, send } from './web-activity.js';
import type { WebhookSettings } from './web-settings.js';
import { webhookType } from './web-types.js';

/** What the app gives the WebHook activity: the Web activity's secrets and where the callback listens. */
export interface WebhookActivityOptions extends WebActivityOptions {
  /** The interface the callback listener binds to; 127.0.0.1 unless the endpoint calls back from elsewhere. */
  readonly callbackHost?: string;
}

/** The largest callback body accepted (the Web activity's response limit, 4 MB). */
const MAX_CALLBACK_BYTES = 4 * 1024 * 1024;

/** A callback listener on a free port: `url` to hand out, `received` settles with the first valid JSON body. */
async function listenForCallback(
  host: string,
  signal: AbortSignal,
): Promise<{ url: string; received: Promise<JsonValue>; close: () => void }> {
  const path = `/webhook/${randomUUID()}`;
  let deliver: (body: JsonValue) => void = () => undefined;
  const received = new Promise<JsonValue>((resolve) => (deliver = resolve));
  const server = createServer((req, res) => {
    if (req.url !== path) {
      res.writeHead(404).end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_CALLBACK_BYTES) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_CALLBACK_BYTES) {
        res.writeHead(413).end();
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      let body: JsonValue;
      try {
        body = text.trim() === '' ? {} : (JSON.parse(text) as JsonValue);
      } catch {
        // ADF: the body passed back to the callback URI must be valid JSON; the activity keeps waiting.
        res.writeHead(400, { 'Content-Type': 'text/plain' }).end('the callback body must be valid JSON');
        return;
      }
      // Delivered once the answer is sent: the listener closes right after.
      res.once('finish', () => deliver(body));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const close = () => {
    signal.removeEventListener('abort', close);
    server.closeAllConnections();
    server.close();
  };
  signal.addEventListener('abort', close, { once: true });
  const { port } = server.address() as AddressInfo;
  const hostText = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${hostText}:${port}${path}`, received, close };
}

/** The first callback's body; fails with `activity/webhook-timed-out` when none came within `ms`. */
function waitForCallback(ctx: ActivityContext, received: Promise<JsonValue>, ms: number): Promise<JsonValue> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(ctx.signal.reason as Error);
    };
    const timer = setTimeout(() => {
      ctx.signal.removeEventListener('abort', onAbort);
      reject(
        new ActivityError({
          code: 'activity/webhook-timed-out',
          errorCode: 'TimedOut',
          message: `WebHook ${ctx.activity.name}: the callback URI was not invoked within ${Math.round(ms / 1000)} s (timeout)`,
        }),
      );
    }, ms);
    if (ctx.signal.aborted) {
      onAbort();
      return;
    }
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    void received.then((body) => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(body);
    });
  });
}

/**
 * ADF's outcome of a callback: with `reportStatusOnCallBack`, a `StatusCode` of 400 or more fails the activity
 * with the callback's `Error` (`ErrorCode`, `Message`); otherwise the callback body is the output.
 */
function callbackOutcome(ctx: ActivityContext, body: JsonValue, report: boolean): JsonObject {
  const output: JsonObject = isJsonObject(body) ? body : { Response: JSON.stringify(body) };
  if (!report) return output;
  const status = Number(output['StatusCode'] ?? 200);
  if (Number.isFinite(status) && status >= 400) {
    const error = isJsonObject(output['Error']) ? output['Error'] : {};
    const code = error['ErrorCode'];
    const message = error['Message'];
    throw new ActivityError({
      code: 'activity/webhook-reported-failure',
      errorCode: typeof code === 'string' && code !== '' ? code : String(status),
      message:
        typeof message === 'string' && message !== ''
          ? message
          : `WebHook ${ctx.activity.name}: the callback reported status ${status}`,
      output,
    });
  }
  return output;
}

async function callWebhook(
  ctx: ActivityContext,
  settings: WebhookSettings,
  options: WebhookActivityOptions,
): Promise<JsonValue> {
  const headers = await requestHeaders(ctx, settings, options);
  if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  if (settings.disableCertValidation === true) {
    ctx.log('disableCertValidation is ignored: Millrace always validates server certificates');
  }
  const callback = await listenForCallback(options.callbackHost ?? '127.0.0.1', ctx.signal);
  try {
    ctx.log(`callBackUri ${callback.url}`);
    const body = JSON.stringify({ ...settings.body, callBackUri: callback.url });
    const { response, text } = await send(
      ctx,
      settings.url,
      { method: 'POST', headers, body },
      DEFAULT_RESPONSE_TIMEOUT_MS,
    );
    failOnErrorStatus(settings.url, response, text);
    const received = await waitForCallback(ctx, callback.received, settings.timeout);
    ctx.log('callback received');
    return callbackOutcome(ctx, received, settings.reportStatusOnCallBack);
  } finally {
    callback.close();
  }
}

/**
 * WebHook (https://learn.microsoft.com/azure/data-factory/control-flow-webhook-activity): POSTs its body with
 * `callBackUri` added (a URL Millrace serves for this activity run), then waits for that URL to be called.
 */
export function createWebhookActivity(options: WebhookActivityOptions = {}): ActivityExecutor {
  const definition: ActivityDefinition<WebhookSettings> = {
    ...webhookType,
    settings: lazySchema(async () => (await import('./web-settings.js')).webhookSettingsSchema),
    execute: (ctx, settings) => callWebhook(ctx, settings, options),
  };
  return defineActivity(definition);
}

/** The WebHook activity without Key Vault access, its callback on 127.0.0.1. */
export const webhookActivity = createWebhookActivity();

import type { ApiError } from './api-types.js';

/**
 * The one place errors become HTTP statuses. Library errors carry `code` (`area/rule`); codes not listed
 * here that the library raised on purpose (`isMillraceError`-shaped, non-Fastify) are the caller's
 * mistake (400). Anything else is an internal bug: 500 with a generic message, logged, never a stack.
 */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  'api/invalid-request': 400,
  'api/invalid-json': 400,
  'api/unauthorized': 401,
  'api/forbidden': 403,
  'api/not-found': 404,
  'api/payload-too-large': 413,
  'api/unsupported-media-type': 415,
  'api/unavailable': 503,
  'run/unknown-pipeline': 404,
  'run/unknown-run': 404,
  'run/unknown-parameter': 400,
  'run/missing-parameter': 400,
  'run/invalid-parameter': 400,
  'run/secure-parameter-needed': 400,
  'run/not-finished': 409,
  'run/not-active': 409,
  'auth/duplicate-token': 409,
  'auth/unknown-token': 404,
  'auth/invalid-role': 400,
  'auth/invalid-token-name': 400,
  'config/unknown-environment': 404,
  'trigger/unknown-trigger': 404,
  'trigger/unknown-window': 404,
  'trigger/invalid-range': 400,
  'trigger/not-tumbling-window': 400,
  'trigger/window-running': 409,
  'secrets/protected-environment': 403,
  'secrets/unsupported-operation': 409,
  'secrets/unknown-provider': 400,
  'deploy/self-approval': 403,
  'deploy/unknown-pending': 404,
  'deploy/unknown-deployment': 404,
  'deploy/locked': 409,
  'deploy/nothing-to-roll-back': 409,
  'ml/self-approval': 403,
  'ml/unknown-model': 404,
  'ml/unknown-model-version': 404,
  'ml/unknown-promotion': 404,
  'ml/unknown-experiment': 404,
  'ml/unknown-run': 404,
  'ml/nothing-to-roll-back': 409,
};

/** Fastify's own 4xx error codes → API codes. */
const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'api/payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'api/unsupported-media-type',
  FST_ERR_CTP_INVALID_JSON_BODY: 'api/invalid-json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'api/invalid-json',
  FST_ERR_VALIDATION: 'api/invalid-request',
};

/** An HTTP error response: status and body. */
export interface HttpErrorResponse {
  readonly status: number;
  readonly body: ApiError;
  /** True for a 5xx that should be logged as a bug. */
  readonly internal: boolean;
}

interface ValidationIssue {
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

interface ErrorLike {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly statusCode?: unknown;
  readonly hint?: unknown;
  readonly validation?: readonly ValidationIssue[];
  readonly validationContext?: unknown;
}

/** Creates an error the server throws on purpose (`api/not-found`, `api/forbidden`…). */
export function apiError(
  code: string,
  message: string,
  field?: string,
): Error & { code: string; field?: string } {
  return Object.assign(new Error(message), { code, ...(field === undefined ? {} : { field }) });
}

/** The status of an error code (400 for an unlisted code). */
export function statusOfCode(code: string): number {
  return STATUS_BY_CODE[code] ?? 400;
}

function validationResponse(e: ErrorLike): HttpErrorResponse {
  const issue = e.validation?.[0];
  const context = typeof e.validationContext === 'string' ? e.validationContext : 'request';
  const extra = issue?.params?.['additionalProperty'] ?? issue?.params?.['missingProperty'];
  const path = (issue?.instancePath ?? '').split('/').filter(Boolean);
  if (typeof extra === 'string') path.push(extra);
  const field = [context, ...path].join('.');
  const unknown = issue?.params?.['additionalProperty'] !== undefined;
  const message = unknown ? `${field}: unknown field` : `${field}: ${issue?.message ?? 'invalid'}`;
  return { status: 400, body: { error: { code: 'api/invalid-request', message, field } }, internal: false };
}

/** Maps any thrown value to the response. */
export function toHttpError(err: unknown): HttpErrorResponse {
  const e = (typeof err === 'object' && err !== null ? err : {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : 'error';
  if (e.validation) return validationResponse(e);
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (code?.startsWith('FST_') || (status !== undefined && code === undefined)) {
    if (status !== undefined && status < 500) {
      const apiCode = (code && FASTIFY_CODES[code]) ?? 'api/bad-request';
      return { status, body: { error: { code: apiCode, message } }, internal: false };
    }
    return internal();
  }
  if (code !== undefined && /^[a-z][a-z0-9-]*\/[a-z0-9-]+$/.test(code)) {
    const field = (err as { field?: unknown }).field;
    return {
      status: statusOfCode(code),
      body: {
        error: {
          code,
          message,
          ...(typeof field === 'string' ? { field } : {}),
          ...(typeof e.hint === 'string' ? { hint: e.hint } : {}),
        },
      },
      internal: false,
    };
  }
  return internal();
}

function internal(): HttpErrorResponse {
  return {
    status: 500,
    body: { error: { code: 'api/internal', message: 'internal error; see the server log' } },
    internal: true,
  };
}

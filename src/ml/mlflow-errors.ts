/** MLflow's HTTP status of each error code it uses here (`mlflow/exceptions.py` ERROR_CODE_TO_HTTP_STATUS). */
const MLFLOW_STATUS: Readonly<Record<string, number>> = {
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  RESOURCE_DOES_NOT_EXIST: 404,
  ENDPOINT_NOT_FOUND: 404,
  INVALID_STATE: 500,
  INTERNAL_ERROR: 500,
};

/** Millrace API codes → MLflow error codes, for errors raised before an MLflow handler runs. */
const FROM_API: Readonly<Record<string, string>> = {
  'api/unauthorized': 'UNAUTHENTICATED',
  'api/forbidden': 'PERMISSION_DENIED',
  'api/not-found': 'ENDPOINT_NOT_FOUND',
};

/** How the HTTP shell answers an error that is not an `mlflow/…` one (its status and message). */
export type HttpFallback = (err: unknown) => {
  readonly status: number;
  readonly message: string;
  readonly internal: boolean;
};

/** An MLflow error response. */
export interface MlflowErrorResponse {
  readonly status: number;
  readonly body: { readonly error_code: string; readonly message: string };
  readonly internal: boolean;
}

/**
 * Renders any error of an MLflow route the way MLflow's server does, `{error_code, message}`, so the
 * `mlflow` client raises the matching `MlflowException` (`RestException`). `mlflow/<kebab>` codes map to
 * MLflow's `<UPPER_SNAKE>` code; other errors take the shell's status (`fallback`), 4xx as `BAD_REQUEST`,
 * anything else `INTERNAL_ERROR`.
 */
export function toMlflowError(err: unknown, fallback: HttpFallback): MlflowErrorResponse {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('mlflow/')) {
    const errorCode = code.slice('mlflow/'.length).toUpperCase().replace(/-/g, '_');
    const message = (err as { message?: unknown }).message;
    return {
      status: MLFLOW_STATUS[errorCode] ?? 400,
      body: { error_code: errorCode, message: typeof message === 'string' ? message : errorCode },
      internal: false,
    };
  }
  const res = fallback(err);
  const mapped = typeof code === 'string' ? FROM_API[code] : undefined;
  const errorCode = mapped ?? (res.status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
  return {
    status: res.status,
    body: { error_code: errorCode, message: res.message },
    internal: res.internal,
  };
}

import { MillraceError } from '../errors/index.js';

/**
 * Errors of the MLflow API. Codes are `mlflow/<kebab of MLflow's error_code>`; the server renders them as
 * MLflow's `{error_code: 'RESOURCE_DOES_NOT_EXIST', message}` with MLflow's HTTP status
 * (`mlflow/exceptions.py` ERROR_CODE_TO_HTTP_STATUS).
 */
export function mlflowError(
  errorCode:
    'INVALID_PARAMETER_VALUE' | 'RESOURCE_DOES_NOT_EXIST' | 'RESOURCE_ALREADY_EXISTS' | 'INVALID_STATE',
  message: string,
): MillraceError {
  return new MillraceError({ code: `mlflow/${errorCode.toLowerCase().replace(/_/g, '-')}`, message });
}

/** `INVALID_PARAMETER_VALUE`: a bad request field. */
export function invalidParameter(message: string): MillraceError {
  return mlflowError('INVALID_PARAMETER_VALUE', message);
}

/** `RESOURCE_DOES_NOT_EXIST`. */
export function notFound(message: string): MillraceError {
  return mlflowError('RESOURCE_DOES_NOT_EXIST', message);
}

import type { JsonObject, JsonValue } from '../../model/index.js';
import { NotebookError, NotebookErrorCode } from './notebook-error.js';

function invalid(activity: string, message: string): NotebookError {
  return new NotebookError({ code: NotebookErrorCode.InvalidInput, message: `${activity}: ${message}` });
}

/** A required non-empty string property. */
export function requireString(value: JsonValue | undefined, key: string, activity: string): string {
  if (typeof value !== 'string' || value === '')
    throw invalid(activity, `typeProperties.${key} must be a non-empty string`);
  return value;
}

/** An optional string property. */
export function optionalString(
  value: JsonValue | undefined,
  key: string,
  activity: string,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(activity, `typeProperties.${key} must be a string`);
  return value;
}

/**
 * A JSON value as the string Databricks receives (job parameters are strings): strings as they are,
 * everything else as JSON text (`42`, `true`, `{"a":1}`, `null`).
 */
export function toParameterString(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `baseParameters`-style map → string values; absent → `{}`. */
export function toStringMap(
  value: JsonValue | undefined,
  key: string,
  activity: string,
): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalid(activity, `typeProperties.${key} must be an object`);
  return Object.fromEntries(Object.entries(value as JsonObject).map(([k, v]) => [k, toParameterString(v)]));
}

/** `parameters`-style array → strings; absent → `[]`. */
export function toStringList(value: JsonValue | undefined, key: string, activity: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(activity, `typeProperties.${key} must be an array`);
  return (value as readonly JsonValue[]).map(toParameterString);
}

/** Logs that declared libraries are not installed locally (they belong in the interpreter's environment). */
export function libraryNotice(libs: JsonValue | undefined): string | undefined {
  if (!Array.isArray(libs) || libs.length === 0) return undefined;
  return `millrace: ${libs.length} declared librar${libs.length === 1 ? 'y is' : 'ies are'} not installed locally; install them into the interpreter's environment`;
}

import type { MlTag } from '../contracts/index.js';
import { invalidParameter } from './mlflow-error.js';

/** A request's fields: the JSON body merged with the query string (GET). */
export type MlflowInput = Readonly<Record<string, unknown>>;

/** A required string field; MLflow's message when it is missing. */
export function requiredString(input: MlflowInput, field: string): string {
  const v = input[field];
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  throw invalidParameter(
    `Missing value for required parameter '${field}'. See the API docs for more information about request parameters.`,
  );
}

/** An optional string field. */
export function optionalString(input: MlflowInput, field: string): string | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw invalidParameter(`Invalid value for parameter '${field}': expected a string`);
}

/** An optional integer field (query strings arrive as text). */
export function optionalInt(input: MlflowInput, field: string): number | undefined {
  const v = input[field];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n))
    throw invalidParameter(
      `Invalid value ${JSON.stringify(v)} for parameter '${field}': expected an integer`,
    );
  return n;
}

/** A required number (a metric value; MLflow's JSON also sends `NaN`/`Infinity` as strings). */
export function requiredNumber(input: MlflowInput, field: string): number {
  const v = input[field];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  if (v === 'NaN') return Number.NaN;
  if (v === undefined || v === null) return requiredString(input, field) as never;
  throw invalidParameter(`Invalid value ${JSON.stringify(v)} for parameter '${field}': expected a number`);
}

/** A list of strings (repeated query keys arrive as an array, a single one as a string). */
export function stringList(input: MlflowInput, field: string): string[] {
  const v = input[field];
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => {
    if (typeof x !== 'string' && typeof x !== 'number')
      throw invalidParameter(`Invalid value for parameter '${field}': expected a list of strings`);
    return String(x);
  });
}

/** A list of `{key, value}` tags (MLflow: keys required, values default to empty). */
export function tagList(input: MlflowInput, field: string): MlTag[] {
  const v = input[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalidParameter(`Invalid value for parameter '${field}': expected an array`);
  return v.map((t: unknown) => {
    const o = (typeof t === 'object' && t !== null ? t : {}) as MlflowInput;
    return { key: requiredString(o, 'key'), value: optionalString(o, 'value') ?? '' };
  });
}

/** Offset page tokens: base64 of `{"offset": n}`. */
export function readPageToken(input: MlflowInput): number {
  const token = optionalString(input, 'page_token');
  if (!token) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown };
    if (typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0)
      return parsed.offset;
  } catch {
    // falls through to the error below
  }
  throw invalidParameter(`Invalid page token, could not base64-decode: ${token}`);
}

/** The token of the page after `offset + count`. */
export function pageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

/**
 * One page of a list searched in memory: `{[key]: items, next_page_token?}`, `max_results` (default
 * `defaultMax`, at most 50,000 as in MLflow) and the offset token of `page_token`.
 */
export function pageOf<T>(
  all: readonly T[],
  input: MlflowInput,
  defaultMax: number,
  key: string,
): Record<string, unknown> {
  const max = optionalInt(input, 'max_results') ?? defaultMax;
  if (max < 1 || max > 50000)
    throw invalidParameter(`Invalid value ${max} for parameter 'max_results' supplied.`);
  const offset = readPageToken(input);
  return {
    [key]: all.slice(offset, offset + max),
    ...(offset + max < all.length ? { next_page_token: pageToken(offset + max) } : {}),
  };
}

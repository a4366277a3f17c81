import type { ScoringReply, ScoringRequest } from './scoring-types.js';
import { mlflowErrorReply } from './scoring-types.js';
import type { SignatureInput } from './worker-process.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a JSON value fits an MLflow column type (null fits: MLflow checks missing values itself). */
function fits(type: string, value: unknown): boolean {
  if (value === null || value === undefined) return true;
  switch (type) {
    case 'double':
    case 'float':
      return typeof value === 'number';
    case 'long':
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    default:
      return true; // binary, datetime, objects, arrays: left to MLflow's own schema enforcement
  }
}

const bad = (message: string): ScoringReply => mlflowErrorReply(400, 'BAD_REQUEST', message);

/** The columns and rows a request carries, when it is a DataFrame request this check understands. */
function tableOf(request: ScoringRequest): { columns: string[]; rows: unknown[][] } | undefined {
  const [mime = '', ...params] = request.contentType.split(';').map((s) => s.trim());
  if (params.some((p) => p.toLowerCase() !== 'charset=utf-8')) return undefined;
  if (mime === 'text/csv') {
    const end = request.body.indexOf(10);
    const header = request.body.toString('utf8', 0, end < 0 ? request.body.length : end).replace(/\r$/, '');
    if (header.includes('"')) return undefined; // quoted headers: pandas parses them
    return { columns: header.split(','), rows: [] };
  }
  if (mime !== 'application/json') return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(request.body.toString('utf8'));
  } catch {
    return undefined; // MLflow words the parse error
  }
  if (!isObject(doc)) return undefined;
  const split = doc['dataframe_split'];
  const records = doc['dataframe_records'];
  if (isObject(split) && Array.isArray(split['columns']) && Array.isArray(split['data'])) {
    return {
      columns: split['columns'].map(String),
      rows: split['data'].filter((r): r is unknown[] => Array.isArray(r)),
    };
  }
  if (Array.isArray(records) && records.every(isObject)) {
    const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
    return { columns, rows: records.map((r) => columns.map((c) => r[c])) };
  }
  return undefined;
}

/**
 * Checks a DataFrame request (`dataframe_split`, `dataframe_records`, CSV header) against the model signature
 * before it reaches a worker: a missing required column or a value of the wrong JSON type is a 400 in MLflow's
 * error JSON naming the column. Other inputs (`instances`, `inputs`, tensors) are left to MLflow's own checks.
 */
export function checkSignature(
  inputs: readonly SignatureInput[] | null | undefined,
  request: ScoringRequest,
): ScoringReply | undefined {
  if (!inputs || inputs.length === 0) return undefined;
  const table = tableOf(request);
  if (!table) return undefined;
  const missing = inputs.filter((i) => i.required && !table.columns.includes(i.name)).map((i) => i.name);
  if (missing.length > 0) {
    const expected = inputs.map((i) => `${i.name} (${i.type})`).join(', ');
    return bad(
      `Model is missing inputs ${JSON.stringify(missing)}: column '${missing[0] ?? ''}' is required by the model signature (expected columns: ${expected})`,
    );
  }
  const positions = inputs.map((i) => table.columns.indexOf(i.name));
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r] ?? [];
    for (let k = 0; k < inputs.length; k++) {
      const input = inputs[k]!;
      const at = positions[k] ?? -1;
      if (at < 0) continue;
      const value = row[at];
      if (!fits(input.type, value))
        return bad(
          `Incompatible input for column '${input.name}': the model signature expects ${input.type}, got ${JSON.stringify(value)} (row ${r})`,
        );
    }
  }
  return undefined;
}

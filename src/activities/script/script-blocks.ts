import type { SqlParameter, SqlValue } from '../../contracts/index.js';
import type { JsonValue, ResourceReference } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';
import { referenceOf, userError } from '../copy/index.js';
import type { ScriptSettings } from './script-settings.js';

/*
 * What the shape (`script-type.ts`) leaves to the executor, read from the parsed settings with the `script/…`
 * codes: an empty list, a block without text, a block type, a parameter's name, direction and value, a
 * timespan, and `millrace`.
 */

type ScriptParameterSettings = NonNullable<
  NonNullable<NonNullable<ScriptSettings['scripts']>[number]>['parameters']
>[number];

/** ADF Script block types. */
export const ScriptType = { Query: 'Query', NonQuery: 'NonQuery' } as const;
export type ScriptType = (typeof ScriptType)[keyof typeof ScriptType];

/** ADF parameter directions (`ReturnValue` is not supported by ADF's Script activity either). */
export const ParameterDirection = { Input: 'Input', Output: 'Output', InputOutput: 'InputOutput' } as const;
export type ParameterDirection = (typeof ParameterDirection)[keyof typeof ParameterDirection];

/** One script parameter, its value converted for the driver. */
export interface ScriptParameter extends SqlParameter {
  readonly type: string;
  readonly direction: ParameterDirection;
}

/** One entry of `typeProperties.scripts`. */
export interface ScriptBlock {
  readonly type: ScriptType;
  readonly text: string;
  readonly parameters: readonly ScriptParameter[];
}

/** A dataset exposed to a DuckDB transform as a view named `alias`. */
export interface TransformInput {
  readonly reference: ResourceReference;
  readonly alias: string;
}

/**
 * The Millrace extension of a Script activity (`typeProperties.millrace`), for DuckDB transforms:
 * `datasets: [{referenceName, parameters?, alias?}]` become views (alias defaults to the dataset name), and
 * `output: {dataset: {referenceName…}, query}` writes the query's rows to a dataset after the scripts ran.
 */
export interface TransformSettings {
  readonly inputs: readonly TransformInput[];
  readonly output?: { readonly dataset: ResourceReference; readonly query: string };
}

/** Reads the parsed `scripts`, checking what the shape leaves to the executor and converting parameter values. */
export function scriptBlocks(tp: ScriptSettings): ScriptBlock[] {
  const scripts = tp.scripts;
  if (scripts === undefined || scripts.length === 0) {
    throw userError('script/invalid-setting', 'typeProperties.scripts must be a non-empty array');
  }
  return scripts.map((s, i) => {
    const at = `typeProperties.scripts[${i}]`;
    if (s?.text === undefined || s.text.trim() === '') {
      throw userError('script/invalid-setting', `${at}.text is required`);
    }
    const type = oneOf(s.type ?? 'Query', Object.values(ScriptType), `${at}.type`);
    return {
      type,
      text: s.text,
      parameters: (s.parameters ?? []).map((p, k) => scriptParameter(p, `${at}.parameters[${k}]`)),
    };
  });
}

function scriptParameter(p: ScriptParameterSettings, at: string): ScriptParameter {
  if (p?.name === undefined || p.name === '') {
    throw userError('script/invalid-setting', `${at}.name is required`);
  }
  const type = p.type ?? 'String';
  const direction = oneOf(p.direction ?? 'Input', Object.values(ParameterDirection), `${at}.direction`);
  const raw = p.value ?? null;
  return { name: p.name.replace(/^[@:$]/, ''), type, direction, value: sqlValueOf(type, raw, at) };
}

/**
 * Converts a parameter value to its ADF type: Int16/Int32/Single/Double/Decimal → number, Int64 → number (bigint
 * beyond 2^53), Boolean → boolean; String, Guid, DateTime, DateTimeOffset, Timespan (and others) → text, which
 * the database casts where the statement needs another type. Null stays null.
 */
export function sqlValueOf(type: string, value: JsonValue, at: string): SqlValue {
  if (value === null) return null;
  const bad = (): never => {
    throw userError(
      'script/invalid-parameter',
      `${at}.value ${JSON.stringify(value)} is not a valid ${type}`,
    );
  };
  switch (type.toLowerCase()) {
    case 'int16':
    case 'int32':
    case 'int64': {
      const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
      if (!/^-?\d+$/.test(text)) return bad();
      const n = BigInt(text);
      const limit =
        type.toLowerCase() === 'int16' ? 2n ** 15n : type.toLowerCase() === 'int32' ? 2n ** 31n : 2n ** 63n;
      if (n >= limit || n < -limit) return bad();
      return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(n) : n;
    }
    case 'single':
    case 'double':
    case 'decimal': {
      const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
      return Number.isFinite(n) ? n : bad();
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return bad();
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** Reads the parsed `millrace` (DuckDB transform settings). */
export function transformSettings(tp: ScriptSettings): TransformSettings {
  const inputs = (tp.millrace?.datasets ?? []).map((d, i) => {
    const { alias, ...ref } = isJsonObject(d) ? d : {};
    const reference = referenceOf(ref, 'DatasetReference');
    if (!reference) {
      throw userError(
        'script/invalid-setting',
        `typeProperties.millrace.datasets[${i}].referenceName is required`,
      );
    }
    return {
      reference,
      alias: typeof alias === 'string' && alias !== '' ? alias : reference.referenceName,
    };
  });
  const out = tp.millrace?.output;
  if (out === undefined || out === null) return { inputs };
  const dataset = isJsonObject(out) ? referenceOf(out['dataset'], 'DatasetReference') : undefined;
  const query = isJsonObject(out) ? out['query'] : undefined;
  if (!dataset || typeof query !== 'string') {
    throw userError(
      'script/invalid-setting',
      'typeProperties.millrace.output needs a dataset reference and a query',
    );
  }
  return { inputs, output: { dataset, query } };
}

/** Parses an ADF timespan (`[d.]hh:mm:ss[.fff]`) into milliseconds; undefined when absent. */
export function timespanMs(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(value);
  if (!m)
    throw userError('script/invalid-setting', `scriptBlockExecutionTimeout "${value}" is not [d.]hh:mm:ss`);
  const [, d = '0', h = '0', min = '0', s = '0', frac = '0'] = m;
  return (
    ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000 + Number(`0.${frac}`) * 1000
  );
}

function oneOf<T extends string>(value: JsonValue, allowed: readonly T[], at: string): T {
  const found = allowed.find((a) => typeof value === 'string' && a.toLowerCase() === value.toLowerCase());
  if (!found) {
    throw userError(
      'script/invalid-setting',
      `${at} ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`,
    );
  }
  return found;
}

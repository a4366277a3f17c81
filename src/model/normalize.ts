import { childScopes, CONTAINER_TYPES } from './activity-scopes.js';
import { isJsonObject } from './json.js';
import type { JsonObject, JsonValue } from './json.js';
import {
  canonicalActivityType,
  canonicalGlobalParameterType,
  canonicalParameterType,
  canonicalVariableType,
} from './type-names.js';
import type {
  Activity,
  ActivityDependency,
  DatasetProperties,
  GlobalParameterSpec,
  LinkedServiceProperties,
  ParameterSpec,
  PipelineProperties,
  ResourceReference,
  TriggerPipelineReference,
  TriggerProperties,
  VariableSpec,
} from './types.js';

/**
 * Builds the normalized view of raw resource JSON: canonical type names, defaults for the arrays and maps
 * the engine iterates, everything else kept as written. Tolerant: shape errors are reported by the schema
 * check, not here; a malformed value normalizes to the nearest empty value.
 */

const EMPTY: JsonObject = Object.freeze({});

function obj(v: JsonValue | undefined): JsonObject {
  return isJsonObject(v) ? v : EMPTY;
}

function arr(v: JsonValue | undefined): readonly JsonValue[] {
  return Array.isArray(v) ? (v as readonly JsonValue[]) : [];
}

/** Parameter specs with canonical types (`string` → `String`); an unknown type is kept as written. */
export function normalizeParameters(v: JsonValue | undefined): Readonly<Record<string, ParameterSpec>> {
  const out: Record<string, ParameterSpec> = {};
  for (const [name, spec] of Object.entries(obj(v))) {
    const s = obj(spec);
    const t = typeof s['type'] === 'string' ? s['type'] : 'String';
    out[name] = { ...s, type: canonicalParameterType(t) ?? (t as ParameterSpec['type']) };
  }
  return out;
}

function normalizeVariables(v: JsonValue | undefined): Readonly<Record<string, VariableSpec>> {
  const out: Record<string, VariableSpec> = {};
  for (const [name, spec] of Object.entries(obj(v))) {
    const s = obj(spec);
    const t = typeof s['type'] === 'string' ? s['type'] : 'String';
    out[name] = { ...s, type: canonicalVariableType(t) ?? (t as VariableSpec['type']) };
  }
  return out;
}

/** Global parameters of the factory file with canonical types. */
export function normalizeGlobalParameters(
  v: JsonValue | undefined,
): Readonly<Record<string, GlobalParameterSpec>> {
  const out: Record<string, GlobalParameterSpec> = {};
  for (const [name, spec] of Object.entries(obj(v))) {
    const s = obj(spec);
    const t = typeof s['type'] === 'string' ? s['type'] : 'String';
    out[name] = { ...s, type: canonicalGlobalParameterType(t) ?? 'String', value: s['value'] ?? null };
  }
  return out;
}

/**
 * True when `a` already has the normalized shape: a string name, the canonical type, dependsOn entries with
 * their conditions, typeProperties, and no nested activities (those are normalized one by one).
 */
function isNormalizedLeaf(a: JsonObject, type: string): boolean {
  if (typeof a['name'] !== 'string' || a['type'] !== type || !isJsonObject(a['typeProperties'])) return false;
  const deps = a['dependsOn'];
  if (!Array.isArray(deps)) return false;
  for (const d of deps as readonly JsonValue[])
    if (!isJsonObject(d) || !Array.isArray(d['dependencyConditions'])) return false;
  return !CONTAINER_TYPES.has(type);
}

/** One activity, recursively through container bodies. */
export function normalizeActivity(raw: JsonValue): Activity {
  const a = obj(raw);
  const type = canonicalActivityType(typeof a['type'] === 'string' ? a['type'] : '');
  // Most activities of an export are already in shape: share them instead of copying (the model is readonly).
  if (isNormalizedLeaf(a, type)) return a as unknown as Activity;
  let typeProperties = obj(a['typeProperties']);
  const scopes = childScopes(a, type);
  if (scopes.length > 0) {
    const tp: Record<string, JsonValue> = { ...typeProperties };
    for (const scope of scopes) {
      const normalized = scope.activities.map((x) => normalizeActivity(x) as unknown as JsonValue);
      const key = scope.path[1];
      if (key === 'cases') {
        const caseIndex = scope.path[2] as number;
        const cases = [...arr(tp['cases'])];
        cases[caseIndex] = { ...obj(cases[caseIndex]), activities: normalized };
        tp['cases'] = cases;
      } else if (typeof key === 'string') tp[key] = normalized;
    }
    typeProperties = tp;
  }
  const dependsOn = arr(a['dependsOn']).map((d) => {
    const dep = obj(d);
    return {
      ...dep,
      dependencyConditions: arr(dep['dependencyConditions']),
    } as unknown as ActivityDependency;
  });
  return {
    ...a,
    name: typeof a['name'] === 'string' ? a['name'] : '',
    type,
    dependsOn,
    typeProperties,
  };
}

export function normalizePipeline(raw: JsonObject): PipelineProperties {
  return {
    ...raw,
    activities: arr(raw['activities']).map(normalizeActivity),
    parameters: normalizeParameters(raw['parameters']),
    variables: normalizeVariables(raw['variables']),
  };
}

export function normalizeDataset(raw: JsonObject): DatasetProperties {
  return {
    ...raw,
    type: typeof raw['type'] === 'string' ? raw['type'] : '',
    // Absent on Synapse SQL pool datasets, which name their pool with `sqlPool` instead.
    ...(isJsonObject(raw['linkedServiceName'])
      ? { linkedServiceName: raw['linkedServiceName'] as unknown as ResourceReference }
      : {}),
    parameters: normalizeParameters(raw['parameters']),
    typeProperties: obj(raw['typeProperties']),
  };
}

export function normalizeLinkedService(raw: JsonObject): LinkedServiceProperties {
  return {
    ...raw,
    type: typeof raw['type'] === 'string' ? raw['type'] : '',
    parameters: normalizeParameters(raw['parameters']),
    typeProperties: obj(raw['typeProperties']),
  };
}

export function normalizeTrigger(raw: JsonObject): TriggerProperties {
  return {
    ...raw,
    type: typeof raw['type'] === 'string' ? raw['type'] : '',
    pipelines: arr(raw['pipelines']).map((p) => obj(p) as unknown as TriggerPipelineReference),
    typeProperties: obj(raw['typeProperties']),
  };
}

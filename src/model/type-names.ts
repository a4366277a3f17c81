import { ACTIVITY_TYPES } from './activity-types.js';
import type { GlobalParameterSpec, ParameterType, VariableType } from './types.js';

/** Case-insensitive type names → canonical spelling (ADF accepts `string` for `String`, `filter` for `Filter`). */

function lowerMap<V extends string>(entries: readonly (readonly [string, V])[]): ReadonlyMap<string, V> {
  return new Map(entries.map(([k, v]) => [k.toLowerCase(), v]));
}

const ACTIVITY = lowerMap(ACTIVITY_TYPES.map((t) => [t, t] as const));
const PARAMETER = lowerMap<ParameterType>([
  ['String', 'String'],
  ['Int', 'Int'],
  ['Float', 'Float'],
  ['Bool', 'Bool'],
  ['Array', 'Array'],
  ['Object', 'Object'],
  ['SecureString', 'SecureString'],
]);
const VARIABLE = lowerMap<VariableType>([
  ['String', 'String'],
  ['Bool', 'Boolean'],
  ['Boolean', 'Boolean'],
  ['Array', 'Array'],
  ['Integer', 'Integer'],
  ['Int', 'Integer'],
]);
const GLOBAL = lowerMap<GlobalParameterSpec['type']>([
  ['String', 'String'],
  ['Int', 'Int'],
  ['Float', 'Float'],
  ['Bool', 'Bool'],
  ['Array', 'Array'],
  ['Object', 'Object'],
]);

/** Canonical activity type (`filter` → `Filter`); unknown types are returned as written. */
export function canonicalActivityType(type: string): string {
  return ACTIVITY.get(type.toLowerCase()) ?? type;
}

/** True when Millrace knows the activity type (any spelling). */
export function isKnownActivityType(type: string): boolean {
  return ACTIVITY.has(type.toLowerCase());
}

/** Canonical parameter type, or undefined when `type` is not one. */
export function canonicalParameterType(type: string): ParameterType | undefined {
  return PARAMETER.get(type.toLowerCase());
}

/** Canonical variable type (`Bool` → `Boolean`, `Int` → `Integer`), or undefined. */
export function canonicalVariableType(type: string): VariableType | undefined {
  return VARIABLE.get(type.toLowerCase());
}

/** Canonical global parameter type, or undefined. */
export function canonicalGlobalParameterType(type: string): GlobalParameterSpec['type'] | undefined {
  return GLOBAL.get(type.toLowerCase());
}

/** Narrowing helpers for values of a parsed CI YAML document (the fake runner's dialects). */

/** A mapping of the document, or an empty one. */
export type YamlMap = Record<string, unknown>;

/** `v` as a mapping; anything else reads as an empty one. */
export function yamlMap(v: unknown): YamlMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as YamlMap) : {};
}

/** A scalar as the CI system reads it (numbers and booleans as text); `fallback` when absent. */
export function yamlText(v: unknown, fallback = ''): string {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`expected a scalar, got ${JSON.stringify(v)}`);
}

/** A mapping of scalars (`env:`), as text. */
export function yamlStrings(v: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(yamlMap(v)).map(([k, x]) => [k, yamlText(x)]));
}

import type { JsonPath } from '../errors/index.js';
import { isJsonObject } from './json.js';
import type { JsonValue } from './json.js';

/** Where the nested activity lists of container activities live (ForEach, Until, IfCondition, Switch). */

/** One nested activity list of a container: its items and the path from the activity to the array. */
export interface ChildScope {
  readonly activities: readonly JsonValue[];
  /** Path from the container activity to the array, e.g. `['typeProperties', 'ifTrueActivities']`. */
  readonly path: JsonPath;
  /** `ForEach`, `Until`, `IfCondition` or `Switch`. */
  readonly container: string;
}

/** Canonical container types. */
export const CONTAINER_TYPES: ReadonlySet<string> = new Set(['ForEach', 'Until', 'IfCondition', 'Switch']);

/**
 * The nested activity lists of an activity given its canonical type (none for non-containers).
 * Works on raw and normalized activities alike, since normalization keeps array positions.
 */
export function childScopes(activity: JsonValue | object, canonicalType: string): ChildScope[] {
  if (!CONTAINER_TYPES.has(canonicalType) || !isJsonObject(activity)) return [];
  const tp = activity['typeProperties'];
  if (!isJsonObject(tp)) return [];
  const out: ChildScope[] = [];
  const add = (value: JsonValue | undefined, path: JsonPath): void => {
    if (Array.isArray(value))
      out.push({ activities: value as readonly JsonValue[], path, container: canonicalType });
  };
  if (canonicalType === 'ForEach' || canonicalType === 'Until')
    add(tp['activities'], ['typeProperties', 'activities']);
  else if (canonicalType === 'IfCondition') {
    add(tp['ifTrueActivities'], ['typeProperties', 'ifTrueActivities']);
    add(tp['ifFalseActivities'], ['typeProperties', 'ifFalseActivities']);
  } else {
    const cases = tp['cases'];
    if (Array.isArray(cases))
      (cases as readonly JsonValue[]).forEach((c, i) => {
        if (isJsonObject(c)) add(c['activities'], ['typeProperties', 'cases', i, 'activities']);
      });
    add(tp['defaultActivities'], ['typeProperties', 'defaultActivities']);
  }
  return out;
}

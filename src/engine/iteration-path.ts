import { isJsonObject } from '../model/index.js';
import type { JsonValue } from '../model/index.js';

/** One segment of an iteration path: `Loop[3]` (ForEach/Until), `Check(true)` (If), `Route(eu)` (Switch). */
export interface PathSegment {
  readonly activity: string;
  /** The index of a `Name[i]` segment; undefined for a branch `Name(value)`. */
  readonly index?: number;
  /** The branch of a `Name(value)` segment. */
  readonly branch?: string;
}

/** Splits an iteration path into its segments; undefined when one is not `Name[i]` or `Name(value)`. */
export function parseIterationPath(path: string): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  for (const text of path.split('/')) {
    const loop = /^(.+)\[(\d+)\]$/.exec(text);
    const branch = loop ? undefined : /^(.+)\((.*)\)$/.exec(text);
    if (loop?.[1] !== undefined && loop[2] !== undefined)
      segments.push({ activity: loop[1], index: Number(loop[2]) });
    else if (branch?.[1] !== undefined && branch[2] !== undefined)
      segments.push({ activity: branch[1], branch: branch[2] });
    else return undefined;
  }
  return segments;
}

/** The segment of the ForEach iteration that `path` ends with (`Loop[3]`): the path without its index. */
export function loopOf(path: string): string | undefined {
  const m = /^(.*\S)\[\d+\]$/.exec(path);
  return m?.[1];
}

const listOf = (v: JsonValue | undefined): readonly JsonValue[] | undefined =>
  Array.isArray(v) ? v : undefined;

/** The nested activity list a segment enters, as the container's handler chooses it (the segment's rule). */
function enter(activity: JsonValue, segment: PathSegment): readonly JsonValue[] | undefined {
  if (!isJsonObject(activity) || !isJsonObject(activity['typeProperties'])) return undefined;
  const tp = activity['typeProperties'];
  const type = typeof activity['type'] === 'string' ? activity['type'].toLowerCase() : '';
  if (segment.index !== undefined)
    return type === 'foreach' || type === 'until' ? listOf(tp['activities']) : undefined;
  if (type === 'ifcondition')
    return segment.branch === 'true'
      ? listOf(tp['ifTrueActivities'])
      : segment.branch === 'false'
        ? listOf(tp['ifFalseActivities'])
        : undefined;
  if (type !== 'switch') return undefined;
  // Switch matches a case by its value's text (a string, or an integer written as text).
  const text = (v: JsonValue | undefined) =>
    typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
  const match = (listOf(tp['cases']) ?? []).find(
    (c) => isJsonObject(c) && text(c['value']) === segment.branch,
  );
  if (isJsonObject(match)) return listOf(match['activities']);
  return segment.branch === 'default' ? listOf(tp['defaultActivities']) : undefined;
}

/** The scope an iteration path names in a pipeline. */
export interface ResolvedScope {
  /** Its activity list. */
  readonly activities: readonly JsonValue[];
  /** The type of the container its last segment enters (`ForEach`, `IfCondition`…). */
  readonly containerType: string;
  /** The first Until the path goes through, if any. */
  readonly enclosingUntil?: string;
}

/**
 * Follows an iteration path through a pipeline's activities; undefined when the pipeline has no such scope.
 */
export function resolveIterationPath(
  activities: readonly unknown[],
  path: string,
): ResolvedScope | undefined {
  const segments = parseIterationPath(path);
  if (!segments) return undefined;
  let list = activities as readonly JsonValue[];
  let containerType = '';
  let enclosingUntil: string | undefined;
  for (const segment of segments) {
    const activity = list.find((a) => isJsonObject(a) && a['name'] === segment.activity);
    const inner = activity === undefined ? undefined : enter(activity, segment);
    if (!inner || !isJsonObject(activity) || typeof activity['type'] !== 'string') return undefined;
    if (enclosingUntil === undefined && containerType.toLowerCase() === 'until')
      enclosingUntil = segments[segments.indexOf(segment) - 1]?.activity;
    containerType = activity['type'];
    list = inner;
  }
  return { activities: list, containerType, ...(enclosingUntil ? { enclosingUntil } : {}) };
}

import type { ActivityContext } from '../../contracts/index.js';
import type { Activity, JsonObject, JsonValue } from '../../model/index.js';

/** A context for executor tests: typeProperties are taken as already evaluated; log lines are collected. */
export interface FakeActivityContext extends ActivityContext {
  readonly lines: string[];
}

let seq = 0;

/** Creates a fake context for one activity attempt. */
export function fakeActivityContext(
  type: string,
  typeProperties: JsonObject,
  options: { signal?: AbortSignal; name?: string } = {},
): FakeActivityContext {
  const activity: Activity = { name: options.name ?? 'Act', type, dependsOn: [], typeProperties };
  const lines: string[] = [];
  seq++;
  return {
    activity,
    pipelineName: 'p',
    runId: `run-${seq}`,
    activityRunId: `act-${seq}`,
    attempt: 1,
    signal: options.signal ?? new AbortController().signal,
    typeProperties: () => typeProperties,
    evaluate: (value: unknown) => value as JsonValue,
    log: (line: string) => lines.push(line),
    lines,
  };
}

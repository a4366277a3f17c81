import type { ActivityContext } from '../../contracts/index.js';
import { createDuckDbDataPlane } from '../../data-plane/index.js';
import type { Activity, JsonObject, JsonValue, ResourceReference } from '../../model/index.js';

/**
 * A context for executor tests: typeProperties are taken as already evaluated; log lines are collected. It
 * carries the real data plane, as the app's contexts do (no data access: `dataContext` adds that).
 */
export interface FakeActivityContext extends ActivityContext {
  readonly lines: string[];
}

let seq = 0;

/**
 * Creates a fake context for one activity attempt; `inputs`, `outputs` and `linkedServiceName` are taken as
 * already evaluated references.
 */
export function fakeActivityContext(
  type: string,
  typeProperties: JsonObject,
  options: {
    signal?: AbortSignal;
    name?: string;
    inputs?: readonly ResourceReference[];
    outputs?: readonly ResourceReference[];
    linkedServiceName?: ResourceReference;
  } = {},
): FakeActivityContext {
  const { inputs = [], outputs = [], linkedServiceName } = options;
  const activity: Activity = {
    name: options.name ?? 'Act',
    type,
    dependsOn: [],
    typeProperties,
    inputs,
    outputs,
    ...(linkedServiceName ? { linkedServiceName } : {}),
  };
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
    references: () => ({ inputs, outputs, ...(linkedServiceName ? { linkedServiceName } : {}) }),
    evaluate: (value: unknown) => value as JsonValue,
    log: (line: string) => lines.push(line),
    dataPlane: createDuckDbDataPlane(),
    lines,
  };
}

import type { EnvironmentLayer } from '../../config/index.js';
import type { TriggerRuntimeState } from '../../contracts/index.js';
import { isJsonObject } from '../../model/index.js';
import type { JsonValue } from '../../model/index.js';
import type { DeployDiff } from './deploy-diff.js';
import type { VersionSnapshot } from './version-snapshot.js';

/** Which triggers a deploy stops before switching versions and starts again after. */
export interface TriggerPlan {
  /** Running triggers whose definition or pipelines change (or that are removed). */
  readonly stop: readonly string[];
  /**
   * Triggers started again after the switch: the stopped ones (and any an interrupted deploy stopped) whose
   * definition still exists and whose state the environment does not set to Stopped/Disabled.
   */
  readonly restart: readonly string[];
}

/** What the trigger plan needs besides the two versions and their diff. */
export interface TriggerPlanInput {
  /** States set explicitly in the target's trigger store (they win over the factory files). */
  readonly states: ReadonlyMap<string, TriggerRuntimeState>;
  readonly layers: readonly EnvironmentLayer[];
  /** Triggers an interrupted deploy stopped and never started again. */
  readonly interrupted: readonly string[];
}

const lower = (s: string): string => s.toLowerCase();

function pipelinesOf(json: JsonValue): string[] {
  const props = isJsonObject(json) ? json['properties'] : undefined;
  if (!isJsonObject(props)) return [];
  const list = props['pipelines'];
  const refs: (JsonValue | undefined)[] = [
    ...(Array.isArray(list) ? (list as readonly JsonValue[]) : []),
    props['pipeline'],
  ];
  return refs.flatMap((r) => {
    const ref = isJsonObject(r) ? r['pipelineReference'] : undefined;
    const name = isJsonObject(ref) ? ref['referenceName'] : undefined;
    return typeof name === 'string' ? [name] : [];
  });
}

function factoryState(json: JsonValue): TriggerRuntimeState {
  const props = isJsonObject(json) ? json['properties'] : undefined;
  return isJsonObject(props) && props['runtimeState'] === 'Started' ? 'Started' : 'Stopped';
}

/** The runtime state the environment's parameters files give a trigger (last file wins), if any. */
export function environmentTriggerState(
  layers: readonly EnvironmentLayer[],
  trigger: string,
): string | undefined {
  let state: string | undefined;
  for (const layer of layers) {
    if (layer.format !== 'millrace') continue;
    for (const [name, t] of Object.entries(layer.spec.triggers ?? {}))
      if (lower(name) === lower(trigger) && t.runtimeState !== undefined) state = t.runtimeState;
    for (const o of layer.spec.overrides)
      if (lower(o.resource) === lower(`trigger/${trigger}`) && o.path === 'properties.runtimeState')
        state = typeof o.value === 'string' ? o.value : state;
  }
  return state;
}

/** Plans the trigger stops and restarts of a deploy from `current` to `next`. */
export function planTriggers(
  current: VersionSnapshot,
  next: VersionSnapshot,
  diff: DeployDiff,
  input: TriggerPlanInput,
): TriggerPlan {
  const touched = (kind: string): Set<string> =>
    new Set(diff.resources.filter((r) => r.kind === kind).map((r) => lower(r.name)));
  const pipelines = touched('pipeline');
  const triggers = touched('trigger');
  const states = new Map([...input.states].map(([k, v]) => [lower(k), v]));
  const stop: string[] = [];
  for (const r of current.resources.values()) {
    if (r.kind !== 'trigger') continue;
    const running = (states.get(lower(r.name)) ?? factoryState(r.json)) === 'Started';
    const affected = triggers.has(lower(r.name)) || pipelinesOf(r.json).some((p) => pipelines.has(lower(p)));
    if (running && affected) stop.push(r.name);
  }
  const nextNames = new Map(
    [...next.resources.values()].filter((r) => r.kind === 'trigger').map((r) => [lower(r.name), r.name]),
  );
  const candidates = [...new Set([...stop, ...input.interrupted].map(lower))];
  const restart = candidates.flatMap((t) => {
    const name = nextNames.get(t);
    if (name === undefined) return [];
    const env = environmentTriggerState(input.layers, name);
    return env === 'Stopped' || env === 'Disabled' ? [] : [name];
  });
  return { stop: stop.sort(), restart: restart.sort() };
}

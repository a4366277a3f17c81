import type { Factory, GenericResource, JsonObject, JsonValue, Resource } from '../../model/index.js';

/** Resource kinds an environment can change, and the Factory map that holds each. */
export const RESOURCE_MAPS = {
  pipeline: 'pipelines',
  dataset: 'datasets',
  linkedService: 'linkedServices',
  trigger: 'triggers',
  dataflow: 'dataflows',
  integrationRuntime: 'integrationRuntimes',
  credential: 'credentials',
} as const;
export type EnvironmentResourceKind = keyof typeof RESOURCE_MAPS;

/** A factory being changed: maps copied on first write, resources replaced, never mutated. */
export interface FactoryDraft {
  readonly base: Factory;
  readonly maps: Map<EnvironmentResourceKind, Map<string, Resource<unknown>>>;
  globalParameters: Factory['globalParameters'];
  name: string | undefined;
}

export function createDraft(base: Factory): FactoryDraft {
  return { base, maps: new Map(), globalParameters: base.globalParameters, name: base.name };
}

function mapOf(d: FactoryDraft, kind: EnvironmentResourceKind): ReadonlyMap<string, Resource<unknown>> {
  return d.maps.get(kind) ?? d.base[RESOURCE_MAPS[kind]];
}

/** The resource by name (case-insensitive, as ADF names are). */
export function findResource(
  d: FactoryDraft,
  kind: EnvironmentResourceKind,
  name: string,
): Resource<unknown> | undefined {
  const map = mapOf(d, kind);
  const exact = map.get(name);
  if (exact) return exact;
  for (const [k, v] of map) if (k.toLowerCase() === name.toLowerCase()) return v;
  return undefined;
}

/** Every resource of every kind an environment can change. */
export function allResources(
  d: FactoryDraft,
): { kind: EnvironmentResourceKind; resource: Resource<unknown> }[] {
  return (Object.keys(RESOURCE_MAPS) as EnvironmentResourceKind[]).flatMap((kind) =>
    [...mapOf(d, kind).values()].map((resource) => ({ kind, resource })),
  );
}

/** Replaces a resource's `properties` in the draft. */
export function replaceProperties(
  d: FactoryDraft,
  kind: EnvironmentResourceKind,
  resource: Resource<unknown>,
  properties: JsonValue,
): void {
  let map = d.maps.get(kind);
  if (!map) {
    map = new Map(mapOf(d, kind));
    d.maps.set(kind, map);
  }
  map.set(resource.name, { ...resource, properties });
}

/** The new factory: changed maps in, the rest shared with the base. */
export function finishDraft(d: FactoryDraft): Factory {
  const out: Record<string, unknown> = { ...d.base, globalParameters: d.globalParameters };
  if (d.name !== undefined) out['name'] = d.name;
  for (const [kind, map] of d.maps) out[RESOURCE_MAPS[kind]] = map;
  return out as unknown as Factory;
}

/** Properties as plain JSON. */
export const propsOf = (r: Resource<unknown> | GenericResource): JsonObject => r.properties as JsonObject;

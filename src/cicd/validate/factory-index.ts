import type {
  DatasetResource,
  Factory,
  GenericResource,
  LinkedServiceResource,
  PipelineResource,
  Resource,
  TriggerResource,
} from '../../model/index.js';

/** Case-insensitive lookups over a factory (ADF resource names are case-insensitive). */
export interface FactoryIndex {
  readonly factory: Factory;
  readonly pipelines: ReadonlyMap<string, PipelineResource>;
  readonly datasets: ReadonlyMap<string, DatasetResource>;
  readonly linkedServices: ReadonlyMap<string, LinkedServiceResource>;
  readonly triggers: ReadonlyMap<string, TriggerResource>;
  readonly dataflows: ReadonlyMap<string, GenericResource>;
  readonly integrationRuntimes: ReadonlyMap<string, GenericResource>;
  readonly credentials: ReadonlyMap<string, GenericResource>;
  readonly notebooks: ReadonlyMap<string, GenericResource> | undefined;
}

function lower<R extends Resource<unknown>>(m: ReadonlyMap<string, R>): ReadonlyMap<string, R> {
  return new Map([...m.values()].map((r) => [r.name.toLowerCase(), r]));
}

/** Builds the lookups once per validation. */
export function indexFactory(factory: Factory): FactoryIndex {
  return {
    factory,
    pipelines: lower(factory.pipelines),
    datasets: lower(factory.datasets),
    linkedServices: lower(factory.linkedServices),
    triggers: lower(factory.triggers),
    dataflows: lower(factory.dataflows),
    integrationRuntimes: lower(factory.integrationRuntimes),
    credentials: lower(factory.credentials),
    notebooks: factory.notebooks ? lower(factory.notebooks) : undefined,
  };
}

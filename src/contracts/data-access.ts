import type { JsonObject, ResourceReference } from '../model/index.js';
import type { Connector } from './connector.js';
import type { AnyDatasetBinding, DatasetBinding } from './dataset-binding.js';

/**
 * How an activity reaches data. The engine evaluates dataset and linked-service parameters
 * (`@dataset()`, `@linkedService()`) and hands bindings out; the app wires it to the connector registry.
 */
export interface DataAccess {
  /**
   * Binds a dataset reference. The reference is a value: its `parameters` were evaluated once by the engine
   * (`ctx.typeProperties()`, `ctx.references()`) and are not evaluated again (`"@in.csv"` stays that string).
   */
  dataset(reference: ResourceReference): Promise<DatasetBinding>;
  /** The connector of a linked-service reference (a value, like `dataset`'s). */
  linkedService(reference: ResourceReference): Promise<Connector>;
  /**
   * Binds a dataset reference of any kind, file or table (`AzurePostgreSqlTable`, `SqliteTable`…); tell them
   * apart by `kind`. Activities that accept tables (Copy, Lookup, Script) use it.
   */
  binding(reference: ResourceReference): Promise<AnyDatasetBinding>;
  /**
   * Optional capability: the definition of a dataset or linked service, `{ name, properties }`, with its
   * `@dataset()` / `@linkedService()` parameters evaluated (declared defaults, then the reference's values) and the
   * environment's overrides applied. Secret values stay as the factory writes them (a `SecureString` with its
   * value, a Key Vault reference unresolved): what to show of them is the caller's choice. The Web activity sends
   * these to its endpoint (`datasets`, `linkedServices`).
   */
  definition?(kind: ResourceKind, reference: ResourceReference): Promise<ResourceDefinition>;
}

/** The kinds of resource `DataAccess.definition` describes. */
export type ResourceKind = 'dataset' | 'linkedService';

/** A dataset or linked service as ADF's REST API shows it: its name and its (evaluated) properties. */
export interface ResourceDefinition {
  readonly name: string;
  readonly properties: JsonObject;
}

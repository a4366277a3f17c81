import type { ResourceReference } from '../model/index.js';
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
}

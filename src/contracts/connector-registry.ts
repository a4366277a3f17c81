import type { LinkedServiceProperties } from '../model/index.js';
import type {
  Connector,
  ConnectorCapability,
  ConnectorCreateOptions,
  ConnectorRegistration,
} from './connector.js';

/** Linked-service types by name (case-insensitive). */
export interface ConnectorRegistry {
  /** Throws `connector/duplicate-type` when the type is registered. */
  register<C>(registration: ConnectorRegistration<C>): void;
  /** Throws `connector/unknown-type`: `unknown linked service type X; supported: […]`. */
  get(type: string): ConnectorRegistration;
  types(): readonly string[];
  /** Whether connectors of `type` offer `capability` (as their registration declares); false for unknown types. */
  offers(type: string, capability: ConnectorCapability): boolean;
  /** Looks up, validates `typeProperties` (`connector/invalid-config` names the field) and creates. */
  create(linkedService: LinkedServiceProperties, options: ConnectorCreateOptions): Promise<Connector>;
}

import type { Connector, ConnectorRegistration } from '../../contracts/index.js';
import { lazyConfigSchema } from '../lazy-config-schema.js';
import type { DuckDbConfig } from './duck-db-config.js';

/** The `DuckDb` linked-service type name (Millrace extension). */
export const DUCKDB_LINKED_SERVICE_TYPE = 'DuckDb';

/**
 * A `DuckDb` linked service: a marker for the Script activity, which then runs its scripts in an in-process
 * DuckDB with the datasets of `typeProperties.millrace.datasets` as tables (capability `dataPlaneSql`). It
 * offers no store capability.
 */
export class DuckDbConnector implements Connector {
  readonly type = DUCKDB_LINKED_SERVICE_TYPE;
  readonly dataPlaneSql = true;
}

/** Registry entry of the `DuckDb` linked-service type (Millrace extension). */
export const duckDbConnector: ConnectorRegistration<DuckDbConfig> = {
  type: DUCKDB_LINKED_SERVICE_TYPE,
  capabilities: ['dataPlaneSql'],
  configSchema: lazyConfigSchema(async () => (await import('./duck-db-config.js')).duckDbConfigSchema),
  create: () => new DuckDbConnector(),
};

import type pg from 'pg';
import type {
  Connector,
  ConnectorCreateOptions,
  ConnectorRegistration,
  TableStore,
} from '../../contracts/index.js';
import { lazyConfigSchema } from '../lazy-config-schema.js';
import { resolveSecretValue } from '../secret-value.js';
import type { PostgreSqlConfig } from './postgresql-config.js';
import type { PgConnectionSettings } from './pg-connection-string.js';
import { parseConnectionString, sslOf } from './pg-connection-string.js';
import { pgTypeParsers } from './pg-values.js';
import { PgTableStore } from './pg-table-store.js';

/** A PostgreSQL linked service (`AzurePostgreSql`, `PostgreSql`, `PostgreSqlV2`): a small pool of connections. */
export class PostgreSqlConnector implements Connector {
  readonly type: string;
  readonly #pool: pg.Pool;
  readonly #store: PgTableStore;

  constructor(type: string, pool: pg.Pool) {
    this.type = type;
    this.#pool = pool;
    // An idle client that loses its connection must not crash the process.
    this.#pool.on('error', () => undefined);
    this.#store = new PgTableStore(this.#pool);
  }

  tableStore(): TableStore {
    return this.#store;
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}

/** Resolves the config (secrets included) into driver settings; discrete properties override the string. */
export async function pgSettings(
  config: PostgreSqlConfig,
  options: ConnectorCreateOptions,
): Promise<PgConnectionSettings> {
  const cs = await resolveSecretValue(config.connectionString, options.secrets);
  const password = await resolveSecretValue(config.password, options.secrets);
  const host = config.server ?? config.host;
  return {
    ...(cs ? parseConnectionString(cs) : {}),
    ...(host ? { host } : {}),
    ...(config.port !== undefined ? { port: Number(config.port) } : {}),
    ...(config.database ? { database: config.database } : {}),
    ...(config.username ? { user: config.username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...sslOf(config.sslMode),
  };
}

function registration(type: string): ConnectorRegistration<PostgreSqlConfig> {
  return {
    type,
    capabilities: ['tableStore'],
    configSchema: lazyConfigSchema(
      async () => (await import('./postgresql-config.js')).postgreSqlConfigSchema,
    ),
    create: async (config, options) => {
      const settings = await pgSettings(config, options);
      // The driver loads on first use, so commands that touch no PostgreSQL store never pay for it.
      const { default: driver } = await import('pg');
      const pool = new driver.Pool({ ...settings, max: 4, types: pgTypeParsers(driver.types) });
      return new PostgreSqlConnector(type, pool);
    },
  };
}

/** Registry entry of ADF's `AzurePostgreSql` linked service. */
export const azurePostgreSqlConnector = registration('AzurePostgreSql');
/** Registry entry of ADF's `PostgreSql` linked service. */
export const postgreSqlConnector = registration('PostgreSql');
/** Registry entry of ADF's `PostgreSqlV2` linked service. */
export const postgreSqlV2Connector = registration('PostgreSqlV2');

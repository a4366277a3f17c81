import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import type {
  Connector,
  ConnectorCreateOptions,
  ConnectorRegistration,
  TableStore,
} from '../../contracts/index.js';
import { lazyConfigSchema } from '../lazy-config-schema.js';
import { normalizeStorePath } from '../store-path.js';
import type { SqliteConfig } from './sqlite-config.js';
import { SqliteTableStore } from './sqlite-table-store.js';

/** A `Sqlite` linked service (Millrace extension): one database file under the project root. */
export class SqliteConnector implements Connector {
  readonly type = 'Sqlite';
  readonly #file: string;
  #db: BetterSqlite3.Database | undefined;
  readonly #store: SqliteTableStore;

  /** @param file absolute path of the database file (created on first use when missing) */
  constructor(file: string) {
    this.#file = file;
    this.#store = new SqliteTableStore(() => this.#open());
  }

  tableStore(): TableStore {
    return this.#store;
  }

  close(): Promise<void> {
    this.#db?.close();
    this.#db = undefined;
    return Promise.resolve();
  }

  #open(): BetterSqlite3.Database {
    this.#db ??= new Database(this.#file);
    return this.#db;
  }
}

/** Creates a Sqlite connector; `path` must stay inside the project (`connector/path-escape`). */
export function createSqliteConnector(
  config: SqliteConfig,
  options: ConnectorCreateOptions,
): SqliteConnector {
  return new SqliteConnector(resolve(options.projectRoot, normalizeStorePath(config.path)));
}

/** Registry entry of the `Sqlite` linked-service type (Millrace extension). */
export const sqliteConnector: ConnectorRegistration<SqliteConfig> = {
  type: 'Sqlite',
  capabilities: ['tableStore'],
  configSchema: lazyConfigSchema(async () => (await import('./sqlite-config.js')).sqliteConfigSchema),
  create: createSqliteConnector,
};

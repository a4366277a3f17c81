import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectorCapability } from '../contracts/index.js';
import type { JsonObject } from '../model/index.js';
import { builtinConnectors } from './builtin-connectors.js';
import { createConnectorRegistry } from './connector-registry.js';
import { unavailableSecretResolver } from './secret-value.js';

const root = mkdtempSync(join(tmpdir(), 'millrace-builtins-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Config that creates a connector of each built-in type without reaching a service. */
const CONFIGS: Readonly<Record<string, JsonObject>> = {
  FileServer: { host: '.' },
  AzureBlobStorage: { connectionString: 'UseDevelopmentStorage=true' },
  AzureBlobFS: { url: 'http://127.0.0.1:1/devstoreaccount1', accountKey: 'a2V5' },
  HttpServer: { url: 'http://127.0.0.1:1/' },
  Sqlite: { path: 'db.sqlite' },
  AzurePostgreSql: { connectionString: 'host=127.0.0.1;port=1;database=d;uid=u;password=p' },
  PostgreSql: { connectionString: 'host=127.0.0.1;port=1;database=d;uid=u;password=p' },
  PostgreSqlV2: { server: '127.0.0.1', port: 1, database: 'd', username: 'u', password: 'p' },
  DuckDb: {},
  AzureDatabricks: { domain: 'https://adb-1.azuredatabricks.net', accessToken: 't' },
  AzureFunction: { functionAppUrl: 'https://app.azurewebsites.net' },
};

const ALL: readonly ConnectorCapability[] = [
  'fileStore',
  'locate',
  'tableStore',
  'dataPlaneSql',
  'databricksWorkspace',
  'azureFunctionApp',
];

describe('built-in connector registrations', () => {
  const registry = createConnectorRegistry(builtinConnectors);

  it('has a creatable config for every built-in type', () => {
    expect(Object.keys(CONFIGS).sort()).toEqual([...registry.types()]);
  });

  it.each(builtinConnectors.map((r) => r.type))(
    '%s declares exactly the capabilities its connectors offer',
    async (type) => {
      const connector = await registry.create(
        { type, typeProperties: CONFIGS[type] ?? {}, parameters: {} },
        { projectRoot: root, secrets: unavailableSecretResolver, name: `LS_${type}` },
      );
      try {
        const offered = ALL.filter((c) => connector[c] !== undefined);
        const declared = ALL.filter((c) => registry.offers(type, c));
        expect(declared).toEqual(offered);
        expect(declared.length).toBeGreaterThan(0);
      } finally {
        await connector.close?.();
      }
    },
  );
});

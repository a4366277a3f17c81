import { describe, expect, it } from 'vitest';
import { createConnectorRegistry } from '../connector-registry.js';
import { unavailableSecretResolver } from '../secret-value.js';
import { parseConnectionString, sslOf } from './pg-connection-string.js';
import {
  azurePostgreSqlConnector,
  pgSettings,
  postgreSqlConnector,
  postgreSqlV2Connector,
} from './postgresql-connector.js';

const opts = { projectRoot: '/tmp', secrets: unavailableSecretResolver };

describe('PostgreSQL linked services', () => {
  it('parses Npgsql connection strings and URLs', () => {
    expect(
      parseConnectionString('Host=db;Port=5433;Database=sales;User Id=ann;Password=p;SSL Mode=Require'),
    ).toEqual({
      host: 'db',
      port: 5433,
      database: 'sales',
      user: 'ann',
      password: 'p',
      ssl: { rejectUnauthorized: false },
    });
    expect(parseConnectionString('postgres://ann:p%40ss@db:5432/sales?sslmode=disable')).toEqual({
      host: 'db',
      port: 5432,
      database: 'sales',
      user: 'ann',
      password: 'p@ss',
      ssl: false,
    });
    expect(sslOf(5)).toEqual({ ssl: true });
    expect(sslOf('Prefer')).toEqual({ ssl: false });
  });

  it('takes discrete V2 properties with a SecureString password over the connection string', async () => {
    expect(
      await pgSettings(
        {
          connectionString: 'Host=a;Database=x',
          server: 'b',
          port: '6000',
          username: 'u',
          password: { type: 'SecureString', value: 'pw' },
          sslMode: 0,
        },
        opts,
      ),
    ).toEqual({ host: 'b', port: 6000, database: 'x', user: 'u', password: 'pw', ssl: false });
  });

  it('registers the three ADF types and requires a connection string or server', async () => {
    const registry = createConnectorRegistry([
      azurePostgreSqlConnector,
      postgreSqlConnector,
      postgreSqlV2Connector,
    ]);
    expect(registry.types()).toEqual(['AzurePostgreSql', 'PostgreSql', 'PostgreSqlV2']);
    await expect(
      registry.create({ type: 'PostgreSqlV2', typeProperties: {}, parameters: {} }, opts),
    ).rejects.toMatchObject({
      code: 'connector/invalid-config',
      message: expect.stringContaining('connectionString or server') as unknown,
    });
  });
});

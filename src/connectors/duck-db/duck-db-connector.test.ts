import { describe, expect, it } from 'vitest';
import { createConnectorRegistry } from '../connector-registry.js';
import { unavailableSecretResolver } from '../secret-value.js';
import { duckDbConnector } from './duck-db-connector.js';

describe('DuckDb linked service', () => {
  it('creates a marker connector without store capabilities', async () => {
    const registry = createConnectorRegistry([duckDbConnector]);
    const c = await registry.create(
      { type: 'duckdb', typeProperties: {}, parameters: {} },
      { projectRoot: '/tmp', secrets: unavailableSecretResolver },
    );
    expect(c.type).toBe('DuckDb');
    expect('fileStore' in c).toBe(false);
    expect('tableStore' in c).toBe(false);
    expect(c.dataPlaneSql).toBe(true);
    expect(registry.offers('DUCKDB', 'dataPlaneSql')).toBe(true);
    expect(registry.offers('DuckDb', 'tableStore')).toBe(false);
    expect(registry.offers('Nope', 'dataPlaneSql')).toBe(false);
  });
});

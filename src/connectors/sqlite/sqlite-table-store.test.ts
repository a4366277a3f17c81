import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { tableStoreContractSuite } from '../../contracts/testing/table-store-suite.js';
import { unavailableSecretResolver } from '../secret-value.js';
import { createSqliteConnector } from './sqlite-connector.js';

const root = mkdtempSync(join(tmpdir(), 'millrace-sqlite-tables-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

tableStoreContractSuite('sqlite', {
  create: () => {
    const connector = createSqliteConnector(
      { path: 'warehouse.db' },
      { projectRoot: root, secrets: unavailableSecretResolver },
    );
    return Promise.resolve({ store: connector.tableStore(), close: () => connector.close() });
  },
});

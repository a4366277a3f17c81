import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { accessStoreContractSuite } from '../../contracts/testing/access-store-suite.js';
import { SqliteAccessStore } from './sqlite-access-store.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-sqlite-access-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
let current = '';

accessStoreContractSuite('sqlite', {
  create: () => {
    current = join(dir, `s${n++}`, 'state.db');
    return Promise.resolve(new SqliteAccessStore(current));
  },
  reopen: () => Promise.resolve(new SqliteAccessStore(current)),
});

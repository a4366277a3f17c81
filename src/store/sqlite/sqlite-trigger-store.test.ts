import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { triggerStoreContractSuite } from '../../contracts/testing/trigger-store-suite.js';
import { SqliteTriggerStore } from './sqlite-trigger-store.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-sqlite-triggers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
let current = '';

triggerStoreContractSuite('sqlite', {
  create: () => {
    current = join(dir, `s${n++}`, 'state.db');
    return Promise.resolve(new SqliteTriggerStore(current));
  },
  reopen: () => Promise.resolve(new SqliteTriggerStore(current)),
});

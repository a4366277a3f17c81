import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { trackingStoreContractSuite } from '../../contracts/testing/tracking-store-suite.js';
import { SqliteTrackingStore } from './sqlite-tracking-store.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-tracking-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

trackingStoreContractSuite('sqlite', {
  create: () => Promise.resolve(new SqliteTrackingStore(join(dir, `s${n++}`, 'state.db'))),
});

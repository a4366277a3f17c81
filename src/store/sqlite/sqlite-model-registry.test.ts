import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { modelRegistryContractSuite } from '../../contracts/testing/model-registry-suite.js';
import { SqliteModelRegistry } from './sqlite-model-registry.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-registry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

modelRegistryContractSuite('sqlite', {
  create: () => Promise.resolve(new SqliteModelRegistry(join(dir, `s${n++}`, 'state.db'))),
});

import { afterAll } from 'vitest';
import { accessStoreContractSuite } from '../../contracts/testing/access-store-suite.js';
import { openPgAccessStore } from './open-pg-stores.js';
import { dropSchemas, schemaUrl, testSchemaName } from './testing/pg-test-schema.js';

const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));
let current = '';

accessStoreContractSuite('postgres', {
  create: () => {
    const schema = testSchemaName();
    schemas.push(schema);
    current = schemaUrl(schema);
    return openPgAccessStore({ url: current });
  },
  reopen: () => openPgAccessStore({ url: current }),
});

import { afterAll } from 'vitest';
import { trackingStoreContractSuite } from '../../contracts/testing/tracking-store-suite.js';
import { openPgTrackingStore } from './open-pg-stores.js';
import { dropSchemas, schemaUrl, testSchemaName } from './testing/pg-test-schema.js';

const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

trackingStoreContractSuite('postgres', {
  create: () => {
    const schema = testSchemaName();
    schemas.push(schema);
    return openPgTrackingStore({ url: schemaUrl(schema) });
  },
});

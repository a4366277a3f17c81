import { afterAll } from 'vitest';
import { modelRegistryContractSuite } from '../../contracts/testing/model-registry-suite.js';
import { openPgModelRegistry } from './open-pg-stores.js';
import { dropSchemas, schemaUrl, testSchemaName } from './testing/pg-test-schema.js';

const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

modelRegistryContractSuite('postgres', {
  create: () => {
    const schema = testSchemaName();
    schemas.push(schema);
    return openPgModelRegistry({ url: schemaUrl(schema) });
  },
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileStoreSuite } from '../../contracts/testing/file-store-suite.js';
import { createConnectorRegistry } from '../connector-registry.js';
import { builtinConnectors } from '../builtin-connectors.js';
import { unavailableSecretResolver } from '../secret-value.js';
import type { Azurite } from './azurite.js';
import { AZURITE_KEY, startAzurite } from './azurite.js';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite.stop();
});

const registry = createConnectorRegistry(builtinConnectors);
const opts = { projectRoot: '/tmp', secrets: unavailableSecretResolver };
let n = 0;

fileStoreSuite('BlobFileStore (connection string, Azurite)', async () => {
  const c = await registry.create(
    {
      type: 'AzureBlobStorage',
      typeProperties: { connectionString: { type: 'SecureString', value: azurite.connectionString } },
      parameters: {},
    },
    opts,
  );
  return c.fileStore!({ type: 'AzureBlobStorageLocation', container: `cont${++n}` });
});

fileStoreSuite('BlobFileStore (ADLS Gen2 url + account key, Azurite)', async () => {
  const c = await registry.create(
    {
      type: 'AzureBlobFS',
      typeProperties: { url: azurite.endpoint, accountKey: { type: 'SecureString', value: AZURITE_KEY } },
      parameters: {},
    },
    opts,
  );
  return c.fileStore!({ type: 'AzureBlobFSLocation', fileSystem: `fs${++n}` });
});

describe('AzureBlobStorage config', () => {
  it('refuses more than one auth method, naming the fields', async () => {
    await expect(
      registry.create(
        { type: 'AzureBlobStorage', typeProperties: { connectionString: 'a', sasUri: 'b' }, parameters: {} },
        opts,
      ),
    ).rejects.toMatchObject({ code: 'connector/invalid-config' });
  });

  it('fails a Key Vault secret clearly until a secret provider exists', async () => {
    const kv = {
      type: 'AzureKeyVaultSecret',
      store: { referenceName: 'KV', type: 'LinkedServiceReference' },
      secretName: 'conn',
    };
    await expect(
      registry.create(
        { type: 'AzureBlobStorage', typeProperties: { connectionString: kv }, parameters: {} },
        opts,
      ),
    ).rejects.toMatchObject({ code: 'secrets/unavailable' });
  });
});

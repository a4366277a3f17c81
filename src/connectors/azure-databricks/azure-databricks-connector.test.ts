import { describe, expect, it } from 'vitest';
import type { KeyVaultSecretReference } from '../../contracts/index.js';
import type { JsonObject } from '../../model/index.js';
import { createConnectorRegistry } from '../connector-registry.js';
import { unavailableSecretResolver } from '../secret-value.js';
import { azureDatabricksConnector } from './azure-databricks-connector.js';

const registry = createConnectorRegistry([azureDatabricksConnector]);
const create = (typeProperties: JsonObject, secrets = unavailableSecretResolver) =>
  registry.create(
    { type: 'AzureDatabricks', typeProperties, parameters: {} },
    { projectRoot: '/tmp', secrets, name: 'LS_Dbx' },
  );

describe('AzureDatabricks linked service', () => {
  it('offers its workspace: host, cluster properties and a token resolved through Key Vault', async () => {
    const asked: KeyVaultSecretReference[] = [];
    const c = await create(
      {
        domain: 'https://adb-1.azuredatabricks.net',
        existingClusterId: '0101-abc',
        accessToken: {
          type: 'AzureKeyVaultSecret',
          store: { referenceName: 'LS_KV', type: 'LinkedServiceReference' },
          secretName: 'dbx-token',
        },
      },
      (ref) => {
        asked.push(ref);
        return Promise.resolve('dapi-123');
      },
    );
    expect(registry.offers('azuredatabricks', 'databricksWorkspace')).toBe(true);
    const ws = c.databricksWorkspace?.();
    expect(ws?.host).toBe('https://adb-1.azuredatabricks.net');
    expect(ws?.properties['existingClusterId']).toBe('0101-abc');
    expect(asked).toEqual([]); // resolved on demand, not at creation
    expect(await ws?.accessToken()).toBe('dapi-123');
    expect(asked.map((r) => r.secretName)).toEqual(['dbx-token']);
  });

  it('loads without domain or token (local runs), and says what is missing when asked for the workspace', async () => {
    const noDomain = await create({ existingClusterId: 'x' });
    expect(() => noDomain.databricksWorkspace?.()).toThrow(
      expect.objectContaining({
        code: 'activity/databricks-invalid-settings',
        message: 'linked service LS_Dbx: "domain" (the workspace URL) is required to run on Databricks',
      }),
    );
    const msi = await create({ domain: 'https://adb-1', authentication: 'MSI' });
    expect(() => msi.databricksWorkspace?.()).toThrow(/only "accessToken" authentication/);
    const empty = await create({ domain: 'https://adb-1', accessToken: { type: 'SecureString', value: '' } });
    await expect(empty.databricksWorkspace?.().accessToken()).rejects.toMatchObject({
      code: 'activity/databricks-invalid-settings',
      message: 'linked service LS_Dbx: the access token is empty',
    });
  });
});

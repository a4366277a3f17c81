/** The ADF publish rules the parity fixtures do not cover (synthetic factories, one rule each). */
import { describe, expect, it } from 'vitest';
import { createArmTemplate } from './arm-template.js';
import type { BuildResourceFile } from './arm-resources.js';
import type { JsonObject } from '../../model/index.js';

type Json = Record<string, unknown>;
type Resource = { name: string; type: string; properties: Json; dependsOn: string[] };

const ls = (name: string, type: string, typeProperties: JsonObject): BuildResourceFile => ({
  path: `linkedService/${name}.json`,
  json: {
    name,
    type: 'Microsoft.DataFactory/factories/linkedservices',
    properties: { type, typeProperties },
  },
});

function build(files: BuildResourceFile[], publishConfig?: JsonObject) {
  const set = createArmTemplate({
    files,
    factoryName: 'adf-dev',
    ...(publishConfig ? { publishConfig } : {}),
  });
  const resources = set.template['resources'] as Resource[];
  const find = (name: string): Resource => {
    const r = resources.find((x) => x.name.endsWith(`'/${name}')]`));
    if (!r) throw new Error(`no resource ${name}`);
    return r;
  };
  return { ...set, params: set.template['parameters'] as Record<string, Json>, resources, find };
}

describe('ADF publish rules', () => {
  it('keeps spaces and hyphens of resource names in parameter names', () => {
    const { params, find } = build([ls('My Linked-Service', 'AzureSqlDatabase', { server: 'dev.sql' })]);
    expect(params['My Linked-Service_properties_typeProperties_server']).toEqual({
      type: 'string',
      defaultValue: 'dev.sql',
    });
    expect(find('My Linked-Service').properties['typeProperties']).toEqual({
      server: "[parameters('My Linked-Service_properties_typeProperties_server')]",
    });
  });

  it('turns encryptedCredential into the secrets it stands for; the blob never reaches the template', () => {
    const { params, find, template, parameters } = build([
      ls('LS_Dbx', 'AzureDatabricks', {
        domain: 'https://adb-1.azuredatabricks.net',
        existingClusterId: '0101-abc',
        encryptedCredential: 'BLOB-1',
      }),
      ls('LS_Sql', 'AzureSqlDatabase', {
        server: 's',
        authenticationType: 'SQL',
        userName: 'u',
        encryptedCredential: 'BLOB-2',
      }),
      ls('LS_Lake', 'AzureBlobFS', { url: 'https://x.dfs.core.windows.net/', encryptedCredential: 'BLOB-3' }),
      ls('LS_Blob', 'AzureBlobStorage', {
        connectionString: 'DefaultEndpointsProtocol=https;AccountName=x;',
        encryptedCredential: 'BLOB-4',
      }),
      ls('LS_Fn', 'AzureFunction', { functionAppUrl: 'https://f', encryptedCredential: 'BLOB-5' }),
      ls('LS_S3', 'AmazonS3', { accessKeyId: 'AKIA', encryptedCredential: 'BLOB-6' }),
    ]);
    expect(Object.keys(find('LS_Fn').properties['typeProperties'] as Json)).toEqual([
      'functionAppUrl',
      'functionKey',
    ]);
    expect(Object.keys(find('LS_S3').properties['typeProperties'] as Json)).toEqual([
      'accessKeyId',
      'secretAccessKey',
    ]);
    expect(find('LS_Dbx').properties['typeProperties']).toEqual({
      domain: 'https://adb-1.azuredatabricks.net',
      existingClusterId: "[parameters('LS_Dbx_properties_typeProperties_existingClusterId')]",
      accessToken: { type: 'SecureString', value: "[parameters('LS_Dbx_accessToken')]" },
    });
    expect(params['LS_Dbx_properties_typeProperties_existingClusterId']).toEqual({
      type: 'string',
      defaultValue: '0101-abc',
    });
    expect(params['LS_Dbx_accessToken']).toEqual({
      type: 'secureString',
      metadata: "Secure string for 'accessToken' of 'LS_Dbx'",
    });
    expect((find('LS_Sql').properties['typeProperties'] as Json)['password']).toEqual({
      type: 'SecureString',
      value: "[parameters('LS_Sql_password')]",
    });
    expect((find('LS_Lake').properties['typeProperties'] as Json)['accountKey']).toEqual({
      type: 'SecureString',
      value: "[parameters('LS_Lake_accountKey')]",
    });
    // The secret completes the connection string: the string is the secure parameter, no other is added.
    expect(find('LS_Blob').properties['typeProperties']).toEqual({
      connectionString: "[parameters('LS_Blob_connectionString')]",
    });
    expect(Object.keys(params).filter((k) => k.startsWith('LS_Blob'))).toEqual(['LS_Blob_connectionString']);
    expect(JSON.stringify([template, parameters])).not.toMatch(/BLOB-|encryptedCredential|AccountName=x/);
  });

  it('warns when the secret behind an encryptedCredential is not known, and leaves it out', () => {
    const { diagnostics, find } = build([
      ls('LS_X', 'SomeNewConnector', { host: 'h', encryptedCredential: 'B' }),
    ]);
    expect(diagnostics.map((d) => d.code)).toContain('build/unknown-encrypted-credential');
    expect(JSON.stringify(find('LS_X'))).not.toContain('encryptedCredential');
  });

  it('keeps a connection string without a secret out of every default, as a secure parameter', () => {
    const { params, parameters, template } = build([
      ls('LS_Plain', 'AzureBlobStorage', {
        connectionString: 'DefaultEndpointsProtocol=https;AccountName=nokey;',
      }),
    ]);
    expect(params['LS_Plain_connectionString']).toEqual({
      type: 'secureString',
      metadata: "Secure string for 'connectionString' of 'LS_Plain'",
    });
    expect((parameters['parameters'] as Json)['LS_Plain_connectionString']).toEqual({ value: '' });
    expect(JSON.stringify(template)).not.toContain('nokey');
  });

  it('parameterizes the secretName of a Key Vault reference behind `|` and depends on the vault', () => {
    const { params, find } = build([
      ls('LS_KV', 'AzureKeyVault', { baseUrl: 'https://kv.vault.azure.net/' }),
      ls('LS_Sql', 'AzureSqlDatabase', {
        connectionString: {
          type: 'AzureKeyVaultSecret',
          store: { referenceName: 'LS_KV', type: 'LinkedServiceReference' },
          secretName: 'sql-conn',
        },
      }),
    ]);
    expect(params['LS_Sql_properties_typeProperties_connectionString_secretName']).toEqual({
      type: 'string',
      defaultValue: 'sql-conn',
    });
    expect(params['LS_KV_properties_typeProperties_baseUrl']).toBeDefined();
    const sql = find('LS_Sql');
    expect((sql.properties['typeProperties'] as Json)['connectionString']).toEqual({
      type: 'AzureKeyVaultSecret',
      store: { referenceName: 'LS_KV', type: 'LinkedServiceReference' },
      secretName: "[parameters('LS_Sql_properties_typeProperties_connectionString_secretName')]",
    });
    expect(sql.dependsOn).toEqual(["[concat(variables('factoryId'), '/linkedServices/LS_KV')]"]);
  });

  it('does not parameterize a credential resourceId by default (ADF does not)', () => {
    const { params } = build([
      {
        path: 'credential/cred1.json',
        json: {
          name: 'cred1',
          properties: { type: 'ManagedIdentity', typeProperties: { resourceId: '/subscriptions/s/x' } },
        },
      },
    ]);
    expect(Object.keys(params)).toEqual(['factoryName']);
  });

  it('exports change data capture (adfcdc/) as adfcdcs with its dependencies', () => {
    const { find } = build([
      ls('LS_Sql', 'AzureSqlDatabase', { server: 's' }),
      {
        path: 'adfcdc/cdc1.json',
        json: {
          name: 'cdc1',
          properties: {
            SourceConnectionsInfo: [
              { connection: { linkedService: { referenceName: 'LS_Sql', type: 'LinkedServiceReference' } } },
            ],
            Policy: { mode: 'Microbatch' },
          },
        },
      },
    ]);
    const cdc = find('cdc1');
    expect(cdc.type).toBe('Microsoft.DataFactory/factories/adfcdcs');
    expect(cdc.dependsOn).toEqual(["[concat(variables('factoryId'), '/linkedServices/LS_Sql')]"]);
  });

  it('does not copy a managed virtual network file-level name/type into its properties', () => {
    const { find } = build([
      {
        path: 'managedVirtualNetwork/default.json',
        json: { name: 'default', type: 'Microsoft.DataFactory/factories/managedVirtualNetworks' },
      },
    ]);
    const vnet = find('default');
    expect(vnet.type).toBe('Microsoft.DataFactory/factories/managedVirtualNetworks');
    expect(vnet.properties).toEqual({});
  });

  describe('global parameters follow publish_config.json', () => {
    const files: BuildResourceFile[] = [
      {
        path: 'factory/adf-dev.json',
        json: {
          name: 'adf-dev',
          properties: { globalParameters: { env: { type: 'String', value: 'dev' } } },
        },
      },
      { path: 'pipeline/P.json', json: { name: 'P', properties: { activities: [] } } },
    ];

    it('includeGlobalParamsTemplate: true → the globalparameters resource, nothing depends on it', () => {
      const { find, params, globalParameters } = build(files, { includeGlobalParamsTemplate: true });
      expect(find('default').type).toBe('Microsoft.DataFactory/factories/globalparameters');
      expect(params['default_properties_env_value']).toEqual({ type: 'string', defaultValue: 'dev' });
      expect(find('P').dependsOn).toEqual([]);
      expect(globalParameters).toEqual({ env: { type: 'String', value: 'dev' } });
    });

    it('false or no publish_config.json → not in the template; the global parameters file holds them', () => {
      for (const config of [{ includeGlobalParamsTemplate: false }, undefined]) {
        const { resources, params, globalParameters } = build(files, config);
        expect(resources.map((r) => r.type)).toEqual(['Microsoft.DataFactory/factories/pipelines']);
        expect(Object.keys(params)).toEqual(['factoryName']);
        expect(globalParameters).toEqual({ env: { type: 'String', value: 'dev' } });
      }
    });
  });

  it('with several factory files, builds for the one whose global parameters the resources use', () => {
    const { factoryName, diagnostics, template } = build(
      [
        { path: 'factory/adf-old.json', json: { name: 'adf-old' } },
        {
          path: 'factory/adf-new.json',
          json: {
            name: 'adf-new',
            properties: { globalParameters: { env: { type: 'String', value: 'x' } } },
          },
        },
        {
          path: 'pipeline/P.json',
          json: {
            name: 'P',
            properties: {
              activities: [
                {
                  name: 'Set',
                  type: 'SetVariable',
                  typeProperties: { variableName: 'v', value: '@pipeline().globalParameters.env' },
                },
              ],
            },
          },
        },
      ],
      { includeGlobalParamsTemplate: true },
    );
    expect(factoryName).toBe('adf-new');
    expect((template['parameters'] as Record<string, Json>)['factoryName']?.['defaultValue']).toBe('adf-new');
    expect(diagnostics.find((d) => d.code === 'build/several-factories')?.message).toMatch(
      /building for "adf-new" \(others: adf-old\)/,
    );
  });

  it('warns over 4 MB and splits linked templates so each part stays within ARM limits', () => {
    const big = 'x'.repeat(200_000);
    const files: BuildResourceFile[] = Array.from({ length: 30 }, (_, i) => ({
      path: `pipeline/P${String(i).padStart(2, '0')}.json`,
      json: {
        name: `P${String(i).padStart(2, '0')}`,
        properties: { activities: [], annotations: [big] },
      },
    }));
    const { diagnostics, linkedTemplates } = build(files);
    expect(diagnostics.map((d) => d.code)).toContain('build/arm-template-too-large');
    const parts = [...linkedTemplates.keys()].filter((k) => /^ArmTemplate_\d+\.json$/.test(k));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const p of parts) {
      const size = Buffer.byteLength(JSON.stringify(linkedTemplates.get(p), null, 4));
      expect(size).toBeLessThan(4 * 1024 * 1024);
      expect((linkedTemplates.get(p)?.['resources'] as unknown[]).length).toBeLessThanOrEqual(20);
    }
  });

  it('closes a linked-template part before it passes 256 parameters', () => {
    const files: BuildResourceFile[] = Array.from({ length: 20 }, (_, i) =>
      ls(`LS${String(i).padStart(2, '0')}`, 'Custom', {
        ...Object.fromEntries(
          [
            'accountName',
            'username',
            'host',
            'clientId',
            'tenant',
            'database',
            'server',
            'url',
            'baseUrl',
            'databaseName',
            'serviceEndpoint',
            'poolName',
            'batchUri',
            'userId',
            'subscriptionId',
          ].map((k) => [k, `${k}-${i}`]),
        ),
      }),
    );
    const { linkedTemplates, parameterCount } = build(files);
    expect(parameterCount).toBe(301);
    const parts = [...linkedTemplates.keys()].filter((k) => /^ArmTemplate_\d+\.json$/.test(k)).sort();
    expect(parts).toEqual(['ArmTemplate_0.json', 'ArmTemplate_1.json']);
    for (const p of parts)
      expect(Object.keys(linkedTemplates.get(p)?.['parameters'] as Json).length).toBeLessThanOrEqual(256);
    const master = linkedTemplates.get('ArmTemplate_master.json')?.['resources'] as { dependsOn: string[] }[];
    expect(master[1]?.dependsOn).toEqual([
      "[resourceId('Microsoft.Resources/deployments', 'adf-dev_ArmTemplate_0')]",
    ]);
  });
});

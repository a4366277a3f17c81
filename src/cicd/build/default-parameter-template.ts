import type { JsonObject } from '../../model/index.js';

const LINKED_SERVICE_EQUALS = [
  'accountName',
  'username',
  'userName',
  'accessKeyId',
  'servicePrincipalId',
  'userId',
  'host',
  'clientId',
  'clusterUserName',
  'clusterSshUserName',
  'hostSubscriptionId',
  'clusterResourceGroup',
  'subscriptionId',
  'resourceGroupName',
  'tenant',
  'dataLakeStoreUri',
  'baseUrl',
  'database',
  'serviceEndpoint',
  'batchUri',
  'poolName',
  'databaseName',
  'systemNumber',
  'server',
  'url',
  'functionAppUrl',
  'environmentUrl',
  'aadResourceId',
  'hostKeyFingerprint',
  // Not in the page's copy of the default template, but in what ADF's publish parameterizes today (its
  // exports carry `<LS>_properties_typeProperties_existingClusterId` with the current cluster as default).
  'existingClusterId',
  'endpoint',
] as const;

/**
 * The parameterization template ADF uses when a factory has no `arm-template-parameters-definition.json`
 * (https://learn.microsoft.com/azure/data-factory/continuous-integration-delivery-resource-manager-custom-parameters#default-parameterization-template),
 * as ADF's publish applies it: plus Databricks `existingClusterId` and `endpoint`; no credentials section
 * (the page's custom-template sample has one, the default has not). `|` on a Key Vault secret reference
 * parameterizes its `secretName` (see applyTemplate). A custom file replaces it entirely.
 */
export const DEFAULT_PARAMETER_TEMPLATE: JsonObject = {
  'Microsoft.DataFactory/factories': {
    properties: { globalParameters: { '*': { value: '=' } } },
    location: '=',
  },
  'Microsoft.DataFactory/factories/globalparameters': {
    properties: { '*': { value: '=' } },
  },
  'Microsoft.DataFactory/factories/pipelines': {},
  'Microsoft.DataFactory/factories/dataflows': {},
  'Microsoft.DataFactory/factories/integrationRuntimes': {
    properties: {
      typeProperties: {
        ssisProperties: {
          catalogInfo: {
            catalogServerEndpoint: '=',
            catalogAdminUserName: '=',
            catalogAdminPassword: { value: '-::secureString' },
          },
          customSetupScriptProperties: { sasToken: { value: '-::secureString' } },
        },
        linkedInfo: { key: { value: '-::secureString' }, resourceId: '=' },
        computeProperties: {
          dataFlowProperties: { externalComputeInfo: [{ accessToken: '-::secureString' }] },
        },
      },
    },
  },
  'Microsoft.DataFactory/factories/triggers': {
    properties: {
      pipelines: [{ parameters: { '*': '=' } }],
      pipeline: { parameters: { '*': '=' } },
      typeProperties: { scope: '=' },
    },
  },
  'Microsoft.DataFactory/factories/linkedServices': {
    '*': {
      properties: {
        typeProperties: {
          ...Object.fromEntries(LINKED_SERVICE_EQUALS.map((k) => [k, '='])),
          sasUri: '|:-sasUri:secureString',
          sasToken: '|',
          connectionString: '|:-connectionString:secureString',
        },
      },
    },
    Odbc: {
      properties: { typeProperties: { userName: '=', connectionString: { secretName: '=' } } },
    },
  },
  'Microsoft.DataFactory/factories/datasets': {
    '*': { properties: { typeProperties: { folderPath: '=', fileName: '=' } } },
  },
  'Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints': {
    properties: { '*': '=' },
  },
};

import { describe, expect, it } from 'vitest';
import { createArmTemplate } from './arm-template.js';
import type { BuildResourceFile } from './arm-resources.js';

const files: BuildResourceFile[] = [
  {
    path: 'linkedService/LS_Blob.json',
    json: {
      name: 'LS_Blob',
      properties: {
        type: 'AzureBlobStorage',
        typeProperties: { connectionString: { type: 'SecureString', value: 'AccountKey=s3cr3t' } },
      },
    },
  },
  {
    path: 'dataset/DS_Csv.json',
    json: {
      name: 'DS_Csv',
      properties: {
        type: 'DelimitedText',
        linkedServiceName: { referenceName: 'LS_Blob', type: 'LinkedServiceReference' },
        typeProperties: {
          location: { type: 'AzureBlobStorageLocation', container: 'raw' },
          columnDelimiter: ',',
        },
      },
    },
  },
  {
    path: 'pipeline/PL_Load.json',
    json: {
      name: 'PL_Load',
      properties: {
        activities: [
          {
            name: 'Copy',
            type: 'Copy',
            inputs: [{ referenceName: 'DS_Csv', type: 'DatasetReference' }],
            outputs: [{ referenceName: 'DS_Csv', type: 'DatasetReference' }],
            typeProperties: { note: '[literal]' },
          },
        ],
        variables: { fileName: { type: 'String', defaultValue: 'a.csv' } },
      },
    },
  },
  {
    path: 'trigger/TR_Daily.json',
    json: {
      name: 'TR_Daily',
      properties: {
        type: 'ScheduleTrigger',
        pipelines: [
          {
            pipelineReference: { referenceName: 'PL_Load', type: 'PipelineReference' },
            parameters: { day: '1' },
          },
        ],
        typeProperties: { recurrence: { frequency: 'Day', interval: 1 } },
      },
    },
  },
  {
    path: 'factory/adf-dev.json',
    json: { name: 'adf-dev', properties: { globalParameters: { env: { type: 'String', value: 'dev' } } } },
  },
];

const resource = (name: string, type: string, properties: unknown, dependsOn: string[] = []): unknown => ({
  name: `[concat(parameters('factoryName'), '/${name}')]`,
  type: `Microsoft.DataFactory/factories/${type}`,
  apiVersion: '2018-06-01',
  properties,
  dependsOn,
});

describe('createArmTemplate', () => {
  it('builds the ADF template shape with the default parameterization', () => {
    const { template, parameters } = createArmTemplate({
      files,
      factoryName: 'adf-dev',
      publishConfig: { publishBranch: 'adf_publish', includeGlobalParamsTemplate: true },
    });
    expect(template).toEqual({
      $schema: 'http://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: {
        factoryName: { type: 'string', metadata: 'Data Factory name', defaultValue: 'adf-dev' },
        LS_Blob_connectionString: {
          type: 'secureString',
          metadata: "Secure string for 'connectionString' of 'LS_Blob'",
        },
        TR_Daily_properties_PL_Load_parameters_day: { type: 'string', defaultValue: '1' },
        default_properties_env_value: { type: 'string', defaultValue: 'dev' },
      },
      variables: { factoryId: "[concat('Microsoft.DataFactory/factories/', parameters('factoryName'))]" },
      resources: [
        resource('default', 'globalparameters', {
          env: { type: 'String', value: "[parameters('default_properties_env_value')]" },
        }),
        resource('LS_Blob', 'linkedServices', {
          type: 'AzureBlobStorage',
          // The inline SecureString wrapper stays; only its value becomes the parameter.
          typeProperties: {
            connectionString: { type: 'SecureString', value: "[parameters('LS_Blob_connectionString')]" },
          },
        }),
        resource(
          'DS_Csv',
          'datasets',
          {
            type: 'DelimitedText',
            linkedServiceName: { referenceName: 'LS_Blob', type: 'LinkedServiceReference' },
            typeProperties: {
              location: { type: 'AzureBlobStorageLocation', container: 'raw' },
              columnDelimiter: ',',
            },
          },
          ["[concat(variables('factoryId'), '/linkedServices/LS_Blob')]"],
        ),
        resource(
          'PL_Load',
          'pipelines',
          {
            activities: [
              {
                name: 'Copy',
                type: 'Copy',
                inputs: [{ referenceName: 'DS_Csv', type: 'DatasetReference' }],
                outputs: [{ referenceName: 'DS_Csv', type: 'DatasetReference' }],
                typeProperties: { note: '[[literal]' },
              },
            ],
            variables: { fileName: { type: 'String', defaultValue: 'a.csv' } },
          },
          ["[concat(variables('factoryId'), '/datasets/DS_Csv')]"],
        ),
        resource(
          'TR_Daily',
          'triggers',
          {
            type: 'ScheduleTrigger',
            pipelines: [
              {
                pipelineReference: { referenceName: 'PL_Load', type: 'PipelineReference' },
                parameters: { day: "[parameters('TR_Daily_properties_PL_Load_parameters_day')]" },
              },
            ],
            typeProperties: { recurrence: { frequency: 'Day', interval: 1 } },
          },
          ["[concat(variables('factoryId'), '/pipelines/PL_Load')]"],
        ),
      ],
    });
    expect(parameters).toEqual({
      $schema: 'https://schema.management.azure.com/schemas/2015-01-01/deploymentParameters.json#',
      contentVersion: '1.0.0.0',
      parameters: {
        factoryName: { value: 'adf-dev' },
        LS_Blob_connectionString: { value: '' },
        TR_Daily_properties_PL_Load_parameters_day: { value: '1' },
        default_properties_env_value: { value: 'dev' },
      },
    });
    expect(JSON.stringify([template, parameters])).not.toContain('s3cr3t');
  });

  it('honours a custom template: pipeline variables, wildcards, names and types', () => {
    const { template } = createArmTemplate({
      files,
      factoryName: 'adf-dev',
      parameterDefinition: {
        'Microsoft.DataFactory/factories/pipelines': {
          properties: { variables: { '*': { defaultValue: '=' } } },
        },
        'Microsoft.DataFactory/factories/triggers': {
          properties: { typeProperties: { recurrence: { '*': '=', interval: '=:triggerSuffix:int' } } },
        },
        'Microsoft.DataFactory/factories/datasets': {
          DelimitedText: { properties: { typeProperties: { columnDelimiter: '-:-delimiter' } } },
        },
      },
    });
    const params = template['parameters'] as Record<string, unknown>;
    // ADF's order: secure parameters first, then the others, each in the order the resources use them.
    expect(Object.keys(params)).toEqual([
      'factoryName',
      'LS_Blob_connectionString',
      'DS_Csv_delimiter',
      'PL_Load_properties_variables_fileName_defaultValue',
      'TR_Daily_properties_typeProperties_recurrence_frequency',
      'TR_Daily_properties_typeProperties_recurrence_triggerSuffix',
    ]);
    expect(params['PL_Load_properties_variables_fileName_defaultValue']).toEqual({
      type: 'string',
      defaultValue: 'a.csv',
    });
    expect(params['TR_Daily_properties_typeProperties_recurrence_triggerSuffix']).toEqual({
      type: 'int',
      defaultValue: 1,
    });
    expect(params['DS_Csv_delimiter']).toEqual({ type: 'string' });
    const text = JSON.stringify(template);
    expect(text).toContain(
      `"defaultValue":"[parameters('PL_Load_properties_variables_fileName_defaultValue')]"`,
    );
    // A custom template replaces the default one: trigger pipeline parameters are no longer parameters.
    expect(text).not.toContain('TR_Daily_properties_PL_Load_parameters_day');
    // Secure strings are parameterized whatever the template says.
    expect(text).not.toContain('s3cr3t');
  });

  it('rejects a malformed directive with the template path', () => {
    expect(() =>
      createArmTemplate({
        files,
        factoryName: 'x',
        parameterDefinition: {
          'Microsoft.DataFactory/factories/pipelines': {
            properties: { variables: { '*': { defaultValue: '?' } } },
          },
        },
      }),
    ).toThrow(/unknown action/);
  });
});

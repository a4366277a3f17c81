import { describe, expect, it } from 'vitest';
import { parseEnvironmentFile } from '../../config/environment-config.js';
import { parseFactory } from '../../model/index.js';
import type { Factory, JsonObject } from '../../model/index.js';
import { applyEnvironment } from './apply-environment.js';

const file = (path: string, json: unknown) => ({ path, text: JSON.stringify(json) });

async function factory(): Promise<Factory> {
  const { factory: f } = await parseFactory(
    [
      file('factory/adf-dev.json', {
        name: 'adf-dev',
        properties: {
          globalParameters: { env: { type: 'String', value: 'dev' }, batch_size: { type: 'Int', value: 5 } },
        },
      }),
      file('pipeline/PL_Ingest.json', {
        name: 'PL_Ingest',
        properties: {
          activities: [{ name: 'Wait1', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }],
          parameters: { inputFolder: { type: 'String', defaultValue: 'dev-in' } },
          variables: { data_file_name: { type: 'String', defaultValue: 'dev.csv' } },
        },
      }),
      file('linkedService/LS_Files.json', {
        name: 'LS_Files',
        properties: {
          type: 'FileServer',
          typeProperties: { host: 'data/dev', password: { type: 'SecureString', value: 'x' } },
        },
      }),
      file('linkedService/LS_Blob.json', {
        name: 'LS_Blob',
        properties: {
          type: 'AzureBlobStorage',
          typeProperties: { connectionString: 'UseDevelopmentStorage=true' },
        },
      }),
      file('linkedService/My Files-2.json', {
        name: 'My Files-2',
        properties: { type: 'FileServer', typeProperties: { host: 'data/dev2' } },
      }),
      file('trigger/TR_Daily.json', {
        name: 'TR_Daily',
        properties: {
          type: 'ScheduleTrigger',
          runtimeState: 'Stopped',
          pipelines: [{ pipelineReference: { referenceName: 'PL_Ingest', type: 'PipelineReference' } }],
          typeProperties: { recurrence: { frequency: 'Day', interval: 1 } },
        },
      }),
    ],
    { root: '/f' },
  );
  return f;
}

const props = (f: Factory, map: 'pipelines' | 'linkedServices' | 'triggers', name: string) =>
  f[map].get(name)?.properties as unknown as JsonObject;

describe('applyEnvironment (Millrace form)', () => {
  it('sets globals, defaults, linked-service properties, trigger state and overrides without touching the input', async () => {
    const base = await factory();
    const layer = parseEnvironmentFile(
      JSON.stringify({
        globalParameters: { env: 'qa' },
        pipelines: {
          PL_Ingest: { parameters: { inputFolder: 'qa-in' }, variables: { data_file_name: 'qa.csv' } },
        },
        linkedServices: { LS_Files: { typeProperties: { host: 'data/qa' } } },
        triggers: { TR_Daily: { runtimeState: 'Started', typeProperties: { recurrence: { interval: 2 } } } },
        overrides: [
          {
            resource: 'pipeline/PL_Ingest',
            path: 'properties.activities[0].typeProperties.waitTimeInSeconds',
            value: 5,
          },
        ],
      }),
      'environments/qa.json',
    );
    const { factory: f, diagnostics } = applyEnvironment(base, [layer]);
    expect(diagnostics).toEqual([]);
    expect(f.globalParameters['env']).toEqual({ type: 'String', value: 'qa' });
    expect(props(f, 'pipelines', 'PL_Ingest')).toMatchObject({
      parameters: { inputFolder: { defaultValue: 'qa-in' } },
      variables: { data_file_name: { defaultValue: 'qa.csv' } },
      activities: [{ typeProperties: { waitTimeInSeconds: 5 } }],
    });
    expect(props(f, 'linkedServices', 'LS_Files')['typeProperties']).toEqual({
      host: 'data/qa',
      password: { type: 'SecureString', value: 'x' },
    });
    expect(props(f, 'triggers', 'TR_Daily')).toMatchObject({
      runtimeState: 'Started',
      typeProperties: { recurrence: { frequency: 'Day', interval: 2 } },
    });
    // The input factory is unchanged.
    expect(base.globalParameters['env']?.value).toBe('dev');
    expect(props(base, 'linkedServices', 'LS_Files')['typeProperties']).toMatchObject({ host: 'data/dev' });
    expect(f.datasets).toBe(base.datasets);
  });

  it('reports unknown resources and parameters as errors naming the file and path', async () => {
    const layer = parseEnvironmentFile(
      JSON.stringify({
        pipelines: { PL_Nope: {}, PL_Ingest: { parameters: { nope: 1 } } },
        linkedServices: { LS_X: {} },
      }),
      'environments/qa.json',
    );
    const { diagnostics } = applyEnvironment(await factory(), [layer]);
    expect(diagnostics.map((d) => `${d.code} ${d.location.path?.join('.') ?? ''}`)).toEqual([
      'env/unknown-resource pipelines.PL_Nope',
      'env/unknown-pipeline-parameter pipelines.PL_Ingest.parameters.nope',
      'env/unknown-resource linkedServices.LS_X',
    ]);
  });

  it('rejects a bad file with a field-named error', () => {
    expect(() =>
      parseEnvironmentFile('{"secrets":{"providers":{"LS_KV":{"type":"vault"}}}}', 'environments/qa.json'),
    ).toThrow(/environments\/qa\.json: secrets\.providers\.LS_KV\.type/);
    expect(() =>
      parseEnvironmentFile(
        '{"overrides":[{"resource":"thing/x","path":"properties.a","value":1}]}',
        'e.json',
      ),
    ).toThrow(/e\.json: overrides\.0\.resource/);
  });
});

describe('applyEnvironment (ARM parameters form)', () => {
  it("maps ADF's generated parameter names back to resources and warns about the rest", async () => {
    const layer = parseEnvironmentFile(
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2015-01-01/deploymentParameters.json#',
        contentVersion: '1.0.0.0',
        parameters: {
          factoryName: { value: 'adf-qa' },
          LS_Blob_connectionString: { value: 'DefaultEndpointsProtocol=https;AccountName=qa' },
          LS_Files_properties_typeProperties_host: { value: 'data/qa' },
          'My Files-2_properties_typeProperties_host': { value: 'data/qa2' },
          LS_Files_password: { value: 'qa-pass' },
          PL_Ingest_properties_variables_data_file_name_defaultValue: { value: 'qa.csv' },
          PL_Ingest_properties_parameters_inputFolder_defaultValue: { value: 'qa-in' },
          TR_Daily_properties_typeProperties_recurrence_interval: { value: 3 },
          dataFactory_properties_globalParameters_batch_size_value: { value: 50 },
          default_properties_env_value: { value: 'qa' },
          LS_Gone_connectionString: { value: 'x' },
          LS_Sql_password: { reference: { keyVault: { id: '/subscriptions/…' }, secretName: 'pw' } },
        },
      }),
      'environments/qa.arm.json',
    );
    expect(layer.format).toBe('arm');
    const { factory: f, diagnostics } = applyEnvironment(await factory(), [layer]);
    expect(f.name).toBe('adf-qa');
    expect(props(f, 'linkedServices', 'LS_Blob')['typeProperties']).toEqual({
      connectionString: 'DefaultEndpointsProtocol=https;AccountName=qa',
    });
    expect(props(f, 'linkedServices', 'LS_Files')['typeProperties']).toEqual({
      host: 'data/qa',
      password: { type: 'SecureString', value: 'qa-pass' },
    });
    // ADF's names keep spaces and hyphens of the resource name.
    expect(props(f, 'linkedServices', 'My Files-2')['typeProperties']).toEqual({ host: 'data/qa2' });
    expect(props(f, 'pipelines', 'PL_Ingest')).toMatchObject({
      parameters: { inputFolder: { defaultValue: 'qa-in' } },
      variables: { data_file_name: { defaultValue: 'qa.csv' } },
    });
    expect(props(f, 'triggers', 'TR_Daily')).toMatchObject({
      typeProperties: { recurrence: { interval: 3 } },
    });
    expect(f.globalParameters).toMatchObject({
      batch_size: { type: 'Int', value: 50 },
      env: { value: 'qa' },
    });
    expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.location.path?.[1] ?? ''}`)).toEqual([
      'warning env/unsupported-arm-reference LS_Sql_password',
      'warning env/unknown-arm-parameter LS_Gone_connectionString',
    ]);
  });
});

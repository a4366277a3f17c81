import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeJobsServer } from '../activities/testing/fake-jobs-server.js';
import { startFakeJobsServer } from '../activities/testing/fake-jobs-server.js';
import type { Diagnostic } from '../errors/index.js';
import { openSecrets } from './secrets-admin.js';
import { createMillrace } from './run-service.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-dbx-'));
let server: FakeJobsServer;

const write = (rel: string, value: unknown): void => {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
};
const vault = { providers: { LS_KeyVault: { type: 'local' } } };

beforeAll(async () => {
  vi.stubEnv('MILLRACE_MASTER_KEY', randomBytes(32).toString('base64'));
  server = await startFakeJobsServer();
  write('millrace.json', {
    factory: 'factory',
    notebooks: { '/Repos/etl': 'notebooks' },
    environments: {
      remote: { parameters: 'environments/remote.json' },
      inline: { parameters: 'environments/inline.json' },
      plain: { parameters: 'environments/plain.json' },
    },
  });
  write('environments/remote.json', {
    secrets: vault,
    databricks: { remote: ['LS_Databricks', 'LS_Missing'], pollIntervalSeconds: 0.001 },
  });
  write('environments/inline.json', {
    linkedServices: {
      LS_Databricks: {
        typeProperties: { accessToken: { type: 'SecureString', value: server.token } },
      },
    },
    databricks: { remote: true, pollIntervalSeconds: 0.001 },
  });
  write('environments/plain.json', { secrets: vault });
  write('factory/linkedService/LS_KeyVault.json', {
    name: 'LS_KeyVault',
    properties: { type: 'AzureKeyVault', typeProperties: { baseUrl: 'https://kv.vault.azure.net/' } },
  });
  write('factory/linkedService/LS_Databricks.json', {
    name: 'LS_Databricks',
    properties: {
      type: 'AzureDatabricks',
      parameters: { clusterId: { type: 'String', defaultValue: 'default-cluster' } },
      typeProperties: {
        domain: server.url,
        existingClusterId: '@{linkedService().clusterId}',
        accessToken: {
          type: 'AzureKeyVaultSecret',
          store: { referenceName: 'LS_KeyVault', type: 'LinkedServiceReference' },
          secretName: 'dbx-token',
        },
      },
    },
  });
  write('factory/pipeline/PL_Notebook.json', {
    name: 'PL_Notebook',
    properties: {
      parameters: { day: { type: 'String', defaultValue: '2024-01-01' } },
      activities: [
        {
          name: 'Transform',
          type: 'DatabricksNotebook',
          dependsOn: [],
          linkedServiceName: {
            referenceName: 'LS_Databricks',
            type: 'LinkedServiceReference',
            parameters: { clusterId: '0101-abc' },
          },
          typeProperties: {
            notebookPath: '/Repos/etl/transform',
            baseParameters: { day: { value: '@pipeline().parameters.day', type: 'Expression' }, n: 3 },
          },
        },
      ],
    },
  });
  write(
    'notebooks/transform.py',
    [
      '# Databricks notebook source',
      'import json',
      'dbutils.notebook.exit(json.dumps({"where": "local", "day": dbutils.widgets.get("day")}))',
    ].join('\n'),
  );
  const secrets = await openSecrets({ projectDir: dir, environment: 'remote' });
  await secrets.set('dbx-token', server.token);
});

afterAll(async () => {
  await server.close();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

const run = async (environment?: string, diagnostics: Diagnostic[] = []) => {
  const millrace = await createMillrace({
    projectDir: dir,
    ...(environment === undefined ? {} : { environment, onDiagnostic: (d) => diagnostics.push(d) }),
  });
  try {
    return await millrace.runPipeline('PL_Notebook', { rawParameters: { day: '2024-02-29' } });
  } finally {
    await millrace.close();
  }
};

describe('Databricks activities on a workspace (environment databricks.remote)', () => {
  it('sends the notebook to the linked service workspace with the vault token', async () => {
    server.outcome = { result_state: 'SUCCESS', result: '{"rows": 42}' };
    const before = server.runs.length;
    const diagnostics: Diagnostic[] = [];
    const doc = await run('remote', diagnostics);
    expect(doc.status).toBe('Succeeded');
    expect(server.runs).toHaveLength(before + 1);
    const submitted = server.runs.at(-1);
    expect(submitted?.authorization).toBe(`Bearer ${server.token}`);
    expect(submitted?.body).toEqual({
      run_name: expect.stringMatching(/^PL_Notebook\/Transform \(.+\)$/) as unknown,
      tasks: [
        {
          task_key: 'millrace',
          notebook_task: {
            notebook_path: '/Repos/etl/transform',
            base_parameters: { day: '2024-02-29', n: '3' },
          },
          existing_cluster_id: '0101-abc',
        },
      ],
    });
    expect(doc.activityRuns[0]?.output).toMatchObject({
      runPageUrl: `${server.url}/#job/1/run/${submitted?.runId}`,
      runOutput: { rows: 42 },
    });
    expect(JSON.stringify(doc)).not.toContain(server.token);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['env/unknown-databricks-linked-service', 'linked service LS_Missing is not in the factory'],
    ]);
  });

  it('uses an inline SecureString token with "remote": true', async () => {
    server.outcome = { result_state: 'SUCCESS', result: 'done' };
    const doc = await run('inline');
    expect(doc.status).toBe('Succeeded');
    expect(server.runs.at(-1)?.authorization).toBe(`Bearer ${server.token}`);
    expect(doc.activityRuns[0]?.output).toMatchObject({ runOutput: 'done' });
  });

  it('fails the activity with the API error when the workspace refuses the token', async () => {
    const secrets = await openSecrets({ projectDir: dir, environment: 'remote' });
    await secrets.set('dbx-token', 'wrong-token');
    try {
      const doc = await run('remote');
      expect(doc.status).toBe('Failed');
      expect(doc.activityRuns[0]?.error?.errorCode).toBe('activity/databricks-api-failed');
    } finally {
      await secrets.set('dbx-token', server.token);
    }
  });

  it.each([['plain'], [undefined]])(
    'runs the same pipeline locally without the setting (env %s)',
    async (env) => {
      const before = server.runs.length;
      const doc = await run(env);
      expect(doc.status).toBe('Succeeded');
      expect(server.runs).toHaveLength(before);
      const output = doc.activityRuns[0]?.output as Record<string, unknown>;
      expect(output['runOutput']).toEqual({ where: 'local', day: '2024-02-29' });
      expect(readFileSync(new URL(output['runPageUrl'] as string), 'utf8')).toBeDefined();
    },
  );
});

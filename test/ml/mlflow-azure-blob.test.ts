/**
 * An environment whose MLflow artifacts live in Azure Blob storage (Azurite): the real mlflow client logs,
 * registers and downloads a model through the server's artifact proxy, the blobs land in the environment's
 * container and path, nothing lands in the local artifact folder, an interrupted upload leaves no blob, and
 * `models serve` serves the registered version from there (downloaded once into `.millrace/serving/models`).
 */
import { request } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite } from '../../src/connectors/azure-blob/azurite.js';
import type { Azurite } from '../../src/connectors/azure-blob/azurite.js';
import { openAccess } from '../../src/index.js';
import type { RunningServer } from '../../src/server/index.js';
import { serveModel, startServer } from '../../src/server/index.js';
import { testPython } from './mlflow-harness.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'millrace-mlflow-blob-'));
const SECRET_VAR = 'MILLRACE_SECRET_ML_STORAGE';
let azurite: Azurite;
let server: RunningServer;
let token = '';

function write(file: string, json: unknown): void {
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), JSON.stringify(json, null, 2));
}

/** The blob names under `prefix` in the `mlartifacts` container. */
async function blobs(prefix: string): Promise<string[]> {
  const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(
    'mlartifacts',
  );
  const names: string[] = [];
  if (!(await container.exists())) return names;
  for await (const b of container.listBlobsFlat({ prefix })) names.push(b.name);
  return names.sort();
}

beforeAll(async () => {
  azurite = await startAzurite();
  // The connection string is a Key Vault reference read through the environment's `env` provider; the
  // pipelines' secret access rules do not apply to the environment's own artifact store.
  process.env[SECRET_VAR] = azurite.connectionString;
  write('millrace.json', { environments: { qa: { parameters: 'environments/qa.json' } } });
  write('factory/pipeline/Noop.json', {
    name: 'Noop',
    properties: { activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }] },
  });
  write('factory/linkedService/LS_KeyVault.json', {
    name: 'LS_KeyVault',
    properties: { type: 'AzureKeyVault', typeProperties: { baseUrl: 'https://kv.vault.azure.net/' } },
  });
  write('factory/linkedService/LS_MlArtifacts.json', {
    name: 'LS_MlArtifacts',
    properties: {
      type: 'AzureBlobStorage',
      typeProperties: {
        connectionString: {
          type: 'AzureKeyVaultSecret',
          store: { referenceName: 'LS_KeyVault', type: 'LinkedServiceReference' },
          secretName: 'ml-storage',
        },
      },
    },
  });
  write('environments/qa.json', {
    secrets: {
      providers: { LS_KeyVault: { type: 'env' } },
      access: { pipelines: { 'Other*': ['other-secret'] } },
    },
    ml: { artifactStore: { linkedService: 'LS_MlArtifacts', path: 'mlartifacts/qa' } },
  });
  const access = await openAccess({ projectDir: dir });
  token = (await access.createToken('notebook', 'operator')).token;
  await access.close();
  server = await startServer({ projectDir: dir, port: 0, scheduler: false, environment: 'qa' });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await azurite?.stop();
  delete process.env[SECRET_VAR];
  rmSync(dir, { recursive: true, force: true });
});

describe('MLflow artifacts in Azure Blob storage', () => {
  it('logs, registers and downloads a model through the artifact proxy with the real mlflow client', async () => {
    const { stdout } = await run(
      testPython(),
      [join(import.meta.dirname, 'scripts', 'blob_model_roundtrip.py')],
      {
        cwd: dir,
        timeout: 180_000,
        env: {
          ...process.env,
          MLFLOW_TRACKING_URI: server.url,
          MLFLOW_TRACKING_TOKEN: token,
          GIT_PYTHON_REFRESH: 'quiet',
          MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0',
        },
      },
    );
    const out = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(out).toMatchObject({
      version: '1',
      listed: ['notes/hello.txt'],
      downloaded: 'hello blob',
      prediction: [29],
    });
    expect(out['model_files']).toEqual(expect.arrayContaining(['MLmodel', 'requirements.txt']));
    const runPrefix = `qa/${String(out['experiment_id'])}/${String(out['run_id'])}/artifacts/`;
    expect(await blobs(runPrefix)).toEqual([`${runPrefix}notes/hello.txt`]);
    const all = await blobs('qa/');
    expect(all.some((b) => b.endsWith('/MLmodel'))).toBe(true);
    expect(all.some((b) => /\/model\.(pkl|skops)$/.test(b))).toBe(true);
    // Nothing went to the local artifact folder.
    const local = join(dir, '.millrace', 'mlartifacts');
    expect(existsSync(local) ? readdirSync(local) : []).toEqual([]);
  }, 240_000);

  it('serves the registered version from the blob store (models serve)', async () => {
    // The first test registered blob-demo v1 with alias champion in qa's registry.
    const served = await serveModel({
      projectDir: dir,
      model: 'blob-demo@champion',
      environment: 'qa',
      port: 0,
      workers: 1,
      pollMs: 0,
      python: testPython(),
    });
    try {
      expect(served.status()).toMatchObject({ env: 'qa', model: 'blob-demo', version: '1' });
      const res = await fetch(`${served.url}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: [[10.0]] }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { predictions: number[] };
      expect(body.predictions.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([29]);
    } finally {
      await served.close();
    }
    expect(existsSync(join(dir, '.millrace', 'serving', 'models', 'qa', 'blob-demo', '1', 'MLmodel'))).toBe(
      true,
    );
    const local = join(dir, '.millrace', 'mlartifacts');
    expect(existsSync(local) ? readdirSync(local) : []).toEqual([]);
  }, 240_000);

  it('leaves no blob behind when an upload is interrupted', async () => {
    const path = '/api/2.0/mlflow-artifacts/artifacts/0/interrupted/artifacts/big.bin';
    const chunk = Buffer.alloc(1024 * 1024, 7);
    await new Promise<void>((resolve) => {
      const req = request(`${server.url}${path}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/octet-stream',
          'content-length': String(20 * chunk.length),
        },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      // 12 MiB of the promised 20 (more than one 8 MiB staged block), then the connection drops.
      let sent = 0;
      const pump = (): void => {
        while (sent < 12) {
          sent++;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        setTimeout(() => req.destroy(), 300);
      };
      pump();
    });
    // The proxy aborts the write: the blob never becomes visible, now or after the server noticed.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await blobs('qa/0/interrupted/')).toEqual([]);
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error_code?: string };
    expect(body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  }, 60_000);
});

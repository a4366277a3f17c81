import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DataAccess } from '../../contracts/index.js';
import { createMillrace } from '../../index.js';
import type { JsonObject } from '../../model/index.js';
import { fakeDataAccess } from '../testing/data-fixtures.js';
import { fakeActivityContext } from '../testing/fake-activity-context.js';
import { webActivity } from './web-activity.js';

// ADF sends a Web activity's `datasets` and `linkedServices` to the endpoint inside the request body, next to
// the members of `body` ("Request payload schema",
// https://learn.microsoft.com/azure/data-factory/control-flow-web-activity#request-payload-schema). Tested
// against a real HTTP server that echoes what it received.

let server: Server;
let base = '';
let received: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"status":"complete"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = [];
});

/** A data access whose definitions are fixed, keyed by reference name. */
function definitions(defs: Readonly<Record<string, JsonObject>>): DataAccess {
  return {
    ...fakeDataAccess({}),
    definition: (_kind, ref) => {
      const name = typeof ref.referenceName === 'string' ? ref.referenceName : '';
      const properties = defs[name];
      return properties
        ? Promise.resolve({ name, properties })
        : Promise.reject(new Error(`unknown ${name}`));
    },
  };
}

const LS = { type: 'HttpServer', typeProperties: { url: 'https://api.example.net' } };
const call = (tp: JsonObject, data: DataAccess | null = definitions({ LS_Api: LS })) => {
  const ctx = fakeActivityContext('WebActivity', tp, { name: 'Call' });
  return { ctx, result: webActivity.execute(data === null ? ctx : { ...ctx, data }) };
};
const lsRef = [{ referenceName: 'LS_Api', type: 'LinkedServiceReference' }];

describe('WebActivity datasets and linkedServices', () => {
  it('adds them after the members of an object body, and parses a body given as JSON text', async () => {
    for (const body of [{ myMessage: 'Sample' }, '{"myMessage":"Sample"}']) {
      await call({ method: 'POST', url: `${base}/run`, body, linkedServices: lsRef }).result;
    }
    const expected = {
      myMessage: 'Sample',
      datasets: [],
      linkedServices: [{ name: 'LS_Api', properties: LS }],
    };
    expect(received.map((r) => JSON.parse(r) as unknown)).toEqual([expected, expected]);
    expect(Object.keys(JSON.parse(received[0]!) as object)).toEqual([
      'myMessage',
      'datasets',
      'linkedServices',
    ]);
  });

  it('sends the body as written when both lists are empty or absent', async () => {
    await call({ method: 'POST', url: `${base}/run`, body: 'raw', datasets: [], linkedServices: [] }).result;
    expect(received).toEqual(['raw']);
  });

  it('fails a body that is not a JSON object, before any request', async () => {
    for (const body of [[1, 2], 'not json', 42]) {
      await expect(
        call({ method: 'POST', url: `${base}/run`, body, linkedServices: lsRef }).result,
      ).rejects.toMatchObject({ code: 'activity/web-body-not-object' });
    }
    expect(received).toEqual([]);
  });

  it('sends no body for a GET, and says so in the log', async () => {
    const { ctx, result } = call({ method: 'GET', url: `${base}/run`, linkedServices: lsRef });
    await result;
    expect(received).toEqual(['']);
    expect(ctx.lines.join('\n')).toContain(
      'GET request has no body: its datasets and linkedServices are not sent',
    );
  });

  it('fails with activity/missing-capability when the engine gives no data access', async () => {
    await expect(
      call({ method: 'POST', url: `${base}/run`, body: {}, linkedServices: lsRef }, null).result,
    ).rejects.toMatchObject({ code: 'activity/missing-capability' });
  });
});

describe('WebActivity datasets and linkedServices in a pipeline', () => {
  const project = mkdtempSync(join(tmpdir(), 'millrace-web-refs-'));
  afterAll(() => rmSync(project, { recursive: true, force: true }));
  const write = (rel: string, value: unknown) => {
    mkdirSync(join(project, rel, '..'), { recursive: true });
    writeFileSync(join(project, rel), JSON.stringify(value));
  };

  it('sends the definitions with their parameters evaluated; a SecureString is masked, a Key Vault reference is not resolved', async () => {
    write('linkedService/SqlLinkedService.json', {
      name: 'SqlLinkedService',
      properties: {
        type: 'AzureSqlDatabase',
        parameters: { server: { type: 'String', defaultValue: 'sql.example.net' } },
        typeProperties: {
          connectionString: 'Server=tcp:@{linkedService().server};Database=db;User ID=etl',
          password: { type: 'SecureString', value: 'ls-s3cret-value' },
          servicePrincipalKey: {
            type: 'AzureKeyVaultSecret',
            store: { referenceName: 'LS_KeyVault', type: 'LinkedServiceReference' },
            secretName: 'sp-key',
          },
        },
      },
    });
    write('dataset/MySQLDataset.json', {
      name: 'MySQLDataset',
      properties: {
        type: 'AzureSqlTable',
        linkedServiceName: { referenceName: 'SqlLinkedService', type: 'LinkedServiceReference' },
        parameters: { SqlTableName: { type: 'String' } },
        typeProperties: { tableName: '@dataset().SqlTableName' },
      },
    });
    const web = (name: string, datasets: unknown[]) => ({
      name,
      type: 'WebActivity',
      typeProperties: {
        method: 'Post',
        url: "@concat(pipeline().parameters.base, '/execute')",
        headers: { 'Content-Type': 'application/json' },
        body: { myMessage: 'Sample' },
        datasets,
        linkedServices: [{ referenceName: 'SqlLinkedService', type: 'LinkedServiceReference' }],
      },
    });
    write('pipeline/MyWebActivityPipeline.json', {
      name: 'MyWebActivityPipeline',
      properties: {
        parameters: { base: { type: 'String' }, sqlTableName: { type: 'String' } },
        activities: [
          web('MyWebActivity', [
            {
              referenceName: 'MySQLDataset',
              type: 'DatasetReference',
              parameters: { SqlTableName: '@pipeline().parameters.sqlTableName' },
            },
          ]),
          web('Unknown', [{ referenceName: 'DS_Nope', type: 'DatasetReference' }]),
        ],
      },
    });
    const millrace = await createMillrace({ projectDir: project });
    try {
      const result = await millrace.runPipeline('MyWebActivityPipeline', {
        rawParameters: { base, sqlTableName: 'department' },
      });
      const act = (name: string) => result.activityRuns.find((a) => a.activityName === name);
      expect(act('MyWebActivity')?.status).toBe('Succeeded');
      expect(received).toHaveLength(1);
      const payload = JSON.parse(received[0]!) as JsonObject;
      expect(payload).toMatchObject({
        myMessage: 'Sample',
        datasets: [
          {
            name: 'MySQLDataset',
            properties: {
              type: 'AzureSqlTable',
              linkedServiceName: { referenceName: 'SqlLinkedService' },
              typeProperties: { tableName: 'department' },
            },
          },
        ],
        linkedServices: [
          {
            name: 'SqlLinkedService',
            properties: {
              type: 'AzureSqlDatabase',
              typeProperties: {
                connectionString: 'Server=tcp:sql.example.net;Database=db;User ID=etl',
                password: { type: 'SecureString', value: '********' },
                servicePrincipalKey: { type: 'AzureKeyVaultSecret', secretName: 'sp-key' },
              },
            },
          },
        ],
      });
      expect(received[0]).not.toContain('ls-s3cret-value');
      expect(act('Unknown')?.status).toBe('Failed');
      expect(act('Unknown')?.error?.message).toContain('DS_Nope');
    } finally {
      await millrace.close();
    }
  });
});

import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityExecutor } from '../index.js';
import { dropSchemas, schemaUrl, testSchemaName } from '../store/postgres/testing/pg-test-schema.js';
import { createMillrace } from './run-service.js';
import type { Millrace } from './run-service.js';
import { collectWorkFiles, keepWorkFiles, MAX_WORK_FILES_BYTES } from './work-artifacts.js';
import { startWorker } from './worker-service.js';
import type { Worker } from './worker-service.js';

const root = mkdtempSync(join(tmpdir(), 'millrace-work-files-'));
const schema = testSchemaName('mr_wfiles');
const db = schemaUrl(schema);

afterAll(async () => {
  await dropSchemas([schema]);
  rmSync(root, { recursive: true, force: true });
});

describe('files an attempt kept, sent back from a worker', () => {
  it('collects them (removing the worker’s copy), keeps them on the other side, and never writes outside', async () => {
    const worker = join(root, 'unit-worker');
    const folder = join(worker, 'r1', 'a1');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'chart.html'), '<b>chart</b>');
    writeFileSync(join(folder, 'half.tmp'), 'being written');
    const { files, left } = await collectWorkFiles(worker, 'r1', 'a1');
    expect(files).toEqual([{ name: 'chart.html', base64: Buffer.from('<b>chart</b>').toString('base64') }]);
    expect(left).toEqual([]);
    expect(existsSync(folder)).toBe(false);

    const server = join(root, 'unit-server');
    await keepWorkFiles(server, 'r1', 'a1', [...files, { name: '../../escape.txt', base64: 'eA==' }]);
    expect(readFileSync(join(server, 'r1', 'a1', 'chart.html'), 'utf8')).toBe('<b>chart</b>');
    // A name with a path keeps only its last part: nothing lands outside the activity run's folder.
    expect(readFileSync(join(server, 'r1', 'a1', 'escape.txt'), 'utf8')).toBe('x');
    expect(existsSync(join(server, 'escape.txt'))).toBe(false);
  });

  it('sends at most the size limit and leaves the rest on the worker', async () => {
    const worker = join(root, 'big-worker');
    const folder = join(worker, 'r2', 'a2');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'a.bin'), Buffer.alloc(MAX_WORK_FILES_BYTES - 10));
    writeFileSync(join(folder, 'b.bin'), Buffer.alloc(20));
    const { files, left } = await collectWorkFiles(worker, 'r2', 'a2');
    expect(files.map((f) => f.name)).toEqual(['a.bin']);
    expect(left).toEqual(['b.bin']);
    expect(existsSync(join(folder, 'b.bin'))).toBe(true);
  });
});

describe('a notebook-like activity on a worker with its own disk (PostgreSQL queue)', () => {
  const project = join(root, 'server-project');
  const workerProject = join(root, 'worker-project');
  let millrace: Millrace;
  let worker: Worker;

  /** Keeps a file as a notebook's display() does: in its run's artifact folder under the worker's project. */
  const display: ActivityExecutor = {
    type: 'Display',
    execute: (ctx) => {
      const folder = join(workerProject, '.millrace', 'artifacts', ctx.runId, ctx.activityRunId);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'display-1.html'), '<table><tr><td>42</td></tr></table>');
      return Promise.resolve({ shown: 1 });
    },
  };

  beforeAll(async () => {
    const write = (rel: string, value: unknown): void => {
      mkdirSync(join(project, rel, '..'), { recursive: true });
      writeFileSync(join(project, rel), JSON.stringify(value));
    };
    // The activity's linked service connects through a self-hosted runtime: only this worker takes it.
    write('linkedService/LS_Remote.json', {
      name: 'LS_Remote',
      properties: {
        type: 'FileServer',
        connectVia: { referenceName: 'IR_Lab', type: 'IntegrationRuntimeReference' },
        typeProperties: { host: 'data', userId: '' },
      },
    });
    write('pipeline/PL_Show.json', {
      name: 'PL_Show',
      properties: {
        activities: [
          {
            name: 'Show',
            type: 'Display',
            linkedServiceName: { referenceName: 'LS_Remote', type: 'LinkedServiceReference' },
            typeProperties: {},
          },
        ],
      },
    });
    cpSync(project, workerProject, { recursive: true });
    millrace = await createMillrace({ projectDir: project, db, execution: 'workers' });
    worker = await startWorker({
      projectDir: workerProject,
      db,
      id: 'lab',
      queues: ['IR_Lab'],
      executors: [display],
    });
  });

  afterAll(async () => {
    await millrace?.close();
    await worker?.stop({ force: true });
  });

  it('lists the files the activity kept on the worker in the run document, kept by the orchestrating process', async () => {
    const doc = await millrace.runPipeline('PL_Show');
    expect(doc.status).toBe('Succeeded');
    const show = doc.activityRuns.find((a) => a.activityName === 'Show');
    expect(show?.artifacts).toHaveLength(1);
    const [artifact] = show?.artifacts ?? [];
    expect(artifact?.name).toBe('display-1.html');
    expect(readFileSync(join(project, artifact?.path ?? ''), 'utf8')).toBe(
      '<table><tr><td>42</td></tr></table>',
    );
    // The worker's copy went with the result.
    expect(existsSync(join(workerProject, '.millrace', 'artifacts', doc.runId))).toBe(false);
  });
});

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Connector, DataAccess, FileEntry, FileStore } from '../../contracts/index.js';
import { fakeActivityContext } from '../testing/fake-activity-context.js';
import { createCustomExecutor } from './custom-activity.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-custom-'));
mkdirSync(join(dir, 'apps', 'hello'), { recursive: true });
writeFileSync(
  join(dir, 'apps', 'hello', 'app.py'),
  [
    'import json',
    'act = json.load(open("activity.json"))',
    'ext = act["typeProperties"]["extendedProperties"]',
    'print("hello", ext["who"], "password", ext["pwd"]["value"])',
    'json.dump({"greeted": ext["who"]}, open("outputs.json", "w"))',
  ].join('\n'),
);
const executor = createCustomExecutor({
  notebooks: {},
  projectDir: dir,
  dbfsRoot: join(dir, 'dbfs'),
  logDir: join(dir, 'logs'),
});

describe('Custom executor', () => {
  it('runs the command with extendedProperties in activity.json and returns the ADF output', async () => {
    const ctx = fakeActivityContext('Custom', {
      command: 'python3 app.py',
      folderPath: 'apps/hello',
      extendedProperties: { who: 'world', pwd: { type: 'SecureString', value: 'pa55' } },
    });
    const output = (await executor.execute(ctx)) as Record<string, unknown>;
    expect(output).toMatchObject({
      exitcode: 0,
      customOutput: { greeted: 'world' },
      durationInQueue: { integrationRuntimeQueue: 0 },
    });
    expect(ctx.lines).toContain('hello world password [REDACTED]');
    const [stdout] = output['outputs'] as string[];
    expect(readFileSync(fileURLToPath(stdout ?? ''), 'utf8')).toBe('hello world password [REDACTED]\n');
  });

  it('refuses a folderPath outside the project', async () => {
    const ctx = fakeActivityContext('Custom', { command: 'true', folderPath: '../elsewhere' });
    await expect(executor.execute(ctx)).rejects.toMatchObject({ code: 'activity/path-escapes-folder' });
  });
});

describe('Custom executor with resourceLinkedService', () => {
  it('downloads folderPath from the linked store (first segment = container) into the working folder', async () => {
    const files: Record<string, string> = {
      'app/run.py': 'import json; print(json.load(open("activity.json"))["name"], open("data/x.txt").read())',
      'app/data/x.txt': 'payload',
      'other/skip.txt': 'no',
    };
    const entry = (path: string): FileEntry => ({
      path,
      name: path.split('/').at(-1) ?? path,
      size: files[path]?.length ?? 0,
      lastModified: new Date(0),
      isDirectory: false,
    });
    const store = {
      list: (folder: string) =>
        Promise.resolve(
          Object.keys(files)
            .filter((p) => p.startsWith(`${folder}/`))
            .map(entry),
        ),
      openRead: (path: string) => Promise.resolve(Readable.from([files[path] ?? ''])),
    } as unknown as FileStore;
    const asked: unknown[] = [];
    const connector: Connector = {
      type: 'AzureBlobStorage',
      fileStore: (location) => {
        asked.push(location);
        return store;
      },
      // As a Blob connector locates a path: the first segment is the container.
      locate: (path) => {
        const [container = '', ...rest] = path.split('/').filter((p) => p !== '');
        return { location: { type: 'AzureBlobStorageLocation', container }, folder: rest.join('/') };
      },
    };
    const data = { linkedService: () => Promise.resolve(connector) } as unknown as DataAccess;
    const ctx = {
      ...fakeActivityContext(
        'Custom',
        {
          command: 'python3 run.py',
          folderPath: 'batch/app',
          resourceLinkedService: { referenceName: 'LS_Blob', type: 'LinkedServiceReference' },
        },
        { name: 'Remote' },
      ),
      data,
    };
    const output = (await executor.execute(ctx)) as Record<string, unknown>;
    expect(asked).toEqual([{ type: 'AzureBlobStorageLocation', container: 'batch' }]);
    expect(output['exitcode']).toBe(0);
    expect(ctx.lines).toContain('Remote payload');
  });
});

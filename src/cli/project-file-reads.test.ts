import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import type * as FsPromises from 'node:fs/promises';
import type * as Fs from 'node:fs';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startServer } from '../server/index.js';
import { runCli } from './program.js';

/** Every read of a `millrace.json`, by any module (config/ is the only reader; a second read is a bug). */
const reads = vi.hoisted(() => ({ count: 0 }));
const isProjectFile = (file: unknown): boolean =>
  (typeof file === 'string' || file instanceof URL) && basename(String(file)) === 'millrace.json';

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof FsPromises>();
  const readFile = (async (...args: Parameters<typeof fs.readFile>) => {
    if (isProjectFile(args[0])) reads.count += 1;
    return fs.readFile(...args);
  }) as typeof fs.readFile;
  return { ...fs, readFile, default: { ...fs, readFile } };
});
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  const readFileSync = ((...args: Parameters<typeof fs.readFileSync>) => {
    if (isProjectFile(args[0])) reads.count += 1;
    return fs.readFileSync(...args);
  }) as typeof fs.readFileSync;
  return { ...fs, readFileSync, default: { ...fs, readFileSync } };
});

const dir = mkdtempSync(join(tmpdir(), 'millrace-reads-'));
mkdirSync(join(dir, 'factory', 'pipeline'), { recursive: true });
mkdirSync(join(dir, 'factory', 'trigger'), { recursive: true });
writeFileSync(
  join(dir, 'millrace.json'),
  JSON.stringify({ factory: 'factory', dbfs: { root: 'dbfs' }, environments: {} }),
);
writeFileSync(
  join(dir, 'factory', 'pipeline', 'Hello.json'),
  JSON.stringify({
    name: 'Hello',
    properties: {
      activities: [
        {
          name: 'Set',
          type: 'SetVariable',
          typeProperties: { variableName: 'v', value: 'hi' },
        },
      ],
      variables: { v: { type: 'String' } },
    },
  }),
);
writeFileSync(
  join(dir, 'factory', 'trigger', 'TR_Daily.json'),
  JSON.stringify({
    name: 'TR_Daily',
    properties: {
      type: 'ScheduleTrigger',
      runtimeState: 'Stopped',
      pipelines: [{ pipelineReference: { referenceName: 'Hello', type: 'PipelineReference' } }],
      typeProperties: { recurrence: { frequency: 'Day', interval: 1, startTime: '2024-01-01T00:00:00Z' } },
    },
  }),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in this process; returns its exit code and stdout. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    process.exitCode = 0;
    await runCli(['node', 'millrace', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout };
  } finally {
    write.mockRestore();
    process.exitCode = 0;
  }
}

describe('millrace.json is read once per command', () => {
  beforeEach(() => {
    reads.count = 0;
  });

  it('millrace validate', async () => {
    const { code, stdout } = await cli('validate', '--project', dir, '--json');
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, files: 2 });
    expect(code).toBe(0);
    expect(reads.count).toBe(1);
  });

  it('millrace run', async () => {
    const { code, stdout } = await cli('run', 'Hello', '--project', dir, '--json');
    expect(JSON.parse(stdout)).toMatchObject({ pipeline: 'Hello', status: 'Succeeded' });
    expect(code).toBe(0);
    expect(reads.count).toBe(1);
  });

  it('a server start (run service, triggers, tokens, MLflow, registries) and a request', async () => {
    const server = await startServer({ projectDir: dir, port: 0, scheduler: false });
    try {
      const health = await server.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(200);
    } finally {
      await server.close();
    }
    expect(reads.count).toBe(1);
  });
  it('millrace models serve (registry, artifact store, endpoint; an alias not set fails after the one read)', async () => {
    let stderr = '';
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    try {
      const { code } = await cli('models', 'serve', 'price@champion', '--project', dir, '--port', '0');
      expect(stderr).toContain('serving/alias-not-set');
      expect(code).toBe(2);
    } finally {
      err.mockRestore();
    }
    expect(reads.count).toBe(1);
  });

  it('millrace models serving', async () => {
    const { code, stdout } = await cli('models', 'serving', '--project', dir, '--json');
    expect(JSON.parse(stdout)).toEqual({ env: 'default', endpoints: [], history: [] });
    expect(code).toBe(0);
    expect(reads.count).toBe(1);
  });
});

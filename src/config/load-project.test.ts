import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveProject } from './load-project.js';
import { FACTORY_MARKER_FOLDERS } from './resource-folders.js';

// ADF's git layout keeps one folder per resource type
// (https://learn.microsoft.com/azure/data-factory/source-control): any one of them makes a factory.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'millrace-project-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveProject: what makes a bare factory', () => {
  it.each(FACTORY_MARKER_FOLDERS)('a folder holding only %s/ is a bare factory', async (folder) => {
    const root = path.join(dir, `only-${folder}`);
    await mkdir(path.join(root, folder), { recursive: true });
    const project = await resolveProject(root);
    expect(project.factoryRoot).toBe(root);
    expect(project.config).toBeUndefined();
  });

  it('matches resource folder names case-insensitively (LinkedService/)', async () => {
    const root = path.join(dir, 'cased');
    await mkdir(path.join(root, 'LinkedService'), { recursive: true });
    expect((await resolveProject(root)).factoryRoot).toBe(root);
  });

  it('rejects a folder with no ADF resource folder, naming the folders it looks for', async () => {
    const root = path.join(dir, 'none');
    await mkdir(path.join(root, 'sqlscript'), { recursive: true });
    await expect(resolveProject(root)).rejects.toMatchObject({
      code: 'config/not-a-factory',
      hint: expect.stringContaining('linkedService/') as unknown,
    });
  });
});

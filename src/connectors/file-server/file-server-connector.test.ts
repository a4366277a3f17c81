import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileStoreSuite } from '../../contracts/testing/file-store-suite.js';
import { createConnectorRegistry } from '../connector-registry.js';
import { unavailableSecretResolver } from '../secret-value.js';
import { fileServerConnector } from './file-server-connector.js';
import { LocalFileStore } from './local-file-store.js';

fileStoreSuite(
  'LocalFileStore',
  async () => new LocalFileStore(await mkdtemp(join(tmpdir(), 'millrace-fs-'))),
);

async function project(): Promise<{ root: string; store: LocalFileStore }> {
  const root = await mkdtemp(join(tmpdir(), 'millrace-esc-'));
  await mkdir(join(root, 'data'));
  await mkdir(join(root, 'secret'));
  await writeFile(join(root, 'secret/key.txt'), 'top secret');
  await symlink(join(root, 'secret'), join(root, 'data/link'));
  await symlink(join(root, 'secret/key.txt'), join(root, 'data/key-link.txt'));
  return { root, store: new LocalFileStore(join(root, 'data')) };
}

describe('FileServer path confinement', () => {
  it.each([
    '../secret/key.txt',
    'a/../../secret/key.txt',
    '/etc/passwd',
    'C:/Windows/win.ini',
    '..\\secret\\key.txt',
  ])('refuses %s with connector/path-escape', async (path) => {
    const { store } = await project();
    await expect(store.openRead(path)).rejects.toMatchObject({ code: 'connector/path-escape' });
    await expect(store.openWrite(path)).rejects.toMatchObject({ code: 'connector/path-escape' });
    await expect(store.delete(path)).rejects.toMatchObject({ code: 'connector/path-escape' });
  });

  it('refuses symlinks that point outside the root, for reads, writes and deletes', async () => {
    const { store } = await project();
    await expect(store.openRead('key-link.txt')).rejects.toMatchObject({ code: 'connector/path-escape' });
    await expect(store.openRead('link/key.txt')).rejects.toMatchObject({ code: 'connector/path-escape' });
    await expect(store.openWrite('link/new.txt')).rejects.toMatchObject({ code: 'connector/path-escape' });
    await expect(store.delete('link/key.txt')).rejects.toMatchObject({ code: 'connector/path-escape' });
    expect((await store.list('', { recursive: true })).map((e) => e.path)).toEqual([]);
  });

  it('refuses a host outside the project', async () => {
    const registry = createConnectorRegistry([fileServerConnector]);
    const opts = { projectRoot: '/tmp/p', secrets: unavailableSecretResolver };
    await expect(
      registry.create({ type: 'FileServer', typeProperties: { host: '../x' }, parameters: {} }, opts),
    ).rejects.toMatchObject({
      code: 'connector/path-escape',
    });
  });
});

describe('ConnectorRegistry', () => {
  const registry = createConnectorRegistry([fileServerConnector]);
  const opts = { projectRoot: '/tmp/p', secrets: unavailableSecretResolver, name: 'LS_X' };

  it('names the supported types on an unknown type', () => {
    expect(() => registry.get('Nope')).toThrow('unknown linked service type Nope; supported: [FileServer]');
  });

  it('validates typeProperties with the field named', async () => {
    await expect(
      registry.create({ type: 'fileserver', typeProperties: {}, parameters: {} }, opts),
    ).rejects.toMatchObject({
      code: 'connector/invalid-config',
      message: expect.stringContaining('typeProperties.host') as unknown,
    });
  });

  it('refuses a duplicate registration', () => {
    expect(() => registry.register(fileServerConnector)).toThrow(/already registered/);
  });
});

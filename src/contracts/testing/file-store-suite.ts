import { describe, expect, it } from 'vitest';
import type { FileStore } from '../file-store.js';

/** Reads a whole stream as UTF-8 (tests only: files here are tiny). */
async function readAll(store: FileStore, path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await store.openRead(path)) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

async function write(store: FileStore, path: string, content: string): Promise<void> {
  const h = await store.openWrite(path);
  h.stream.end(content);
  await h.commit();
}

/**
 * The contract of reading a store, which every `FileStore` passes, read-only ones too (HttpServer).
 * `setup` returns a store holding exactly `files` (store path → UTF-8 content) for each test.
 */
export function readOnlyFileStoreSuite(
  name: string,
  setup: (files: Readonly<Record<string, string>>) => Promise<FileStore>,
): void {
  describe(`FileStore read contract: ${name}`, () => {
    const files = { 'top.csv': 'id,v\n1,x\n', 'deep/er/naïve.txt': 'crème brûlée' };

    it('stats a file: store-relative path, last segment as name, size in bytes', async () => {
      const store = await setup(files);
      expect(await store.stat('top.csv')).toMatchObject({
        path: 'top.csv',
        name: 'top.csv',
        size: 9,
        isDirectory: false,
      });
      const deep = await store.stat('deep/er/naïve.txt');
      expect(deep).toMatchObject({ path: 'deep/er/naïve.txt', name: 'naïve.txt', isDirectory: false });
      expect(deep?.size).toBe(Buffer.byteLength(files['deep/er/naïve.txt']));
      expect(deep?.lastModified).toBeInstanceOf(Date);
    });

    it('streams a file as it is, bytes unchanged', async () => {
      const store = await setup(files);
      expect(await readAll(store, 'top.csv')).toBe(files['top.csv']);
      expect(await readAll(store, 'deep/er/naïve.txt')).toBe(files['deep/er/naïve.txt']);
    });

    it('answers undefined for a missing path and fails to read it with connector/not-found', async () => {
      const store = await setup(files);
      expect(await store.stat('missing.csv')).toBeUndefined();
      expect(await store.stat('deep/missing.txt')).toBeUndefined();
      await expect(store.openRead('missing.csv')).rejects.toMatchObject({ code: 'connector/not-found' });
    });

    it('honours an aborted signal when reading', async () => {
      const store = await setup(files);
      await expect(
        (async () => {
          for await (const _ of await store.openRead('top.csv', AbortSignal.abort())) {
            // reading must not complete
          }
        })(),
      ).rejects.toThrow();
    });
  });
}

/**
 * The contract every `FileStore` passes. `setup` returns a fresh, empty store for each test.
 * @example fileStoreSuite('LocalFileStore', async () => new LocalFileStore(await mkdtemp(...)))
 */
export function fileStoreSuite(name: string, setup: () => Promise<FileStore>): void {
  readOnlyFileStoreSuite(name, async (files) => {
    const store = await setup();
    for (const [path, content] of Object.entries(files)) await write(store, path, content);
    return store;
  });
  describe(`FileStore contract: ${name}`, () => {
    it('writes, stats, reads and lists files', async () => {
      const store = await setup();
      await write(store, 'a/b/c.txt', 'hello');
      await write(store, 'a/top.txt', 'x');
      expect(await readAll(store, 'a/b/c.txt')).toBe('hello');
      expect(await store.stat('a/b/c.txt')).toMatchObject({
        path: 'a/b/c.txt',
        name: 'c.txt',
        size: 5,
        isDirectory: false,
      });
      expect(await store.stat('missing.txt')).toBeUndefined();
      const flat = await store.list('a');
      expect(flat.map((e) => [e.path, e.isDirectory])).toEqual([
        ['a/b', true],
        ['a/top.txt', false],
      ]);
      const deep = await store.list('a', { recursive: true });
      expect(deep.filter((e) => !e.isDirectory).map((e) => e.path)).toEqual(['a/b/c.txt', 'a/top.txt']);
      expect((await store.list('a', { recursive: true, wildcard: 'c*' })).map((e) => e.path)).toEqual([
        'a/b/c.txt',
      ]);
      expect(await store.list('nowhere')).toEqual([]);
    });

    it('keeps the destination unchanged until commit, and after abort', async () => {
      const store = await setup();
      await write(store, 'f.txt', 'old');
      const h = await store.openWrite('f.txt');
      h.stream.write('new content');
      expect(await readAll(store, 'f.txt')).toBe('old');
      await h.abort();
      expect(await readAll(store, 'f.txt')).toBe('old');
      expect((await store.list('', { recursive: true })).map((e) => e.path)).toEqual(['f.txt']);
      const h2 = await store.openWrite('f.txt');
      h2.stream.end('new');
      await h2.commit();
      expect(await readAll(store, 'f.txt')).toBe('new');
    });

    it('deletes files and folders, and fails to read a missing file with connector/not-found', async () => {
      const store = await setup();
      await write(store, 'd/1.txt', '1');
      await write(store, 'd/e/2.txt', '2');
      await store.delete('d/1.txt');
      expect(await store.stat('d/1.txt')).toBeUndefined();
      await store.delete('d');
      expect(await store.list('d', { recursive: true })).toEqual([]);
      await store.delete('never-there');
      await expect(store.openRead('d/1.txt')).rejects.toMatchObject({ code: 'connector/not-found' });
    });

    it('gives a base64 MD5 when it supports the capability', async () => {
      const store = await setup();
      if (!store.md5) return;
      await write(store, 'm.txt', 'hello');
      expect(await store.md5('m.txt')).toBe('XUFAKrxLKna5cZ2REBfFkg==');
    });
  });
}

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
 * The contract every `FileStore` passes. `setup` returns a fresh, empty store for each test.
 * @example fileStoreSuite('LocalFileStore', async () => new LocalFileStore(await mkdtemp(...)))
 */
export function fileStoreSuite(name: string, setup: () => Promise<FileStore>): void {
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

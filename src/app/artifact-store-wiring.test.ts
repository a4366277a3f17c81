import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveEnvironment, resolveProject } from '../config/index.js';
import { isMillraceError } from '../errors/index.js';
import { openArtifactStore } from './artifact-store-wiring.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-artifact-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(file: string, json: unknown): void {
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), JSON.stringify(json));
}

write('millrace.json', {
  environments: {
    shared: { parameters: 'environments/shared.json' },
    typo: { parameters: 'environments/typo.json' },
    marker: { parameters: 'environments/marker.json' },
  },
});
write('factory/pipeline/P.json', { name: 'P', properties: { activities: [] } });
write('factory/linkedService/LS_Share.json', {
  name: 'LS_Share',
  properties: { type: 'FileServer', typeProperties: { host: 'share' } },
});
write('factory/linkedService/LS_Duck.json', {
  name: 'LS_Duck',
  properties: { type: 'DuckDb', typeProperties: {} },
});
write('environments/shared.json', {
  ml: { artifactStore: { linkedService: 'ls_share', path: 'ml/shared' } },
});
write('environments/typo.json', { ml: { artifactStore: { linkedService: 'LS_Shar', path: 'ml' } } });
write('environments/marker.json', { ml: { artifactStore: { linkedService: 'LS_Duck', path: 'ml' } } });

async function open(env: string | undefined) {
  const project = await resolveProject(dir);
  return openArtifactStore(project, env === undefined ? undefined : await resolveEnvironment(project, env));
}

describe("an environment's artifact store", () => {
  it('is the local .millrace/mlartifacts folder without ml.artifactStore', async () => {
    const opened = await open(undefined);
    expect(opened.store.description).toBe(join(dir, '.millrace', 'mlartifacts'));
    await opened.close();
  });

  it("keeps artifacts in the linked service's file store under the path, all or nothing", async () => {
    const opened = await open('shared');
    const { store } = opened;
    expect(store.description).toBe('FileServer LS_Share: ml/shared');
    await store.put('0/r1/artifacts/model/MLmodel', Readable.from(['flavors: {}\n']));
    expect(
      readFileSync(join(dir, 'share', 'ml', 'shared', '0', 'r1', 'artifacts', 'model', 'MLmodel'), 'utf8'),
    ).toBe('flavors: {}\n');
    expect(await store.list('0/r1/artifacts')).toEqual([{ path: 'model', is_dir: true }]);
    expect(await store.list('0/r1/artifacts/model')).toEqual([
      { path: 'MLmodel', is_dir: false, file_size: 12 },
    ]);
    expect(await text((await store.get('0/r1/artifacts/model/MLmodel')).stream)).toBe('flavors: {}\n');
    // A body that fails half-way leaves no file.
    const broken = new Readable({
      read() {
        this.push(Buffer.alloc(64 * 1024, 1));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(store.put('0/r1/artifacts/big.bin', broken)).rejects.toThrow('connection reset');
    expect(existsSync(join(dir, 'share', 'ml', 'shared', '0', 'r1', 'artifacts', 'big.bin'))).toBe(false);
    expect(readdirSync(join(dir, 'share', 'ml', 'shared', '0', 'r1', 'artifacts'))).toEqual(['model']);
    await expect(store.get('0/r1/artifacts/model')).rejects.toMatchObject({
      code: 'mlflow/resource-does-not-exist',
    });
    await expect(store.get('../../secrets')).rejects.toMatchObject({
      code: 'mlflow/invalid-parameter-value',
    });
    await store.delete('0/r1');
    expect(await store.list('0')).toEqual([]);
    await opened.close();
  });

  it('names the file and JSON path of a linked service that is not in the factory', async () => {
    const err = await open('typo').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isMillraceError(err) && err.code).toBe('ml/invalid-artifact-store');
    expect(err).toMatchObject({
      message: expect.stringContaining(
        'linked service LS_Shar is not in the factory (known: LS_Duck, LS_Share)',
      ) as unknown,
      location: {
        file: expect.stringContaining('typo.json') as unknown,
        path: ['ml', 'artifactStore', 'linkedService'],
      },
    });
  });

  it('refuses a linked service without a file store', async () => {
    await expect(open('marker')).rejects.toMatchObject({
      code: 'ml/invalid-artifact-store',
      message: expect.stringContaining('LS_Duck (DuckDb) has no file store') as unknown,
    });
  });
});

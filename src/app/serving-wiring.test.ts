import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/index.js';
import type { ArtifactStore } from '../ml/index.js';
import { ArtifactFolder } from '../ml/index.js';
import { modelFolder } from './serving-wiring.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-serving-wiring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'factory', 'pipeline'), { recursive: true });
writeFileSync(join(dir, 'millrace.json'), JSON.stringify({ factory: 'factory' }));

/** A store holding one model version (`registry/prod/price/m-1/…`), as a promotion copies it. */
function storeWithModel(root: string): ArtifactFolder {
  const model = join(root, 'registry', 'prod', 'price', 'm-1');
  mkdirSync(join(model, 'data'), { recursive: true });
  writeFileSync(join(model, 'MLmodel'), 'flavors: {}\n');
  writeFileSync(join(model, 'requirements.txt'), 'scikit-learn==1.7.2\n');
  writeFileSync(join(model, 'data', 'model.pkl'), 'weights');
  return new ArtifactFolder(root);
}

/** The same files without the `localPath` capability: a remote store (Azure Blob …) as serving sees it. */
function remote(store: ArtifactStore): ArtifactStore {
  return {
    description: `remote ${store.description}`,
    put: (p, body) => store.put(p, body),
    get: (p) => store.get(p),
    list: (p) => store.list(p),
    delete: (p) => store.delete(p),
  };
}

const location = 'mlflow-artifacts:/registry/prod/price/m-1';

describe('modelFolder', () => {
  it('uses a local store in place', async () => {
    const config = await resolveConfig({ projectDir: dir });
    const store = storeWithModel(join(dir, 'local-store'));
    const folder = await modelFolder({
      config,
      artifacts: store,
      env: 'prod',
      model: 'price',
      version: '1',
      storageLocation: location,
    });
    expect(folder).toBe(join(dir, 'local-store', 'registry', 'prod', 'price', 'm-1'));
  });

  it('downloads a version from a remote store once, under .millrace/serving/models', async () => {
    const config = await resolveConfig({ projectDir: dir });
    const artifacts = remote(storeWithModel(join(dir, 'remote-store')));
    const o = { config, artifacts, env: 'prod', model: 'price', version: '1', storageLocation: location };
    const folder = await modelFolder(o);
    expect(folder).toBe(join(dir, '.millrace', 'serving', 'models', 'prod', 'price', '1'));
    expect(readFileSync(join(folder, 'data', 'model.pkl'), 'utf8')).toBe('weights');
    expect(readFileSync(join(folder, 'requirements.txt'), 'utf8')).toBe('scikit-learn==1.7.2\n');
    // No temp folder left beside it; a second call reuses the copy instead of downloading again.
    expect(readdirSync(join(folder, '..'))).toEqual(['1']);
    writeFileSync(join(folder, 'data', 'model.pkl'), 'kept');
    expect(await modelFolder(o)).toBe(folder);
    expect(readFileSync(join(folder, 'data', 'model.pkl'), 'utf8')).toBe('kept');
  });

  it('refuses a location outside the artifact store and local folders', async () => {
    const config = await resolveConfig({ projectDir: dir });
    await expect(
      modelFolder({
        config,
        artifacts: new ArtifactFolder(join(dir, 'x')),
        env: 'prod',
        model: 'price',
        version: '1',
        storageLocation: 's3://bucket/model',
      }),
    ).rejects.toMatchObject({ code: 'serving/unsupported-model-location' });
  });
});

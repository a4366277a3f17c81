import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSigningKeyPair } from '../../config/index.js';
import { SqliteModelRegistry, SqliteTrackingStore } from '../../store/index.js';

/** The people who may act on the fixture's protected prod, each with a signing key in `<dir>/.keys/<name>.pem`. */
export const ML_APPROVERS = ['alice', 'bob', 'carol', 'dave'] as const;

/** The private key file of one of the fixture's prod approvers. */
export const mlSigningKeyOf = (dir: string, name: (typeof ML_APPROVERS)[number]): string =>
  join(dir, '.keys', `${name}.pem`);
const mlArtifactRoot = (dir: string): string => join(dir, '.millrace', 'mlartifacts');

/** A project with `qa` (open) and `prod` (protected), and two trained versions of `price` in the default registry. */
export async function writeModelsProject(dir: string): Promise<void> {
  mkdirSync(join(dir, 'factory', 'pipeline'), { recursive: true });
  mkdirSync(join(dir, 'environments'));
  writeFileSync(join(dir, 'environments', 'env.json'), '{}');
  mkdirSync(join(dir, '.keys'));
  const approvers: Record<string, string> = {};
  for (const name of ML_APPROVERS) {
    const pair = createSigningKeyPair();
    writeFileSync(mlSigningKeyOf(dir, name), pair.privateKeyPem, { mode: 0o600 });
    approvers[name] = pair.publicKey;
  }
  writeFileSync(
    join(dir, 'millrace.json'),
    JSON.stringify({
      factory: 'factory',
      environments: {
        qa: { parameters: 'environments/env.json' },
        prod: { parameters: 'environments/env.json', protected: true, approvers },
      },
    }),
  );
  const db = join(dir, '.millrace', 'state.db');
  const tracking = new SqliteTrackingStore(db);
  const registry = new SqliteModelRegistry(db);
  await tracking.createExperiment({
    name: 'Default',
    tags: [],
    now: 1,
    artifactLocation: (id) => `mlflow-artifacts:/${id}`,
  });
  await registry.createRegisteredModel('default', {
    name: 'price',
    description: 'house prices',
    tags: [],
    now: 1,
  });
  for (const run of ['r1', 'r2']) {
    await tracking.createRun(
      {
        run_id: run,
        run_name: run,
        experiment_id: '0',
        user_id: 'u',
        status: 'FINISHED',
        start_time: 1,
        artifact_uri: `mlflow-artifacts:/0/${run}/artifacts`,
        lifecycle_stage: 'active',
      },
      [{ key: 'millrace.pipelineRunId', value: `pipeline-${run}` }],
    );
    const folder = join(mlArtifactRoot(dir), '0', run, 'artifacts', 'model');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'MLmodel'), `trained by ${run}`);
    await registry.createModelVersion('default', {
      name: 'price',
      source: `runs:/${run}/model`,
      storage_location: `mlflow-artifacts:/0/${run}/artifacts/model`,
      run_id: run,
      description: '',
      tags: [],
      now: 2,
    });
  }
  await tracking.close();
  await registry.close();
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgTriggerStore, SqliteTriggerStore } from '../store/index.js';
import { dropSchemas, schemaUrl, testSchemaName } from '../store/postgres/testing/pg-test-schema.js';
import { buildProject } from './build-project.js';
import { deployProject } from './deploy-service.js';
import { createDeployProject, pipelineJson, writeProjectFile } from './testing/deploy-fixture.js';

// A deploy to an environment whose servers share a PostgreSQL database sets the trigger states there (where their
// elected scheduler reads them), not in the target folder's own state file.
const schema = testSchemaName('mr_dpl');
const url = schemaUrl(schema);
let root: string;
let v1: string;
let v2: string;

async function build(out: string, version: string): Promise<string> {
  const result = await buildProject({ projectDir: root, outDir: path.join(root, out), version });
  if (!result.built) throw new Error(JSON.stringify(result.report.diagnostics));
  return result.outDir;
}

async function pgStates(): Promise<Map<string, string>> {
  const store = await openPgTriggerStore({ url });
  try {
    return new Map((await store.listStates()).map((s) => [s.trigger, s.runtimeState]));
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  root = await createDeployProject();
  v1 = await build('dist-v1', 'v1');
  await writeProjectFile(root, 'factory/pipeline/PL_A.json', pipelineJson('PL_A', 1));
  v2 = await build('dist-v2', 'v2');
});

afterAll(async () => {
  await dropSchemas([schema]);
});

describe('deploy with a shared PostgreSQL database', () => {
  it('keeps the trigger states in the database: a trigger started there is stopped and restarted by a deploy', async () => {
    const first = await deployProject({ projectDir: root, environment: 'qa', bundle: v1, db: url });
    expect(first.status).toBe('applied');
    const stateFile = path.join(root, '.millrace', 'envs', 'qa', '.millrace', 'state.db');
    if (existsSync(stateFile)) {
      const local = new SqliteTriggerStore(stateFile);
      expect(await local.listStates()).toEqual([]);
      await local.close();
    }
    // The environment's servers (on that database) start TR_B; TR_A is not running.
    const store = await openPgTriggerStore({ url });
    await store.setState('TR_A', 'Started', 1);
    await store.close();
    const second = await deployProject({ projectDir: root, environment: 'qa', bundle: v2, db: url });
    expect(second.status).toBe('applied');
    // PL_A changed: its running trigger is stopped for the deploy and started again, in the database.
    expect(second.deployment?.stoppedTriggers).toEqual(['TR_A']);
    expect(second.deployment?.restartedTriggers).toEqual(['TR_A']);
    expect((await pgStates()).get('TR_A')).toBe('Started');
  });
});

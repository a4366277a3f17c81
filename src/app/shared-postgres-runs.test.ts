import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchemas, schemaUrl, testSchemaName } from '../store/postgres/testing/pg-test-schema.js';
import { openProjectMlflow } from './ml-wiring.js';
import { createMillrace } from './run-service.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-pg-runs-'));
const schema = testSchemaName();
afterAll(async () => {
  await dropSchemas([schema]);
  rmSync(dir, { recursive: true, force: true });
});

describe('two run services on one PostgreSQL database', () => {
  it('see each other’s runs, and a cancel from one reaches the run of the other', async () => {
    mkdirSync(join(dir, 'pipeline'));
    writeFileSync(
      join(dir, 'pipeline', 'PL_Wait.json'),
      JSON.stringify({
        name: 'PL_Wait',
        properties: {
          activities: [
            { name: 'Pause', type: 'Wait', dependsOn: [], typeProperties: { waitTimeInSeconds: 30 } },
          ],
        },
      }),
    );
    const db = schemaUrl(schema);
    const a = await createMillrace({ projectDir: dir, db, cancelPollMs: 100 });
    const b = await createMillrace({ projectDir: dir, db, cancelPollMs: 100 });
    try {
      const started = await a.startRun('PL_Wait');
      // The other service sees the run once the owner's group commit wrote it (a few ms).
      let seen = await b.getRun(started.runId);
      for (let i = 0; i < 100 && seen === undefined; i++) {
        await new Promise((r) => setTimeout(r, 20));
        seen = await b.getRun(started.runId);
      }
      expect(seen).toMatchObject({ runId: started.runId, status: 'InProgress' });
      expect((await b.listRuns()).runs.map((r) => r.runId)).toEqual([started.runId]);
      const t0 = Date.now();
      expect(await b.cancelRun(started.runId)).toBe(true);
      const doc = await started.done;
      expect(doc.status).toBe('Cancelled');
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect((await b.getRun(started.runId))?.status).toBe('Cancelled');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('share ML tracking and the registry: what one MLflow service writes the other reads', async () => {
    const db = schemaUrl(schema);
    // Opened together, as servers starting at once: both see one Default experiment.
    const [a, b] = await Promise.all([
      openProjectMlflow({ projectDir: dir, db }),
      openProjectMlflow({ projectDir: dir, db }),
    ]);
    try {
      expect((await b.tracking.listExperiments('ALL')).map((e) => e.name)).toEqual(['Default']);
      const exp = await a.tracking.createExperiment({
        name: 'shared',
        tags: [],
        now: 5,
        artifactLocation: (id) => `mlflow-artifacts:/${id}`,
      });
      expect((await b.tracking.getExperimentByName('shared'))?.experiment_id).toBe(exp.experiment_id);
      await a.registry.createRegisteredModel('default', { name: 'price', description: '', tags: [], now: 5 });
      expect((await b.registry.listRegisteredModels('default')).map((m) => m.name)).toEqual(['price']);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteTrackingStore } from '../store/index.js';
import { LineageTag } from './run-tracking.js';
import { createMillrace } from './run-service.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-tracking-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A project whose notebook trains with the unchanged mlflow client calls a Databricks notebook makes. */
function writeProject(python: string): void {
  mkdirSync(join(dir, 'factory', 'pipeline'), { recursive: true });
  mkdirSync(join(dir, 'notebooks'));
  writeFileSync(
    join(dir, 'millrace.json'),
    JSON.stringify({ factory: 'factory', notebooks: { '/Shared/ml': 'notebooks' }, python }),
  );
  writeFileSync(
    join(dir, 'factory', 'pipeline', 'Train.json'),
    JSON.stringify({
      name: 'Train',
      properties: {
        activities: [
          { name: 'Fit', type: 'DatabricksNotebook', typeProperties: { notebookPath: '/Shared/ml/train' } },
        ],
      },
    }),
  );
  writeFileSync(
    join(dir, 'notebooks', 'train.py'),
    [
      '# Databricks notebook source',
      'import os',
      'import mlflow',
      'with mlflow.start_run() as run:',
      '    mlflow.log_param("alpha", "0.5")',
      '    mlflow.log_metric("rmse", 0.25)',
      'print("token " + os.environ["MLFLOW_TRACKING_TOKEN"])',
      'dbutils.notebook.exit(run.info.run_id)',
      '',
    ].join('\n'),
  );
}

describe('MLflow tracking for the notebooks of a run', () => {
  it('gives notebooks a tracking URI, token and experiment, and tags their runs with the lineage', async () => {
    const python = process.env['MILLRACE_TEST_PYTHON'];
    if (!python) throw new Error('MILLRACE_TEST_PYTHON is not set (test/setup/python-env.ts exports it)');
    writeProject(python);
    const millrace = await createMillrace({ projectDir: dir });
    const doc = await millrace.runPipeline('Train');
    const logs = await millrace.logs(doc.runId);
    await millrace.close();
    expect(doc.status).toBe('Succeeded');
    const mlRunId = (doc.activityRuns[0]?.output as { runOutput?: string }).runOutput ?? '';
    const store = new SqliteTrackingStore(join(dir, '.millrace', 'state.db'));
    const run = await store.getRun(mlRunId);
    const experiment = await store.getExperiment(run?.info.experiment_id ?? '');
    await store.close();
    expect(experiment?.name).toBe('/Shared/ml/train');
    expect(run?.data.params).toEqual([{ key: 'alpha', value: '0.5' }]);
    expect(run?.data.metrics.map((m) => [m.key, m.value])).toEqual([['rmse', 0.25]]);
    const tags = Object.fromEntries((run?.data.tags ?? []).map((t) => [t.key, t.value]));
    expect(tags).toMatchObject({
      [LineageTag.pipelineRunId]: doc.runId,
      [LineageTag.pipeline]: 'Train',
      [LineageTag.activity]: 'Fit',
      [LineageTag.environment]: 'default',
    });
    // The per-run token is a secret: the kept log masks it.
    const logText = logs.map((l) => JSON.stringify(l)).join('\n');
    expect(logText).toContain('token ***');
    expect(logText).not.toMatch(/mrr_[A-Za-z0-9_-]{10}/);
  }, 180_000);
});

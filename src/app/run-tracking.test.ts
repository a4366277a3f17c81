import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteTrackingStore } from '../store/index.js';
import { buildProject } from './build-project.js';
import { deployProject } from './deploy-service.js';
import { LineageTag, NO_BUNDLE } from './run-tracking.js';
import { createMillrace } from './run-service.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-tracking-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A project whose notebook trains with the unchanged mlflow client calls a Databricks notebook makes. */
function writeProject(python: string): void {
  mkdirSync(join(dir, 'factory', 'pipeline'), { recursive: true });
  mkdirSync(join(dir, 'notebooks'));
  writeFileSync(
    join(dir, 'millrace.json'),
    JSON.stringify({
      factory: 'factory',
      notebooks: { '/Shared/ml': 'notebooks' },
      python,
      environments: { qa: {} },
    }),
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
  // A git repository, so a run of the project's files has a commit to record.
  const g = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
  g('init', '-q');
  writeFileSync(join(dir, '.gitignore'), '.millrace/\ndist/\n');
  g('add', '-A');
  g('commit', '-q', '-m', 'train');
  commit = g('rev-parse', 'HEAD');
}

let commit = '';

/** Runs Train in `projectDir` and returns the tags of the MLflow run its notebook started. */
async function trainTags(projectDir: string, environment?: string) {
  const millrace = await createMillrace({ projectDir, ...(environment ? { environment } : {}) });
  const doc = await millrace.runPipeline('Train');
  await millrace.close();
  expect(doc.status, JSON.stringify(doc.activityRuns)).toBe('Succeeded');
  const mlRunId = (doc.activityRuns[0]?.output as { runOutput?: string }).runOutput ?? '';
  const store = new SqliteTrackingStore(join(projectDir, '.millrace', 'state.db'));
  const run = await store.getRun(mlRunId);
  await store.close();
  return { doc, tags: Object.fromEntries((run?.data.tags ?? []).map((t) => [t.key, t.value])) };
}

beforeAll(() => {
  const python = process.env['MILLRACE_TEST_PYTHON'];
  if (!python) throw new Error('MILLRACE_TEST_PYTHON is not set (test/setup/python-env.ts exports it)');
  writeProject(python);
});

describe('MLflow tracking for the notebooks of a run', () => {
  it('gives notebooks a tracking URI, token and experiment, and tags their runs with the lineage', async () => {
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
      // A run of the project's files: no bundle, the project's commit, the notebook as MLflow's source.
      [LineageTag.bundleVersion]: NO_BUNDLE,
      [LineageTag.gitCommit]: commit,
      [LineageTag.sourceName]: '/Shared/ml/train',
      [LineageTag.sourceType]: 'NOTEBOOK',
    });
    expect(tags[LineageTag.bundleHash]).toBeUndefined();
    // The per-run token is a secret: the kept log masks it.
    const logText = logs.map((l) => JSON.stringify(l)).join('\n');
    expect(logText).toContain('token ***');
    expect(logText).not.toMatch(/mrr_[A-Za-z0-9_-]{10}/);
  }, 180_000);

  it('tags the runs of a deployed environment with the bundle version, hash and commit it was built from', async () => {
    const built = await buildProject({ projectDir: dir, outDir: join(dir, 'dist'), version: 'v7' });
    if (!built.built) throw new Error(JSON.stringify(built.report.diagnostics));
    const deployed = await deployProject({
      projectDir: dir,
      environment: 'qa',
      bundle: built.outDir,
      actor: 'alice',
    });
    expect(deployed.status).toBe('applied');
    const { doc, tags } = await trainTags(join(dir, '.millrace', 'envs', 'qa'), 'qa');
    expect(tags).toMatchObject({
      [LineageTag.pipelineRunId]: doc.runId,
      [LineageTag.environment]: 'qa',
      [LineageTag.bundleVersion]: 'v7',
      [LineageTag.bundleHash]: built.contentHash,
      [LineageTag.gitCommit]: commit,
      [LineageTag.gitDirty]: 'false',
    });
  }, 180_000);
});

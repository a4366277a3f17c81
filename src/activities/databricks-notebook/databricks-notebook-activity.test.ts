import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeJobsServer } from '../testing/fake-jobs-server.js';
import { fakeActivityContext } from '../testing/fake-activity-context.js';
import { createDatabricksNotebookExecutor } from './databricks-notebook-activity.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-dbnb-'));
mkdirSync(join(dir, 'notebooks'));
writeFileSync(
  join(dir, 'notebooks', 'transform.py'),
  [
    '# Databricks notebook source',
    'import json',
    'dbutils.widgets.text("limit", "5")',
    '',
    '# COMMAND ----------',
    '',
    'key = dbutils.secrets.get("kv", "storage-key")',
    'print("using key", key)',
    'dbutils.notebook.exit(json.dumps({"limit": int(dbutils.widgets.get("limit")), "flag": dbutils.widgets.get("flag"), "cfg": dbutils.widgets.get("cfg")}))',
  ].join('\n'),
);
writeFileSync(join(dir, 'notebooks', 'quiet.py'), '# Databricks notebook source\nx = 1\n');
writeFileSync(
  join(dir, 'notebooks', 'fails.py'),
  '# Databricks notebook source\nfor i in range(12):\n    print("step", i)\n\n# COMMAND ----------\n\nx = 1\nraise ValueError("bad input " + str(x))\n',
);
writeFileSync(
  join(dir, 'notebooks', 'set_value.py'),
  '# Databricks notebook source\ndbutils.jobs.taskValues.set(key="rows", value={"n": 3})\n',
);
writeFileSync(
  join(dir, 'notebooks', 'get_value.py'),
  '# Databricks notebook source\nimport json\nv = dbutils.jobs.taskValues.get(taskKey="Produce", key="rows")\nd = dbutils.jobs.taskValues.get(taskKey="Produce", key="other", default=7)\ndbutils.notebook.exit(json.dumps([v, d]))\n',
);

const executor = createDatabricksNotebookExecutor({
  notebooks: { '/Repos/team/etl': join(dir, 'notebooks') },
  projectDir: dir,
  dbfsRoot: join(dir, 'dbfs'),
  logDir: join(dir, 'logs'),
  secrets: {
    get: (scope, key) => Promise.resolve(scope === 'kv' && key === 'storage-key' ? 'K3Y-VALUE' : undefined),
  },
});

describe('DatabricksNotebook executor', () => {
  it("fails a cell with Databricks' error shape in output.runError, the traceback only in the log", async () => {
    const ctx = fakeActivityContext('DatabricksNotebook', { notebookPath: '/Repos/team/etl/fails' });
    const err = (await executor.execute(ctx).catch((e: unknown) => e)) as {
      code: string;
      output: { runPageUrl: string; runError: Record<string, unknown> };
    };
    expect(err.code).toBe('activity/notebook-cell-failed');
    expect(err.output.runError).toEqual({
      error: 'ValueError: bad input 1',
      errorType: 'ValueError',
      notebookPath: '/Repos/team/etl/fails',
      cell: 2,
      line: 2,
      lastOutput: [
        'step 2',
        'step 3',
        'step 4',
        'step 5',
        'step 6',
        'step 7',
        'step 8',
        'step 9',
        'step 10',
        'step 11',
      ],
    });
    const log = readFileSync(fileURLToPath(err.output.runPageUrl), 'utf8');
    expect(log).toContain('Traceback (most recent call last):');
    expect(log).toContain('raise ValueError("bad input " + str(x))');
  });

  it('passes dbutils.jobs.taskValues from one activity of a run to a later one', async () => {
    const produce = fakeActivityContext(
      'DatabricksNotebook',
      { notebookPath: '/Repos/team/etl/set_value' },
      { name: 'Produce' },
    );
    await executor.execute(produce);
    const consume = fakeActivityContext('DatabricksNotebook', { notebookPath: '/Repos/team/etl/get_value' });
    const output = (await executor.execute({ ...consume, runId: produce.runId })) as Record<string, unknown>;
    expect(output['runOutput']).toEqual([{ n: 3 }, 7]);
  });

  it('passes baseParameters as strings and returns the ADF output shape', async () => {
    const ctx = fakeActivityContext('DatabricksNotebook', {
      notebookPath: '/Repos/team/etl/transform',
      baseParameters: { limit: 10, flag: true, cfg: { a: 1 } },
      libraries: [{ pypi: { package: 'simplejson' } }],
    });
    const output = (await executor.execute(ctx)) as Record<string, unknown>;
    expect(output).toMatchObject({
      runOutput: { limit: 10, flag: 'true', cfg: '{"a":1}' },
      effectiveIntegrationRuntime: 'Millrace (local)',
      durationInQueue: { integrationRuntimeQueue: 0 },
      billingReference: { activityType: 'ExternalActivity' },
    });
    expect(typeof output['executionDuration']).toBe('number');
    expect(Object.keys(output)[0]).toBe('runPageUrl');
    const log = readFileSync(fileURLToPath(output['runPageUrl'] as string), 'utf8');
    expect(log).toContain('using key [REDACTED]');
    expect(log).not.toContain('K3Y-VALUE');
    expect(ctx.lines).toContain('using key [REDACTED]');
    expect(ctx.lines[0]).toMatch(/1 declared library is not installed locally/);
  });

  it('leaves runOutput out when the notebook does not exit', async () => {
    const output = (await executor.execute(
      fakeActivityContext('DatabricksNotebook', { notebookPath: '/Repos/team/etl/quiet' }),
    )) as Record<string, unknown>;
    expect(output).not.toHaveProperty('runOutput');
  });

  it('rejects a missing notebookPath', async () => {
    await expect(executor.execute(fakeActivityContext('DatabricksNotebook', {}))).rejects.toMatchObject({
      code: 'activity/invalid-process-input',
    });
  });
});

describe('DatabricksNotebook executor on a workspace', () => {
  const started = startFakeJobsServer();
  afterAll(async () => (await started).close());

  const remote = createDatabricksNotebookExecutor({
    notebooks: { '/Repos/team/etl': join(dir, 'notebooks') },
    projectDir: dir,
    dbfsRoot: join(dir, 'dbfs'),
    logDir: join(dir, 'logs'),
    remote: async (ctx) => {
      if (ctx.activity.name === 'Local') return undefined;
      const server = await started;
      return {
        host: server.url,
        token: () => Promise.resolve(server.token),
        cluster: { existing_cluster_id: 'c1' },
        pollIntervalMs: 1,
      };
    },
  });

  it('submits the notebook with string parameters and shapes the ADF output', async () => {
    const server = await started;
    server.outcome = { result_state: 'SUCCESS', result: '{"rows": 7}' };
    const ctx = fakeActivityContext('DatabricksNotebook', {
      notebookPath: '/Repos/etl/t',
      baseParameters: { n: 1 },
    });
    const output = (await remote.execute(ctx)) as Record<string, unknown>;
    const run = server.runs.at(-1);
    expect(output).toMatchObject({
      runPageUrl: `${server.url}/#job/1/run/${run?.runId}`,
      runOutput: { rows: 7 },
    });
    expect(run?.body['tasks']).toEqual([
      {
        task_key: 'millrace',
        notebook_task: { notebook_path: '/Repos/etl/t', base_parameters: { n: '1' } },
        existing_cluster_id: 'c1',
      },
    ]);
  });

  it('runs the activity locally when the resolver returns no workspace', async () => {
    const server = await started;
    const before = server.runs.length;
    const output = (await remote.execute(
      fakeActivityContext('DatabricksNotebook', { notebookPath: '/Repos/team/etl/quiet' }, { name: 'Local' }),
    )) as Record<string, unknown>;
    expect(output['runPageUrl']).toMatch(/^file:/);
    expect(server.runs).toHaveLength(before);
  });
});

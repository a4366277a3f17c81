import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeJobsServer } from '../testing/fake-jobs-server.js';
import { startFakeJobsServer } from '../testing/fake-jobs-server.js';
import { clusterFromLinkedService } from './cluster-spec.js';
import { JobsApiClient } from './jobs-api-client.js';
import { runOnDatabricks } from './run-on-databricks.js';

let server: FakeJobsServer;
const noWait = (): Promise<void> => Promise.resolve();

beforeAll(async () => {
  server = await startFakeJobsServer();
});
afterAll(() => server.close());

const task = {
  notebook_task: { notebook_path: '/Repos/etl/transform', base_parameters: { day: '2024-01-01' } },
};

describe('runOnDatabricks', () => {
  it('submits, polls until terminated and reads the task output', async () => {
    server.outcome = { result_state: 'SUCCESS', result: '{"rows": 3}' };
    const lines: string[] = [];
    const result = await runOnDatabricks({
      client: new JobsApiClient({ host: `${server.url}/`, token: server.token }),
      task,
      cluster: { existing_cluster_id: '0101-abc' },
      libraries: [{ pypi: { package: 'simplejson' } }],
      runName: 'p/nb',
      sleep: noWait,
      onLog: (l) => lines.push(l),
    });
    const run = server.runs.at(-1);
    expect(run?.body).toEqual({
      run_name: 'p/nb',
      tasks: [
        {
          task_key: 'millrace',
          ...task,
          existing_cluster_id: '0101-abc',
          libraries: [{ pypi: { package: 'simplejson' } }],
        },
      ],
    });
    expect(result).toEqual({
      runId: run?.runId,
      runPageUrl: `${server.url}/#job/1/run/${run?.runId}`,
      exitValue: '{"rows": 3}',
      truncated: false,
    });
    expect(lines.map((l) => l.split(' ').slice(0, 4).join(' '))).toEqual([
      `databricks: submitted run ${run?.runId}`,
      `databricks: run ${run?.runId} PENDING`,
      `databricks: run ${run?.runId} RUNNING`,
      `databricks: run ${run?.runId} TERMINATED`,
    ]);
  });

  it('fails with the run error when the result is not SUCCESS', async () => {
    server.outcome = { result_state: 'FAILED', error: 'ValueError: bad value' };
    const run = runOnDatabricks({
      client: new JobsApiClient({ host: server.url, token: server.token }),
      task,
      cluster: {},
      runName: 'x',
      sleep: noWait,
    });
    const err = (await run.catch((e: unknown) => e)) as Error & { code: string };
    expect(err.code).toBe('activity/databricks-run-failed');
    expect(err.message).toMatch(/^Databricks run \d+ FAILED: ValueError: bad value$/);
  });

  it('reports API errors with the status and Databricks message', async () => {
    const run = runOnDatabricks({
      client: new JobsApiClient({ host: server.url, token: 'wrong' }),
      task,
      cluster: {},
      runName: 'x',
      sleep: noWait,
    });
    const err = (await run.catch((e: unknown) => e)) as Error & { code: string; retryable: boolean };
    expect(err.code).toBe('activity/databricks-api-failed');
    expect(err.message).toBe(
      'Databricks runs/submit failed (HTTP 401): UNAUTHENTICATED: Invalid access token.',
    );
    expect(err.retryable).toBe(false);
  });

  it('cancels the remote run when aborted', async () => {
    server.pollsToFinish = 1000;
    const controller = new AbortController();
    const run = runOnDatabricks({
      client: new JobsApiClient({ host: server.url, token: server.token }),
      task,
      cluster: {},
      runName: 'x',
      pollIntervalMs: 10,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('stop')), 50);
    await expect(run).rejects.toMatchObject({ code: 'activity/process-cancelled' });
    expect(server.runs.at(-1)?.cancelled).toBe(true);
    server.pollsToFinish = 2;
  });
});

describe('clusterFromLinkedService', () => {
  it('maps existing and new clusters', () => {
    expect(clusterFromLinkedService({ existingClusterId: 'c1', newClusterVersion: 'x' })).toEqual({
      existing_cluster_id: 'c1',
    });
    expect(
      clusterFromLinkedService({
        newClusterVersion: '13.3.x-scala2.12',
        newClusterNumOfWorker: '1:4',
        newClusterNodeType: 'Standard_DS3_v2',
        newClusterSparkConf: { a: 'b' },
      }),
    ).toEqual({
      new_cluster: {
        spark_version: '13.3.x-scala2.12',
        autoscale: { min_workers: 1, max_workers: 4 },
        node_type_id: 'Standard_DS3_v2',
        spark_conf: { a: 'b' },
      },
    });
    expect(() => clusterFromLinkedService({ newClusterVersion: 'v', newClusterNumOfWorker: 'many' })).toThrow(
      /newClusterNumOfWorker/,
    );
  });
});

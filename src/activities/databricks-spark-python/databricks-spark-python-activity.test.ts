import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeJobsServer } from '../testing/fake-jobs-server.js';
import { fakeActivityContext } from '../testing/fake-activity-context.js';
import { createDatabricksSparkPythonExecutor } from './databricks-spark-python-activity.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-dbpy-'));
mkdirSync(join(dir, 'dbfs', 'scripts'), { recursive: true });
writeFileSync(join(dir, 'dbfs', 'scripts', 'job.py'), 'import sys\nprint("args", sys.argv[1:])\n');
const executor = createDatabricksSparkPythonExecutor({
  notebooks: {},
  projectDir: dir,
  dbfsRoot: join(dir, 'dbfs'),
  logDir: join(dir, 'logs'),
});

describe('DatabricksSparkPython executor', () => {
  it('runs the dbfs:/ file with parameters as argv', async () => {
    const ctx = fakeActivityContext('DatabricksSparkPython', {
      pythonFile: 'dbfs:/scripts/job.py',
      parameters: ['--date', '2024-01-01', 3],
    });
    const output = (await executor.execute(ctx)) as Record<string, unknown>;
    expect(ctx.lines).toEqual(["args ['--date', '2024-01-01', '3']"]);
    expect(output['runPageUrl']).toMatch(/^file:\/\//);
    expect(output).not.toHaveProperty('runOutput');
  });
});

describe('DatabricksSparkPython executor on a workspace', () => {
  it('submits a spark_python_task with the path and parameters as given', async () => {
    const server = await startFakeJobsServer();
    try {
      const remote = createDatabricksSparkPythonExecutor({
        notebooks: {},
        projectDir: dir,
        dbfsRoot: join(dir, 'dbfs'),
        logDir: join(dir, 'logs'),
        remote: () =>
          Promise.resolve({
            host: server.url,
            token: server.token,
            cluster: { existing_cluster_id: 'c1' },
            pollIntervalMs: 1,
          }),
      });
      const ctx = fakeActivityContext('DatabricksSparkPython', {
        pythonFile: 'dbfs:/scripts/job.py',
        parameters: ['--n', 2],
      });
      const output = (await remote.execute(ctx)) as Record<string, unknown>;
      expect(output['runPageUrl']).toMatch(/#job\/1\/run\/\d+$/);
      expect(server.runs.at(-1)?.body['tasks']).toEqual([
        {
          task_key: 'millrace',
          spark_python_task: { python_file: 'dbfs:/scripts/job.py', parameters: ['--n', '2'] },
          existing_cluster_id: 'c1',
        },
      ]);
    } finally {
      await server.close();
    }
  });
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunProgress } from './progress-router.js';
import { createMillrace } from './run-service.js';

// Real Python from the pinned test environment (pandas, pyspark); environments are built into a temp cache.
const python = process.env['MILLRACE_TEST_PYTHON'] ?? 'python3';
const dir = mkdtempSync(join(tmpdir(), 'millrace-nb-runs-'));
process.env['MILLRACE_PYTHON_ENVS'] = join(dir, 'envs');
const write = (rel: string, value: unknown): void => {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
};
const H = '# Databricks notebook source\n';
const notebook = (name: string, notebookPath: string, libraries?: unknown) => ({
  name,
  type: 'DatabricksNotebook',
  typeProperties: { notebookPath, ...(libraries ? { libraries } : {}) },
});
const pipeline = (name: string, ...activities: unknown[]) =>
  write(`factory/pipeline/${name}.json`, { name, properties: { activities } });

write('millrace.json', {
  notebooks: { '/Shared': 'notebooks' },
  python,
  dbfs: { mounts: { '/mnt/raw': 'data/raw' } },
  environments: { dev: { parameters: 'environments/dev.json' } },
});
write('environments/dev.json', {
  dbfs: { sources: { '/mnt/raw': 'wasbs://raw@lakedev.blob.core.windows.net/' } },
});
write('data/raw/in.txt', 'from the dev lake');
write(
  'notebooks/show.py',
  `${H}import pandas as pd\ndisplay(pd.DataFrame({"n": [1, 2, 3]}))\ndisplayHTML("<h1>done</h1>")`,
);
write(
  'notebooks/lake.py',
  `${H}text = dbutils.fs.head("abfss://raw@lakedev.dfs.core.windows.net/in.txt")\n` +
    'try:\n    dbutils.fs.head("abfss://raw@lakeprod.dfs.core.windows.net/in.txt")\n    other = "read"\n' +
    'except Exception as e:\n    other = str(e)\ndbutils.notebook.exit(text + "|" + other)',
);
write(
  'notebooks/spark_fails.py',
  `${H}pid = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()\nprint(f"jvm pid {pid}")\nraise ValueError("after Spark")`,
);
write(
  'notebooks/spark_waits.py',
  `${H}import time\npid = sc._jvm.java.lang.ProcessHandle.current().pid()\nprint(f"jvm pid {pid}")\ntime.sleep(600)`,
);
pipeline('PL_SparkWaits', notebook('SparkWaits', '/Shared/spark_waits'));
pipeline('PL_Show', notebook('Show', '/Shared/show', [{ pypi: { package: 'pandas' } }]));
pipeline('PL_Lake', notebook('Lake', '/Shared/lake'));
pipeline('PL_SparkFails', notebook('SparkFails', '/Shared/spark_fails'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('notebook runs through the run service', () => {
  it('shows the environment build as a status line and lists display() artifacts in the run document', async () => {
    const millrace = await createMillrace({ projectDir: dir });
    try {
      const seen: RunProgress[] = [];
      const doc = await millrace.runPipeline('PL_Show', { onProgress: (p) => seen.push(p) });
      expect(doc.status).toBe('Succeeded');
      const statuses = seen.map((p) => p.status ?? '');
      expect(statuses.some((s) => s.startsWith('millrace: building Python environment'))).toBe(true);
      expect(statuses.some((s) => s === 'millrace: installing pandas')).toBe(true);
      expect(seen.every((p) => p.activityName === 'Show' && p.runId === doc.runId)).toBe(true);

      const artifacts = doc.activityRuns[0]?.artifacts ?? [];
      expect(artifacts.map((a) => a.name)).toEqual(['display-1.html', 'display-1.json', 'display-2.html']);
      expect(artifacts[0]?.path).toMatch(/^\.millrace\/artifacts\/[^/]+\/[^/]+\/display-1\.html$/);
      expect(JSON.parse(readFileSync(join(dir, artifacts[1]?.path ?? ''), 'utf8'))).toMatchObject({
        rows: [[1], [2], [3]],
      });
      expect(readFileSync(join(dir, artifacts[2]?.path ?? ''), 'utf8')).toBe('<h1>done</h1>');
      expect((await millrace.getRun(doc.runId))?.activityRuns[0]?.artifacts).toEqual(artifacts);

      // Reused environment: nothing is built, so no status line.
      const again: RunProgress[] = [];
      await millrace.runPipeline('PL_Show', { onProgress: (p) => again.push(p) });
      expect(again.filter((p) => p.status !== undefined)).toEqual([]);
    } finally {
      await millrace.close();
    }
  }, 300_000);

  it("maps abfss:// URLs through the environment file's dbfs sources, and names an unmapped one", async () => {
    const millrace = await createMillrace({ projectDir: dir, environment: 'dev' });
    try {
      const doc = await millrace.runPipeline('PL_Lake');
      expect(doc.status).toBe('Succeeded');
      const [text, other] = String((doc.activityRuns[0]?.output as { runOutput?: unknown }).runOutput).split(
        '|',
      );
      expect(text).toBe('from the dev lake');
      expect(other).toContain(
        'abfss://raw@lakeprod.dfs.core.windows.net/in.txt is not mapped to a local folder: map its container to a mount',
      );
    } finally {
      await millrace.close();
    }
    // Without the environment, the dev account is not mapped either.
    const plain = await createMillrace({ projectDir: dir });
    try {
      const doc = await plain.runPipeline('PL_Lake');
      expect(doc.status).toBe('Failed');
      expect(doc.activityRuns[0]?.error?.message).toContain(
        'abfss://raw@lakedev.dfs.core.windows.net/in.txt is not mapped to a local folder',
      );
    } finally {
      await plain.close();
    }
  }, 120_000);

  it("stops the run's shared Spark driver when the run fails", async () => {
    const millrace = await createMillrace({ projectDir: dir });
    let pid = 0;
    try {
      const doc = await millrace.runPipeline('PL_SparkFails', {
        onEvent: (e) => {
          const m = e.kind === 'activity-log' ? /jvm pid (\d+)/.exec(e.line) : null;
          if (m) pid = Number(m[1]);
        },
      });
      expect(doc.status).toBe('Failed');
      expect(doc.activityRuns[0]?.error?.message).toContain('ValueError: after Spark');
      expect(pid).toBeGreaterThan(0);
      // The driver stops once the run has ended, without waiting for close().
      const until = Date.now() + 60_000;
      while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
      expect(alive(pid)).toBe(false);
    } finally {
      await millrace.close();
    }
  }, 600_000);

  it("stops the run's shared Spark driver when the run is cancelled", async () => {
    const millrace = await createMillrace({ projectDir: dir });
    let pid = 0;
    try {
      let seen!: () => void;
      const printed = new Promise<void>((r) => (seen = r));
      const started = await millrace.startRun('PL_SparkWaits', {
        onEvent: (e) => {
          const m = e.kind === 'activity-log' ? /jvm pid (\d+)/.exec(e.line) : null;
          if (m) {
            pid = Number(m[1]);
            seen();
          }
        },
      });
      await printed;
      expect(alive(pid)).toBe(true);
      await millrace.cancelRun(started.runId);
      expect((await started.done).status).toBe('Cancelled');
      const until = Date.now() + 60_000;
      while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
      expect(alive(pid)).toBe(false);
    } finally {
      await millrace.close();
    }
  }, 600_000);
});

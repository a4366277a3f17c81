import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNotebook } from './run-notebook.js';
import type { RunNotebookOptions } from './run-notebook.js';
import { createSparkHosts } from './spark-hosts.js';

// Real pyspark from the pinned test environment (test/setup/python-env.ts builds it once).
const python = process.env['MILLRACE_TEST_PYTHON'] ?? 'python3';
const H = '# Databricks notebook source';
const nb = (...cells: string[]): string => `${H}\n${cells.join('\n\n# COMMAND ----------\n\n')}\n`;

let dir: string;
const hosts = () => createSparkHosts({ logDir: join(dir, 'captures', 'spark') });

function options(path: string, extra: Partial<RunNotebookOptions>): RunNotebookOptions {
  return {
    notebookPath: path,
    notebooks: { '/Shared': join(dir, 'nb') },
    dbfsRoot: join(dir, 'dbfs'),
    sparkStateDir: join(dir, 'state'),
    interpreter: python,
    logFile: join(dir, 'logs', `${path.replace(/\W/g, '_')}.log`),
    ...extra,
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'millrace-spark-hosts-'));
  mkdirSync(join(dir, 'nb'), { recursive: true });
  const writer = (name: string) =>
    nb(
      `df = spark.range(1000).selectExpr("id", "id % 3 AS k")\ndf.write.mode("overwrite").saveAsTable("t_${name}")`,
      'import os\nrdd_sum = sc.parallelize(range(10)).map(lambda x: x * 2).sum()\n' +
        `display(spark.table("t_${name}").groupBy("k").count().orderBy("k"))\n` +
        `dbutils.notebook.exit(f"{spark.table('t_${name}').count()} {rdd_sum} {sqlContext.sql('SELECT 1').count()} {os.getpid()} {spark.sparkContext.applicationId}")`,
    );
  writeFileSync(join(dir, 'nb', 'a.py'), writer('a'));
  writeFileSync(join(dir, 'nb', 'b.py'), writer('b'));
  writeFileSync(
    join(dir, 'nb', 'reader.py'),
    nb(
      'tables = sorted(t.name for t in spark.catalog.listTables())\ndbutils.notebook.exit(",".join(tables))',
    ),
  );
  writeFileSync(
    join(dir, 'nb', 'frames.py'),
    nb(
      'import pandas as pd\ndisplay(pd.DataFrame({"x": [1, 2], "y": ["a", None]}))\ndisplayHTML("<b>hi</b>")',
    ),
  );
});

afterAll(() => {
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
});

describe('shared Spark driver', () => {
  it('runs two notebooks of a run at once on one driver, each with its own session over one metastore', async () => {
    const sparkHosts = hosts();
    try {
      const logs: string[] = [];
      const run = (path: string) =>
        runNotebook(
          options(path, {
            sparkHosts,
            runId: 'run-1',
            artifactDir: join(dir, 'artifacts', path.slice(-1)),
            onLog: (line) => logs.push(line),
          }),
        );
      const [a, b] = await Promise.all([run('/Shared/a'), run('/Shared/b')]);
      const [rowsA, sumA, oneA, pidA, appA] = (a.exitValue ?? '').split(' ');
      const [rowsB, sumB, , pidB, appB] = (b.exitValue ?? '').split(' ');
      expect([rowsA, sumA, oneA, rowsB, sumB]).toEqual(['1000', '90', '1', '1000', '90']);
      expect(pidA).not.toBe(pidB); // two notebook processes…
      expect(appA).toBe(appB); // …on one Spark application
      expect(sparkHosts.running()).toBe(1);
      expect(logs.filter((l) => l.includes("started the run's shared Spark driver"))).toHaveLength(1);
      expect(logs.filter((l) => l.includes("attached to the run's shared Spark driver"))).toHaveLength(1);

      // A later notebook of the run sees both tables through the one metastore.
      const reader = await runNotebook(options('/Shared/reader', { sparkHosts, runId: 'run-1' }));
      expect(reader.exitValue).toBe('t_a,t_b');

      // display() kept the table as an artifact: JSON rows and an HTML table.
      const kept = JSON.parse(readFileSync(join(dir, 'artifacts', 'a', 'display-1.json'), 'utf8')) as {
        columns: { name: string; type: string }[];
        rows: unknown[][];
        truncated: boolean;
      };
      expect(kept).toEqual({
        columns: [
          { name: 'k', type: 'bigint' },
          { name: 'count', type: 'bigint' },
        ],
        rows: [
          [0, 334],
          [1, 333],
          [2, 333],
        ],
        truncated: false,
      });
      expect(readFileSync(join(dir, 'artifacts', 'a', 'display-1.html'), 'utf8')).toContain('<td>334</td>');

      await sparkHosts.releaseRun('run-1');
      expect(sparkHosts.running()).toBe(0);
      const driverLog = readdirSync(join(dir, 'captures', 'spark'));
      expect(driverLog).toHaveLength(1);
    } finally {
      await sparkHosts.close();
    }
  }, 600_000);

  it('keeps a pandas display() and displayHTML() as artifacts without starting Spark', async () => {
    const sparkHosts = hosts();
    const artifactDir = join(dir, 'artifacts', 'pandas');
    await runNotebook(options('/Shared/frames', { sparkHosts, runId: 'run-2', artifactDir }));
    expect(sparkHosts.running()).toBe(0);
    expect(readdirSync(artifactDir).sort()).toEqual(['display-1.html', 'display-1.json', 'display-2.html']);
    expect(JSON.parse(readFileSync(join(artifactDir, 'display-1.json'), 'utf8'))).toMatchObject({
      columns: [{ name: 'x' }, { name: 'y' }],
      rows: [
        [1, 'a'],
        [2, null],
      ],
    });
    expect(readFileSync(join(artifactDir, 'display-2.html'), 'utf8')).toBe('<b>hi</b>');
  }, 120_000);
});

/**
 * Notebooks: a Spark transform notebook over a CSV (default 1,000,000 rows; `BENCH_NOTEBOOK_ROWS`) run by
 * `millrace run` against the same code run by plain `python` with pyspark (its own SparkSession, same conf), both
 * on the pinned test interpreter; three small Spark notebooks in one run (one shared Spark driver) against the
 * three as plain scripts, one after the other (a JVM each); then a Python environment's first build and its warm
 * reuse.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPythonEnvironments } from '../src/python/index.js';
import { writeTinyWheel } from '../src/python/testing/tiny-wheel.js';
import type { BenchResult } from './bench-result.js';

const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));

const TRANSFORM = `
from pyspark.sql import functions as F
df = spark.read.csv("/mnt/raw/big.csv", header=True, inferSchema=True)
out = df.where(F.col("qty") > 2).groupBy("region").agg(F.sum(F.col("qty") * F.col("price")).alias("revenue"))
out.write.mode("overwrite").parquet("/mnt/out/revenue")
print(out.count())
`;

async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  const regions = ['EU', 'US', 'APAC', 'LATAM'];
  out.write('id,region,qty,price\n');
  for (let i = 0; i < rows; i++) {
    const ok = out.write(`${i},${regions[i % 4]},${i % 7},${(i % 100) + 0.5}\n`);
    if (!ok) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
}

function timed(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function benchNotebooks(): Promise<BenchResult[]> {
  const python =
    process.env['MILLRACE_TEST_PYTHON'] ??
    execFileSync(process.execPath, [join(repo, 'scripts', 'python-test-env.js')], {
      encoding: 'utf8',
    }).trim();
  const rows = Number(process.env['BENCH_NOTEBOOK_ROWS'] ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'millrace-bench-nb-'));
  try {
    for (const d of ['notebooks', 'data/raw', 'data/out', 'factory/pipeline'])
      mkdirSync(join(dir, d), { recursive: true });
    await writeCsv(join(dir, 'data', 'raw', 'big.csv'), rows);
    const mounts = { '/mnt/raw': 'data/raw', '/mnt/out': 'data/out' };
    writeFileSync(
      join(dir, 'millrace.json'),
      JSON.stringify({ notebooks: { '/Shared': 'notebooks' }, python, dbfs: { mounts } }),
    );
    writeFileSync(join(dir, 'notebooks', 'transform.py'), `# Databricks notebook source\n${TRANSFORM}`);
    const activity = {
      name: 'T',
      type: 'DatabricksNotebook',
      typeProperties: { notebookPath: '/Shared/transform' },
    };
    writeFileSync(
      join(dir, 'factory', 'pipeline', 'P.json'),
      JSON.stringify({ name: 'P', properties: { activities: [activity] } }),
    );
    // The same code as a plain script: its own session with the same settings, paths already local.
    const plain = join(dir, 'plain.py');
    writeFileSync(
      plain,
      `from pyspark.sql import SparkSession\nspark = SparkSession.builder.master("local[*]").config("spark.ui.enabled", "false").getOrCreate()\n` +
        TRANSFORM.replaceAll('/mnt/raw', join(dir, 'data', 'raw')).replaceAll(
          '/mnt/out',
          join(dir, 'data', 'out'),
        ),
    );
    const plainMs = timed(() => {
      const r = spawnSync(python, [plain], { cwd: dir, stdio: 'ignore' });
      if (r.status !== 0) throw new Error(`plain pyspark exited ${r.status}`);
    });
    const millraceMs = timed(() => {
      const r = spawnSync(process.execPath, [cli, 'run', 'P', '--project', dir], { stdio: 'ignore' });
      if (r.status !== 0) throw new Error(`millrace run exited ${r.status}`);
    });
    // Three notebooks of one run share the run's Spark driver; plain scripts start a JVM each.
    const SMALL = 'print(spark.range(100000).selectExpr("id % 10 AS k").groupBy("k").count().count())\n';
    const three = ['N1', 'N2', 'N3'].map((name, i) => ({
      name,
      type: 'DatabricksNotebook',
      dependsOn: i === 0 ? [] : [{ activity: `N${i}`, dependencyConditions: ['Succeeded'] }],
      typeProperties: { notebookPath: '/Shared/small' },
    }));
    writeFileSync(join(dir, 'notebooks', 'small.py'), `# Databricks notebook source\n${SMALL}`);
    writeFileSync(
      join(dir, 'factory', 'pipeline', 'P3.json'),
      JSON.stringify({ name: 'P3', properties: { activities: three } }),
    );
    const smallPlain = join(dir, 'small-plain.py');
    writeFileSync(
      smallPlain,
      `from pyspark.sql import SparkSession\nspark = SparkSession.builder.master("local[*]").config("spark.ui.enabled", "false").getOrCreate()\n${SMALL}`,
    );
    const plainThreeMs = timed(() => {
      for (let i = 0; i < 3; i++) {
        const r = spawnSync(python, [smallPlain], { cwd: dir, stdio: 'ignore' });
        if (r.status !== 0) throw new Error(`plain pyspark exited ${r.status}`);
      }
    });
    const millraceThreeMs = timed(() => {
      const r = spawnSync(process.execPath, [cli, 'run', 'P3', '--project', dir], { stdio: 'ignore' });
      if (r.status !== 0) throw new Error(`millrace run exited ${r.status}`);
    });
    const cacheDir = join(dir, 'envs');
    writeTinyWheel(dir, 'bench_tiny', '1.0', 'X = 1\n', python);
    const libraries = [{ whl: join(dir, 'bench_tiny-1.0-py3-none-any.whl') }];
    const envs = () =>
      createPythonEnvironments({ cacheDir, projectDir: dir, dbfs: { root: join(dir, 'dbfs') } });
    let t0 = performance.now();
    await envs().resolve({ interpreter: python, libraries, what: 'bench' });
    const buildMs = performance.now() - t0;
    t0 = performance.now();
    await envs().resolve({ interpreter: python, libraries, what: 'bench' });
    const reuseMs = performance.now() - t0;
    return [
      {
        name: `Spark transform notebook, ${rows.toLocaleString('en-US')} CSV rows (millrace run)`,
        value: millraceMs,
        unit: 'ms',
        target: '≤ 1.2× plain',
        baseline: { name: 'same code, plain python + pyspark', value: plainMs },
      },
      {
        name: 'Three small Spark notebooks in one run (one shared Spark driver; millrace run)',
        value: millraceThreeMs,
        unit: 'ms',
        target: '< 1× (one JVM instead of three)',
        baseline: {
          name: 'the three as plain python + pyspark scripts, one after the other',
          value: plainThreeMs,
        },
      },
      { name: 'Python environment: first build (one local wheel, layered venv)', value: buildMs, unit: 'ms' },
      { name: 'Python environment: warm reuse', value: reuseMs, unit: 'ms', target: '≤ 100 ms' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

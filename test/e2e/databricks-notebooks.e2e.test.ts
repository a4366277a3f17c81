/**
 * The Databricks example runs unchanged: its notebooks (spark, widgets, secrets, %run, %sql, /mnt and /dbfs
 * paths, an abfss:// URL, task values, a scikit-learn fit) run through the built CLI on local Spark, all three on
 * the run's one shared Spark driver. The pinned test venv plays the Databricks Runtime (pyspark, pandas,
 * scikit-learn), so the activity's libraries install nothing and nothing is downloaded.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..', '..');
const cli = join(repo, 'dist', 'cli', 'main.js');
const project = mkdtempSync(join(tmpdir(), 'millrace-dbx-'));
const envCache = mkdtempSync(join(tmpdir(), 'millrace-dbx-envs-'));
cpSync(join(repo, 'examples', 'databricks-notebooks'), project, {
  recursive: true,
  filter: (src) => !src.includes('.millrace'),
});
const config = JSON.parse(readFileSync(join(project, 'millrace.json'), 'utf8')) as Record<string, unknown>;
writeFileSync(
  join(project, 'millrace.json'),
  JSON.stringify({ ...config, python: process.env['MILLRACE_TEST_PYTHON'] ?? 'python3' }),
);
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(envCache, { recursive: true, force: true });
});

const SECRET = 'k3y-s3cr3t-value';

function millrace(...args: string[]) {
  const env = { ...process.env, MILLRACE_SECRET_SALES_API_KEY: SECRET, MILLRACE_PYTHON_ENVS: envCache };
  return spawnSync(process.execPath, [cli, ...args, '--project', project], { encoding: 'utf8', env });
}

interface Doc {
  status: string;
  runId: string;
  activityRuns: {
    activityName: string;
    status: string;
    output?: { runOutput?: Record<string, unknown> };
    artifacts?: { name: string; path: string }[];
  }[];
}

/** Least squares of revenue per day (days since the first) over the region's days, as the notebook fits it. */
function expectedTrend(region: string, upTo: string): { days: number; slope: number; intercept: number } {
  const [, ...rows] = readFileSync(join(project, 'data', 'raw', 'sales.csv'), 'utf8')
    .trim()
    .split('\n');
  const byDay = new Map<string, number>();
  for (const c of rows.map((r) => r.split(',')))
    if (c[2] === region && (c[1] ?? '') <= upTo)
      byDay.set(c[1] ?? '', (byDay.get(c[1] ?? '') ?? 0) + Number(c[4]));
  const days = [...byDay.keys()].sort();
  const first = Date.parse(days[0] ?? '');
  const xs = days.map((d) => (Date.parse(d) - first) / 86_400_000);
  const ys = days.map((d) => byDay.get(d) ?? 0);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const slope =
    xs.reduce((a, x, i) => a + (x - mx) * ((ys[i] ?? 0) - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return { days: days.length, slope, intercept: my - slope * mx };
}

/** Revenue of one region up to a day, from the CSV, independently of Spark. */
function expectedRevenue(region: string, upTo: string): { total: number; groups: number } {
  const [, ...rows] = readFileSync(join(project, 'data', 'raw', 'sales.csv'), 'utf8')
    .trim()
    .split('\n');
  const kept = rows.map((r) => r.split(',')).filter((c) => c[2] === region && (c[1] ?? '') <= upTo);
  const total = kept.reduce((a, c) => a + Number(c[4]), 0);
  return { total: Math.round(total * 100) / 100, groups: new Set(kept.map((c) => `${c[1]}/${c[3]}`)).size };
}

describe('examples/databricks-notebooks', () => {
  it('validates clean', () => {
    const r = millrace('validate');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('runs the Databricks notebooks unchanged on local Spark', () => {
    const r = millrace('run', 'PL_SalesDaily', '--env', 'dev', '--json');
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    const out = (name: string) => doc.activityRuns.find((a) => a.activityName === name)?.output?.runOutput;
    const { total, groups } = expectedRevenue('EU', '2024-03-02');
    expect(out('Transform')).toEqual({
      rows: groups,
      revenue: total,
      pandasRows: 12,
      lakeRows: 12,
      parquetFiles: true,
    });
    // The second notebook is another process: the table came through the metastore under .millrace/.
    expect(out('Report')).toEqual({
      tableRows: groups,
      tableRevenue: total,
      taskValue: total,
      database: 'default',
    });
    // scikit-learn's fit, checked against least squares computed here from the CSV.
    const trend = expectedTrend('EU', '2024-03-02');
    const fitted = out('TrainTrend') as { days: number; slope: number; intercept: number; r2: number };
    expect(fitted.days).toBe(trend.days);
    expect(fitted.slope).toBeCloseTo(trend.slope, 4);
    expect(fitted.intercept).toBeCloseTo(trend.intercept, 4);
    expect(fitted.r2).toBeGreaterThan(0.99);
    // display() output is kept as artifacts of the activity run, listed in the run document.
    const shown = doc.activityRuns.find((a) => a.activityName === 'Report')?.artifacts ?? [];
    expect(shown.map((a) => a.name)).toEqual(['display-1.html', 'display-1.json']);
    const table = JSON.parse(readFileSync(join(project, shown[1]?.path ?? ''), 'utf8')) as {
      columns: { name: string }[];
      rows: unknown[][];
    };
    expect(table.columns.map((c) => c.name)).toEqual(['order_date', 'product', 'revenue', 'region']);
    expect(table.rows).toHaveLength(groups);
    expect(readFileSync(join(project, shown[0]?.path ?? ''), 'utf8')).toContain('<th>revenue</th>');
    const parquet = readdirSync(join(project, 'data', 'curated', 'daily_sales', 'region=EU'));
    expect(parquet.some((f) => f.endsWith('.parquet'))).toBe(true);
    expect(readdirSync(join(project, '.millrace', 'spark-warehouse'))).toContain('sales.db');

    const logs = millrace('runs', 'logs', doc.runId);
    expect(logs.stdout).toContain('run_date=2024-03-02 region=EU api_key=');
    expect(logs.stdout).not.toContain(SECRET);
    expect(logs.stdout).toMatch(/\|\s*product\|\s*revenue\|/); // the %sql cell's result, displayed as a table
    // One Spark driver for the run: the first notebook started it, the two others attached to it.
    expect(logs.stdout.match(/started the run's shared Spark driver/g)).toHaveLength(1);
    expect(logs.stdout.match(/attached to the run's shared Spark driver/g)).toHaveLength(2);
    const shown2 = millrace('runs', 'show', doc.runId);
    expect(shown2.stdout).toContain('display-1.html');
  }, 900_000);

  it('lists the environment the libraries resolved to and prunes it', () => {
    const listed = millrace('python', 'envs', '--json');
    expect(listed.status, listed.stderr).toBe(0);
    const envs = JSON.parse(listed.stdout) as { key: string; requirements: string[]; complete: boolean }[];
    expect(envs.map((e) => [e.requirements, e.complete])).toEqual([
      [['pandas', 'pyspark', 'scikit-learn'], true],
    ]);
    const pruned = millrace('python', 'prune', '--all', '--json');
    expect(JSON.parse(pruned.stdout)).toEqual({ removed: [envs[0]?.key] });
  });
});

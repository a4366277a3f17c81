/**
 * The reference scenario is the product's e2e test: the quickstart project, copied to a temp folder, runs both
 * variants of the reference pipeline through the built CLI; the model its notebook trains with scikit-learn
 * matches an independent least-squares fit of the raw CSV, and is logged and registered through mlflow.
 * The notebook's libraries (pandas, scikit-learn, mlflow) are all in the pinned test Python
 * (MILLRACE_TEST_PYTHON), so its environment builds without downloading anything.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..', '..');
const cli = join(repo, 'dist', 'cli', 'main.js');
const project = mkdtempSync(join(tmpdir(), 'millrace-quickstart-'));
cpSync(join(repo, 'examples', 'quickstart'), project, {
  recursive: true,
  filter: (src) => !src.includes('.millrace') && !src.includes(join('data', 'prepared', 'houses')),
});
const config = JSON.parse(readFileSync(join(project, 'millrace.json'), 'utf8')) as object;
writeFileSync(
  join(project, 'millrace.json'),
  JSON.stringify({ ...config, python: process.env['MILLRACE_TEST_PYTHON'] ?? 'python3' }),
);
afterAll(() => rmSync(project, { recursive: true, force: true }));

function millrace(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args, '--project', project], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Ordinary least squares of price on sqft, computed here independently of the notebook. */
function expectedModel(): { intercept: number; coef: number } {
  const [header, ...rows] = readFileSync(join(project, 'data', 'raw', 'houses.csv'), 'utf8')
    .trim()
    .split('\n');
  const cols = (header ?? '').split(',');
  const pts = rows.map((r) => {
    const v = r.split(',');
    return [Number(v[cols.indexOf('sqft')]), Number(v[cols.indexOf('price')])] as const;
  });
  const mx = pts.reduce((a, [x]) => a + x, 0) / pts.length;
  const my = pts.reduce((a, [, y]) => a + y, 0) / pts.length;
  const coef =
    pts.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / pts.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return { intercept: my - coef * mx, coef };
}

interface Doc {
  status: string;
  runId: string;
  activityRuns: { activityName: string; status: string; output?: Record<string, unknown> }[];
}

describe('quickstart reference scenario', () => {
  it('validates clean', () => {
    const r = millrace('validate');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  for (const [i, pipeline] of ['ReferencePipeline', 'ReferencePipelineSql'].entries()) {
    it(`${pipeline}: copies, transforms, trains the model, logs and registers it`, () => {
      const r = millrace('run', pipeline, '--json');
      expect(r.status, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout) as Doc;
      expect(doc.status).toBe('Succeeded');
      const byName = Object.fromEntries(doc.activityRuns.map((a) => [a.activityName, a]));
      expect(Object.keys(byName)).toEqual(['Copy Data', 'Transformation', 'Model training & scoring']);
      expect(byName['Copy Data']?.output?.['rowsCopied']).toBe(50);
      const model = byName['Model training & scoring']?.output?.['runOutput'] as {
        intercept: number;
        coef: number;
        model: string;
        version: string;
      };
      // Each run registers a new version of the same model.
      expect(model).toMatchObject({ model: 'house-price', version: String(i + 1) });
      const want = expectedModel();
      expect(model.intercept).toBeCloseTo(want.intercept, 6);
      expect(model.coef).toBeCloseTo(want.coef, 9);
      const features = readFileSync(join(project, 'data', 'prepared', 'houses', 'features.csv'), 'utf8');
      expect(features.split(/\r?\n/)[0]).toBe('sqft,price');
      const logs = millrace('runs', 'logs', doc.runId, '--activity', 'Model training & scoring');
      expect(logs.status).toBe(0);
      expect(logs.stdout).toContain('Model trained.');
      expect(logs.stdout).toMatch(/Regressor intercept: -?\d/);
      expect(logs.stdout).toMatch(/Regressor coef: -?\d/);
      // The ML run is linked to the pipeline run, with the params and metrics the notebook logged.
      const shown = millrace('runs', 'show', doc.runId, '--json');
      const ml = (JSON.parse(shown.stdout) as { ml: { runs: MlRun[] } }).ml;
      expect(ml.runs).toHaveLength(1);
      const metrics = Object.fromEntries(ml.runs[0]!.data.metrics.map((m) => [m.key, m.value]));
      expect(metrics['coef']).toBeCloseTo(want.coef, 9);
      expect(Object.keys(metrics).sort()).toEqual(['coef', 'intercept', 'r2', 'rmse']);
      expect(ml.runs[0]!.data.params).toContainEqual({ key: 'rows', value: '50' });
    }, 300_000);
  }

  it('ends a run by printing the registered model version and its metrics', () => {
    const r = millrace('run', 'ReferencePipeline');
    expect(r.status, r.stderr).toBe(0);
    const last = r.stdout.trim().split('\n').pop() ?? '';
    expect(last).toMatch(
      /^ {2}model house-price version 3: coef=149\.739 intercept=50270\.5 r2=0\.989611 rmse=11422\.1 \(ML run [0-9a-f]{32}\)$/,
    );
    const versions = millrace('models', 'versions', 'house-price', '--json');
    expect(versions.status).toBe(0);
    expect((JSON.parse(versions.stdout) as { version: string }[]).map((v) => v.version).sort()).toEqual([
      '1',
      '2',
      '3',
    ]);
  }, 300_000);
});

interface MlRun {
  data: { metrics: { key: string; value: number }[]; params: { key: string; value: string }[] };
}

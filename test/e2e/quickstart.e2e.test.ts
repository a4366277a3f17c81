/**
 * The reference scenario is the product's e2e test: the quickstart project, copied to a temp folder, runs both
 * variants of the reference pipeline through the built CLI, and the model it trains matches an independent
 * least-squares fit of the raw CSV.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

  for (const pipeline of ['ReferencePipeline', 'ReferencePipelineSql']) {
    it(`${pipeline}: copies, transforms, trains the model and logs it`, () => {
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
      };
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
    });
  }
});
